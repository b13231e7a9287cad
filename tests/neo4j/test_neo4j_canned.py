"""Differential: every canned query gives the same rows on the Bolt server as on the embedded file,
for the graph built from the seed corpus.

Parameters are the query's own examples plus the best-connected organisation, project and
country of the seed graph, so that name lookups find something. A server that is not Neo4j
(no ``dbms.components()``) may lack a Cypher feature a query uses; that is recorded as an
expected failure naming the server's error, never hidden. On Neo4j every query must agree.
"""
from __future__ import annotations

import itertools
from typing import Any

import pytest

from nordgraph.graph.errors import NordgraphError
from nordgraph.graph.jsonfile import write_graph
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.neo4j import Neo4jStore, push
from nordgraph.graph.store import EmbeddedStore
from nordgraph.queries.registry import CannedQuery, canned_queries


@pytest.fixture(scope="module")
def seed_graph() -> KnowledgeGraph:
    from nordgraph.loaders.pipeline import build_graph

    return build_graph(["/work/shared/corpus/seeds"]).graph


@pytest.fixture(scope="module")
def both_stores(tmp_path_factory: pytest.TempPathFactory, seed_graph: KnowledgeGraph,
                bolt_settings: dict[str, str | None]) -> tuple[EmbeddedStore, Neo4jStore]:
    from nordgraph.graph.neo4j import open_neo4j_store

    path = tmp_path_factory.mktemp("canned") / "seed.json"
    write_graph(seed_graph, path)
    remote = open_neo4j_store(**bolt_settings)
    push(seed_graph, remote, replace=True)
    return EmbeddedStore(path), remote


def _hub(kg: KnowledgeGraph, label: str) -> str:
    return kg.name(max(kg.nodes(label), key=lambda k: (kg.nx.degree(k), k)))


def parameter_sets(query: CannedQuery, kg: KnowledgeGraph) -> list[dict[str, Any]]:
    hubs = [_hub(kg, label) for label in ("Organisation", "Project", "Country")]
    choices = []
    for p in query.parameters:
        if not p.required:
            continue
        choices.append([(p.name, v) for v in dict.fromkeys([p.example, *hubs] if p.type == "string" else [p.example])])
    return [dict(combo) for combo in itertools.product(*choices)]


def outcome(query: CannedQuery, store: Any, params: dict[str, Any]) -> Any:
    try:
        return query.run(store, params).rows
    except NordgraphError as exc:
        return ("error", type(exc).__name__, str(exc).replace(store.description, "<store>"))


@pytest.mark.parametrize("query", canned_queries(), ids=lambda q: q.name)
def test_canned_query_gives_the_same_rows_on_both_stores(query: CannedQuery, seed_graph: KnowledgeGraph,
                                                         both_stores: tuple[EmbeddedStore, Neo4jStore]) -> None:
    embedded, remote = both_stores
    answered = False
    for params in parameter_sets(query, seed_graph):
        expected = outcome(query, embedded, params)
        got = outcome(query, remote, params)
        if got != expected and not remote.profile.components and isinstance(got, tuple):
            pytest.xfail(f"{remote.profile.product} cannot run {query.name!r}: {got[2]}")
        assert got == expected, params
        answered = answered or bool(expected and isinstance(expected, list))
    assert answered, "no parameter set gave rows: the comparison would prove nothing"
