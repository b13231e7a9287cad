"""A graph opened from its snapshot builds its predecessor map when first read, and is then plain NetworkX."""
from __future__ import annotations

import copy
import threading
from pathlib import Path

import networkx as nx
import pytest

from bench.synthetic import make_graph
from nordgraph.graph.jsonfile import read_graph
from nordgraph.graph.predecessors import PredecessorsOnDemand, predecessors
from nordgraph.graph.store import EmbeddedStore


def _opened(tmp_path: Path, nodes: int = 400) -> tuple[nx.MultiDiGraph, nx.MultiDiGraph]:
    """The graph as the store opens it from its snapshot, and as reading the JSON gives it."""
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(make_graph(nodes, seed=3))
    return EmbeddedStore(path).graph().nx, read_graph(path).nx


def _pred_order(g: nx.MultiDiGraph) -> list[tuple[str, list[str]]]:
    return [(t, list(nbrs)) for t, nbrs in g._pred.items()]


def test_the_map_is_built_on_first_read_in_the_json_readers_order(tmp_path: Path) -> None:
    opened, from_json = _opened(tmp_path)
    assert type(opened) is PredecessorsOnDemand and "_pred" not in vars(opened)
    assert _pred_order(opened) == _pred_order(from_json)
    assert type(opened) is nx.MultiDiGraph
    assert all(opened._succ[s][t] is opened._pred[t][s] for s, nbrs in opened._succ.items() for t in nbrs)


def test_networkx_reads_and_writes_through_it(tmp_path: Path) -> None:
    opened, from_json = _opened(tmp_path)
    hub = max(from_json, key=from_json.in_degree)
    assert opened.in_degree(hub) == from_json.in_degree(hub) > 1  # NetworkX's view reads _pred
    opened, _ = _opened(tmp_path)
    source, target = next((s, t) for s, nbrs in opened._succ.items() for t in nbrs)
    opened.add_edge(target, source, key="back", type="PART_OF", props={})  # add_edge links into _pred
    assert "back" in opened._pred[source][target] and list(opened.predecessors(target)) == list(
        from_json.predecessors(target))


def test_a_copy_before_the_first_read_builds_its_own(tmp_path: Path) -> None:
    opened, from_json = _opened(tmp_path)
    copied = copy.deepcopy(opened)
    assert type(copied) is PredecessorsOnDemand
    assert _pred_order(copied) == _pred_order(from_json) and type(opened) is PredecessorsOnDemand
    s, t = next((s, t) for s, nbrs in copied._succ.items() for t in nbrs)
    assert copied._pred[t][s] is copied._succ[s][t] is not opened._succ[s][t]
    assert _pred_order(opened.copy()) == _pred_order(from_json)


def test_threads_reading_it_at_once_share_one_map(tmp_path: Path) -> None:
    opened, _ = _opened(tmp_path, 3000)
    seen: list[int] = []
    readers = [threading.Thread(target=lambda: seen.append(id(opened._pred))) for _ in range(4)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert len(seen) == 4 and len(set(seen)) == 1 and seen[0] == id(opened._pred)


def test_predecessors_of_an_empty_graph() -> None:
    assert predecessors({}) == {}
    g = PredecessorsOnDemand.of({"a": {"labels": (), "props": {}}}, {"a": {}})
    assert g._pred == {"a": {}} and list(g.nodes) == ["a"]


@pytest.mark.parametrize("change", [
    lambda g, s, t, k: g.remove_edge(s, t, k),
    lambda g, s, t, k: g.remove_node(t),
    lambda g, s, t, k: g.remove_nodes_from([s, t]),
    lambda g, s, t, k: g.add_edge(next(iter(g._succ)), t, key="new", type="PART_OF", props={}),
    lambda g, s, t, k: g.add_edges_from([(next(iter(g._succ)), t, "new", {"type": "PART_OF", "props": {}})]),
    lambda g, s, t, k: g.add_node("fresh", labels=(), props={}),
    lambda g, s, t, k: g.remove_edges_from([(s, t, k)]),
    lambda g, s, t, k: g.clear_edges(),
], ids=["remove_edge", "remove_node", "remove_nodes_from", "add_edge", "add_edges_from", "add_node",
        "remove_edges_from", "clear_edges"])
def test_a_change_before_the_first_read_gives_what_it_gives_a_graph_read_from_json(tmp_path: Path, change) -> None:
    """NetworkX changes ``_succ`` before ``_pred``: the map is built before the change, not from its half."""
    opened, from_json = _opened(tmp_path)
    first = next(iter(from_json._succ))  # an edge from it would come first in a map built after adding it
    source, target, key = next((s, t, k) for s, nbrs in from_json._succ.items() for t, keyed in nbrs.items()
                               for k in keyed if len(from_json._pred[t]) > 1 and first not in from_json._pred[t])
    change(opened, source, target, key)
    change(from_json, source, target, key)
    assert _pred_order(opened) == _pred_order(from_json)
    assert [(s, list(nbrs)) for s, nbrs in opened._succ.items()] == [(s, list(nbrs)) for s, nbrs in from_json._succ.items()]


def test_a_query_going_out_only_leaves_the_map_unbuilt(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(make_graph(400, seed=3))
    store = EmbeddedStore(path)
    rows = store.query("MATCH (o:Organisation) WITH o MATCH (o)-[:LOCATED_IN]->(c:Country) RETURN count(*) AS n").rows
    assert rows[0][0] > 0 and type(store.graph().nx) is PredecessorsOnDemand
    assert store.query("MATCH (c:Country)<-[:LOCATED_IN]-(o:Organisation) RETURN count(*) AS n").rows == rows
    assert type(store.graph().nx) is nx.MultiDiGraph
