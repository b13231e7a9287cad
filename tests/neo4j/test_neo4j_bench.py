"""bench/neo4j.py measures what it says on a small graph (the figures themselves are not asserted)."""
from __future__ import annotations

from bench.neo4j import measure_push
from bench.synthetic import make_graph
from nordgraph.graph.neo4j import Neo4jStore


def test_measure_push_reports_rates_and_an_idempotent_second_push(store: Neo4jStore) -> None:
    kg = make_graph(300, seed=3)
    figures = measure_push(kg, store, batch_size=100)
    assert figures["nodes"] == 300 and figures["relationships"] == kg.edge_count()
    assert figures["nodes_per_second"] > 0 and figures["relationships_per_second"] > 0
    assert figures["second_push_created"] == 0
