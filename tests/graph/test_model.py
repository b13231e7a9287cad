"""The typed property graph: ids, folding repeated mentions, merging, relabelling."""
from __future__ import annotations

import pytest

from nordgraph.graph.errors import NordgraphError
from nordgraph.graph.model import Evidence, KnowledgeGraph, edge_id, node_id, slug


def ev(quote: str, doc: str = "d1", rule: str = "test") -> Evidence:
    return Evidence(doc=doc, start=0, end=len(quote), quote=quote, rule=rule, confidence=0.9)


@pytest.mark.parametrize("text, expected", [
    ("Medtek Norway", "medtek-norway"),
    ("Helse Sør-Øst RHF", "helse-sor-ost-rhf"),
    ("Region Skåne", "region-skane"),
    ("Æbeltoft Kommune", "aebeltoft-kommune"),
])
def test_slug_is_readable_ascii(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_slug_of_text_without_letters_is_a_stable_hash() -> None:
    assert slug("!!!") == slug("!!!") and len(slug("!!!")) == 12


def test_repeated_mentions_fold_into_one_node_with_aliases_and_evidence() -> None:
    kg = KnowledgeGraph()
    first = kg.add_node("Organisation", "Nordic Healthcare Group", evidence=[ev("Nordic Healthcare Group")])
    again = kg.add_node("Organisation", "Nordic Healthcare Group", key=first, aliases=["NHG"],
                        evidence=[ev("NHG", doc="d2")], country="FI")
    assert first == again == node_id("Organisation", "Nordic Healthcare Group")
    props = kg.props(first)
    assert props["aliases"] == ["NHG"]
    assert [e["doc"] for e in props["evidence"]] == ["d1", "d2"]
    assert props["country"] == "FI" and props["id"] == first


def test_same_fact_twice_is_one_edge_with_both_evidence() -> None:
    kg = KnowledgeGraph()
    org = kg.add_node("Organisation", "A")
    project = kg.add_node("Project", "P")
    kg.add_edge(org, "LEADS", project, evidence=[ev("A (lead)")])
    kg.add_edge(org, "LEADS", project, evidence=[ev("led by A", doc="d2")])
    assert kg.edge_count() == 1
    (_, _, _, data), = kg.edges()
    assert len(data["props"]["evidence"]) == 2


def test_symmetric_facts_are_stored_once_whatever_the_direction() -> None:
    kg = KnowledgeGraph()
    a, b = kg.add_node("Project", "Alpha"), kg.add_node("Project", "Beta")
    kg.add_edge(b, "COLLABORATES_WITH", a)
    kg.add_edge(a, "COLLABORATES_WITH", b)
    assert kg.edge_count() == 1
    assert edge_id(a, "COLLABORATES_WITH", b) == edge_id(b, "COLLABORATES_WITH", a)


def test_edges_must_join_known_distinct_nodes() -> None:
    kg = KnowledgeGraph()
    a = kg.add_node("Organisation", "A")
    with pytest.raises(NordgraphError, match="unknown node"):
        kg.add_edge(a, "LEADS", "project:missing")
    with pytest.raises(NordgraphError, match="self-loop"):
        kg.add_edge(a, "COLLABORATES_WITH", a)


def test_merge_unions_aliases_and_evidence_and_rewires_edges() -> None:
    kg = KnowledgeGraph()
    long_name = kg.add_node("Organisation", "Norway Health Tech", evidence=[ev("Norway Health Tech")])
    acronym = kg.add_node("Organisation", "NHT", aliases=["NHT cluster"], evidence=[ev("NHT", doc="d2")],
                          country="NO")
    project = kg.add_node("Project", "SMILE")
    other = kg.add_node("Organisation", "SINTEF")
    kg.add_edge(acronym, "PARTNER_IN", project, evidence=[ev("NHT partners in SMILE")])
    kg.add_edge(other, "COLLABORATES_WITH", acronym)
    kg.add_edge(long_name, "PARTNER_IN", project, evidence=[ev("Norway Health Tech in SMILE")])

    kept = kg.merge_nodes(long_name, acronym)

    assert acronym not in kg
    props = kg.props(kept)
    assert set(props["aliases"]) == {"NHT", "NHT cluster"}
    assert {e["doc"] for e in props["evidence"]} == {"d1", "d2"}
    assert props["country"] == "NO"
    facts = {(s, data["type"], t): data for s, t, _, data in kg.edges()}
    assert len(facts[(kept, "PARTNER_IN", project)]["props"]["evidence"]) == 2
    assert (min(kept, other), "COLLABORATES_WITH", max(kept, other)) in facts


def test_merge_drops_edges_that_would_become_self_loops() -> None:
    kg = KnowledgeGraph()
    a, b = kg.add_node("Organisation", "A"), kg.add_node("Organisation", "B")
    kg.add_edge(a, "COLLABORATES_WITH", b)
    kg.merge_nodes(a, b)
    assert kg.edge_count() == 0 and len(kg) == 1


def test_relabel_changes_key_and_keeps_edges() -> None:
    kg = KnowledgeGraph()
    wrong = kg.add_node("Project", "Nordic Innovation")
    target = kg.add_node("Call", "Frontrunner call")
    kg.add_edge(wrong, "LEADS", target)
    new_key = kg.relabel(wrong, "Organisation")
    assert new_key == "organisation:nordic-innovation" and wrong not in kg
    assert kg.label(new_key) == "Organisation"
    assert [(s, d["type"], t) for s, t, _, d in kg.edges()] == [(new_key, "LEADS", target)]


def test_find_ignores_case_accents_and_a_leading_the() -> None:
    kg = KnowledgeGraph()
    key = kg.add_node("Organisation", "Helse Sør-Øst RHF", aliases=["South-Eastern Norway Regional Health Authority"])
    assert kg.find("helse sor-ost rhf") == [key]
    assert kg.find("the south-eastern norway regional health authority") == [key]
    assert kg.find("Helse Vest") == []


def test_counts_and_revision() -> None:
    kg = KnowledgeGraph()
    before = kg.revision
    a, p = kg.add_node("Organisation", "A"), kg.add_node("Project", "P")
    kg.add_edge(a, "LEADS", p)
    assert kg.revision > before
    assert kg.counts() == {"nodes": {"Organisation": 1, "Project": 1}, "edges": {"LEADS": 1}}
