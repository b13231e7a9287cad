"""Which part of the graph a view shows: a query's result, one entity's neighbourhood, or the
most connected part of a graph too large to draw.

Every selection returns a new :class:`~graph.model.KnowledgeGraph`, so the page builder has one
input whatever was asked for.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.errors import NordgraphError
from graph.model import KnowledgeGraph
from graph.store import GraphStore, QueryResult
from graph.values import NodeValue, PathValue, RelationshipValue

#: Fetches the end nodes of relationships a query returned without them.
_ENDPOINTS = "MATCH (n) WHERE n.id IN $ids RETURN n"


def graph_values(value: Any) -> Iterator[NodeValue | RelationshipValue]:
    """Every node and relationship inside one result value (paths and lists are walked)."""
    if isinstance(value, (NodeValue, RelationshipValue)):
        yield value
    elif isinstance(value, PathValue):
        yield from value.nodes
        yield from value.relationships
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from graph_values(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from graph_values(item)


def result_subgraph(result: QueryResult, store: GraphStore | None = None) -> KnowledgeGraph:
    """The nodes, relationships and paths a query returned, as a graph.

    Relationships whose end nodes the query did not return get them from ``store`` (one
    parameterised query); an end node the store does not know is drawn by its key alone.

    Raises
    ------
    NordgraphError
        When the result holds no node, relationship or path at all (nothing to draw).
    """
    nodes: dict[str, NodeValue] = {}
    rels: dict[str, RelationshipValue] = {}
    for row in result.rows:
        for value in graph_values(list(row)):
            if isinstance(value, NodeValue):
                nodes.setdefault(value.key, value)
            else:
                rels.setdefault(value.key, value)
    if not nodes and not rels:
        raise NordgraphError(
            f"the query returned no nodes, relationships or paths to draw (columns: "
            f"{', '.join(result.columns) or 'none'}); return them, e.g. RETURN n, r or RETURN p")
    missing = sorted({end for rel in rels.values() for end in (rel.start, rel.end)} - nodes.keys())
    if missing and store is not None:
        for row in store.query(_ENDPOINTS, {"ids": missing}).rows:
            if isinstance(row[0], NodeValue):
                nodes.setdefault(row[0].key, row[0])
    kg = KnowledgeGraph()
    for node in nodes.values():
        kg.nx.add_node(node.key, labels=tuple(node.labels), props=dict(node.properties))
    for rel in rels.values():
        for end in (rel.start, rel.end):
            if end not in kg.nx:
                kg.nx.add_node(end, labels=(), props={"id": end, "name": end})
        kg.nx.add_edge(rel.start, rel.end, key=rel.key, type=rel.type, props=dict(rel.properties))
    kg.touch()
    return kg


def find_entity(kg: KnowledgeGraph, name: str) -> str:
    """The key of the one node whose id, name or alias is ``name``.

    Raises
    ------
    NordgraphError
        When no node or several nodes answer to ``name`` (with suggestions or the ids to choose from).
    """
    found = kg.find(name)
    if len(found) == 1:
        return found[0]
    if found:
        raise NordgraphError(f"{name!r} names {len(found)} entities; give one id: {', '.join(sorted(found))}")
    wanted = name.casefold()
    close = sorted(k for k in kg.nodes() if wanted in kg.name(k).casefold())[:10]
    hint = "; did you mean: " + ", ".join(f"{kg.name(k)} ({k})" for k in close) if close else ""
    raise NordgraphError(f"no entity named {name!r}{hint}")


def neighbourhood(kg: KnowledgeGraph, name: str, depth: int = 1) -> KnowledgeGraph:
    """The entity called ``name`` and everything within ``depth`` hops of it, either direction."""
    if depth < 0:
        raise NordgraphError(f"depth must be 0 or more, got {depth}")
    centre = find_entity(kg, name)
    reach = nx.single_source_shortest_path_length(kg.nx.to_undirected(as_view=True), centre, cutoff=depth)
    return induced(kg, reach)


def induced(kg: KnowledgeGraph, keys: Iterable[str]) -> KnowledgeGraph:
    """The nodes ``keys`` and every edge among them, sharing ``kg``'s documents."""
    sub = KnowledgeGraph(kg.nx.subgraph(list(keys)).copy(), {"documents": kg.documents})
    sub.touch()
    return sub


@dataclass(frozen=True)
class Reduction:
    """What a view kept of a graph too large to draw, and by which rule."""

    graph: KnowledgeGraph
    total_nodes: int
    total_edges: int
    rule: str | None

    @property
    def reduced(self) -> bool:
        return self.rule is not None


def most_connected(kg: KnowledgeGraph, max_nodes: int) -> Reduction:
    """Keep at most ``max_nodes``: the highest-degree nodes (ties by id) and the edges among them.

    Degree counts every relationship in either direction, so hubs (lead partners, big
    programmes) stay and the long tail of single mentions goes first.
    """
    if max_nodes < 1:
        raise NordgraphError(f"max nodes must be at least 1, got {max_nodes}")
    total, edges = len(kg), kg.edge_count()
    if total <= max_nodes:
        return Reduction(kg, total, edges, None)
    ranked = sorted(kg.nx.degree(), key=lambda item: (-item[1], item[0]))
    kept = induced(kg, (key for key, _ in ranked[:max_nodes]))
    return Reduction(kept, total, edges, f"the {max_nodes} most connected by degree, with the links among them")


def view_graph(store: GraphStore, *, query: str | None = None, run: str | None = None,
               params: dict[str, Any] | None = None, focus: str | None = None,
               depth: int | None = None) -> KnowledgeGraph:
    """The graph one view shows: everything, a Cypher query's result, a canned query's result
    (``run``), or the neighbourhood of the entity ``focus`` within ``depth`` hops (default 1).

    Raises
    ------
    NordgraphError
        When more than one selection is given, or ``params``/``depth`` come without the
        selection they belong to (nothing given is silently ignored).
    """
    chosen = [flag for flag, value in (("--query", query), ("--run", run), ("--focus", focus)) if value]
    if len(chosen) > 1:
        raise NordgraphError(f"choose one of --query, --run and --focus, not {' and '.join(chosen)}")
    if params and not (query or run):
        raise NordgraphError("--param goes with --query or --run")
    if depth is not None and not focus:
        raise NordgraphError("--depth goes with --focus")
    if query:
        return result_subgraph(store.query(query, params or {}), store)
    if run:
        from queries.registry import run_canned

        return result_subgraph(run_canned(store, run, params or {}), store)
    if focus:
        return neighbourhood(store.graph(), focus, 1 if depth is None else depth)
    return store.graph()
