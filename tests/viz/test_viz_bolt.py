"""The view over a Bolt server (FalkorDB on loopback, or ``$NEO4J_URI``): same selections, same page data.

On a server, evidence comes back as JSON text and relationships' ends by their ``id``; the
view must read both. If the server cannot start, these tests fail (CI must run them).
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator

import pytest

from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.neo4j import open_neo4j_store
from nordgraph.graph.neo4j.connection import close_drivers
from nordgraph.graph.viz import render_html, view_graph
from testkit.bolt_server import start_falkordb


@pytest.fixture(scope="module")
def bolt_store(consortium_module: KnowledgeGraph) -> Iterator:
    server = None if os.environ.get("NEO4J_URI") else start_falkordb()
    try:
        store = open_neo4j_store(uri=server.uri if server else None)
        store.replace(consortium_module)
        yield store
    finally:
        close_drivers()
        if server:
            server.stop()


@pytest.fixture(scope="module")
def consortium_module() -> KnowledgeGraph:
    from tests.viz.conftest import build_consortium

    return build_consortium()


def test_query_view_over_bolt_fetches_ends_and_reads_evidence(bolt_store) -> None:
    kg = view_graph(bolt_store, query="MATCH ()-[r:LEADS]->() RETURN r")
    assert sorted(kg.nx.nodes) == ["organisation:medtek-norway", "organisation:sintef",
                                   "project:nordic-medtech-growth-2", "project:rehab-at-home"]
    page, summary = render_html(kg)
    data = json.loads(re.search(r'id="nordgraph-data">(.*?)</script>', page, re.S).group(1))
    medtek = next(n for n in data["nodes"] if n["id"] == "organisation:medtek-norway")
    assert medtek["aliases"] == ["MTN"] and medtek["evidence"][0]["quote"] == "Medtek Norway leads"
    lead = next(e for e in data["edges"] if e["from"] == "organisation:medtek-norway")
    assert lead["evidence"][0]["quote"] == "Medtek Norway leads NMG2"


def test_focus_view_over_bolt(bolt_store, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> KnowledgeGraph:
        raise AssertionError("--focus read the whole graph")

    monkeypatch.setattr(bolt_store, "graph", refuse)  # a large database must never be pulled for a focus
    assert set(view_graph(bolt_store, focus="NMG2", depth=1).nx.nodes) == {
        "project:nordic-medtech-growth-2", "organisation:medtek-norway", "organisation:sintef",
        "organisation:karolinska-institutet", "programme:nordic-innovation"}
