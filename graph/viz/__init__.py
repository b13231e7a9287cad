"""The offline network view: one self-contained HTML page per graph, query result or neighbourhood.

A host page framing a view of its own origin learns of it by ``postMessage``: ``{nordgraph:
"viz", event: "ready", ...}`` and ``{nordgraph: "viz", event: "node", id: KEY}`` on a click
(``viz.js``, ``tellHost``; the README's viz section).

>>> from graph.model import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> org = kg.add_node("Organisation", "Medtek Norway")
>>> summary = write_html(kg, "view.html")  # doctest: +SKIP
"""
from nordgraph.graph.viz.colour import COLOUR_BY, Colouring, colouring
from nordgraph.graph.viz.measures import SIZE_MEASURES, degree, pagerank
from nordgraph.graph.viz.page import DEFAULT_MAX_NODES, VizSummary, render_html, script_json, write_html
from nordgraph.graph.viz.projection import PROJECTIONS, co_partners, project
from nordgraph.graph.viz.select import (
    Reduction,
    attach_countries,
    induced,
    most_connected,
    neighbourhood,
    relation_types,
    result_subgraph,
    view_graph,
    with_min_weight,
    without_isolated,
)

__all__ = [
    "COLOUR_BY", "Colouring", "DEFAULT_MAX_NODES", "PROJECTIONS", "Reduction", "SIZE_MEASURES", "VizSummary",
    "attach_countries", "co_partners", "colouring", "degree", "induced", "most_connected", "neighbourhood",
    "pagerank", "project", "relation_types", "render_html", "result_subgraph", "script_json", "view_graph",
    "with_min_weight", "without_isolated", "write_html",
]
