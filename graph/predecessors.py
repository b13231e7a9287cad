"""A NetworkX graph whose predecessor map is built the first time something reads it.

NetworkX keeps every edge twice: ``_succ[u][v]`` and ``_pred[v][u]`` are the same ``{key: data}``
map. A snapshot (:mod:`graph.snapshot`) decodes the successor maps in C, but linking each edge
into the predecessor maps is a Python loop: 0.22-0.36 CPU seconds and 19 MB for the 100k-node
synthetic graph (500k edges), a third of what opening it costs besides. Many commands never look at incoming edges (``stats``,
``MATCH (n) RETURN count(n)``, queries that only follow edges forwards), so a graph opened from
a snapshot starts as :class:`PredecessorsOnDemand`: the first read of ``_pred`` (by NetworkX, the
Cypher engine, anything) builds it, in the order reading the JSON gives it, then turns the graph
into a plain ``nx.MultiDiGraph``, so that later reads are ordinary attribute reads at no cost.

NetworkX's methods that change the graph build it first (:data:`CHANGES`): they update
``_succ`` before ``_pred`` (``remove_edge`` deletes the successor entry, then the predecessor
one), so a map built half-way through would lack what they are about to remove or put a new
edge where the JSON reader would not. nordgraph changes graphs only through those methods.
"""
from __future__ import annotations

import threading
from typing import Any

import networkx as nx

from nordgraph.graph.collector import keep
from nordgraph.graph.jsonfile import collector_paused

_BUILDING = threading.Lock()  # two threads reading a new graph's _pred build it once


def predecessors(succ: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The predecessor map of a graph with the successor map ``succ`` (one entry per node): each
    target's sources in the order ``add_edge`` calls in ``succ``'s order would have linked them,
    each sharing the successor map's ``{key: data}`` dictionary."""
    pred: dict[str, dict[str, Any]] = {key: {} for key in succ}
    for source, nbrs in succ.items():
        for target, keyed in nbrs.items():
            pred[target][source] = keyed
    return pred


class _BuiltOnFirstRead:
    """The ``_pred`` attribute of :class:`PredecessorsOnDemand` (a data descriptor, as NetworkX's
    own ``_pred`` is, so that assigning it keeps resetting NetworkX's cached views)."""

    def __get__(self, graph: Any, owner: type | None = None) -> Any:
        if graph is None:
            return self
        with _BUILDING, collector_paused():  # 100k new dictionaries and no cycles to find
            if type(graph) is PredecessorsOnDemand:
                self.__set__(graph, predecessors(graph._succ))
                keep(len(graph._succ))
        return graph.__dict__["_pred"]

    def __set__(self, graph: Any, value: dict[str, dict[str, Any]]) -> None:
        graph.__class__ = nx.MultiDiGraph
        graph._pred = value  # NetworkX's setter: stores it and resets the views cached on it


class PredecessorsOnDemand(nx.MultiDiGraph):
    """A ``nx.MultiDiGraph`` made from node and successor maps alone; its ``_pred`` is built on
    first read (see the module docstring). Everything else is NetworkX's, and once ``_pred``
    has been read or assigned the graph *is* a plain ``nx.MultiDiGraph``."""

    _pred = _BuiltOnFirstRead()

    @classmethod
    def of(cls, node: dict[str, Any], succ: dict[str, dict[str, Any]]) -> PredecessorsOnDemand:
        """The graph with these node data and successor maps (taken, not copied)."""
        graph = nx.MultiDiGraph()
        graph.__class__ = cls
        del graph.__dict__["_pred"]
        graph._node, graph._adj = node, succ  # NetworkX's setters reset its cached views
        return graph


#: NetworkX's methods that change a graph in place; the others (``add_edges_from``,
#: ``remove_edges_from``, ``update`` ...) do it through these.
CHANGES = ("add_node", "add_nodes_from", "remove_node", "remove_nodes_from", "add_edge", "remove_edge",
           "clear", "clear_edges")


def _after_building(name: str) -> Any:
    def change(graph: PredecessorsOnDemand, *args: Any, **kwargs: Any) -> Any:
        graph._pred  # builds it, and the graph is a plain nx.MultiDiGraph from here on
        return getattr(graph, name)(*args, **kwargs)

    change.__name__ = change.__qualname__ = name
    return change


for _name in CHANGES:
    setattr(PredecessorsOnDemand, _name, _after_building(_name))
