"""Updating queries: what they change in the graph and the side effects they report."""
import pytest

from nordgraph.graph.cypher import CypherConstraintError, CypherEntityNotFound, CypherSemanticError, execute, parse
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.store import EmbeddedStore


def run(kg, text, **params):
    return execute(parse(text), kg, params)


def test_create_nodes_and_relationships_get_engine_keys(nordic):
    before = nordic.revision
    result = run(nordic, "CREATE (a:Person {name: $n})-[:WORKS_FOR {since: 2020}]->(b:Organisation) "
                         "RETURN a.name, id(a) >= 0", n="Ada")
    assert result.rows == [("Ada", True)]
    assert result.stats == {"+nodes": 2, "+relationships": 1, "+labels": 1, "+properties": 2}
    person = [k for k in nordic.nodes("Person")][0]
    assert person.startswith("_:") and nordic.node(person) == {"labels": ("Person",), "props": {"name": "Ada"}}
    (_, _, key, data), = [e for e in nordic.edges("WORKS_FOR")]
    assert key.startswith("_:r") and data == {"type": "WORKS_FOR", "props": {"since": 2020}}
    assert nordic.revision > before


def test_created_keys_stay_unique():
    kg = KnowledgeGraph()
    run(kg, "CREATE (), ()")
    run(kg, "MATCH (n) DELETE n")
    run(kg, "CREATE ()")
    run(kg, "CREATE ()")
    assert len(set(kg.nx.nodes)) == 2


def test_merge_matches_or_creates_and_runs_actions(nordic):
    query = ("MERGE (c:Country {name: $name}) ON CREATE SET c.created = true ON MATCH SET c.seen = true "
             "RETURN c.created, c.seen")
    assert run(nordic, query, name="Denmark").rows == [(True, None)]
    assert run(nordic, query, name="Norway").rows == [(None, True)]
    assert len(list(nordic.nodes("Country"))) == 3


def test_merge_relationship_between_bound_nodes(nordic):
    query = ("MATCH (a:Organisation {name: 'SINTEF'}), (p:Project {name: 'Nordic Medtech Growth'}) "
             "MERGE (a)-[r:LEADS]->(p) RETURN type(r)")
    assert run(nordic, query).stats == {"+relationships": 1}
    assert run(nordic, query).stats == {}


def test_set_forms_and_remove(nordic):
    result = run(nordic, "MATCH (o:Organisation {name: 'SINTEF'}) SET o.size = 'large', o:Research, "
                         "o += {city: 'Trondheim', aliases: null} REMOVE o.id RETURN labels(o), o.size, o.city")
    assert result.rows == [(["Organisation", "Research"], "large", "Trondheim")]
    props = nordic.props("organisation:sintef")
    assert "id" not in props and "aliases" not in props
    run(nordic, "MATCH (o:Organisation {name: 'SINTEF'}) SET o = {name: 'SINTEF AS'} REMOVE o:Research")
    assert nordic.node("organisation:sintef") == {"labels": ("Organisation",), "props": {"name": "SINTEF AS"}}


def test_delete_connected_node_needs_detach(nordic):
    with pytest.raises(CypherConstraintError):
        run(nordic, "MATCH (c:Country {name: 'Sweden'}) DELETE c")
    result = run(nordic, "MATCH (c:Country {name: 'Sweden'}) DETACH DELETE c")
    assert result.stats["-nodes"] == 1 and result.stats["-relationships"] == 1
    assert "country:sweden" not in nordic


def test_reading_a_deleted_node_fails():
    kg = KnowledgeGraph()
    run(kg, "CREATE (:A {x: 1})")
    with pytest.raises(CypherEntityNotFound):
        run(kg, "MATCH (n:A) DELETE n RETURN n.x")


def test_create_needs_a_single_type_and_direction():
    with pytest.raises(CypherSemanticError):
        run(KnowledgeGraph(), "CREATE ()-[:A|B]->()")
    with pytest.raises(CypherSemanticError):
        run(KnowledgeGraph(), "CREATE ()-[:A]-()")


def test_embedded_store_writes_atomically(tmp_path, nordic):
    store = EmbeddedStore(tmp_path / "g.json")
    store.replace(nordic)
    with pytest.raises(CypherConstraintError):
        store.query("MATCH (o:Organisation {name: 'SINTEF'}) SET o.x = 1 WITH o DELETE o")
    assert EmbeddedStore(tmp_path / "g.json").query(
        "MATCH (o:Organisation {name: 'SINTEF'}) RETURN o.x").rows == [(None,)]
    store.query("MATCH (o:Organisation {name: 'SINTEF'}) SET o.x = 1")
    assert EmbeddedStore(tmp_path / "g.json").query(
        "MATCH (o:Organisation {name: 'SINTEF'}) RETURN o.x").rows == [(1,)]


def test_temporal_properties_are_stored_as_iso_text(tmp_path):
    store = EmbeddedStore(tmp_path / "t.json")
    store.replace(KnowledgeGraph())
    store.query("CREATE (:Call {opens: date('2025-03-01'), closes: date({year: 2025, month: 5, day: 15})})")
    assert EmbeddedStore(tmp_path / "t.json").query(
        "MATCH (c:Call) RETURN c.opens, c.closes").rows == [("2025-03-01", "2025-05-15")]


def test_merge_sees_its_own_creations_and_updates_through_the_index():
    kg = KnowledgeGraph()
    query = "UNWIND $names AS name MERGE (o:Org {name: name}) ON CREATE SET o.n = 1 ON MATCH SET o.n = o.n + 1"
    assert run(kg, query, names=["a", "b", "a", "a"]).stats == {"+nodes": 2, "+labels": 1, "+properties": 4}
    assert run(kg, "MATCH (o:Org) RETURN o.name, o.n ORDER BY o.name").rows == [("a", 3), ("b", 1)]
    run(kg, "MATCH (o:Org {name: 'b'}) SET o.name = 'c'")
    assert run(kg, "UNWIND ['b', 'c'] AS name MATCH (o:Org {name: name}) RETURN name, o.n").rows == [("c", 1)]
