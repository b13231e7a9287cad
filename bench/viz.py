"""Size of the offline view and time to a settled layout in headless Chromium.

Usage::

    python bench/viz.py [--sizes 500 2000 5000] [--seed S] [--max-nodes N] [--json]

For each size, builds ``bench.synthetic.make_graph(n)`` (about 5 n edges), writes the page
with ``graph.viz.write_html`` and opens it in Debian's ``chromium`` with every request blocked
(``testkit.browser.offline_page``). Figures: render time in Python, HTML size, nodes and
edges drawn, and the layout time: from navigation start (so parsing the inlined vis-network
and data is included) to the page's ``stabilizationIterationsDone``, after which physics is
off; and the mean time of one redraw (what each frame of a pan or zoom costs). Without ``--max-nodes`` every node is drawn, to show what the cap protects against; with
it (e.g. ``--max-nodes 1500``, the default of ``nordgraph viz``) the page shows the cut graph.
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
from nordgraph.graph.viz import write_html
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-nodes", type=int, help="cap as in nordgraph viz [default: draw every node]")
    parser.add_argument("--json", action="store_true", help="one JSON object per size instead of a table")
    args = parser.parse_args(argv)
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
