"""Which part of the graph a view shows: a query's result, one entity's neighbourhood, or the
most connected part of a graph too large to draw; and the filters that thin a view (isolated
nodes, light projection edges).

Every selection returns a new :class:`~graph.model.KnowledgeGraph`, so the page builder has one
input whatever was asked for.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from nordgraph.graph.errors import NordgraphError
from nordgraph.graph.lookup import resolve_entity
from nordgraph.graph.model import RELATION_TYPES, KnowledgeGraph
from nordgraph.graph.store import GraphStore, QueryResult
from nordgraph.graph.values import NodeValue, PathValue, RelationshipValue

# Each query starts from the given ids by UNWIND, one index look-up per id: ``WHERE n.id IN $ids``
# compares every node of the graph with every id (7 s for 1,500 ids among 22,000 nodes).
#: Fetches nodes by id: the end nodes of relationships a query returned without them.
_NODES = "UNWIND $ids AS id MATCH (n {id: id}) RETURN n"
#: One hop out of a neighbourhood over the chosen types, either direction; says which ends are countries.
_NEIGHBOURS = ("UNWIND $ids AS id MATCH (n {id: id})-[r]-(m) WHERE type(r) IN $types "
               "RETURN DISTINCT m.id, 'Country' IN labels(m)")
#: Relationships out of the given nodes, with the far end's id (kept when it is one of them too).
_LINKS = "UNWIND $ids AS id MATCH (a {id: id})-[r]->(b) WHERE type(r) IN $types RETURN r, b.id"
#: Where each node is: the one place nordgraph keeps a country.
_COUNTRIES = "UNWIND $ids AS id MATCH (n {id: id})-[:LOCATED_IN]->(c:Country) RETURN n.id, c.name"
#: Walking through a country would join every organisation of it ("two steps apart via Norway").
COUNTRY_LINK = "LOCATED_IN"
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
        for row in store.query(_NODES, {"ids": missing}).rows:
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


def neighbourhood(store: GraphStore, name: str, depth: int = 1,
                  relations: Iterable[str] | None = None) -> KnowledgeGraph:
    """The entity called ``name`` (see :func:`graph.lookup.resolve_entity`) and everything within
    ``depth`` hops of it in either direction over ``relations`` (default: every type), with the
    relationships of those types among them.

    A Country is a dead end of the walk unless ``relations`` names LOCATED_IN: reached, drawn,
    but not walked through, so ``depth=2`` around a Norwegian organisation does not pull in
    every Norwegian organisation. The focused entity itself is always walked from.

    Read hop by hop with parameterised queries (the ids reached so far go in as a list), so a
    Neo4j store hands over only the neighbourhood, never the whole graph, and a hub reached at
    the last hop costs one row per neighbour rather than one per path.

    Raises
    ------
    NordgraphError
        When ``depth`` is outside 0 to :data:`MAX_DEPTH`, a relation type is unknown, or
        ``name`` names no entity or several.
    """
    if not 0 <= depth <= MAX_DEPTH:
        raise NordgraphError(f"depth must be from 0 to {MAX_DEPTH}, got {depth}")
    types = relation_types(relations)
    through_countries = relations is not None and COUNTRY_LINK in types
    centre = resolve_entity(store, name)
    reached = {str(centre.properties.get("id", centre.key))}
    frontier = set(reached)
    for _ in range(depth):
        rows = store.query(_NEIGHBOURS, {"ids": sorted(frontier), "types": types}).rows
        found = {str(row[0]): bool(row[1]) for row in rows if row[0] is not None}
        new = found.keys() - reached
        reached |= new
        frontier = {key for key in new if through_countries or not found[key]}
        if not frontier:
            break
    ids = sorted(reached)
    within = set(ids)
    rows = store.query(_NODES, {"ids": ids}).rows + [
        (rel,) for rel, far in store.query(_LINKS, {"ids": ids, "types": types}).rows if far in within]
    kg = result_subgraph(QueryResult(["value"], [tuple(row) for row in rows]), store)
    kg.metadata["focus"] = centre.key
    return kg


def relation_types(relations: Iterable[str] | None) -> list[str]:
    """``relations`` upper-cased and checked against the types nordgraph knows (None: all of them).

    Raises
    ------
    NordgraphError
        Naming the unknown types and the known ones.
    """
    if relations is None:
        return list(RELATION_TYPES)
    types = list(dict.fromkeys(t.strip().upper() for t in relations if t.strip()))
    unknown = [t for t in types if t not in RELATION_TYPES]
    if unknown or not types:
        raise NordgraphError(f"unknown relation type(s) {', '.join(unknown) or '(none given)'}; "
                             f"known: {', '.join(RELATION_TYPES)}")
    return types


def attach_countries(store: GraphStore, kg: KnowledgeGraph) -> KnowledgeGraph:
    """Give every node of ``kg`` the countries the store places it in (node attribute ``countries``).

    A selection rarely holds the LOCATED_IN links themselves (a neighbourhood walk leaves the
    countries out), yet a view coloured or labelled by country needs them: one parameterised
    query fetches them for the selection's nodes only.
    """
    by_id = {str(data["props"].get("id", key)): key for key, data in kg.nx.nodes(data=True)}
    if not by_id:
        return kg
    found: dict[str, set[str]] = {}
    for node_id, country in store.query(_COUNTRIES, {"ids": sorted(by_id)}).rows:
        if node_id in by_id and country is not None:
            found.setdefault(by_id[node_id], set()).add(str(country))
    for key, countries in found.items():
        kg.nx.nodes[key]["countries"] = sorted(countries)
    return kg


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
    """Keep at most ``max_nodes``: the most connected nodes of every label, each label keeping
    its share of the graph, and the edges among them.

    A plain top-by-degree cut let one label crowd out the rest (on the Norwegian H2020 register
    it kept all 511 calls and dropped 451 of 694 organisations), so each label gets seats in
    proportion to its count (largest remainders, at least one seat each while seats last), and
    within a label the highest degrees (either direction; ties by id) take them. The rule says
    how many of each label stayed.
    """
    if max_nodes < 1:
        raise NordgraphError(f"max nodes must be at least 1, got {max_nodes}")
    total, edges = len(kg), kg.edge_count()
    if total <= max_nodes:
        return Reduction(kg, total, edges, None)
    degree = dict(kg.nx.degree())
    groups: dict[str, list[str]] = {}
    for key, data in kg.nx.nodes(data=True):
        groups.setdefault(data["labels"][0] if data["labels"] else "(no label)", []).append(key)
    seats = _proportional_seats({label: len(keys) for label, keys in groups.items()}, max_nodes)
    kept: list[str] = []
    for label, keys in groups.items():
        kept += sorted(keys, key=lambda k: (-degree[k], k))[:seats[label]]
    parts = ", ".join(f"{label} {seats[label]} of {len(groups[label])}"
                      for label in sorted(groups, key=lambda lab: (-len(groups[lab]), lab)))
    return Reduction(induced(kg, kept), total, edges,
                     f"the most connected of each label, in proportion: {parts}")


def _proportional_seats(counts: dict[str, int], seats: int) -> dict[str, int]:
    """Split ``seats`` (fewer than the counts' sum) in proportion to ``counts`` by largest remainders."""
    total = sum(counts.values())
    order = sorted(counts, key=lambda lab: (-counts[lab], lab))
    share = {lab: seats * counts[lab] / total for lab in order}
    given = {lab: int(share[lab]) for lab in order}
    for lab in order:  # a label with a sliver of the graph still shows its best node
        if not given[lab] and sum(given.values()) < seats:
            given[lab] = 1
    spare = seats - sum(given.values())
    while spare > 0:  # largest remainders first, round again while labels have nodes left
        for lab in sorted(order, key=lambda lab: (-(share[lab] - given[lab]), lab)):
            if spare and given[lab] < counts[lab]:
                given[lab] += 1
                spare -= 1
    return given


def without_isolated(kg: KnowledgeGraph) -> KnowledgeGraph:
    """``kg`` without the nodes that have no relationship (a hairball's dust)."""
    linked = [key for key, d in kg.nx.degree() if d]
    return kg if len(linked) == len(kg) else induced(kg, linked)


def with_min_weight(kg: KnowledgeGraph, min_weight: float) -> KnowledgeGraph:
    """``kg`` keeping only edges whose ``weight`` is at least ``min_weight`` (a projection's ties).

    Raises
    ------
    NordgraphError
        When no edge has a weight: the option means something only for a projection.
    """
    edges = list(kg.nx.edges(keys=True, data=True))
    if edges and not any("weight" in d["props"] for *_, d in edges):
        raise NordgraphError("--min-weight needs weighted edges: use it with --projection")
    # built afresh from the kept edges: copying a projection's 400,000 links to drop most took 8 s
    sub = nx.MultiDiGraph()
    sub.add_nodes_from(kg.nx.nodes(data=True))
    sub.add_edges_from((s, t, k, d) for s, t, k, d in edges
                       if float(d["props"].get("weight", min_weight)) >= min_weight)
    heavy = KnowledgeGraph(sub, {"documents": kg.documents})
    heavy.touch()
    return heavy


def view_graph(store: GraphStore, *, query: str | None = None, result: QueryResult | None = None,
               params: dict[str, Any] | None = None, focus: str | None = None,
               depth: int | None = None, relations: Iterable[str] | None = None) -> KnowledgeGraph:
    """The graph one view shows: everything, a Cypher query's result, a result already run
    (``result``: what ``--run`` gave; the CLI runs canned queries, ``graph`` does not know them),
    or the neighbourhood of the entity ``focus`` within ``depth`` hops (default 1) over
    ``relations`` (see :func:`neighbourhood`). A selection's nodes carry their countries
    (:func:`attach_countries`); a focused view names its centre in ``metadata["focus"]``.

    Raises
    ------
    NordgraphError
        When more than one selection is given, or ``params``/``depth``/``relations`` come
        without the selection they belong to (nothing given is silently ignored).
    """
    chosen = [flag for flag, given in (("--query", bool(query)), ("--run", result is not None),
                                       ("--focus", bool(focus))) if given]
    if len(chosen) > 1:
        raise NordgraphError(f"choose one of --query, --run and --focus, not {' and '.join(chosen)}")
    if params and not (query or result):
        raise NordgraphError("--param goes with --query or --run")
    if depth is not None and not focus:
        raise NordgraphError("--depth goes with --focus")
    if relations is not None and not focus:
        raise NordgraphError("--relations goes with --focus")
    if query:
        return attach_countries(store, result_subgraph(store.query(query, params or {}), store))
    if result is not None:
        return attach_countries(store, result_subgraph(result, store))
    if focus:
        return attach_countries(store, neighbourhood(store, focus, 1 if depth is None else depth, relations))
    return store.graph()
