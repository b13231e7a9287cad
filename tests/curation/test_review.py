"""Review: least certain facts first, and near-duplicate names that were not merged."""
from __future__ import annotations

import pytest

from nordgraph.graph.model import Evidence, KnowledgeGraph
from nordgraph.loaders.review import merge_candidates, review, uncertain_facts


def ev(quote: str, confidence: float, rule: str = "partner-list") -> Evidence:
    return Evidence(doc="call.txt", start=0, end=len(quote), quote=quote, rule=rule, confidence=confidence)


@pytest.fixture
def kg() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for name in ("Nordic Healthcare Group", "Oslo Medtech", "Region Skåne", "City of Espoo"):
        kg.add_node("Organisation", name, evidence=[ev(name, 0.9)])
    kg.add_node("Project", "VABPRO", evidence=[ev("VABPRO", 0.95)])
    kg.add_edge("organisation:nordic-healthcare-group", "LEADS", "project:vabpro",
                evidence=[ev("Nordic Healthcare Group (project manager)", 0.9)])
    kg.add_edge("organisation:oslo-medtech", "PARTNER_IN", "project:vabpro",
                evidence=[ev("Oslo Medtech took part", 0.3, rule="sentence"),
                          ev("Oslo Medtech, NHO", 0.45)])
    return kg


def test_the_least_certain_fact_comes_first_with_its_best_evidence(kg: KnowledgeGraph) -> None:
    first = uncertain_facts(kg)[0]
    assert (first.kind, first.fact, first.confidence) == ("edge", "Oslo Medtech PARTNER_IN VABPRO", 0.45)
    assert (first.rule, first.quote, first.doc) == ("partner-list", "Oslo Medtech, NHO", "call.txt")


def test_limit_cuts_the_list_and_confidences_rise(kg: KnowledgeGraph) -> None:
    facts = uncertain_facts(kg, limit=3)
    assert len(facts) == 3
    assert [f.confidence for f in facts] == sorted(f.confidence for f in facts)


def test_a_fact_without_evidence_counts_as_least_certain(kg: KnowledgeGraph) -> None:
    kg.add_node("Country", "Finland")
    first = uncertain_facts(kg)[0]
    assert (first.key, first.confidence, first.quote) == ("country:finland", 0.0, "")


@pytest.mark.parametrize("near, reason", [
    ("Nordic Health care Group", "apart from spaces"),
    ("Group Nordic Healthcare", "names nearly equal"),
    ("NHG", "is the acronym of"),
    ("Nordic Healthcare Group Oy", "same name apart from the legal form"),
    ("Nordic Healthcare Group Finland", "contains"),
])
def test_a_planted_near_duplicate_is_proposed(kg: KnowledgeGraph, near: str, reason: str) -> None:
    planted = kg.add_node("Organisation", near, evidence=[ev(near, 0.8)])
    (candidate,) = merge_candidates(kg)
    assert {candidate.first, candidate.second} == {planted, "organisation:nordic-healthcare-group"}
    assert reason in candidate.reason and 0 < candidate.score <= 100


def test_nodes_sharing_an_alias_are_proposed_first(kg: KnowledgeGraph) -> None:
    kg.add_node("Organisation", "Espoon kaupunki", aliases=["City of Espoo"])
    kg.add_node("Organisation", "NHG")
    candidates = merge_candidates(kg)
    assert candidates[0].score == 100 and "'City of Espoo'" in candidates[0].reason
    assert len(candidates) == 2


def test_different_labels_and_distinct_decisions_are_not_proposed(kg: KnowledgeGraph) -> None:
    kg.add_node("Project", "NHG")
    assert merge_candidates(kg) == []
    kg.add_node("Organisation", "Oslo Medtech AS")
    assert len(merge_candidates(kg)) == 1
    kg.metadata["distinct"] = [["organisation:oslo-medtech", "organisation:oslo-medtech-as"]]
    assert merge_candidates(kg) == []


def test_the_report_holds_both_lists(kg: KnowledgeGraph) -> None:
    kg.add_node("Organisation", "NHG")
    data = review(kg, limit=2).as_dict()
    assert len(data["uncertain"]) == 2 and {c["first_name"] for c in data["candidates"]} == {"NHG"}


def test_a_name_many_nodes_share_ranks_below_a_pair(kg: KnowledgeGraph) -> None:
    for name in ("Alpha Care", "Beta Health", "Gamma Labs", "Delta Medical"):
        kg.add_node("Organisation", name, aliases=["Sundset"])
    kg.add_node("Organisation", "Espoon kaupunki", aliases=["City of Espoo"])
    candidates = merge_candidates(kg)
    assert candidates[0].reason == "both are called 'City of Espoo'"
    assert len(candidates) == 7 and all(c.reason == "4 nodes are called 'Sundset'" and c.score == 90
                                        for c in candidates[1:])
