"""The offline network view: one self-contained HTML page per graph, query result or neighbourhood.

>>> from graph.model import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> org = kg.add_node("Organisation", "Medtek Norway")
>>> summary = write_html(kg, "view.html")  # doctest: +SKIP
"""
from nordgraph.graph.viz.measures import SIZE_MEASURES, degree, pagerank
from nordgraph.graph.viz.page import DEFAULT_MAX_NODES, VizSummary, render_html, script_json, write_html
from nordgraph.graph.viz.projection import PROJECTIONS, co_partners, project
from nordgraph.graph.viz.select import Reduction, induced, most_connected, neighbourhood, result_subgraph, view_graph

__all__ = [
    "DEFAULT_MAX_NODES", "PROJECTIONS", "Reduction", "SIZE_MEASURES", "VizSummary", "co_partners", "degree",
    "induced", "most_connected", "neighbourhood", "pagerank", "project", "render_html",
    "result_subgraph", "script_json", "view_graph", "write_html",
]
