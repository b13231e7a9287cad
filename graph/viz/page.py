"""One self-contained HTML page per view: vis-network, our script and the data, all inline.

Why not pyvis's own template: even with ``cdn_resources="in_line"`` it links Bootstrap (and
tom-select) from a CDN, so the page breaks or leaks a request on the locked-down machines
analysts use, and it puts ``title`` strings into vis-network, which renders them as HTML.
``Network.add_node``/``from_nx`` are also quadratic (16 s for 20,000 nodes). So we build the
node and edge lists ourselves as plain JSON for ``vis.DataSet`` and use pyvis only for the
vis-network build it ships, read from the installed package at render time.

Document text is untrusted. The data travels as JSON in a ``<script type="application/json">``
block with ``<``, ``>``, ``&`` and U+2028/2029 escaped, so nothing in it can close the block;
the page script writes every string into the DOM with ``textContent`` or onto the canvas, never
as HTML; and a Content-Security-Policy allows only the page's own two scripts (by hash) and no
network access at all, so even a mistake cannot run injected code or fetch anything.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from nordgraph.graph.errors import NordgraphError
from nordgraph.graph.jsonfile import atomic_write_text
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.values import parse_evidence
from nordgraph.graph.viz.colour import colouring, countries
from nordgraph.graph.viz.layout import layout
from nordgraph.graph.viz.measures import measure
from nordgraph.graph.viz.projection import project
from nordgraph.graph.viz.select import Reduction, induced, most_connected, with_min_weight, without_isolated
from nordgraph.graph.viz.style import edge_styles, node_styles

DEFAULT_MAX_NODES = 1500
#: Evidence passages embedded per node or edge (the rest is counted; ``nordgraph show`` lists all).
EVIDENCE_PER_ITEM = 5
QUOTE_CHARS = 300
#: Above this many nodes or relationships, edges are straight and hidden while panning or zooming.
LARGE_NODES, LARGE_EDGES = 500, 3000
#: Above this many relationships arrowheads are left out: they tripled the cost of a frame
#: (1,500 nodes, 13,000 edges: 380 ms a redraw with arrows, 120 ms without, in headless Chromium).
ARROWS_UP_TO = 3000
MIN_SIZE, MAX_SIZE = 8.0, 40.0
#: After a filter the browser lays the shown nodes out again, for at most 300 iterations or this long.
LAYOUT_BUDGET_MS = 4000
#: The largest drawn nodes that always carry a label, overlapping others if they must.
ALWAYS_LABELLED = 10

_SOURCE_MAP = re.compile(r"^\s*(//[#@]\s*sourceMappingURL=.*|/\*[#@]\s*sourceMappingURL=.*?\*/)\s*$", re.M)
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 0x2028: "\\u2028", 0x2029: "\\u2029"}


@dataclass(frozen=True)
class VizSummary:
    """What a written page shows."""

    output: Path | None
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int
    rule: str | None
    bytes: int
    #: What the filters left out, in words ("12 isolated nodes hidden").
    notes: tuple[str, ...] = ()

    @property
    def banner(self) -> str | None:
        """The line the page shows when the graph was cut down to fit or filtered."""
        parts = [f"showing {self.nodes} of {self.total_nodes} nodes ({self.rule})"] if self.rule else []
        return "; ".join(parts + list(self.notes)) or None


def script_json(data: Any) -> str:
    """JSON that is safe inside any ``<script>`` element: no ``</script>``, ``<!--`` or line separators."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)


def write_html(kg: KnowledgeGraph, output: str | os.PathLike[str], *, title: str | None = None,
               max_nodes: int = DEFAULT_MAX_NODES, projection: str | None = None,
               size_by: str = "degree", colour_by: str = "label", hide_isolated: bool = False,
               min_weight: float | None = None, focus: str | None = None) -> VizSummary:
    """Write ``kg`` as one offline HTML page and say what it shows.

    Parameters
    ----------
    kg : the graph (or selection) to draw.
    output : the ``.html`` file to write.
    title : the page title [default: "nordgraph"].
    max_nodes : above this, keep the most connected nodes (see :func:`most_connected`).
    projection : a derived view such as ``"co-partners"`` (see ``graph.viz.projection``).
    size_by : node size by ``"degree"`` or ``"pagerank"``, measured on the graph as drawn.
    colour_by : ``"label"``, ``"country"``, ``"community"`` or a property name (see ``graph.viz.colour``).
    hide_isolated : leave out nodes without a relationship (before and after the cap).
    min_weight : keep only projection edges of at least this weight.
    focus : the key of a node always labelled [default: ``kg.metadata["focus"]``, set by a focused view].
    """
    text, summary = render_html(kg, title=title, max_nodes=max_nodes, projection=projection, size_by=size_by,
                                colour_by=colour_by, hide_isolated=hide_isolated, min_weight=min_weight,
                                focus=focus)
    path = Path(output)
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise NordgraphError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return replace(summary, output=path)


def render_html(kg: KnowledgeGraph, *, title: str | None = None, max_nodes: int = DEFAULT_MAX_NODES,
                projection: str | None = None, size_by: str = "degree", colour_by: str = "label",
                hide_isolated: bool = False, min_weight: float | None = None,
                focus: str | None = None) -> tuple[str, VizSummary]:
    """The page for ``kg`` as text, with its summary (``output`` None, ``bytes`` the page's size);
    the options as for :func:`write_html`."""
    focus = focus if focus is not None else kg.metadata.get("focus")
    if min_weight is not None and not projection:
        raise NordgraphError("--min-weight goes with --projection")
    view = project(kg, projection) if projection else kg
    total_nodes, total_edges = len(view), view.edge_count()
    notes = []
    if min_weight is not None:
        light = with_min_weight(view, min_weight)
        notes.append(f"{_many(view.edge_count() - light.edge_count(), 'link')} of weight under {min_weight:g} left out")
        view = light
    reduction, isolated = _cap(view, max_nodes, hide_isolated, focus)
    shown = reduction.graph
    if hide_isolated:
        notes.append(f"{_many(isolated, 'isolated node')} hidden")
    summary = VizSummary(None, len(shown), shown.edge_count(), total_nodes, total_edges, reduction.rule, 0,
                         tuple(notes))
    data = page_data(shown, reduction, title or "nordgraph", size_by, summary.banner, colour_by=colour_by,
                     focus=focus if focus in shown else None)
    vis_js, vis_css = _vis_assets()
    page_js = _asset("viz.js")
    page = Template(_asset("page.html")).substitute(
        title=html.escape(data["title"]),
        csp=_csp(vis_js, page_js),
        vis_css=vis_css,
        page_css=_asset("viz.css"),
        vis_js=vis_js,
        page_js=page_js,
        data=script_json(data),
    )
    return page, replace(summary, bytes=len(page.encode("utf-8")))


def _cap(view: KnowledgeGraph, max_nodes: int, hide_isolated: bool, focus: str | None) -> tuple[Reduction, int]:
    """The cut graph (see :func:`most_connected`), without isolated nodes when asked (before the
    cut, and those the cut isolated), always with the focused node; and how many isolated went."""
    def linked(kg: KnowledgeGraph) -> KnowledgeGraph:
        kept = without_isolated(kg)
        return kept if focus not in kg or focus in kept else induced(kg, [*kept.nx.nodes, focus])

    isolated = 0
    if hide_isolated:
        shown = linked(view)
        isolated, view = len(view) - len(shown), shown
    reduction = most_connected(view, max_nodes)
    shown = reduction.graph
    if focus in view and focus not in shown:
        shown = induced(view, [*shown.nx.nodes, focus])
    if hide_isolated and reduction.reduced:
        kept = linked(shown)
        isolated, shown = isolated + len(shown) - len(kept), kept
    return replace(reduction, graph=shown), isolated


def page_data(kg: KnowledgeGraph, reduction: Reduction, title: str, size_by: str,
              banner: str | None, *, colour_by: str = "label", focus: str | None = None) -> dict[str, Any]:
    """Everything the page script needs, as plain JSON-ready data."""
    labels = sorted({_label(data["labels"]) for _, data in kg.nx.nodes(data=True)})
    types = sorted({data["type"] for _, _, data in kg.nx.edges(data=True)})
    nstyles, estyles = node_styles(labels), edge_styles(types)
    colours = None if colour_by == "label" else colouring(kg, colour_by)
    sizes = _scaled(measure(kg, size_by))
    documents = kg.documents
    positions = layout(kg)
    nodes = []
    for key, data in kg.nx.nodes(data=True):
        node = _node(kg, key, data, sizes[key], documents) | dict(zip("xy", positions[key]))
        node["color"] = colours.colours[colours.group[key]] if colours else nstyles[node["label"]].color
        if colours:
            node["group"] = colours.group[key]
        nodes.append(node)
    edges = _edges(kg, documents)
    label_counts = {lab: 0 for lab in labels}
    for node in nodes:
        label_counts[node["label"]] += 1
    type_counts = {t: 0 for t in types}
    for edge in edges:
        type_counts[edge["type"]] += 1
    return {
        "title": title,
        "banner": banner,
        "sizeBy": size_by,
        "colourBy": colour_by,
        "colours": colours.legend if colours else None,
        "focus": focus,
        "alwaysLabelled": ALWAYS_LABELLED,
        "totalNodes": reduction.total_nodes,
        "totalEdges": reduction.total_edges,
        "labels": [{"name": lab, "color": nstyles[lab].color, "shape": nstyles[lab].shape,
                    "count": label_counts[lab]} for lab in labels],
        "types": [{"name": t, "color": estyles[t].color, "dashes": estyles[t].dashes,
                   "arrows": estyles[t].arrows and len(edges) <= ARROWS_UP_TO, "count": type_counts[t]}
                  for t in types],
        "nodes": nodes,
        "edges": edges,
        "options": _vis_options(len(nodes) > LARGE_NODES or len(edges) > LARGE_EDGES),
        "layoutBudgetMs": LAYOUT_BUDGET_MS,
        "arrowsOmitted": len(edges) > ARROWS_UP_TO,
    }


def _many(count: int, thing: str) -> str:
    return f"{count} {thing}{'' if count == 1 else 's'}"


def _label(labels: tuple[str, ...] | list[str]) -> str:
    return labels[0] if labels else "(no label)"


def _scaled(values: dict[str, float]) -> dict[str, float]:
    """Map a measure onto node sizes by square root, so area (not radius) follows the measure."""
    top = max(values.values(), default=0.0)
    if top <= 0:
        return {key: MIN_SIZE for key in values}
    return {key: round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(max(v, 0.0) / top), 2)
            for key, v in values.items()}


def _evidence(value: Any, documents: dict[str, dict[str, Any]]) -> tuple[list[dict[str, str]], int]:
    items = parse_evidence(value)
    shown = []
    for item in items[:EVIDENCE_PER_ITEM]:
        doc = str(item.get("doc", ""))
        quote = str(item.get("quote", ""))
        shown.append({"doc": str(documents.get(doc, {}).get("title") or doc),
                      "quote": quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS] + "…"})
    return shown, len(items)


def _node(kg: KnowledgeGraph, key: str, data: dict[str, Any], size: float,
          documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    props = data["props"]
    evidence, count = _evidence(props.get("evidence"), documents)
    aliases = props.get("aliases") or []
    return {"id": key, "label": _label(data["labels"]), "name": str(props.get("name", key)),
            "aliases": [str(a) for a in aliases] if isinstance(aliases, list) else [str(aliases)],
            "country": countries(kg, key), "evidence": evidence, "evidenceCount": count,
            "size": size}


def _edges(kg: KnowledgeGraph, documents: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Edges for vis; parallel ones between the same pair curve apart instead of overlapping."""
    pairs: dict[frozenset[str], int] = {}
    for source, target in kg.nx.edges():
        pair = frozenset((source, target))
        pairs[pair] = pairs.get(pair, 0) + 1
    seen: dict[frozenset[str], int] = {}
    top_weight = max((float(d["props"].get("weight", 1)) for _, _, d in kg.nx.edges(data=True)), default=1.0)
    out = []
    for source, target, key, data in kg.nx.edges(keys=True, data=True):
        props = data["props"]
        pair = frozenset((source, target))
        nth = seen[pair] = seen.get(pair, 0) + 1
        evidence, count = _evidence(props.get("evidence"), documents)
        edge: dict[str, Any] = {"id": key, "from": source, "to": target, "type": data["type"],
                                "evidence": evidence, "evidenceCount": count}
        if "weight" in props:
            edge["weight"] = props["weight"]
            edge["width"] = round(1 + 7 * float(props["weight"]) / top_weight, 2)
        if "projects" in props:
            edge["projects"] = [str(p) for p in props["projects"]]
        if pairs[pair] > 1:
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if nth % 2 else "curvedCCW",
                              "roundness": 0.15 * ((nth + 1) // 2)}
        out.append(edge)
    return out


def _vis_options(large: bool) -> dict[str, Any]:
    """Physics off: the nodes arrive placed (``graph.viz.layout``). A re-layout after a filter switches it
    on until it settles within bounded iterations (and time, see the page), then off again."""
    return {
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "centralGravity": 0.8, "springLength": 120, "springConstant": 0.02,
                          "damping": 0.3, "avoidOverlap": 0.2},
            "enabled": False,
            "stabilization": {"enabled": False, "iterations": 300, "updateInterval": 10,
                              "fit": True},
            "minVelocity": 1.0,
        },
        "edges": {"smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.2},
                  "selectionWidth": 2, "hoverWidth": 1},
        "nodes": {"borderWidth": 1},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "navigationButtons": False, "keyboard": False},
    }


def _asset(name: str) -> str:
    return resources.files("nordgraph.graph.viz").joinpath(name).read_text(encoding="utf-8")


def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the installed pyvis package (never copied into our tree)."""
    try:
        lib = resources.files("pyvis").joinpath("lib", "vis-9.1.2")
        js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
        css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise NordgraphError(f"vis-network not found in the installed pyvis package ({exc}); "
                             "install pyvis 0.3.2") from exc
    # The source-map comment names a file that is not there; a browser's developer tools would
    # try to fetch it, so it goes.
    return _SOURCE_MAP.sub("", js), _SOURCE_MAP.sub("", css)


def _csp(*scripts: str) -> str:
    """A policy allowing exactly our inline scripts, inline styles and data: images; nothing else."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'"
                      for s in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
            "connect-src 'none'; font-src 'none'; form-action 'none'; base-uri 'none'")
