"""Which part of the graph a view shows: a query's result, one entity's neighbourhood, or the
most connected part of a graph too large to draw.

Every selection returns a new :class:`~graph.model.KnowledgeGraph`, so the page builder has one
input whatever was asked for.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from nordgraph.graph.errors import NordgraphError
from nordgraph.graph.lookup import resolve_entity
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.store import GraphStore, QueryResult
from nordgraph.graph.values import NodeValue, PathValue, RelationshipValue

#: Fetches the end nodes of relationships a query returned without them.
_ENDPOINTS = "MATCH (n) WHERE n.id IN $ids RETURN n"
#: One hop out of a neighbourhood, either direction.
_NEIGHBOURS = "MATCH (n)--(m) WHERE n.id IN $ids RETURN DISTINCT m.id"
_NODES = "MATCH (n) WHERE n.id IN $ids RETURN n"
_LINKS = "MATCH (a)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids RETURN r"
#: The most hops ``--focus`` follows: beyond a few hops a collaboration network is most of the graph.
MAX_DEPTH = 6


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


def neighbourhood(store: GraphStore, name: str, depth: int = 1) -> KnowledgeGraph:
    """The entity called ``name`` (see :func:`graph.lookup.resolve_entity`) and everything within
    ``depth`` hops of it in either direction, with the relationships among them.

    Read hop by hop with parameterised queries (the ids reached so far go in as a list), so a
    Neo4j store hands over only the neighbourhood, never the whole graph, and a hub reached at
    the last hop costs one row per neighbour rather than one per path.

    Raises
    ------
    NordgraphError
        When ``depth`` is outside 0 to :data:`MAX_DEPTH`, or ``name`` names no entity or several.
    """
    if not 0 <= depth <= MAX_DEPTH:
        raise NordgraphError(f"depth must be from 0 to {MAX_DEPTH}, got {depth}")
    centre = resolve_entity(store, name)
    reached = {str(centre.properties.get("id", centre.key))}
    frontier = set(reached)
    for _ in range(depth):
        rows = store.query(_NEIGHBOURS, {"ids": sorted(frontier)}).rows
        frontier = {str(row[0]) for row in rows if row[0] is not None} - reached
        if not frontier:
            break
        reached |= frontier
    ids = sorted(reached)
    rows = store.query(_NODES, {"ids": ids}).rows + store.query(_LINKS, {"ids": ids}).rows
    return result_subgraph(QueryResult(["value"], [tuple(row) for row in rows]), store)


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


def view_graph(store: GraphStore, *, query: str | None = None, result: QueryResult | None = None,
               params: dict[str, Any] | None = None, focus: str | None = None,
               depth: int | None = None) -> KnowledgeGraph:
    """The graph one view shows: everything, a Cypher query's result, a result already run
    (``result``: what ``--run`` gave; the CLI runs canned queries, ``graph`` does not know them),
    or the neighbourhood of the entity ``focus`` within ``depth`` hops (default 1).

    Raises
    ------
    NordgraphError
        When more than one selection is given, or ``params``/``depth`` come without the
        selection they belong to (nothing given is silently ignored).
    """
    chosen = [flag for flag, given in (("--query", bool(query)), ("--run", result is not None),
                                       ("--focus", bool(focus))) if given]
    if len(chosen) > 1:
        raise NordgraphError(f"choose one of --query, --run and --focus, not {' and '.join(chosen)}")
    if params and not (query or result):
        raise NordgraphError("--param goes with --query or --run")
    if depth is not None and not focus:
        raise NordgraphError("--depth goes with --focus")
    if query:
        return result_subgraph(store.query(query, params or {}), store)
    if result is not None:
        return result_subgraph(result, store)
    if focus:
        return neighbourhood(store, focus, 1 if depth is None else depth)
    return store.graph()
