"""nordgraph's public Python API: build a graph, open a store, query it.

Everything the ``nordgraph`` command does is reachable from here; ``nordgraph.cli`` is a thin
layer over these functions and the packages they come from. This file is the package's
``__init__``: the repository's top level *is* the package ``nordgraph`` (pyproject maps it), so
``graph/``, ``loaders/``, ``queries/`` and ``cli.py`` install as ``nordgraph.graph`` and so on.

Examples
--------
>>> import nordgraph
>>> result = nordgraph.build(["examples"])            # doctest: +SKIP
>>> store = nordgraph.open_store("health.json")        # doctest: +SKIP
>>> store.replace(result.graph)                        # doctest: +SKIP
>>> nordgraph.query(store, "MATCH (n) RETURN count(n) AS n").records()  # doctest: +SKIP
[{'n': 42}]
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nordgraph.graph.errors import NordgraphError
    from nordgraph.graph.model import Evidence, KnowledgeGraph
    from nordgraph.graph.store import GraphStore, QueryResult
    from nordgraph.loaders.pipeline import BuildResult

#: Where each public name lives. They load on first use, so that importing one layer
#: (``nordgraph.graph``) does not drag in the others through this package's ``__init__``.
_LAZY = {
    "NordgraphError": "nordgraph.graph.errors",
    "Evidence": "nordgraph.graph.model",
    "KnowledgeGraph": "nordgraph.graph.model",
    "GraphStore": "nordgraph.graph.store",
    "QueryResult": "nordgraph.graph.store",
    "BuildResult": "nordgraph.loaders.pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'nordgraph' has no attribute {name!r}")

__all__ = [
    "BuildResult",
    "Evidence",
    "GraphStore",
    "KnowledgeGraph",
    "NordgraphError",
    "QueryResult",
    "build",
    "open_store",
    "query",
    "run",
]


def build(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
          overrides: str | os.PathLike[str] | None = None) -> BuildResult:
    """Read the documents under ``paths`` (one path or several) into a new graph; nothing is written."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    from nordgraph.loaders.pipeline import build_graph

    return build_graph(paths, overrides=overrides)


def open_store(path: str | os.PathLike[str] | None = None, *, store: str = "embedded",
               timeout: float | None = 300.0, max_rows: int | None = 10_000_000,
               max_memory_mb: int | None = 1536, **neo4j: Any) -> GraphStore:
    """The embedded store at ``path``, or with ``store="neo4j"`` a Neo4j server (``uri``, ``user``,
    ``password``, ``database``, ``neo4j_timeout``: seconds a transfer's request may take;
    ``NEO4J_*`` environment variables otherwise).

    Every query on it stops with an error after ``timeout`` seconds, when a step of it makes
    more than ``max_rows`` rows or it builds a longer list, or when it adds more than
    ``max_memory_mb`` megabytes to the process's resident memory (``None`` or 0: no bound)."""
    from nordgraph.graph.limits import Limits
    from nordgraph.graph.store import open_store as open_named_store

    settings = {("timeout" if key == "neo4j_timeout" else key): value for key, value in neo4j.items()}
    return open_named_store(store, path=path, neo4j=settings, limits=Limits(timeout, max_rows, max_memory_mb))


def query(store: GraphStore, text: str, /, **params: Any) -> QueryResult:
    """Run Cypher ``text`` with ``params`` on ``store``; the result's ``notifications`` name the
    labels, relationship types and property keys the query reads that the graph does not hold."""
    from nordgraph.graph.store import checked_query

    return checked_query(store, text, params)


def run(store: GraphStore, name: str, /, **params: Any) -> QueryResult:
    """Run the canned query or analytics ``name`` (see ``nordgraph queries``) on ``store``."""
    from nordgraph.queries.registry import run_canned

    return run_canned(store, name, params)
