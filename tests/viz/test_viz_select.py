"""Selections: query results to graphs, neighbourhoods, the most-connected cut, projections, measures."""
from __future__ import annotations

import random

import networkx as nx
import pytest

from nordgraph.graph.errors import NordgraphError, UnknownNameError
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.store import EmbeddedStore, QueryResult
from nordgraph.graph.values import NodeValue, PathValue, RelationshipValue
from nordgraph.graph.viz import (
    co_partners,
    most_connected,
    neighbourhood,
    pagerank,
    project,
    result_subgraph,
    view_graph,
)
from nordgraph.graph.viz.measures import measure
from nordgraph.graph.viz.select import with_min_weight, without_isolated


def _node(key: str, label: str = "Organisation") -> NodeValue:
    return NodeValue(key, (label,), {"id": key, "name": key.upper()})


def _rel(start: str, end: str, rel_type: str = "LEADS") -> RelationshipValue:
    return RelationshipValue(f"{start}|{rel_type}|{end}", rel_type, start, end, {"id": "x"})


def test_result_subgraph_takes_nodes_relationships_paths_and_lists() -> None:
    a, b, c, d = _node("a"), _node("b", "Project"), _node("c"), _node("d")
    path = PathValue((a, b), (_rel("a", "b"),))
    result = QueryResult(["p", "others", "n", "count"],
                         [(path, [c, {"inner": d}], a, 3), (None, [], c, 4)])
    kg = result_subgraph(result)
    assert sorted(kg.nx.nodes) == ["a", "b", "c", "d"]
    assert [(s, t, data["type"]) for s, t, data in kg.nx.edges(data=True)] == [("a", "b", "LEADS")]
    assert kg.label("b") == "Project" and kg.name("a") == "A"


def test_result_subgraph_draws_unreturned_ends_by_key() -> None:
    kg = result_subgraph(QueryResult(["r"], [(_rel("x", "y", "PART_OF"),)]))
    assert sorted(kg.nx.nodes) == ["x", "y"]
    assert kg.name("x") == "x" and kg.node("x")["labels"] == ()


def test_result_without_graph_values_is_an_error_naming_the_columns() -> None:
    with pytest.raises(NordgraphError, match=r"no nodes, relationships or paths.*columns: name, n"):
        result_subgraph(QueryResult(["name", "n"], [("Medtek", 1)]))


def test_neighbourhood_by_alias_and_depth(consortium_store: EmbeddedStore) -> None:
    one = neighbourhood(consortium_store, "nmg2", 1)
    assert sorted(one.nx.nodes) == ["organisation:karolinska-institutet", "organisation:medtek-norway",
                                    "organisation:sintef", "programme:nordic-innovation",
                                    "project:nordic-medtech-growth-2"]
    assert one.edge_count() == 4  # the links among them only: no LOCATED_IN, no Rehab at Home
    two = neighbourhood(consortium_store, "NMG2", 2)
    assert {"project:rehab-at-home", "country:norway"} <= set(two.nx.nodes)
    assert list(neighbourhood(consortium_store, "Norway", 0).nx.nodes) == ["country:norway"]


def test_neighbourhood_of_unknown_name_suggests(consortium_store: EmbeddedStore) -> None:
    with pytest.raises(NordgraphError, match=r"no entity named 'Medtek'; did you mean: Medtek Norway"):
        neighbourhood(consortium_store, "Medtek")


def test_neighbourhood_of_ambiguous_name_lists_ids(consortium: KnowledgeGraph, consortium_store: EmbeddedStore) -> None:
    consortium.add_node("Project", "SINTEF")
    consortium_store.replace(consortium)
    with pytest.raises(NordgraphError, match=r"names 2 entities; give one id: organisation:sintef, project:sintef"):
        neighbourhood(consortium_store, "sintef")


def test_neighbourhood_depth_is_bounded(consortium_store: EmbeddedStore) -> None:
    with pytest.raises(NordgraphError, match=r"depth must be from 0 to 6, got 7"):
        neighbourhood(consortium_store, "NMG2", 7)


def test_a_walk_goes_through_a_country_only_when_asked(consortium: KnowledgeGraph, tmp_path) -> None:
    fjord = consortium.add_node("Organisation", "Fjord AS")  # Norwegian, in no project
    consortium.add_edge(fjord, "LOCATED_IN", "country:norway")
    store = EmbeddedStore(tmp_path / "g.json")
    store.replace(consortium)
    two = neighbourhood(store, "Medtek Norway", 2)
    assert "country:norway" in two and fjord not in two  # reached, drawn, not walked through
    assert two.metadata["focus"] == "organisation:medtek-norway"
    assert fjord in neighbourhood(store, "Medtek Norway", 2, ["leads", "PARTNER_IN", "LOCATED_IN"])
    assert fjord in neighbourhood(store, "Norway", 1)  # the focus itself is always walked from
    leads = neighbourhood(store, "Medtek Norway", 2, ["LEADS"])
    assert sorted(leads.nx.nodes) == ["organisation:medtek-norway", "project:nordic-medtech-growth-2"]
    assert [d["type"] for _, _, d in leads.nx.edges(data=True)] == ["LEADS"]
    with pytest.raises(NordgraphError, match=r"unknown relation type\(s\) FRIEND_OF; known: LEADS, PARTNER_IN"):
        neighbourhood(store, "Medtek Norway", 1, ["LEADS", "friend_of"])
    with pytest.raises(NordgraphError, match="--relations goes with --focus"):
        view_graph(store, relations=["LEADS"])


def test_a_selection_brings_its_countries_along(consortium_store: EmbeddedStore) -> None:
    view = view_graph(consortium_store, focus="SINTEF", relations=["LEADS"])
    assert "country:norway" not in view
    assert view.node("organisation:sintef")["countries"] == ["Norway"]
    query = view_graph(consortium_store, query="MATCH (o:Organisation) RETURN o")
    assert {k: query.node(k).get("countries") for k in query.nx.nodes} == {
        "organisation:medtek-norway": ["Norway"], "organisation:sintef": ["Norway"],
        "organisation:karolinska-institutet": None}


def test_isolated_nodes_and_light_links_can_be_left_out(consortium: KnowledgeGraph) -> None:
    consortium.add_node("Organisation", "Loner")
    assert "organisation:loner" in consortium and "organisation:loner" not in without_isolated(consortium)
    linked = without_isolated(consortium)
    assert without_isolated(linked) is linked
    view = co_partners(consortium)
    heavy = with_min_weight(view, 2)
    assert [d["props"]["weight"] for _, _, d in heavy.nx.edges(data=True)] == [2] and len(heavy) == len(view)
    with pytest.raises(NordgraphError, match="--min-weight needs weighted edges: use it with --projection"):
        with_min_weight(consortium, 2)


def test_a_run_result_is_drawn_as_given(consortium_store: EmbeddedStore) -> None:
    result = consortium_store.query("MATCH (o:Organisation {name: 'SINTEF'})-[r:LEADS]->(p) RETURN r")
    assert sorted(view_graph(consortium_store, result=result).nx.nodes) == [
        "organisation:sintef", "project:rehab-at-home"]
    with pytest.raises(NordgraphError, match="not --run and --focus"):
        view_graph(consortium_store, result=result, focus="SINTEF")


def _crowded() -> KnowledgeGraph:
    """The register's shape: 50 calls of 20 projects each out-rank 200 organisations of 2 to 4
    projects, which out-rank 1,000 projects; by degree alone the calls would take every seat."""
    kg = KnowledgeGraph()
    projects = [kg.add_node("Project", f"P{i}") for i in range(1000)]
    for c in range(50):
        call = kg.add_node("Call", f"C{c}")
        for p in projects[c * 20:(c + 1) * 20]:
            kg.add_edge(p, "FUNDED_BY", call)
    for o in range(200):
        org = kg.add_node("Organisation", f"O{o}")
        for k in range(2 + o % 3):
            kg.add_edge(org, "PARTNER_IN", projects[(o * 7 + k * 101) % 1000])
    return kg


def test_most_connected_keeps_each_label_in_proportion_and_its_best_nodes() -> None:
    kg = _crowded()
    cut = most_connected(kg, 125)
    assert cut.reduced and cut.total_nodes == 1250 and len(cut.graph) == 125
    kept = {label: sorted(cut.graph.nodes(label)) for label in ("Call", "Organisation", "Project")}
    assert {label: len(keys) for label, keys in kept.items()} == {"Call": 5, "Organisation": 20, "Project": 100}
    degree = dict(kg.nx.degree())
    for label, keys in kept.items():  # within a label, no dropped node out-ranks a kept one
        dropped = [degree[k] for k in kg.nodes(label) if k not in cut.graph]
        assert min(degree[k] for k in keys) >= max(dropped)
    assert cut.graph.edge_count() == sum(1 for s, t in kg.nx.edges() if s in cut.graph and t in cut.graph)
    assert cut.rule == ("the most connected of each label, in proportion: Project 100 of 1000, "
                        "Organisation 20 of 200, Call 5 of 50")


def test_a_small_label_keeps_one_seat_and_seats_add_up(hub_graph) -> None:
    cut = most_connected(hub_graph(500), 30)  # 10 hubs, 490 projects: 0.6 of a seat for the hubs
    assert len(cut.graph) == 30 and len(list(cut.graph.nodes("Organisation"))) == 1
    assert len(most_connected(_crowded(), 2).graph) == 2  # fewer seats than labels: the largest labels


def test_most_connected_leaves_small_graphs_alone(consortium: KnowledgeGraph) -> None:
    cut = most_connected(consortium, 7)
    assert cut.graph is consortium and not cut.reduced


def test_co_partners_counts_shared_projects_leading_included(consortium: KnowledgeGraph) -> None:
    view = co_partners(consortium)
    assert sorted(view.nx.nodes) == ["organisation:karolinska-institutet", "organisation:medtek-norway",
                                     "organisation:sintef"]
    weights = {frozenset((s, t)): d["props"]["weight"] for s, t, d in view.nx.edges(data=True)}
    assert weights == {
        frozenset(("organisation:medtek-norway", "organisation:sintef")): 2,
        frozenset(("organisation:karolinska-institutet", "organisation:medtek-norway")): 1,
        frozenset(("organisation:karolinska-institutet", "organisation:sintef")): 1,
    }
    assert all(d["type"] == "CO_PARTNER" for _, _, d in view.nx.edges(data=True))
    pair = view.nx.get_edge_data("organisation:medtek-norway", "organisation:sintef")
    assert next(iter(pair.values()))["props"]["projects"] == ["Nordic Medtech Growth 2", "Rehab at Home"]


def test_unknown_projection_and_measure_list_the_known(consortium: KnowledgeGraph) -> None:
    with pytest.raises(UnknownNameError, match="known: co-partners"):
        project(consortium, "co-funders")
    with pytest.raises(UnknownNameError, match="known: degree, pagerank"):
        measure(consortium, "closeness")


def test_pagerank_ranks_the_hub_of_a_star_first() -> None:
    kg = KnowledgeGraph()
    hub = kg.add_node("Programme", "Hub")
    leaves = [kg.add_node("Project", f"P{i}") for i in range(5)]
    for leaf in leaves:
        kg.add_edge(leaf, "FUNDED_BY", hub)
    kg.add_node("Country", "Alone")
    ranks = pagerank(kg)
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert max(ranks, key=ranks.__getitem__) == hub
    assert len({round(ranks[leaf], 9) for leaf in leaves}) == 1
    assert ranks["country:alone"] < ranks[leaves[0]]


@pytest.mark.parametrize("kwargs, message", [
    ({"query": "MATCH (n) RETURN n", "focus": "x"}, "choose one of --query, --run and --focus, not --query and --focus"),
    ({"params": {"a": 1}}, "--param goes with --query or --run"),
    ({"depth": 2}, "--depth goes with --focus"),
])
def test_view_graph_refuses_options_that_do_not_go_together(kwargs: dict, message: str, consortium: KnowledgeGraph,
                                                            tmp_path) -> None:
    from nordgraph.graph.store import EmbeddedStore

    store = EmbeddedStore(tmp_path / "g.json")
    store.replace(consortium)
    with pytest.raises(NordgraphError, match=message.replace("-", r"\-")):
        view_graph(store, **kwargs)


def test_view_graph_focus_reads_the_store(consortium: KnowledgeGraph, tmp_path) -> None:
    from nordgraph.graph.store import EmbeddedStore

    store = EmbeddedStore(tmp_path / "g.json")
    store.replace(consortium)
    assert set(view_graph(store, focus="Norway").nx.nodes) == {
        "country:norway", "organisation:medtek-norway", "organisation:sintef"}
    assert len(view_graph(store)) == len(consortium)


def test_initial_positions_start_leaves_next_to_their_hub(hub_graph) -> None:
    from nordgraph.graph.viz.layout import SPACING, initial_positions

    kg = hub_graph(200)  # 4 hubs, 49 projects each
    positions = initial_positions(kg)
    assert set(positions) == set(kg.nx.nodes) and positions == initial_positions(kg)
    for hub, member, _ in kg.nx.edges(keys=True):
        (hx, hy), (px, py) = positions[hub], positions[member]
        assert ((hx - px) ** 2 + (hy - py) ** 2) ** 0.5 <= SPACING * (1 + 0.8 * 49 ** 0.5) + 1
    hubs = [positions[f"organisation:hub-{i}"] for i in range(4)]
    assert len(set(hubs)) == 4


def test_query_result_gets_its_unreturned_ends_from_the_store(consortium: KnowledgeGraph, tmp_path) -> None:
    from nordgraph.graph.store import EmbeddedStore

    store = EmbeddedStore(tmp_path / "g.json")
    store.replace(consortium)
    kg = view_graph(store, query="MATCH ()-[r:LEADS]->() RETURN r")
    assert sorted(kg.nx.nodes) == ["organisation:medtek-norway", "organisation:sintef",
                                   "project:nordic-medtech-growth-2", "project:rehab-at-home"]
    assert kg.label("project:rehab-at-home") == "Project" and kg.name("organisation:sintef") == "SINTEF"
    paths = view_graph(store, query="MATCH p = (:Organisation {name: $name})-[*1..2]->() RETURN p",
                       params={"name": "SINTEF"})
    assert sorted(paths.nx.nodes) == ["country:norway", "organisation:sintef", "programme:nordic-innovation",
                                      "project:nordic-medtech-growth-2", "project:rehab-at-home"]
    assert paths.edge_count() == 4  # Medtek and Karolinska are not on any outgoing path from SINTEF


def test_focus_read_through_queries_equals_the_networkx_neighbourhood(tmp_path) -> None:
    rng = random.Random(2)
    kg = KnowledgeGraph()
    orgs = [kg.add_node("Organisation", f"Org {i}") for i in range(60)]
    for i in range(80):
        project = kg.add_node("Project", f"Project {i}")
        for org in rng.sample(orgs, 3):
            kg.add_edge(org, rng.choice(["PARTNER_IN", "LEADS"]), project)
    store = EmbeddedStore(tmp_path / "g.json")
    store.replace(kg)
    undirected = kg.nx.to_undirected(as_view=True)
    for key in rng.sample(sorted(kg.nx.nodes), 5):
        for depth in (0, 1, 2, 3):
            want = set(nx.single_source_shortest_path_length(undirected, key, cutoff=depth))
            got = neighbourhood(store, key, depth)
            assert set(got.nx.nodes) == want
            assert got.edge_count() == kg.nx.subgraph(want).number_of_edges()


def test_layout_keeps_each_hubs_projects_around_it_apart_from_each_other(hub_graph) -> None:
    import math

    from nordgraph.graph.viz.layout import layout

    kg = hub_graph(200)  # 4 hubs, 49 projects each
    positions = layout(kg)
    assert set(positions) == set(kg.nx.nodes) and positions == layout(kg)
    hubs = [f"organisation:hub-{i}" for i in range(4)]
    for hub, member, _ in kg.nx.edges(keys=True):
        nearest = min(hubs, key=lambda h: math.dist(positions[h], positions[member]))
        assert nearest == hub, member
    points = list(positions.values())
    closest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1:])
    assert closest > 16  # the smallest nodes are 16 px across: none sits on another
