"""One store interface, two backends: the embedded NetworkX file and a Neo4j server.

Code outside ``graph/`` talks to a :class:`GraphStore` and never asks which backend it has:
``graph()`` for the whole graph (analytics, views), ``query()`` for Cypher, ``replace()`` to
write a freshly built graph, ``counts()`` for summaries.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from nordgraph.graph.errors import StoreError
from nordgraph.graph.jsonfile import read_graph, write_graph
from nordgraph.graph.model import KnowledgeGraph

DEFAULT_GRAPH_FILE = "nordgraph.json"
GRAPH_ENV = "NORDGRAPH_GRAPH"


@dataclass
class QueryResult:
    """Columns, rows (tuples in column order) and the write counters of one query.

    ``notes`` are sentences for the reader beside the rows: why there are none, or that a score
    is an estimate and from how much.
    """

    columns: list[str]
    rows: list[tuple[Any, ...]]
    stats: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dictionaries keyed by column name."""
        return [dict(zip(self.columns, row)) for row in self.rows]


@runtime_checkable
class GraphStore(Protocol):
    """What every backend offers."""

    description: str

    def graph(self) -> KnowledgeGraph: ...

    def query(self, text: str, params: Mapping[str, Any] | None = None) -> QueryResult: ...

    def replace(self, kg: KnowledgeGraph) -> None: ...

    def counts(self) -> dict[str, dict[str, int]]: ...

    def close(self) -> None: ...


def default_graph_path() -> Path:
    """``$NORDGRAPH_GRAPH`` if set, else ``nordgraph.json`` in the current directory."""
    return Path(os.environ.get(GRAPH_ENV) or DEFAULT_GRAPH_FILE)


class EmbeddedStore:
    """The graph in one JSON file, held in memory as NetworkX while a command runs.

    Writes (``replace`` and updating Cypher) go to disk atomically; an updating query runs on
    a copy, so a query that fails half-way leaves both the file and the loaded graph as they were.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None):
        self.path = Path(path) if path is not None else default_graph_path()
        self.description = f"embedded graph {self.path}"
        self._graph: KnowledgeGraph | None = None

    def graph(self) -> KnowledgeGraph:
        """The graph in the file; a missing file is an error (a typo must not look like an empty graph)."""
        if self._graph is None:
            if not self.path.exists():
                raise StoreError(f"no graph at {self.path}; build one with 'nordgraph build PATH'")
            self._graph = read_graph(self.path)
        return self._graph

    def exists(self) -> bool:
        return self.path.exists()

    def query(self, text: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        from nordgraph.graph import cypher

        parsed = cypher.parse(text)
        if not parsed.updating:
            return cypher.execute(parsed, self.graph(), params or {})
        # An updating query may start a new graph file (CREATE into a file that is not there yet).
        work = self.graph().copy() if self.exists() or self._graph is not None else KnowledgeGraph()
        result = cypher.execute(parsed, work, params or {})
        write_graph(work, self.path)
        self._graph = work
        return result

    def replace(self, kg: KnowledgeGraph) -> None:
        write_graph(kg, self.path)
        self._graph = kg

    def counts(self) -> dict[str, dict[str, int]]:
        return self.graph().counts()

    def close(self) -> None:
        self._graph = None


STORE_KINDS = ("embedded", "neo4j")


def open_store(kind: str = "embedded", *, path: str | os.PathLike[str] | None = None,
               neo4j: Mapping[str, str | None] | None = None) -> GraphStore:
    """Open the store of ``kind``: the embedded file at ``path`` or a Neo4j server.

    ``neo4j`` holds optional ``uri``, ``user``, ``password`` and ``database`` values that
    override the ``NEO4J_*`` environment variables.
    """
    if kind == "embedded":
        return EmbeddedStore(path)
    if kind == "neo4j":
        from nordgraph.graph.neo4j import open_neo4j_store

        return open_neo4j_store(**dict(neo4j or {}))
    from nordgraph.graph.errors import UnknownNameError

    raise UnknownNameError("store", kind, list(STORE_KINDS))
