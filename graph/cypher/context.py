"""What one run of a query shares: the graph, parameters, write counters and indexes.

Label, property-equality and typed-adjacency indexes and property columns are built lazily per
KnowledgeGraph and rebuilt when ``kg.revision`` moves, so repeated read queries on an unchanged
graph reuse them. The typed adjacency and the columns are only trusted by read-only queries:
writes inside a query do not keep them.
"""
from __future__ import annotations

import datetime as dt
import gc
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from nordgraph.graph.collector import LARGE, keep
from nordgraph.graph.cypher.columns import Column, build_column
from nordgraph.graph.cypher.guards import Guard
from nordgraph.graph.cypher.runtime_values import hash_key, prop_value
from nordgraph.graph.limits import Limits
from nordgraph.graph.model import KnowledgeGraph

#: One relationship seen from a node: (edge key, the node at its other end, the edge's data,
#: that node's data).
Adjacent = tuple[str, str, dict[str, Any], dict[str, Any]]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building an index or running a query: both make
    many small containers (rows, index entries) and almost no cycles, and each collection the
    allocations trigger would walk them all again (measured: about half the time of a whole-graph
    aggregation at 100k nodes); reference counting still frees them as they go."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class GraphIndex:
    """Node keys by label and by (label, property, value), built on first use."""

    def __init__(self, graph: Any):
        self.graph = graph
        self._labels: dict[str, list[str]] | None = None
        self._props: dict[tuple[str | None, str], dict[Any, list[str]]] = {}
        self._adjacency: dict[tuple[frozenset[str], bool], dict[str, list[Adjacent]]] = {}
        self._complete: set[tuple[frozenset[str], bool]] = set()
        self._unkept = 0  # adjacency entries filled since the collector last set them aside
        self._budgets: dict[tuple[frozenset[str], bool], list[int]] = {}
        self._degrees: dict[tuple[frozenset[str], bool, str | None, bool], dict[str, int]] = {}
        self._columns: dict[tuple[str, str], Column] = {}

    def read_budget(self, rel_types: frozenset[str], outgoing: bool) -> list[int]:
        """A counter of how many more edges queries may read at nodes one way, looking for
        ``rel_types``, from the graph's own adjacency before keeping them pays (in
        :meth:`typed`'s table, or for counting a degree table, which needs the whole typed
        adjacency: about one pass over the edges): as many as the graph has, so a one-off query
        keeps nothing, and repeated ones keep what they read. One counter per table: a query
        that reads a few nodes' edges never keeps them because other queries read many edges of
        other types (measured: the canned ``project`` query built six tables, 0.5 s, after
        ``co-partners`` had spent a shared counter)."""
        budget = self._budgets.get((rel_types, outgoing))
        if budget is None:
            budget = self._budgets[(rel_types, outgoing)] = [sum(map(len, self.graph._adj.values()))]
        return budget

    def degrees(self, rel_types: frozenset[str], outgoing: bool, label: str | None,
                loops: bool = True) -> dict[str, int]:
        """Node key -> how many of its relationships of ``rel_types`` one way end at a node
        with ``label`` (any node: None), self-loops left out unless ``loops``: counting
        push-down, built from :meth:`adjacency` on first use."""
        table = self._degrees.get((rel_types, outgoing, label, loops))
        if table is None:
            table = {}
            with collector_paused():
                for key, edges in self.adjacency(rel_types, outgoing).items():
                    n = sum([1 for _, other, _, data_n in edges
                             if (label is None or label in data_n["labels"]) and (loops or other != key)])
                    if n:
                        table[key] = n
            self._degrees[(rel_types, outgoing, label, loops)] = table
            keep(len(table))
        return table

    def typed(self, rel_types: frozenset[str], outgoing: bool) -> dict[str, list[Adjacent]]:
        """Node key -> its relationships of ``rel_types`` one way (see :data:`Adjacent`), in the
        graph's own adjacency order, so an expansion reads only the edges it can use (one table
        per set of types: ``LEADS|PARTNER_IN`` keeps both kinds in that order). Only the nodes
        read so far are in it: a key that is not is read with :meth:`edges_at`. Filled as read,
        not in one pass over every relationship, so no query pays for nodes it never reads
        (measured on the eunets graph: a pass took 0.18-0.26 s, a quarter of the
        ``country-matrix`` query, whichever run crossed a read budget)."""
        table = self._adjacency.get((rel_types, outgoing))
        if table is None:
            table = self._adjacency[(rel_types, outgoing)] = {}
        return table

    def edges_at(self, rel_types: frozenset[str], outgoing: bool, key: str) -> list[Adjacent]:
        """``key``'s relationships of ``rel_types`` one way, read from the graph and kept in
        :meth:`typed`'s table."""
        nbrs = (self.graph._adj if outgoing else self.graph._pred)[key]
        found = self.typed(rel_types, outgoing)[key] = self._of_types(nbrs, rel_types)
        self._unkept += 1
        return found

    def _of_types(self, nbrs: dict[str, dict[str, dict[str, Any]]], rel_types: frozenset[str]) -> list[Adjacent]:
        """One node's relationships of ``rel_types``, from its adjacency ``nbrs``, in its order."""
        nodes = self.graph._node
        return [(ek, other, data, nodes[other]) for other, keyed in nbrs.items()
                for ek, data in keyed.items() if data["type"] in rel_types]

    def adjacency(self, rel_types: frozenset[str], outgoing: bool) -> dict[str, list[Adjacent]]:
        """:meth:`typed`'s table with every node that has such relationships in it (a node
        without any may be missing), for the counting that reads all of them at once."""
        table = self.typed(rel_types, outgoing)
        if (rel_types, outgoing) not in self._complete:
            with collector_paused():
                for key, nbrs in (self.graph._adj if outgoing else self.graph._pred).items():
                    if key not in table and (found := self._of_types(nbrs, rel_types)):
                        table[key] = found
            self._complete.add((rel_types, outgoing))
            self._unkept = 0
            keep(len(table))
        return table

    def settle(self) -> None:
        """Set the adjacency entries that queries filled aside from the collector's walks, when
        they are many (see :mod:`graph.collector`)."""
        if self._unkept >= LARGE:
            keep(self._unkept)
            self._unkept = 0

    def label(self, label: str) -> list[str]:
        if self._labels is None:
            labels: dict[str, list[str]] = {}
            for key, data in self.graph._node.items():
                for lab in data["labels"]:
                    labels.setdefault(lab, []).append(key)
            self._labels = labels
            keep(len(self.graph._node))
        return self._labels.get(label, [])

    def add_node(self, key: str, data: dict[str, Any]) -> None:
        """Index a node created after the indexes were built."""
        if self._labels is not None:
            for lab in data["labels"]:
                self._labels.setdefault(lab, []).append(key)
        for (label, prop), table in self._props.items():
            value = data["props"].get(prop)
            if value is not None and (label is None or label in data["labels"]):
                table.setdefault(hash_key(prop_value(value)), []).append(key)

    def set_property(self, key: str, data: dict[str, Any], prop: str, old: Any, new: Any) -> None:
        """Move a node between property-index entries after ``prop`` changed from ``old`` to ``new``."""
        for (label, indexed), table in self._props.items():
            if indexed != prop or (label is not None and label not in data["labels"]):
                continue
            if old is not None:
                entry = table.get(hash_key(prop_value(old)), [])
                if key in entry:
                    entry.remove(key)
            if new is not None:
                table.setdefault(hash_key(prop_value(new)), []).append(key)

    def has_adjacency(self, rel_types: frozenset[str], outgoing: bool) -> bool:
        """Whether :meth:`adjacency` for these types and direction is complete (costs nothing more)."""
        return (rel_types, outgoing) in self._complete

    def column(self, label: str, prop: str) -> Column:
        """``prop`` of every node with ``label``, in :meth:`label`'s order (:mod:`graph.cypher.columns`);
        built on first use, for read-only queries (a write drops them all)."""
        table = self._columns.get((label, prop))
        if table is None:
            table = self._columns[(label, prop)] = build_column(self.label(label), self.graph._node, prop)
            keep(len(self.label(label)))
        return table

    def drop_derived(self) -> None:
        """Forget the typed adjacency (a write may have added or removed relationships) and the
        columns (they copy property values)."""
        self._adjacency.clear()
        self._complete.clear()
        self._unkept = 0
        self._degrees.clear()
        self._columns.clear()

    def lookup(self, label: str | None, prop: str, value: Any) -> list[str]:
        """Keys of nodes (with ``label``, if given) whose ``prop`` may equal ``value``."""
        if value is None:
            return []
        table = self._props.get((label, prop))
        if table is None:
            table = {}
            keys = self.label(label) if label is not None else list(self.graph._node)
            nodes = self.graph._node
            for key in keys:
                v = nodes[key]["props"].get(prop)
                if v is not None:
                    table.setdefault(hash_key(prop_value(v)), []).append(key)
            self._props[(label, prop)] = table
            keep(len(keys))
        return table.get(hash_key(value), [])


_INDEXES: "weakref.WeakKeyDictionary[KnowledgeGraph, tuple[int, GraphIndex]]" = weakref.WeakKeyDictionary()


def settle_index(kg: KnowledgeGraph) -> None:
    """:meth:`GraphIndex.settle` on ``kg``'s index, if it has one."""
    cached = _INDEXES.get(kg)
    if cached is not None:
        cached[1].settle()


def graph_index(kg: KnowledgeGraph) -> GraphIndex:
    cached = _INDEXES.get(kg)
    if cached is None or cached[0] != kg.revision:
        cached = (kg.revision, GraphIndex(kg.nx))
        _INDEXES[kg] = cached
    return cached[1]


class WriteRules(Protocol):
    """What a store requires of a query's writes beyond Cypher's own rules (the embedded store:
    :data:`graph.reserved.FILE_RULES`); each check raises a :class:`CypherError` to refuse."""

    def created_key(self, props: dict[str, Any], taken: Callable[[str], bool]) -> str | None:
        """The key a node created with ``props`` takes, or None for a fresh ``_:N``."""

    def check_property(self, kind: str, key: str, name: str, value: Any) -> None:
        """Refuse ``value`` (None: removed) as property ``name`` of a node or relationship."""

    def check_labels(self, key: str, labels: tuple[str, ...]) -> None:
        """Refuse ``labels`` as the labels of node ``key``."""


class Context:
    """One execution: the graph, parameters, bounds, write statistics and fresh-name counters."""

    def __init__(self, kg: KnowledgeGraph, params: dict[str, Any], read_only: bool = False,
                 limits: Limits | None = None, rules: WriteRules | None = None):
        self.kg = kg
        #: the run's time and size bounds, counted from now
        self.guard = Guard(limits or Limits())
        #: the store's rules for writes, if it has any
        self.rules = rules
        #: no clause of the query writes, so the typed adjacency index stays true throughout
        self.read_only = read_only
        self.graph = kg.nx
        self.params = params
        self.anon = 0
        #: the statement clock: date(), time() ... without arguments all read this instant
        self.now = dt.datetime.now(dt.timezone.utc)
        #: compile-time kind of each variable (node, relationship, path, value, any)
        self.kinds: dict[str, str] = {}
        self._next_node: int | None = None
        self._next_rel: int | None = None

    @property
    def index(self) -> GraphIndex:
        return graph_index(self.kg)

    def changed(self, update: Callable[[GraphIndex], None] | None = None) -> None:
        """Record a change to the graph; ``update`` patches a fresh index instead of dropping it."""
        cached = _INDEXES.get(self.kg)
        fresh = cached is not None and cached[0] == self.kg.revision
        self.kg.touch()
        if fresh and update is not None:
            update(cached[1])
            cached[1].drop_derived()
            _INDEXES[self.kg] = (self.kg.revision, cached[1])

    def reserve_keys(self) -> None:
        """Fix the next fresh node and relationship numbers from the graph as it is now."""
        self.new_node_key()
        self.new_rel_key()

    def new_node_key(self) -> str:
        if self._next_node is None:
            self._next_node = 1 + max((int(k[2:]) for k in self.graph._node
                                       if isinstance(k, str) and k.startswith("_:") and k[2:].isdigit()),
                                      default=-1)
        key = f"_:{self._next_node}"
        self._next_node += 1
        return key

    def new_rel_key(self) -> str:
        if self._next_rel is None:
            self._next_rel = 1 + max((int(k[3:]) for _, _, k in self.graph.edges(keys=True)
                                      if isinstance(k, str) and k.startswith("_:r") and k[3:].isdigit()),
                                     default=-1)
        key = f"_:r{self._next_rel}"
        self._next_rel += 1
        return key


def snapshot(graph: Any) -> tuple[set[str], set[str], set[str], set[tuple[str, str, Any]]]:
    """Node keys, relationship keys, label names and property triples of ``graph``.

    The TCK defines side effects as the difference of two such snapshots (so a property set
    to its current value, or a label that already exists elsewhere, is no change).
    """
    nodes, rels, labels, props = set(graph._node), set(), set(), set()
    for key, data in graph._node.items():
        labels.update(data["labels"])
        props.update((key, k, hash_key(v)) for k, v in data["props"].items() if v is not None)
    for _, _, key, data in graph.edges(keys=True, data=True):
        rels.add(key)
        props.update((key, k, hash_key(v)) for k, v in data["props"].items() if v is not None)
    return nodes, rels, labels, props


def side_effects(before: tuple, after: tuple) -> dict[str, int]:
    """The TCK side-effect counters between two :func:`snapshot` results (non-zero ones)."""
    out = {}
    for (plus, minus), old, new in zip(
        (("+nodes", "-nodes"), ("+relationships", "-relationships"), ("+labels", "-labels"),
         ("+properties", "-properties")), before, after):
        added, removed = len(new - old), len(old - new)
        if added:
            out[plus] = added
        if removed:
            out[minus] = removed
    return out
