"""Push, pull and query against a real Bolt server (see conftest.py)."""
from __future__ import annotations

import pytest

from nordgraph.graph.errors import StoreError
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.neo4j import Neo4jStore, pull, push
from nordgraph.graph.values import NodeValue, PathValue, RelationshipValue
from tests.neo4j.neo4j_testing import HOSTILE, structure


def test_push_twice_then_pull_gives_the_same_graph(store: Neo4jStore, sample_graph: KnowledgeGraph) -> None:
    first = push(sample_graph, store, batch_size=3)
    second = push(sample_graph, store, batch_size=3)
    assert (first.nodes_created, first.relationships_created) == (len(sample_graph), sample_graph.edge_count())
    assert (second.nodes_created, second.relationships_created) == (0, 0)
    back = pull(store)
    assert structure(back) == structure(sample_graph)
    assert back.props("project:kelp-health")["evidence"][-1]["quote"] == HOSTILE[-1]
    assert store.counts() == sample_graph.counts()
    (council,), = store.query("MATCH (n {id: 'organisation:nordic-council'}) RETURN n").rows
    assert council.labels == ("Organisation", "Ministry")  # the primary label first, as in the graph


def test_seed_corpus_graph_round_trips(store: Neo4jStore) -> None:
    from nordgraph.loaders.pipeline import build_graph

    kg = build_graph(["/work/shared/corpus/seeds"]).graph
    assert len(kg) > 20 and kg.edge_count() > 20
    push(kg, store)
    push(kg, store)
    assert structure(pull(store)) == structure(kg)


def test_replace_deletes_what_was_there(store: Neo4jStore, sample_graph: KnowledgeGraph) -> None:
    push(sample_graph, store)
    small = KnowledgeGraph()
    a = small.add_node("Organisation", "Only One", aliases=["O1"])
    b = small.add_node("Country", "Iceland")
    small.add_edge(a, "LOCATED_IN", b)
    summary = push(small, store, batch_size=2, replace=True)
    assert summary.nodes_deleted == len(sample_graph)
    assert summary.relationships_deleted == sample_graph.edge_count()
    assert structure(pull(store)) == structure(small)


def test_bad_label_is_refused_before_anything_is_written(store: Neo4jStore, sample_graph: KnowledgeGraph) -> None:
    push(sample_graph, store)
    bad = KnowledgeGraph()
    bad.add_node("Org`) DETACH DELETE n //", "Evil")
    with pytest.raises(StoreError, match="labels must match"):
        push(bad, store, replace=True)
    assert structure(pull(store)) == structure(sample_graph)


def test_mixed_type_lists_are_refused(store: Neo4jStore) -> None:
    kg = KnowledgeGraph()
    kg.add_node("Organisation", "Mixed", codes=["a", 1])
    with pytest.raises(StoreError, match="mixes value types"):
        push(kg, store)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_parameters_come_back_unchanged(store: Neo4jStore, text: str) -> None:
    result = store.query("RETURN $v AS v, [$v] AS l, {k: $v} AS m", {"v": text})
    assert result.rows == [(text, [text], {"k": text})]


def test_large_values_are_written_whole(store: Neo4jStore) -> None:
    """Larger than one request to a small server: written in pieces, read back whole."""
    kg = KnowledgeGraph()
    big = kg.add_node("Project", "Big", aliases=[f"alias {i} ø" for i in range(400)], note="x'\\" * 3000,
                      evidence=[{"doc": "d", "start": i, "end": i + 1, "quote": "q" * 90, "rule": "r",
                                 "confidence": 0.5} for i in range(80)])
    small = kg.add_node("Organisation", "Small")
    kg.add_edge(small, "LEADS", big, evidence=[{"doc": "d", "start": i, "end": i, "quote": "é" * 50,
                                                "rule": "r", "confidence": 1.0} for i in range(100)])
    push(kg, store)
    push(kg, store)
    assert structure(pull(store)) == structure(kg)


def test_query_returns_graph_values_keyed_by_id(store: Neo4jStore, sample_graph: KnowledgeGraph) -> None:
    push(sample_graph, store)
    result = store.query("MATCH (o:Organisation {name: $name})-[r:LEADS]->(p) RETURN o, r, p.name AS project",
                         {"name": "Fjordlab AS"})
    assert result.columns == ["o", "r", "project"]
    (org, rel, project), = result.rows
    assert isinstance(org, NodeValue) and org.key == "organisation:fjordlab-as" and org.labels == ("Organisation",)
    assert org.properties["aliases"] == ["Fjordlab", "FL"]
    assert isinstance(rel, RelationshipValue)
    assert (rel.key, rel.type, rel.start, rel.end) == (
        "organisation:fjordlab-as|LEADS|project:kelp-health", "LEADS",
        "organisation:fjordlab-as", "project:kelp-health")
    assert project == "Kelp Health"


def test_relationship_ends_are_found_when_nodes_are_not_returned(store: Neo4jStore,
                                                                 sample_graph: KnowledgeGraph) -> None:
    push(sample_graph, store)
    rows = store.query("MATCH ()-[r:PARTNER_IN]->() RETURN r ORDER BY r.id").rows
    assert [(r.start, r.end) for (r,) in rows] == sorted(
        (s, t) for s, t, _, _ in sample_graph.edges("PARTNER_IN"))


def test_paths_and_empty_results(store: Neo4jStore, sample_graph: KnowledgeGraph) -> None:
    push(sample_graph, store)
    (path,), = store.query("MATCH p = (:Project {name: 'Kelp Health'})-[:FUNDED_BY]->()-[:PART_OF]->() RETURN p").rows
    assert isinstance(path, PathValue)
    assert [n.key for n in path.nodes] == ["project:kelp-health", "call:nordic-health-call-2024",
                                          "programme:nordic-innovation"]
    assert [r.type for r in path.relationships] == ["FUNDED_BY", "PART_OF"]
    empty = store.query("MATCH (n:Nothing) RETURN n.name AS name")
    assert (empty.columns, empty.rows) == (["name"], [])


def test_write_counters_use_the_embedded_names(store: Neo4jStore) -> None:
    stats = store.query("CREATE (:Organisation {id: 'x', name: 'X'})").stats
    assert stats["+nodes"] == 1 and stats["+properties"] == 2


def test_empty_and_unlabelled_graphs_round_trip(store: Neo4jStore) -> None:
    summary = push(KnowledgeGraph(), store, replace=True)
    assert (summary.nodes, summary.batches, store.counts()) == (0, 0, {"nodes": {}, "edges": {}})
    kg = KnowledgeGraph()
    kg.nx.add_node("n1", labels=(), props={"id": "n1", "weight": 2})
    kg.nx.add_node("n2", labels=("Thing",), props={"id": "n2", "tags": []})
    kg.nx.add_edge("n1", "n2", key="e1", type="REL", props={"id": "e1", "flag": True})
    kg.nx.add_edge("n1", "n2", key="e2", type="REL", props={"id": "e2", "flag": False})  # parallel edge
    push(kg, store)
    push(kg, store)
    assert structure(pull(store)) == structure(kg)


@pytest.mark.parametrize("create", [
    "CREATE (:Organisation {id: 'dup'}), (:Project {id: 'dup'})",
    "CREATE (a:Organisation {id: 'a'})-[:LEADS {id: 'r'}]->(b:Project {id: 'b'}), (a)-[:PARTNER_IN {id: 'r'}]->(b)",
])
def test_pull_refuses_ids_the_graph_cannot_hold_twice(store: Neo4jStore, create: str) -> None:
    store.query(create)
    with pytest.raises(StoreError, match="needs unique ids"):
        pull(store)
