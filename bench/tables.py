"""The full eunets H2020 participations (144,726 rows) and programme parts built into one graph through
``mappings/eunets-h2020.mapping.yaml``, and what using that graph costs.

Usage::

    python bench/tables.py [--shared ../shared] [--timeout SECONDS] [--json]

Prints the build's wall time and rows per second, its peak RSS (the build runs as ``nordgraph
build`` in a child process), the graph file's size, the time of ``nordgraph stats`` on it (a child
process too: what a user waits for), the time to open the graph in this process, and the time of
every canned query and analytic on it, and of ``central-organisations`` with each measure
(parameters: the query's example, else the best-connected organisation, project or country; past
``--timeout`` a query is reported as over it). Targets
(issue 10): build under 30 s and 2 GB, stats under 2 s, a canned query under 1 s.
"""
from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench.*`` importable like ``-m`` does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nordgraph.graph.errors import NordgraphError
from nordgraph.graph.limits import Expired, alarm
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.store import EmbeddedStore
from nordgraph.queries.analytics import MEASURES
from nordgraph.queries.registry import CannedQuery, canned_queries, get_canned

REPO = Path(__file__).resolve().parent.parent
DATASET = Path("datasets/eunets_h2020_participations")
TABLES = ("h2020.csv.gz", "programme_parts.csv.gz")


def _rows(path: Path) -> int:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


def _child(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nordgraph", *args], check=False, capture_output=True)
    return time.perf_counter() - started


def _hub(kg: KnowledgeGraph, label: str) -> str:
    return kg.name(max(kg.nodes(label), key=lambda k: (kg.nx.degree(k), k)))


def _time_query(query: CannedQuery, store: EmbeddedStore, kg: KnowledgeGraph, timeout: float,
                extra: dict[str, str] | None = None) -> dict[str, Any]:
    """The first run of ``query`` (with ``extra`` parameters) that works: its example parameters,
    else the best-connected organisation, project or country."""
    name = query.name + "".join(f" {key}={value}" for key, value in (extra or {}).items())
    hubs = [_hub(kg, label) for label in ("Organisation", "Project", "Country")]
    required = [p for p in query.parameters if p.required]
    named = [p for p in required if p.type not in ("integer", "float", "boolean", "list", "relations")]
    candidates = [{p.name: p.example for p in required}]
    candidates += [{p.name: p.example for p in required} | {p.name: hub for p in named} for hub in hubs]
    candidates = [params | (extra or {}) for params in candidates]
    last = "no parameters worked"
    for params in candidates:
        started = time.perf_counter()
        try:
            with alarm(timeout):
                result = query.run(store, params)
        except Expired:
            return {"name": name, "seconds": None, "note": f"over {timeout:g} s", "params": params}
        except NordgraphError as exc:
            last = str(exc)
            continue
        return {"name": name, "seconds": round(time.perf_counter() - started, 3), "rows": len(result.rows),
                "params": params}
    return {"name": name, "seconds": None, "note": last}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--timeout", type=float, default=120.0, help="Seconds one query may take.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    args = parser.parse_args()
    tables = [args.shared / DATASET / name for name in TABLES]
    rows = sum(_rows(t) for t in tables)
    with tempfile.TemporaryDirectory() as folder:
        graph = Path(folder) / "h2020.json"
        build = _child(["build", *map(str, tables), "--mapping", str(REPO / "mappings" / "eunets-h2020.mapping.yaml"),
                        "--graph", str(graph), "--no-cache"])
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        stats = _child(["stats", "--graph", str(graph)])
        started = time.perf_counter()
        store = EmbeddedStore(graph)
        kg = store.graph()
        opened = time.perf_counter() - started
        figures = {
            "rows": rows, "build_seconds": round(build, 2), "rows_per_second": round(rows / build),
            "peak_rss_mb": round(peak_mb), "graph_mb": round(graph.stat().st_size / 2**20, 1),
            "stats_seconds": round(stats, 2), "open_seconds": round(opened, 2),
            "nodes": len(kg), "edges": kg.edge_count(),
            "queries": [_time_query(q, store, kg, args.timeout) for q in canned_queries()],
        }
        # issue 10: central-organisations under 30 s with each measure, not just the default
        central = get_canned("central-organisations")
        figures["queries"] += [_time_query(central, store, kg, args.timeout, {"measure": measure})
                               for measure in MEASURES if measure != "degree"]
    if args.json:
        print(json.dumps(figures, indent=1, ensure_ascii=False))
        return
    for key, value in figures.items():
        if key != "queries":
            print(f"{key:>16}: {value}")
    for q in figures["queries"]:
        shown = f"{q['seconds']:.3f} s, {q['rows']} rows" if q["seconds"] is not None else q["note"]
        print(f"{q['name']:>24}: {shown}")


if __name__ == "__main__":
    main()
