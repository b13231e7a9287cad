"""Screenshots of ``nordgraph serve`` for the README: query + graph, heatmap, timeline, evidence panel.

Usage::

    python bench/workbench_screenshots.py [--corpus /work/shared/corpus/seeds] [--output docs/]

Builds the graph from the corpus (``loaders.pipeline.build_graph``), serves it with ``nordgraph
serve`` in a child process (``testkit.workbench``) and photographs the workbench in headless
Chromium that may reach that server only (``testkit.browser.served_page``). Writes
``workbench-graph.png``, ``workbench-heatmap.png``, ``workbench-timeline.png`` and
``workbench-evidence.png``, each kept under 200 KB.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the project importable like ``-m`` does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nordgraph.graph.store import EmbeddedStore
from nordgraph.loaders.pipeline import build_graph
from testkit.browser import served_page
from testkit.workbench import running_workbench

ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 200_000
QUERY = "MATCH p = (:Organisation)-[:LEADS|PARTNER_IN]->(:Project) RETURN p"
SHOTS = ("workbench-graph.png", "workbench-evidence.png", "workbench-heatmap.png", "workbench-timeline.png")


def until(page: Any, script: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not page.evaluate(script):
        if time.monotonic() > deadline:
            raise SystemExit(f"the workbench did not get to: {script}")
        page.wait_for_timeout(50)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="/work/shared/corpus/seeds", help="documents to build the graph from")
    parser.add_argument("--output", type=Path, default=ROOT / "docs", help="folder for the PNG files")
    args = parser.parse_args(argv)
    built = build_graph([args.corpus])
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        graph = Path(folder) / "seeds.json"
        EmbeddedStore(graph).replace(built.graph)
        with running_workbench(graph) as origin, served_page(origin, width=1200, height=700) as (page, log):
            page.goto(origin + "/")
            until(page, "window.workbench && window.workbench.ready")
            page.fill("#editor", QUERY)
            page.click("#run")
            until(page, "document.querySelectorAll('#table tbody tr').length > 0")
            page.click("#tabs button[data-tab=graph]")
            until(page, "window.workbench.graphReady")
            page.screenshot(path=str(args.output / "workbench-graph.png"))
            view = next(f for f in page.frames if f.url.endswith("/view"))
            hub = view.evaluate("network.body.data.nodes.get().sort((a, b) => b.size - a.size)[0].id")
            view.evaluate("key => network.emit('click', {nodes: [key], edges: []})", hub)
            until(page, "!document.getElementById('node').hidden")
            page.evaluate("document.getElementById('right').scrollTop = "
                          "document.getElementById('node-evidence').offsetTop - 80")
            page.screenshot(path=str(args.output / "workbench-evidence.png"))
            page.click("#tabs button[data-tab=chart]")
            for name, chart in (("workbench-heatmap.png", "heatmap"), ("workbench-timeline.png", "per-year")):
                page.select_option("#chart-select", chart)
                until(page, "window.workbench.chartReady && document.querySelector('#chart-view svg') !== null")
                page.screenshot(path=str(args.output / name))
            if log.requests or log.errors:
                raise SystemExit(f"the page misbehaved: requests {log.requests}, errors {log.errors}")
    for name in SHOTS:
        size = (args.output / name).stat().st_size
        print(f"{args.output / name}: {size // 1024} KiB")
        if size > MAX_BYTES:
            raise SystemExit(f"{name} is {size} bytes, over {MAX_BYTES}: make the viewport smaller")


if __name__ == "__main__":
    main()
