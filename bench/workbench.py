"""The workbench on a ~20,000-node graph: open time, a canned query, a graph draw, the charts, labels.

Usage::

    python bench/workbench.py [--shared ../shared] [--every 4] [--json]

Builds every ``--every``-th project of the eunets H2020 participations (``../shared/datasets``;
rows whose ``rcn`` divides by it, with their organisations, countries and programme parts; 4 gives
about 20,000 nodes) through ``mappings/eunets-h2020.mapping.yaml`` with ``nordgraph build``,
serves it with ``nordgraph serve`` (``testkit.workbench``) and drives the page in headless
Chromium that may reach that server only. Printed: the graph's size; the time from navigation
to a usable workbench; ``top-leads`` from its form to the table; a graph draw (the best-connected
lead's partnership paths, from Run to the settled view); the heatmap and per-year chart from
choosing to drawn; and which of the 10 largest drawn nodes have no label (``labelBoxes``).
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the project importable like ``-m`` does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nordgraph.graph.store import EmbeddedStore
from testkit.browser import served_page
from testkit.workbench import running_workbench

ROOT = Path(__file__).resolve().parent.parent
DATASET = "datasets/eunets_h2020_participations"
TABLES = ("h2020.csv.gz", "programme_parts.csv.gz")
HUB_PATHS = ("MATCH p = (o:Organisation {id: '%s'})-[:LEADS|PARTNER_IN]->(:Project)"
             "<-[:LEADS|PARTNER_IN]-(:Organisation) RETURN p LIMIT 400")


def subset(source: Path, folder: Path, every: int) -> list[Path]:
    """Each table's rows whose ``rcn`` divides by ``every``, gzipped under their own names."""
    out = []
    for name in TABLES:
        with gzip.open(source / name, "rt", encoding="utf-8", newline="") as read, \
                gzip.open(folder / name, "wt", encoding="utf-8", newline="") as write:
            rows = csv.DictReader(read)
            writer = csv.DictWriter(write, fieldnames=rows.fieldnames or [])
            writer.writeheader()
            writer.writerows(row for row in rows if int(row["rcn"]) % every == 0)
        out.append(folder / name)
    return out


def until(page: Any, script: str, seconds: float = 120) -> float:
    """Seconds until ``script`` is truthy in the page."""
    start = time.perf_counter()
    while not page.evaluate(script):
        if time.perf_counter() - start > seconds:
            raise SystemExit(f"the workbench did not get to: {script}")
        page.wait_for_timeout(20)
    return time.perf_counter() - start


def measure(graph: Path) -> dict[str, Any]:
    store = EmbeddedStore(graph)
    counts = store.counts()
    hub = store.query("MATCH (o:Organisation)-[:LEADS]->(p) RETURN o.id, count(p) AS n ORDER BY n DESC, o.id LIMIT 1").rows[0][0]
    figures: dict[str, Any] = {"nodes": sum(counts["nodes"].values()), "edges": sum(counts["edges"].values())}
    with running_workbench(graph) as origin, served_page(origin, width=1400, height=900, timeout_ms=300_000) as (page, log):
        start = time.perf_counter()
        page.goto(origin + "/")
        until(page, "window.workbench && window.workbench.ready")
        figures["open_s"] = round(time.perf_counter() - start, 2)

        page.click("#canned summary >> text=top-leads")
        page.click("button >> text=Run top-leads")
        figures["canned_top_leads_s"] = round(until(page, "window.workbench.results === 1"), 2)

        page.fill("#editor", HUB_PATHS % hub)
        start = time.perf_counter()
        page.click("#run")
        until(page, "window.workbench.results === 2")
        figures["graph_query_and_table_s"] = round(time.perf_counter() - start, 2)
        page.click("#tabs button[data-tab=graph]")
        until(page, "window.workbench.graphReady")
        figures["graph_draw_s"] = round(time.perf_counter() - start, 2)
        view = next(f for f in page.frames if f.url.endswith("/view"))
        # graph.viz's own clock: from the view's navigation to its settled layout
        figures["graph_view_load_and_layout_s"] = round(view.evaluate("nordgraphViz.layoutMs") / 1000, 2)
        figures["graph_drawn"] = view.evaluate("document.getElementById('counts').textContent")
        drawn = {b["id"] for b in view.evaluate("nordgraphViz.labelBoxes")}
        sizes = view.evaluate("network.body.data.nodes.get().map(n => [n.id, n.size])")
        largest = [key for key, _ in sorted(sizes, key=lambda s: (-s[1], s[0]))[:10]]
        figures["largest_10_unlabelled"] = [key for key in largest if key not in drawn]

        page.click("#tabs button[data-tab=chart]")
        for chart in ("heatmap", "per-year"):
            page.select_option("#chart-select", "result")
            start = time.perf_counter()
            page.select_option("#chart-select", chart)
            until(page, "window.workbench.chartReady && document.querySelector('#chart-view svg') !== null")
            figures[f"chart_{chart}_s"] = round(time.perf_counter() - start, 2)
            figures[f"chart_{chart}_marks"] = page.evaluate("document.querySelectorAll('#chart-view svg path, #chart-view svg rect').length")
        figures["outside_requests"] = len(log.requests)
        figures["page_errors"] = len(log.errors)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--every", type=int, default=4, help="keep projects whose rcn divides by this")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--graph", type=Path, help="measure this graph file instead of building the subset")
    args = parser.parse_args(argv)
    if args.graph:
        figures = measure(args.graph)
    else:
        figures = build_and_measure(args.shared, args.every)
    if args.json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        print(f"{key:30} {value}")


def build_and_measure(shared: Path, every: int) -> dict[str, Any]:
    """Build the subset in a temporary folder and measure it there."""
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        tables = subset(shared / DATASET, folder, every)
        graph = folder / "h2020.json"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nordgraph", "build", *map(str, tables), "--mapping",
                        str(ROOT / "mappings" / "eunets-h2020.mapping.yaml"), "--graph", str(graph), "--no-cache"],
                       check=True, capture_output=True)
        build_s = round(time.perf_counter() - start, 1)
        return {"build_s": build_s, **measure(graph)}


if __name__ == "__main__":
    main()
