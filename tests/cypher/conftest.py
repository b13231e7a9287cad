"""Small named graphs for the Cypher tests."""
import pytest

from nordgraph.graph.model import Evidence, KnowledgeGraph


@pytest.fixture
def nordic() -> KnowledgeGraph:
    """Three organisations in two countries partnering in two projects, one led."""
    return nordic_graph()


def nordic_graph() -> KnowledgeGraph:
    """The graph of the ``nordic`` fixture, for tests that build it more than once."""
    kg = KnowledgeGraph()
    ev = Evidence("doc1", 0, 10, "MedTek leads NMG", "test-rule")
    no = kg.add_node("Country", "Norway")
    se = kg.add_node("Country", "Sweden")
    medtek = kg.add_node("Organisation", "MedTek Norway", aliases=["MedTek"], evidence=[ev])
    sintef = kg.add_node("Organisation", "SINTEF")
    ki = kg.add_node("Organisation", "Karolinska Institutet")
    nmg = kg.add_node("Project", "Nordic Medtech Growth", budget=1500000)
    hdc = kg.add_node("Project", "Health Data Commons", budget=250000.5)
    for org, country in ((medtek, no), (sintef, no), (ki, se)):
        kg.add_edge(org, "LOCATED_IN", country)
    for org in (medtek, sintef, ki):
        kg.add_edge(org, "PARTNER_IN", nmg)
    kg.add_edge(sintef, "PARTNER_IN", hdc)
    kg.add_edge(medtek, "LEADS", nmg, evidence=[ev])
    return kg
