"""The workbench on a ~20,000-node graph: open time, a canned query, a graph draw, the charts, labels.

Usage::

    python bench/workbench.py [--shared ../shared] [--every 4] [--json]

Builds every ``--every``-th project of the eunets H2020 participations (``../shared/datasets``;
rows whose ``rcn`` divides by it, with their organisations, countries and programme parts; 4 gives
about 20,000 nodes) through ``mappings/eunets-h2020.mapping.yaml`` with ``nordgraph build``,
serves it with ``nordgraph serve`` (``testkit.workbench``) and drives the page in headless
Chromium that may reach that server only. Printed: the graph's size; the time from navigation
to a usable workbench; ``top-leads`` from its form to the table; graph draws from Run to the
settled view (a typed query, the best-connected lead's 400 partnership paths, and each canned
query that draws, from its form: ``partners-of`` for that lead and for a typical organisation,
``path`` between them, ``project`` and ``funding-chain`` for the lead's biggest project), each
with graph.viz's own load-and-layout time and which of its 10 largest drawn nodes have no label
(``labelBoxes``); the heatmap, per-year and central charts from choosing to drawn, the first
time and again (kept by the workbench).
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


def drawn(page: Any) -> dict[str, Any]:
    """What the graph tab shows: graph.viz's own clock from its navigation to its settled layout
    (of which the server's answer: selection, layout and page), its counts, and which of its 10
    largest drawn nodes carry no label (``labelBoxes``)."""
    view = next(f for f in page.frames if f.url.endswith("/view"))
    labelled = {b["id"] for b in view.evaluate("nordgraphViz.labelBoxes")}
    sizes = view.evaluate("network.body.data.nodes.get().map(n => [n.id, n.size])")
    largest = [key for key, _ in sorted(sizes, key=lambda s: (-s[1], s[0]))[:10]]
    timing = view.evaluate("(() => { const t = performance.getEntriesByType('navigation')[0];"
                           " return t.responseStart - t.requestStart; })()")
    return {"view_load_and_layout_s": round(view.evaluate("nordgraphViz.layoutMs") / 1000, 2),
            "of_which_server_s": round(timing / 1000, 2),
            "drawn": view.evaluate("document.getElementById('counts').textContent").split(";")[0],
            "largest_10_unlabelled": [key for key in largest if key not in labelled]}


def canned_draw(page: Any, name: str, params: dict[str, str]) -> dict[str, Any]:
    """Run the canned query ``name`` from its form and time it from Run to the settled graph."""
    page.click(f'#canned summary >> text="{name}"')
    for key, value in params.items():
        page.fill(f"#canned details[open] input[name={key}]", value)
    results = page.evaluate("window.workbench.results")
    start = time.perf_counter()
    page.click(f'button >> text="Run {name}"')
    until(page, f"window.workbench.results === {results + 1}")
    table = time.perf_counter() - start
    if page.evaluate("window.workbench.tab") != "graph":
        page.click("#tabs button[data-tab=graph]")
    until(page, "window.workbench.graphReady")
    figures = {"query_and_table_s": round(table, 2), "draw_s": round(time.perf_counter() - start, 2), **drawn(page)}
    page.click(f'#canned summary >> text="{name}"')  # closed again: the next form's inputs are its own
    return figures


def entities(store: EmbeddedStore) -> dict[str, str]:
    """The canned forms' arguments: the organisation leading most projects (the hardest case),
    a typical one (5 participations), and the hub's project with the most members."""
    hub = store.query("MATCH (o:Organisation)-[:LEADS]->(p) RETURN o.id, count(p) AS n ORDER BY n DESC, o.id LIMIT 1").rows[0][0]
    typical = store.query("MATCH (o:Organisation)-[:LEADS|PARTNER_IN]->(p) WITH o, count(p) AS n WHERE n = 5 "
                          "RETURN o.id ORDER BY o.id LIMIT 1").rows[0][0]
    project = store.query("MATCH (:Organisation {id: $id})-[:LEADS]->(p)<-[:LEADS|PARTNER_IN]-(m) "
                          "RETURN p.id, count(m) AS n ORDER BY n DESC, p.id LIMIT 1", {"id": hub}).rows[0][0]
    return {"hub": hub, "typical": typical, "project": project}


def measure(graph: Path) -> dict[str, Any]:
    store = EmbeddedStore(graph)
    counts = store.counts()
    chosen = entities(store)
    figures: dict[str, Any] = {"nodes": sum(counts["nodes"].values()), "edges": sum(counts["edges"].values()),
                               "arguments": chosen}
    forms = {"partners-of (hub)": ("partners-of", {"name": chosen["hub"]}),
             "partners-of (typical)": ("partners-of", {"name": chosen["typical"]}),
             "path (hub to typical)": ("path", {"source": chosen["hub"], "target": chosen["typical"]}),
             "project": ("project", {"name": chosen["project"]}),
             "funding-chain": ("funding-chain", {"name": chosen["project"]})}
    with running_workbench(graph) as origin, served_page(origin, width=1400, height=900, timeout_ms=300_000) as (page, log):
        start = time.perf_counter()
        page.goto(origin + "/")
        until(page, "window.workbench && window.workbench.ready")
        figures["open_s"] = round(time.perf_counter() - start, 2)

        page.click('#canned summary >> text="top-leads"')
        page.click('button >> text="Run top-leads"')
        figures["canned_top_leads_s"] = round(until(page, "window.workbench.results === 1"), 2)
        page.click('#canned summary >> text="top-leads"')

        page.fill("#editor", HUB_PATHS % chosen["hub"])
        start = time.perf_counter()
        page.click("#run")
        until(page, "window.workbench.results === 2")
        table = time.perf_counter() - start
        page.click("#tabs button[data-tab=graph]")
        until(page, "window.workbench.graphReady")
        figures["typed: 400 hub paths"] = {"query_and_table_s": round(table, 2),
                                           "draw_s": round(time.perf_counter() - start, 2), **drawn(page)}
        for label, (name, params) in forms.items():
            figures[label] = canned_draw(page, name, params)

        page.click("#tabs button[data-tab=chart]")
        for chart in ("heatmap", "per-year", "central"):
            for when in ("first", "again"):
                page.select_option("#chart-select", "result")
                until(page, "window.workbench.chartReady || !window.workbench.result.series")
                start = time.perf_counter()
                page.select_option("#chart-select", chart)
                until(page, "window.workbench.chartReady && document.querySelector('#chart-view svg') !== null")
                figures[f"chart_{chart}_{when}_s"] = round(time.perf_counter() - start, 2)
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
        if isinstance(value, dict):
            print(f"{key:30} " + ", ".join(f"{k} {v}" for k, v in value.items()))
        else:
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
