"""nordgraph's public Python API: build a graph, open a store, query it.

Everything the ``nordgraph`` command does is reachable from here; ``cli.py`` is a thin layer
over these functions and the packages they come from.

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

import os
from collections.abc import Iterable
from typing import Any

from graph.errors import NordgraphError
from graph.model import Evidence, KnowledgeGraph
from graph.store import GraphStore, QueryResult, open_store as _open_store
from loaders.pipeline import BuildResult, build_graph

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
    return build_graph(paths, overrides=overrides)


def open_store(path: str | os.PathLike[str] | None = None, *, store: str = "embedded",
               **neo4j: str | None) -> GraphStore:
    """The embedded store at ``path``, or with ``store="neo4j"`` a Neo4j server
    (``uri``, ``user``, ``password``, ``database``; ``NEO4J_*`` environment variables otherwise)."""
    return _open_store(store, path=path, neo4j=neo4j)


def query(store: GraphStore, text: str, /, **params: Any) -> QueryResult:
    """Run Cypher ``text`` with ``params`` on ``store``."""
    return store.query(text, params)


def run(store: GraphStore, name: str, /, **params: Any) -> QueryResult:
    """Run the canned query or analytics ``name`` (see ``nordgraph queries``) on ``store``."""
    from queries.registry import run_canned

    return run_canned(store, name, params)
