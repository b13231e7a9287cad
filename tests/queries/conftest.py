"""A small made-up collaboration graph for the canned queries and analytics.

Four organisations in three countries take part in three projects; two projects belong to a
call that belongs to a funded programme, one project is funded directly. One organisation
takes part in nothing, so queries must leave it out.

    Medtek Norway (NO)      leads Nordic Medtech Growth 2 (NMG2) and Care Robots
    Karolinska Institutet (SE, "KI") leads Health Data Bridge; partner in NMG2
    Oslo University Hospital (NO, "OUS") partner in NMG2 and Care Robots
    Danish Tech University (DK, "DTU") partner in Health Data Bridge
    Medtek Norway           partner in Health Data Bridge
    Idle Institute (SE)     takes part in nothing
    NMG2, Health Data Bridge  PART_OF  Innovative Nordic Health and Welfare Solutions  PART_OF  Innovative Nordic Welfare Solutions
    Innovative Nordic Welfare Solutions  FUNDED_BY  Nordic Council of Ministers
    Care Robots  FUNDED_BY  Ministry of Health (LOCATED_IN Norway)
"""
from __future__ import annotations

from pathlib import Path

import pytest

from nordgraph.graph.model import Evidence, KnowledgeGraph
from nordgraph.graph.store import EmbeddedStore


def sample_graph() -> KnowledgeGraph:
    kg = KnowledgeGraph()

    def fact(source: str, rel: str, target: str) -> None:
        quote = f"{kg.name(source)} {rel.lower().replace('_', ' ')} {kg.name(target)}."
        kg.add_edge(source, rel, target,
                    evidence=[Evidence("sample.txt", 0, len(quote), quote, "test-rule", 0.9)])

    no, se, dk = (kg.add_node("Country", name) for name in ("Norway", "Sweden", "Denmark"))
    medtek = kg.add_node("Organisation", "Medtek Norway", aliases=["Medtek"])
    ki = kg.add_node("Organisation", "Karolinska Institutet", aliases=["KI"])
    ous = kg.add_node("Organisation", "Oslo University Hospital", aliases=["OUS"])
    dtu = kg.add_node("Organisation", "Danish Tech University", aliases=["DTU"])
    idle = kg.add_node("Organisation", "Idle Institute")
    nmg2 = kg.add_node("Project", "Nordic Medtech Growth 2", aliases=["NMG2"])
    bridge = kg.add_node("Project", "Health Data Bridge")
    robots = kg.add_node("Project", "Care Robots")
    call = kg.add_node("Call", "Innovative Nordic Health and Welfare Solutions")
    programme = kg.add_node("Programme", "Innovative Nordic Welfare Solutions")
    council = kg.add_node("Ministry", "Nordic Council of Ministers")
    health = kg.add_node("Ministry", "Ministry of Health")
    for org, country in ((medtek, no), (ki, se), (ous, no), (dtu, dk), (idle, se), (health, no)):
        fact(org, "LOCATED_IN", country)
    fact(medtek, "LEADS", nmg2)
    fact(ki, "PARTNER_IN", nmg2)
    fact(ous, "PARTNER_IN", nmg2)
    fact(ki, "LEADS", bridge)
    fact(medtek, "PARTNER_IN", bridge)
    fact(dtu, "PARTNER_IN", bridge)
    fact(medtek, "LEADS", robots)
    fact(ous, "PARTNER_IN", robots)
    fact(nmg2, "PART_OF", call)
    fact(bridge, "PART_OF", call)
    fact(call, "PART_OF", programme)
    fact(programme, "FUNDED_BY", council)
    fact(robots, "FUNDED_BY", health)
    return kg


def ring(organisations: int) -> KnowledgeGraph:
    """Organisations in a ring, each sharing one project with the next: a co-partnership cycle."""
    kg = KnowledgeGraph()
    orgs = [kg.add_node("Organisation", f"Org {i}") for i in range(organisations)]
    for i, org in enumerate(orgs):
        project = kg.add_node("Project", f"Project {i}")
        kg.add_edge(org, "LEADS", project)
        kg.add_edge(orgs[(i + 1) % organisations], "PARTNER_IN", project)
    return kg


@pytest.fixture
def kg() -> KnowledgeGraph:
    return sample_graph()


@pytest.fixture
def store(tmp_path: Path, kg: KnowledgeGraph) -> EmbeddedStore:
    """The sample graph in an embedded store file."""
    embedded = EmbeddedStore(tmp_path / "graph.json")
    embedded.replace(kg)
    return embedded
