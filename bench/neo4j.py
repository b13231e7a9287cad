"""Push throughput to a Bolt server: nodes/s and relationships/s for a synthetic graph.

Usage::

    python bench/neo4j.py [--nodes N] [--seed S] [--batch-size B] [--json]

The graph is ``bench.synthetic.make_graph(N)`` (about 5 N relationships). The server is
``$NEO4J_URI`` (with ``NEO4J_USERNAME``/``NEO4J_PASSWORD``/``NEO4J_DATABASE``) when set, else a
FalkorDB started on loopback for the run (``testkit.bolt_server``) and stopped after.

Reported: the first push into an emptied database (``--replace``), split into its node phase
(schema included) and relationship phase from the progress callbacks; a second, idempotent
push of the same graph; and a pull of the whole graph back. On FalkorDB, requests are capped
at 4 KiB, so batches hold a dozen rows whatever ``--batch-size`` says: its figures measure that
limit more than the server.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench.*`` importable like ``-m`` does,
    # and take this folder off the path, or this file would shadow the ``neo4j`` driver package
    _here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
    sys.path.insert(0, str(_here.parent))

from bench.report import print_figures
from bench.synthetic import make_graph
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.neo4j import Neo4jStore, open_neo4j_store, pull, push
from testkit.bolt_server import start_falkordb


def measure_push(kg: KnowledgeGraph, store: Neo4jStore, batch_size: int) -> dict[str, Any]:
    """Push ``kg`` twice (replace, then idempotent) and pull it; return the figures."""
    marks: dict[str, float] = {}

    def progress(_done: int, _total: int, phase: str) -> None:
        marks[phase] = time.perf_counter()

    started = time.perf_counter()
    first = push(kg, store, batch_size=batch_size, replace=True, progress=progress)
    nodes_end = marks.get("nodes", started)
    rels_end = marks.get("relationships", nodes_end)
    again_started = time.perf_counter()
    second = push(kg, store, batch_size=batch_size)
    again = time.perf_counter() - again_started
    pull_started = time.perf_counter()
    back = pull(store)
    pulled = time.perf_counter() - pull_started
    if (len(back), back.edge_count()) != (len(kg), kg.edge_count()):
        raise SystemExit(f"pull gave {len(back)} nodes, {back.edge_count()} relationships; "
                         f"pushed {len(kg)}, {kg.edge_count()}")
    node_seconds = nodes_end - started
    rel_seconds = rels_end - nodes_end
    return {
        "server": store.profile.product,
        "max_message_bytes": store.profile.max_message_bytes,
        "nodes": len(kg),
        "relationships": kg.edge_count(),
        "batch_size": batch_size,
        "batches": first.batches,
        "first_push_seconds": round(first.seconds, 3),
        "nodes_per_second": round(len(kg) / node_seconds) if node_seconds else None,
        "relationships_per_second": round(kg.edge_count() / rel_seconds) if rel_seconds else None,
        "second_push_seconds": round(again, 3),
        "second_push_created": second.nodes_created + second.relationships_created,
        "pull_seconds": round(pulled, 3),
        "schema": sorted(set(first.schema.values())),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=10_000, help="graph size in nodes [10000]")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    kg = make_graph(args.nodes, seed=args.seed)
    if os.environ.get("NEO4J_URI"):
        figures = measure_push(kg, open_neo4j_store(), args.batch_size)
    else:
        with start_falkordb() as server:
            figures = measure_push(kg, open_neo4j_store(uri=server.uri), args.batch_size)
    print_figures(figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
