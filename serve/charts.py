"""The workbench's charts as Vega-Lite specs with their data inline, and as static files for reports.

Why Vega-Lite through ``vl-convert-python``: one declarative spec serves the browser (drawn by
the vega-embed bundle that ``vl_convert.javascript_bundle()`` makes offline, served by the
workbench) and a report (``vl_convert`` renders the same spec to SVG, PNG or a self-contained
HTML page in-process: no browser, no Node, no network). The charts' numbers come from the canned
queries and analytics (``queries.registry``), so a chart and ``nordgraph run`` never disagree.
Data values are document text: Vega draws them as text marks, never as HTML.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nordgraph.graph.errors import NordgraphError, UnknownNameError
from nordgraph.graph.jsonfile import atomic_write_text
from nordgraph.graph.store import GraphStore
from nordgraph.queries.analytics import communities
from nordgraph.queries.registry import run_canned

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
#: Bars in a ranking chart.
TOP = 20
#: Countries on a heatmap axis: the most collaborating ones (a 40 x 40 grid still reads).
HEATMAP_COUNTRIES = 40
FORMATS = ("svg", "png", "html")

#: Projects and participations (LEADS or PARTNER_IN) by the project's start year: a table gives
#: ``start_year``, a document's properties give it too; a ``start_date`` stands in for it.
PER_YEAR = """
MATCH (p:Project)
WITH p, coalesce(p.start_year, p.start_date.year) AS year
WHERE year IS NOT NULL
OPTIONAL MATCH (o:Organisation)-[r:LEADS|PARTNER_IN]->(p)
WITH year, p, count(r) AS members
RETURN year, count(p) AS projects, sum(members) AS participations
ORDER BY year
"""


def heatmap(store: GraphStore) -> dict[str, Any]:
    """Country x country collaboration: shared projects per pair (both ways, so it reads as a matrix)."""
    rows = run_canned(store, "country-matrix").records()
    totals: dict[str, int] = {}
    for row in rows:
        for country in {row["country_a"], row["country_b"]}:
            totals[country] = totals.get(country, 0) + int(row["projects"])
    kept = set(sorted(totals, key=lambda c: (-totals[c], c))[:HEATMAP_COUNTRIES])
    values = []
    for row in rows:
        a, b = row["country_a"], row["country_b"]
        if a in kept and b in kept:
            values.append({"a": a, "b": b, "projects": row["projects"]})
            if a != b:
                values.append({"a": b, "b": a, "projects": row["projects"]})
    order = sorted(kept, key=lambda c: (-totals[c], c))
    title = "Shared projects between countries" + (
        f" (the {HEATMAP_COUNTRIES} most collaborating of {len(totals)})" if len(totals) > len(kept) else "")
    return _spec(title, values, {
        "mark": {"type": "rect", "tooltip": True},
        "encoding": {
            "x": {"field": "a", "type": "nominal", "sort": order, "title": None, "axis": {"labelAngle": -45}},
            "y": {"field": "b", "type": "nominal", "sort": order, "title": None},
            "color": {"field": "projects", "type": "quantitative", "scale": {"scheme": "blues", "type": "sqrt"},
                      "title": "projects"},
        },
    }, width=max(240, 18 * len(order)), height=max(240, 18 * len(order)))


def per_year(store: GraphStore) -> dict[str, Any]:
    """Projects and participations per start year, as two lines on one time axis."""
    values = []
    for year, projects, participations in store.query(PER_YEAR).rows:
        values.append({"year": int(year), "what": "projects", "count": projects})
        values.append({"year": int(year), "what": "participations", "count": participations})
    return _spec("Projects and participations by start year", values, {
        "mark": {"type": "line", "point": True, "tooltip": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": "start year"},
            "y": {"field": "count", "type": "quantitative", "title": None},
            "color": {"field": "what", "type": "nominal", "title": None, "scale": {"range": ["#0072B2", "#E69F00"]}},
        },
    }, width=560, height=300)


def top_leads(store: GraphStore) -> dict[str, Any]:
    """The organisations leading the most projects."""
    rows = run_canned(store, "top-leads", {"limit": TOP}).records()
    values = [{"organisation": r["organisation"], "value": r["led"]} for r in rows]
    return _ranking(f"The {len(values)} organisations leading the most projects", values, "projects led")


def central(store: GraphStore) -> dict[str, Any]:
    """The most central organisations of the co-partnership network (degree), coloured by community."""
    rows = run_canned(store, "central-organisations", {"measure": "degree", "limit": TOP}).records()
    community = {key: number for number, group in enumerate(communities(store.graph(), "louvain"), start=1)
                 for key in group}
    values = [{"organisation": r["organisation"], "value": r["score"],
               "community": f"community {community.get(r['id'], 0)}"} for r in rows]
    return _ranking(f"The {len(values)} most central organisations (degree, co-partners), coloured by community",
                    values, "degree centrality", colour="community")


def _ranking(title: str, values: list[dict[str, Any]], measure: str, colour: str | None = None) -> dict[str, Any]:
    encoding: dict[str, Any] = {
        "y": {"field": "organisation", "type": "nominal", "sort": "-x", "title": None,
              "axis": {"labelLimit": 320}},
        "x": {"field": "value", "type": "quantitative", "title": measure},
    }
    if colour:
        encoding["color"] = {"field": colour, "type": "nominal", "title": None, "scale": {"scheme": "category10"}}
    else:
        encoding["color"] = {"value": "#0072B2"}
    return _spec(title, values, {"mark": {"type": "bar", "tooltip": True}, "encoding": encoding},
                 width=420, height=max(120, 18 * len(values)))


def _spec(title: str, values: list[dict[str, Any]], body: dict[str, Any], *, width: int, height: int) -> dict[str, Any]:
    return {"$schema": SCHEMA, "title": title, "width": width, "height": height,
            "data": {"values": values}, **body}


CHARTS: dict[str, Callable[[GraphStore], dict[str, Any]]] = {
    "heatmap": heatmap, "per-year": per_year, "top-leads": top_leads, "central": central,
}


def chart_spec(store: GraphStore, name: str) -> dict[str, Any]:
    """The Vega-Lite spec of the chart ``name`` (one of :data:`CHARTS`), its data read from ``store``."""
    if name not in CHARTS:
        raise UnknownNameError("chart", name, list(CHARTS))
    return CHARTS[name](store)


def render_chart(spec: dict[str, Any], fmt: str) -> bytes:
    """``spec`` as an SVG, a PNG or one self-contained HTML page (every script inline), offline."""
    import vl_convert

    if fmt == "svg":
        return vl_convert.vegalite_to_svg(spec, allowed_base_urls=[]).encode("utf-8")
    if fmt == "png":
        return bytes(vl_convert.vegalite_to_png(spec, scale=2, allowed_base_urls=[]))
    if fmt == "html":
        return vl_convert.vegalite_to_html(spec, bundle=True).encode("utf-8")
    raise UnknownNameError("chart format", fmt, list(FORMATS))


def write_chart(store: GraphStore, name: str, output: str | os.PathLike[str]) -> Path:
    """Write the chart ``name`` to ``output``, in the format its suffix names (.svg, .png, .html)."""
    path = Path(output)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise NordgraphError(f"cannot tell the chart format from {path.name!r}: end it in .svg, .png or .html")
    data = render_chart(chart_spec(store, name), fmt)
    try:
        if fmt == "png":
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
        else:
            atomic_write_text(path, data.decode("utf-8"))
    except OSError as exc:
        raise NordgraphError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path
