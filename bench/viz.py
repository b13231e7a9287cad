"""Size of the offline view and time to a settled layout in headless Chromium; and how
readable the views of a real graph are.

Usage::

    python bench/viz.py [--sizes 500 2000 5000] [--seed S] [--max-nodes N] [--json]
    python bench/viz.py --views GRAPH.json [--focus NAME] [--json]   # a built graph's views
    python bench/viz.py --views synthetic:20000                      # make_graph(20000)'s views

For each size, builds ``bench.synthetic.make_graph(n)`` (about 5 n edges), writes the page
with ``graph.viz.write_html`` and opens it in Debian's ``chromium`` with every request blocked
(``testkit.browser.offline_page``). Figures: render time in Python, HTML size, nodes and
edges drawn, and the layout time: from navigation start (so parsing the inlined vis-network
and data is included) to the page's first settled picture (``nordgraphViz.layoutMs``: the
positions come from Python, ``graph.viz.layout``, so that is the first draw); and the mean time of one redraw (what each frame of a pan or zoom costs). Without ``--max-nodes`` every node is drawn, to show what the cap protects against; with
it (e.g. ``--max-nodes 1500``, the default of ``nordgraph viz``) the page shows the cut graph.

``--views`` draws the views an analyst opens first (:data:`VIEWS`: the whole graph under the
default cap, the Horizon 2020 health programme's projects with their members, calls and
countries, the most connected organisation's ``--focus --depth 2``, the co-partner projection
with ``--min-weight 2``, and ``viz --run partners-of`` / ``path``) and prints, for each, the
nodes drawn of the selection, how many of the 10 largest drawn nodes carry a drawn label
(read from the page's ``labelBoxes``, as the browser tests do), whether the focused entity has
one, and the nodes per label before and after the cap.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench.*`` importable like ``-m`` does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import make_graph
from nordgraph.graph.store import EmbeddedStore, GraphStore
from nordgraph.graph.viz import view_graph, write_html
from nordgraph.queries.registry import get_canned
from testkit.browser import offline_page

#: Mean time of one full redraw (nodes, edges, our labels), as a pan or zoom causes.
REDRAW = """() => { const t = performance.now();
  for (let i = 0; i < 10; i++) { network.moveTo({position: {x: i, y: 0}}); network.redraw(); }
  return (performance.now() - t) / 10; }"""


def measure(n: int, seed: int, max_nodes: int | None, folder: Path) -> dict[str, Any]:
    """One size: write the page, open it offline, wait for the layout; the figures as a dict."""
    kg = make_graph(n, seed)
    path = folder / f"viz-{n}.html"
    started = time.perf_counter()
    summary = write_html(kg, path, max_nodes=max_nodes or len(kg))
    render_s = time.perf_counter() - started
    with offline_page(path, timeout_ms=600_000) as (page, log):
        layout_ms = page.evaluate("nordgraphViz.layoutMs")
        drawn = page.evaluate("network.body.data.nodes.length")
        labels = page.evaluate("nordgraphViz.labelBoxes.length")
        frame_ms = page.evaluate(REDRAW)
    if log.requests or log.errors:
        raise SystemExit(f"the page at {n} nodes misbehaved: requests {log.requests}, errors {log.errors}")
    return {"nodes": len(kg), "edges": kg.edge_count(), "drawn_nodes": drawn, "drawn_edges": summary.edges,
            "html_mb": round(summary.bytes / 1e6, 2), "render_s": round(render_s, 2),
            "layout_s": round(layout_ms / 1000, 1), "frame_ms": round(frame_ms, 1), "labels": labels}


#: How many of the ``k`` largest drawn nodes carry a drawn label (sizes from the page's own data).
LABELLED_OF_LARGEST = """k => {
  const size = new Map(JSON.parse(document.getElementById('nordgraph-data').textContent).nodes.map(n => [n.id, n.size]));
  const shown = network.body.data.nodes.get({filter: n => !n.hidden}).map(n => n.id)
    .sort((a, b) => size.get(b) - size.get(a) || (a < b ? -1 : 1));
  const labelled = new Set(nordgraphViz.labelBoxes.map(b => b.id));
  return shown.slice(0, k).filter(id => labelled.has(id)).length; }"""
#: The Horizon 2020 "Health, demographic change and wellbeing" part, as the register keys it.
HEALTH = """MATCH (p:Project)-[:FUNDED_BY]->(:Programme {id: 'programme:h2020-eu-3-1'})
MATCH route = (p)-[]-(x) OPTIONAL MATCH place = (x:Organisation)-[:LOCATED_IN]->(:Country)
RETURN route, place"""
#: The most connected organisation, the focus of the focused views.
HUB = "MATCH (o:Organisation)-[r]-() RETURN o.id, count(r) AS links ORDER BY links DESC, o.id LIMIT 2"
#: The views: name -> (selection for ``view_graph``, options for ``write_html``); ``{hub}`` and
#: ``{second}`` stand for the two most connected organisations.
VIEWS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "whole": ({}, {}),
    "whole, colour by community": ({}, {"colour_by": "community"}),
    "health programme": ({"query": HEALTH}, {}),
    "focus hub, depth 2": ({"focus": "{hub}", "depth": 2}, {}),
    "co-partners, min weight 2": ({}, {"projection": "co-partners", "min_weight": 2, "hide_isolated": True}),
    "run partners-of hub": ({"run": ("partners-of", {"name": "{hub}"})}, {}),
    "run path hub to second": ({"run": ("path", {"source": "{hub}", "target": "{second}"})}, {}),
}


def label_counts(kg: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, data in kg.nx.nodes(data=True):
        label = data["labels"][0] if data["labels"] else "(no label)"
        counts[label] = counts.get(label, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def measure_view(store: GraphStore, name: str, select: dict[str, Any], options: dict[str, Any],
                 hubs: dict[str, str], folder: Path) -> dict[str, Any]:
    """One view: select, write, open offline; the readability figures as a dict."""
    fill = dict(select)
    if "focus" in fill:
        fill["focus"] = fill["focus"].format(**hubs)
    if "run" in fill:
        query_name, params = fill.pop("run")
        query = get_canned(query_name)
        fill["result"] = query.drawable(query.run(store, {k: v.format(**hubs) for k, v in params.items()}))
    selection = view_graph(store, **fill)
    path = folder / f"view-{len(list(folder.iterdir()))}.html"
    started = time.perf_counter()
    summary = write_html(selection, path, **options)
    render_s = time.perf_counter() - started
    with offline_page(path, timeout_ms=600_000) as (page, log):
        labelled = page.evaluate(LABELLED_OF_LARGEST, 10)
        drawn = page.evaluate("JSON.parse(document.getElementById('nordgraph-data').textContent).nodes"
                              ".reduce((c, n) => (c[n.label] = (c[n.label] || 0) + 1, c), {})")
        focus = page.evaluate("(() => { const d = JSON.parse(document.getElementById('nordgraph-data').textContent);"
                              " return d.focus ? nordgraphViz.labelBoxes.some(b => b.id === d.focus) : null; })()")
        layout_s = page.evaluate("nordgraphViz.layoutMs") / 1000
    if log.requests or log.errors:
        raise SystemExit(f"view {name!r} misbehaved: requests {log.requests}, errors {log.errors}")
    return {"view": name, "nodes": summary.nodes, "of": summary.total_nodes, "edges": summary.edges,
            "largest_10_labelled": labelled, "focus_labelled": focus, "render_s": round(render_s, 2),
            "layout_s": round(layout_s, 1), "selected": label_counts(selection),
            "drawn": dict(sorted(drawn.items(), key=lambda item: (-item[1], item[0]))), "banner": summary.banner}


def views(source: str, focus: str | None, as_json: bool) -> None:
    """Every view of :data:`VIEWS` on a built graph file or ``synthetic:N``, one line (or JSON object) each."""
    with tempfile.TemporaryDirectory() as folder:
        if source.startswith("synthetic:"):
            store = EmbeddedStore(Path(folder) / "synthetic.json")
            store.replace(make_graph(int(source.split(":", 1)[1])))
        else:
            store = EmbeddedStore(source)
        top = [str(row[0]) for row in store.query(HUB).rows]
        hubs = {"hub": focus or top[0], "second": top[1] if top[0] != focus else top[0]}
        pages = Path(folder) / "pages"
        pages.mkdir()
        for name, (select, options) in VIEWS.items():
            if "query" in select and source.startswith("synthetic:"):
                continue  # the synthetic graph has no programmes
            row = measure_view(store, name, select, options, hubs, pages)
            if as_json:
                print(json.dumps(row, ensure_ascii=False), flush=True)
                continue
            focus_text = "" if row["focus_labelled"] is None else f", focus labelled: {row['focus_labelled']}"
            print(f"{name}: {row['nodes']} of {row['of']} nodes, {row['edges']} edges; "
                  f"10 largest labelled: {row['largest_10_labelled']}{focus_text}; "
                  f"render {row['render_s']} s, layout {row['layout_s']} s", flush=True)
            print(f"    selected {row['selected']}", flush=True)
            print(f"    drawn    {row['drawn']}", flush=True)
            if row["banner"]:
                print(f"    banner   {row['banner']}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-nodes", type=int, help="cap as in nordgraph viz [default: draw every node]")
    parser.add_argument("--json", action="store_true", help="one JSON object per size instead of a table")
    parser.add_argument("--views", metavar="GRAPH", help="a built graph file, or synthetic:N: measure its views")
    parser.add_argument("--focus", help="with --views: the focused entity [default: the most connected organisation]")
    args = parser.parse_args(argv)
    if args.views:
        views(args.views, args.focus, args.json)
        return
    if not args.json:
        print(f"{'nodes':>6} {'edges':>6} {'drawn':>6} {'drawn e':>7} {'HTML MB':>7} {'render s':>8} "
              f"{'layout s':>8} {'frame ms':>8} {'labels':>6}")
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            row = measure(n, args.seed, args.max_nodes, Path(folder))
            if args.json:
                print(json.dumps(row))
            else:
                print(f"{row['nodes']:>6} {row['edges']:>6} {row['drawn_nodes']:>6} {row['drawn_edges']:>7} "
                      f"{row['html_mb']:>7} {row['render_s']:>8} {row['layout_s']:>8} {row['frame_ms']:>8} "
                      f"{row['labels']:>6}",
                      flush=True)


if __name__ == "__main__":
    main()
