"""The same canned queries on a Bolt server give the rows the embedded store gives.

The server is ``$NEO4J_URI`` when set, else FalkorDB on loopback (as in ``tests/neo4j``); if it
cannot start, these tests fail rather than skip.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from nordgraph.graph.neo4j import Neo4jStore, open_neo4j_store
from nordgraph.queries.registry import ParameterError, run_canned
from testkit.bolt_server import start_falkordb
from tests.queries.conftest import sample_graph
from tests.queries.test_canned import CASES, DRAWN, ENTITY_ERRORS, drawn, readable_rows


@pytest.fixture(scope="module")
def bolt_store() -> Iterator[Neo4jStore]:
    """The sample graph on the server under test."""
    if os.environ.get("NEO4J_URI"):
        store = open_neo4j_store()
        store.replace(sample_graph())
        yield store
        return
    with start_falkordb() as server:
        store = open_neo4j_store(uri=server.uri)
        store.replace(sample_graph())
        yield store


@pytest.mark.parametrize(("name", "params", "expected"), CASES,
                         ids=[f"{n}-{'-'.join(map(str, p.values())) or 'defaults'}" for n, p, _ in CASES])
def test_canned_query_rows_on_bolt(bolt_store: Neo4jStore, name: str, params: dict[str, Any],
                                   expected: list[tuple[Any, ...]]) -> None:
    assert readable_rows(bolt_store, name, params) == expected


@pytest.mark.parametrize(("name", "params", "nodes", "facts"), DRAWN, ids=[case[0] for case in DRAWN])
def test_drawing_queries_draw_the_same_on_bolt(bolt_store: Neo4jStore, name: str, params: dict[str, Any],
                                               nodes: list[str], facts: list[tuple[str, str, str]]) -> None:
    assert drawn(bolt_store, name, params) == (nodes, facts)


@pytest.mark.parametrize(("name", "params", "message"), ENTITY_ERRORS,
                         ids=[f"{n}-{'-'.join(map(str, p.values()))}" for n, p, _ in ENTITY_ERRORS])
def test_unknown_entity_parameters_are_the_same_errors_on_bolt(bolt_store: Neo4jStore, name: str,
                                                               params: dict[str, Any], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        run_canned(bolt_store, name, params)


def test_path_over_chosen_relations_on_bolt(bolt_store: Neo4jStore) -> None:
    """The relation types are pasted into the pattern (Cypher takes no parameter there); the
    query needs no shortestPath, which FalkorDB lacks undirected, so it runs as written."""
    rows = run_canned(bolt_store, "path", {"source": "DTU", "target": "Sweden",
                                           "relations": "LEADS,PARTNER_IN,LOCATED_IN"}).rows
    assert [row[:4] for row in rows] == [
        (1, "Danish Tech University", "PARTNER_IN", "Health Data Bridge"),
        (2, "Karolinska Institutet", "LEADS", "Health Data Bridge"),
        (3, "Karolinska Institutet", "LOCATED_IN", "Sweden"),
    ]


def test_analytics_pull_the_graph_from_bolt(bolt_store: Neo4jStore) -> None:
    rows = run_canned(bolt_store, "central-organisations", {"measure": "betweenness", "limit": 1}).rows
    assert rows == [(1, "Medtek Norway", "organisation:medtek-norway", 0.5, 3, 3)]
