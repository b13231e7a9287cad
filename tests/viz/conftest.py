"""Small named graphs for the view tests, and a headless Chromium the browser tests must have."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from nordgraph.graph.errors import NordgraphError
from nordgraph.graph.model import Evidence, KnowledgeGraph
from nordgraph.graph.store import EmbeddedStore
from testkit.browser import chromium_path

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_QUOTE = 'Partners: </script><script>alert("quote")</script> & more'


def _ev(quote: str, doc: str = "doc-1") -> Evidence:
    return Evidence(doc=doc, start=0, end=len(quote), quote=quote, rule="test", confidence=0.9)


@pytest.fixture
def consortium() -> KnowledgeGraph:
    """Two projects with a shared partner, a programme, a country and a co-located pair."""
    return build_consortium()


@pytest.fixture
def consortium_store(consortium: KnowledgeGraph, tmp_path: Path) -> EmbeddedStore:
    """The consortium graph in an embedded store file."""
    store = EmbeddedStore(tmp_path / "consortium.json")
    store.replace(consortium)
    return store


def build_consortium() -> KnowledgeGraph:
    """The ``consortium`` fixture's graph, for module-scoped fixtures too."""
    kg = KnowledgeGraph()
    kg.documents["doc-1"] = {"title": "Call results 2024"}
    medtek = kg.add_node("Organisation", "Medtek Norway", aliases=["MTN"], evidence=[_ev("Medtek Norway leads")])
    sintef = kg.add_node("Organisation", "SINTEF", evidence=[_ev("SINTEF is a partner")])
    karo = kg.add_node("Organisation", "Karolinska Institutet", aliases=["KI"])
    growth = kg.add_node("Project", "Nordic Medtech Growth 2", aliases=["NMG2"])
    rehab = kg.add_node("Project", "Rehab at Home")
    programme = kg.add_node("Programme", "Nordic Innovation")
    norway = kg.add_node("Country", "Norway")
    kg.add_edge(medtek, "LEADS", growth, evidence=[_ev("Medtek Norway leads NMG2")])
    kg.add_edge(sintef, "PARTNER_IN", growth)
    kg.add_edge(karo, "PARTNER_IN", growth)
    kg.add_edge(sintef, "LEADS", rehab)
    kg.add_edge(medtek, "PARTNER_IN", rehab)
    kg.add_edge(growth, "FUNDED_BY", programme)
    kg.add_edge(medtek, "LOCATED_IN", norway)
    kg.add_edge(sintef, "LOCATED_IN", norway)
    return kg


@pytest.fixture
def planted() -> KnowledgeGraph:
    """Organisations whose names and evidence are attempts to run script in the page."""
    kg = KnowledgeGraph()
    img = kg.add_node("Organisation", XSS_IMG, aliases=["<b>bold</b>"], evidence=[_ev(XSS_QUOTE)])
    script = kg.add_node("Organisation", XSS_SCRIPT)
    kg.add_edge(script, "LOCATED_IN", kg.add_node("Country", "</script><script>alert(2)</script>"))
    project = kg.add_node("Project", "Project \u2028 with a line separator")
    kg.add_edge(img, "LEADS", project, evidence=[_ev(XSS_QUOTE, doc="<svg onload=alert(3)>")])
    kg.add_edge(script, "PARTNER_IN", project)
    return kg


def _hub_graph(n: int) -> KnowledgeGraph:
    """``n`` nodes: projects each led by one of a few hubs, so degree separates hubs from the tail."""
    kg = KnowledgeGraph()
    hubs = [kg.add_node("Organisation", f"Hub {i}") for i in range(max(1, n // 50))]
    for i in range(n - len(hubs)):
        project = kg.add_node("Project", f"Project {i}")
        kg.add_edge(hubs[i % len(hubs)], "LEADS", project)
    return kg


@pytest.fixture
def hub_graph() -> Callable[[int], KnowledgeGraph]:
    """Builds hub-and-tail graphs of a given size."""
    return _hub_graph


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium; its absence FAILS the browser tests (CI must run them, not skip)."""
    try:
        return chromium_path()
    except NordgraphError as exc:
        pytest.fail(f"browser tests need a real Chromium: {exc}", pytrace=False)
