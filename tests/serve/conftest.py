"""A real ``nordgraph serve`` in a child process over a small graph with hostile names in it."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from nordgraph.graph.model import Evidence, KnowledgeGraph
from nordgraph.graph.store import EmbeddedStore
from testkit.workbench import running_workbench
from tests.viz.conftest import XSS_IMG, XSS_QUOTE, build_consortium
from tests.viz.conftest import chromium as chromium  # the browser tests need it; it fails without one


@dataclass
class Served:
    origin: str
    graph: Path
    overrides: Path

    def call(self, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        """``(status, JSON answer)`` of one request to the server."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.origin + path, data=data, method="GET" if body is None else "POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def raw(self, path: str) -> tuple[int, dict[str, str], bytes]:
        with urllib.request.urlopen(self.origin + path, timeout=60) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def hostile_graph() -> KnowledgeGraph:
    """The view tests' consortium, plus an organisation whose name is markup, a quote that closes a
    script, a document with a link and a title, and start years for the per-year chart."""
    kg = build_consortium()
    kg.documents["doc-2"] = {"title": "Partners of NMG2", "url": "https://example.org/nmg2"}
    evil = kg.add_node("Organisation", XSS_IMG, evidence=[Evidence("doc-2", 0, 10, XSS_QUOTE, "test", 0.8)])
    growth, rehab = kg.find("Nordic Medtech Growth 2")[0], kg.find("Rehab at Home")[0]
    kg.add_edge(evil, "PARTNER_IN", growth, evidence=[Evidence("doc-2", 0, 40, f"{XSS_IMG} is a partner in NMG2",
                                                               "test", 0.8)])
    kg.add_edge(evil, "LOCATED_IN", kg.add_node("Country", "Sweden"))
    kg.props(growth)["start_year"] = 2021
    kg.props(rehab)["start_year"] = 2023
    kg.add_node("Organisation", "Medtek Norge", evidence=[Evidence("doc-2", 0, 12, "Medtek Norge", "test", 0.7)])
    kg.touch()
    return kg


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("served")
    graph = folder / "g.json"
    EmbeddedStore(graph).replace(hostile_graph())
    with running_workbench(graph) as origin:
        yield Served(origin, graph, folder / "g.overrides.yaml")
