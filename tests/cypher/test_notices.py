"""Warnings for names a query reads that the graph does not hold, naming the closest it does."""
from __future__ import annotations

import pytest

from nordgraph.graph.cypher.notices import unknown_names
from nordgraph.graph.store import EmbeddedStore, Schema, checked_query

SCHEMA = Schema(labels=frozenset({"Organisation", "Project", "Country"}),
                types=frozenset({"LEADS", "PARTNER_IN", "LOCATED_IN"}),
                keys=frozenset({"id", "name", "budget", "aliases"}))


def warnings(text: str, schema: Schema = SCHEMA) -> list[str]:
    return [n.description for n in unknown_names(text, lambda: schema)]


@pytest.mark.parametrize("text, expected", [
    ("MATCH (o:Organisaton) RETURN o", ["label `Organisaton` is not in the graph; did you mean `Organisation`?"]),
    ("MATCH (o:organisation) RETURN o", ["label `organisation` is not in the graph; did you mean `Organisation`?"]),
    ("MATCH (o) WHERE o:Projekt RETURN o", ["label `Projekt` is not in the graph; did you mean `Project`?"]),
    ("MATCH (o)-[:PARTNERIN|LEADS]->(p) RETURN p",
     ["relationship type `PARTNERIN` is not in the graph; did you mean `PARTNER_IN`?"]),
    ("MATCH (o {nmae: 'x'}) RETURN o", ["property key `nmae` is not in the graph; did you mean `name`?"]),
    ("MATCH (o)-[r]->() WHERE o.budjet > 1 RETURN r.weight",
     ["property key `budjet` is not in the graph; did you mean `budget`?",
      "property key `weight` is not in the graph (its property keys: aliases, budget, id, name)"]),
    ("MATCH (o) RETURN o {.nam, .id}", ["property key `nam` is not in the graph; did you mean `name`?"]),
    ("MATCH (o) WHERE EXISTS { MATCH (o)-[:LEDS]->(:Projct) } RETURN [(o)-[:LOCATED_IN]->(c:Contry) | c.name]",
     ["label `Projct` is not in the graph; did you mean `Project`?",
      "label `Contry` is not in the graph; did you mean `Country`?",
      "relationship type `LEDS` is not in the graph; did you mean `LEADS`?"]),
    ("MATCH (a:Organisaton), (b:Organisaton) RETURN a, b",
     ["label `Organisaton` is not in the graph; did you mean `Organisation`?"]),
])
def test_unknown_labels_types_and_keys_warn_with_the_closest_known(text: str, expected: list[str]) -> None:
    assert warnings(text) == expected


@pytest.mark.parametrize("text", [
    "MATCH (o:Organisation)-[:LEADS]->(p:Project {name: $n}) RETURN o.name, p.budget",
    "CREATE (n:Funder {acronym: 'F'}) WITH n MATCH (m:Funder) RETURN m.acronym",  # created by the query
    "MATCH (o:Organisation) MERGE (o)-[:FUNDED_BY]->(f:Funder {code: 1}) ON CREATE SET f.since = 2024 "
    "RETURN f.since, f.code",
    "MATCH (o) SET o:Reviewed, o.checked = true, o += {note: 'x'} RETURN o.checked, o.note",
    "WITH {nme: 1} AS m UNWIND [{x: 1}] AS row RETURN m.nme, row.x",  # a map's keys are the query's own
    "MATCH (o) REMOVE o.stale RETURN o",
])
def test_names_that_are_held_or_written_by_the_query_do_not_warn(text: str) -> None:
    assert warnings(text) == []


def test_the_graph_is_asked_only_when_the_query_reads_a_name() -> None:
    def unreachable() -> Schema:
        raise AssertionError("schema read")

    assert unknown_names("UNWIND range(1, 3) AS x RETURN round(x / 2.0, 1)", unreachable) == []
    assert unknown_names("CREATE (:Funder {code: 1})", unreachable) == []


def test_an_empty_graph_says_it_has_no_such_names() -> None:
    assert warnings("MATCH (o:Organisation) RETURN o", Schema()) == [
        "label `Organisation` is not in the graph (it has no labels)"]


def test_text_the_parser_cannot_read_is_a_note_not_a_warning() -> None:
    (note,) = unknown_names("FOREACH (x IN [1] | CREATE (:A))", lambda: SCHEMA)
    assert note.severity == "INFORMATION" and "FOREACH is not supported" in note.description


def test_checked_query_on_the_embedded_store_carries_the_notifications(tmp_path) -> None:
    store = EmbeddedStore(tmp_path / "g.json")
    created = checked_query(store, "CREATE (:Organisation {name: 'A'})-[:LEADS]->(:Project {name: 'P'})")
    assert created.notifications == [] and created.stats["+nodes"] == 2
    result = checked_query(store, "MATCH (o:Organisation)-[:LEAD]->(p) RETURN p.name")
    assert result.rows == []
    (note,) = result.notifications
    assert note.code == "Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning"
    assert note.description == "relationship type `LEAD` is not in the graph; did you mean `LEADS`?"
    assert store.query("MATCH (o:Organisaton) RETURN o").notifications == []  # the library's own queries: unchecked
