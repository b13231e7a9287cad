"""A real Bolt server for the whole session: ``$NEO4J_URI`` when set, else FalkorDB on loopback.

If the server cannot start, every test here fails (it does not skip): CI must run them.
With ``$NEO4J_URI`` set, the tests EMPTY that database again and again: point it at a
throw-away database, never at one that holds data.
"""
from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.neo4j import Neo4jStore, open_neo4j_store
from nordgraph.graph.neo4j.connection import close_drivers
from testkit.bolt_server import start_falkordb
from tests.neo4j.neo4j_testing import make_sample_graph


@pytest.fixture(scope="session")
def bolt_settings() -> Iterator[dict[str, str | None]]:
    """Connection values for the server under test (the CLI takes them as --neo4j-* options)."""
    if os.environ.get("NEO4J_URI"):
        yield {"uri": None, "user": None, "password": None, "database": None}
        return
    server = start_falkordb()
    try:
        with pytest.MonkeyPatch.context() as env:  # the test server has no users or databases
            for name in ("NEO4J_USERNAME", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
                env.delenv(name, raising=False)
            yield {"uri": server.uri, "user": None, "password": None, "database": None}
    finally:
        close_drivers()
        server.stop()


@pytest.fixture
def store(bolt_settings: dict[str, str | None]) -> Neo4jStore:
    """The store, emptied before the test."""
    opened = open_neo4j_store(**bolt_settings)
    opened.records("MATCH (n) DETACH DELETE n", write=True)
    return opened


@pytest.fixture(scope="module")
def store_args(bolt_settings: dict[str, str | None]) -> list[str]:
    """``nordgraph`` options that select the server under test."""
    args = ["--store", "neo4j"]
    if bolt_settings["uri"]:
        args += ["--neo4j-uri", bolt_settings["uri"]]
    return args


@pytest.fixture
def sample_graph() -> KnowledgeGraph:
    return make_sample_graph()
