"""Analytics on the co-partnership network, as functions and as canned queries."""
from __future__ import annotations

import doctest
from pathlib import Path

import networkx as nx
import pytest

import nordgraph.queries.analytics
from nordgraph.graph.errors import QueryError
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.store import EmbeddedStore
from nordgraph.queries.analytics import (
    DEFAULT_SAMPLE,
    SAMPLE_ABOVE,
    betweenness_sources,
    centrality,
    co_partnership_graph,
    communities,
)
from nordgraph.queries.registry import run_canned
from tests.queries.conftest import ring

MEDTEK, KI = "organisation:medtek-norway", "organisation:karolinska-institutet"
OUS, DTU = "organisation:oslo-university-hospital", "organisation:danish-tech-university"


def two_teams() -> KnowledgeGraph:
    """A, B, C work together twice, D, E, F too; one project joins C and D."""
    kg = KnowledgeGraph()
    for project, members in (("P1", "ABC"), ("P2", "ABC"), ("Q1", "DEF"), ("Q2", "DEF"), ("R", "CD")):
        key = kg.add_node("Project", project)
        for i, member in enumerate(members):
            org = kg.add_node("Organisation", member)
            kg.add_edge(org, "LEADS" if i == 0 else "PARTNER_IN", key)
    return kg


def test_co_partnership_graph_weights_pairs_by_shared_projects(kg: KnowledgeGraph) -> None:
    graph = co_partnership_graph(kg)
    assert sorted(graph.nodes) == [DTU, KI, MEDTEK, OUS]  # the idle institute takes part in nothing
    weights = {tuple(sorted(edge)): data["weight"] for *edge, data in graph.edges(data=True)}
    assert weights == {(KI, MEDTEK): 2, (MEDTEK, OUS): 2, (KI, OUS): 1, (DTU, KI): 1, (DTU, MEDTEK): 1}
    assert graph.edges[MEDTEK, OUS]["projects"] == ["project:care-robots", "project:nordic-medtech-growth-2"]
    assert graph.nodes[MEDTEK]["projects"] == 3 and graph.nodes[MEDTEK]["name"] == "Medtek Norway"


def test_co_partnership_graph_agrees_with_the_co_partners_query(kg: KnowledgeGraph, store: EmbeddedStore) -> None:
    graph = co_partnership_graph(kg)
    from_networkx = {(frozenset((kg.name(a), kg.name(b))), data["weight"]) for a, b, data in graph.edges(data=True)}
    from_cypher = {(frozenset(row[:2]), row[2]) for row in run_canned(store, "co-partners", {}).rows}
    assert from_networkx == from_cypher


def test_degree_centrality_ranks_with_ties_by_key(kg: KnowledgeGraph) -> None:
    ranked = centrality(kg, "degree")
    assert [key for key, _ in ranked] == [KI, MEDTEK, DTU, OUS]
    assert [score for _, score in ranked] == pytest.approx([1.0, 1.0, 2 / 3, 2 / 3])
    assert [key for key, _ in centrality(kg, "degree", limit=2)] == [KI, MEDTEK]


def test_betweenness_treats_strong_ties_as_short(kg: KnowledgeGraph) -> None:
    # KI-Medtek-OUS (two ties of 2 shared projects) is as short as KI-OUS (one of 1), and
    # DTU reaches OUS only through Medtek: Medtek lies on 1.5 of 6 pairs' routes.
    ranked = centrality(kg, "betweenness")
    assert ranked[0] == (MEDTEK, pytest.approx(0.5))
    assert all(score == 0 for _, score in ranked[1:])


def test_eigenvector_puts_the_best_connected_first(kg: KnowledgeGraph) -> None:
    ranked = centrality(kg, "eigenvector")
    assert ranked[0][0] == MEDTEK and ranked[-1][0] == DTU


def test_eigenvector_is_networkx_s_own_on_a_connected_weighted_network() -> None:
    """igraph computes it, scaled to unit length as NetworkX's: the same scores."""
    import random

    rng = random.Random(3)
    kg = KnowledgeGraph()
    names = [f"Org {i:02d}" for i in range(30)]
    for n in range(120):
        project = kg.add_node("Project", f"P{n}")
        for name in ([names[n % 30], names[(n + 1) % 30]] + rng.sample(names, 2)):
            kg.add_edge(kg.add_node("Organisation", name), "PARTNER_IN", project)
    network = co_partnership_graph(kg)
    assert nx.is_connected(network) and len({w for *_, w in network.edges(data="weight")}) > 2
    expected = nx.eigenvector_centrality(network, weight="weight", max_iter=1000, tol=1e-10)
    assert dict(centrality(kg, "eigenvector", limit=30)) == pytest.approx(expected, abs=1e-6)


def test_pagerank_sums_to_one(kg: KnowledgeGraph) -> None:
    pytest.importorskip("scipy")  # NetworkX computes PageRank with SciPy
    ranked = centrality(kg, "pagerank")
    assert ranked[0][0] == MEDTEK and sum(score for _, score in ranked) == pytest.approx(1.0)


def test_centrality_refuses_unknown_measures(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="unknown centrality measure 'fame'; known: degree, betweenness"):
        centrality(kg, "fame")
    with pytest.raises(QueryError, match="limit must be zero or more, got -1"):
        centrality(kg, "degree", limit=-1)
    with pytest.raises(QueryError, match="sample must be zero or more, got -2"):
        centrality(kg, "betweenness", sample=-2)
    with pytest.raises(QueryError, match="sample applies to betweenness only, not pagerank"):
        centrality(kg, "pagerank", sample=2)
    with pytest.raises(QueryError, match="exact applies to betweenness only, not degree"):
        centrality(kg, "degree", exact=True)
    with pytest.raises(QueryError, match="exact and sample=2 contradict each other"):
        centrality(kg, "betweenness", sample=2, exact=True)


def test_sampled_betweenness_is_repeatable_and_exact_when_the_sample_covers_all(kg: KnowledgeGraph) -> None:
    assert centrality(kg, "betweenness", sample=4) == centrality(kg, "betweenness")
    sampled = centrality(kg, "betweenness", sample=2)
    assert sampled == centrality(kg, "betweenness", sample=2)
    assert {key for key, _ in sampled} == {MEDTEK, KI, OUS, DTU}


@pytest.mark.parametrize(("organisations", "sample", "exact", "expected"), [
    (SAMPLE_ABOVE, 0, False, None),  # small enough: exact by default
    (SAMPLE_ABOVE + 1, 0, False, DEFAULT_SAMPLE),  # large: estimated by default
    (SAMPLE_ABOVE + 1, 0, True, None),
    (SAMPLE_ABOVE + 1, 50, False, 50),
    (40, 10, False, 10),  # a sample asked for on a small network
    (40, 40, False, None),  # a sample of everything is the exact value
])
def test_betweenness_is_sampled_by_default_on_large_networks(organisations: int, sample: int, exact: bool,
                                                             expected: int | None) -> None:
    assert betweenness_sources(organisations, sample, exact) == expected


def test_betweenness_on_a_generated_network_of_thousands_is_sampled_and_says_so(tmp_path: Path) -> None:
    """3,000 nodes, 1,500 organisations: the default run starts from a sample, reports its
    progress, and its note says how large the sample was (the time it takes is not tested)."""
    store = EmbeddedStore(tmp_path / "ring.json")
    store.replace(ring(1500))
    heard: list[tuple[int, int]] = []
    result = run_canned(store, "central-organisations", {"measure": "betweenness", "limit": 3},
                        progress=lambda done, total: heard.append((done, total)))
    assert result.notes == [f"Betweenness estimated from routes starting at {DEFAULT_SAMPLE} of 1,500 organisations "
                            "(a seeded sample); exact=true gives the exact value, sample=N another sample size."]
    # one scale of 200 steps: making the network (up to 100), then betweenness in 100 batches
    assert len(result.rows) == 3 and heard[-1] == (200, 200) and {total for _, total in heard} == {200}
    assert [done for done, _ in heard] == sorted(done for done, _ in heard)
    assert any(done <= 100 for done, _ in heard) and len({done for done, _ in heard if done > 100}) == 100
    again = run_canned(store, "central-organisations", {"measure": "betweenness", "limit": 3})
    assert again.rows == result.rows  # seeded: the same estimate every time


def test_exact_betweenness_on_a_large_network_reports_progress(tmp_path: Path) -> None:
    """exact=true starts from every organisation, in batches that report progress."""
    store = EmbeddedStore(tmp_path / "ring.json")
    store.replace(ring(SAMPLE_ABOVE + 100))
    heard: list[tuple[int, int]] = []
    exact = run_canned(store, "central-organisations", {"measure": "betweenness", "limit": 3, "exact": "true"},
                       progress=lambda done, total: heard.append((done, total)))
    assert exact.notes == [] and heard[-1] == (200, 200) and len({done for done, _ in heard if done > 100}) == 100
    expected = nx.betweenness_centrality(nx.cycle_graph(SAMPLE_ABOVE + 100))[0]
    assert [row[3] for row in exact.rows] == [round(expected, 6)] * 3


def test_exact_betweenness_matches_networkx_on_a_weighted_network() -> None:
    """igraph computes it; on ties of one or two shared projects (distances 1 and 0.5, exact in
    binary, so no rounding splits a tie) every score equals NetworkX's normalised betweenness."""
    import itertools
    import random

    rng = random.Random(7)
    kg = KnowledgeGraph()
    names = [f"Org {i:02d}" for i in range(40)]
    for n, (a, b) in enumerate(rng.sample(list(itertools.combinations(names, 2)), 90)):
        for copy in range(rng.choice((1, 1, 2))):
            project = kg.add_node("Project", f"P{n}-{copy}")
            kg.add_edge(kg.add_node("Organisation", a), "PARTNER_IN", project)
            kg.add_edge(kg.add_node("Organisation", b), "PARTNER_IN", project)
    network = co_partnership_graph(kg)
    for _, _, data in network.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    expected = nx.betweenness_centrality(network, weight="distance")
    found = dict(centrality(kg, "betweenness", limit=len(expected)))
    assert found == pytest.approx(expected, abs=1e-12)
    assert max(found.values()) > 0.05 and {data["weight"] for *_, data in network.edges(data=True)} == {1, 2}


@pytest.mark.parametrize("measure", ["degree", "eigenvector", "pagerank"])
def test_every_measure_reports_its_progress_to_the_end(measure: str) -> None:
    """Making the network reports its steps; a measure computed in one call ends the scale."""
    pytest.importorskip("scipy")  # pagerank
    heard: list[tuple[int, int]] = []
    store_kg = ring(300)
    nordgraph.queries.analytics.central_organisations(store_kg, measure, 3, 0, False,
                                                      progress=lambda done, total: heard.append((done, total)))
    assert heard[-1] == (200, 200) and 0 < heard[0][0] <= 100
    assert [done for done, _ in heard] == sorted(done for done, _ in heard)


def test_estimated_betweenness_is_near_the_exact_value() -> None:
    kg = ring(120)
    exact = dict(centrality(kg, "betweenness", limit=120))
    estimate = dict(centrality(kg, "betweenness", limit=120, sample=60))
    assert sum(estimate.values()) == pytest.approx(sum(exact.values()), rel=0.05)


def test_empty_graph_has_no_centres_or_communities() -> None:
    assert centrality(KnowledgeGraph(), "eigenvector") == []
    assert communities(KnowledgeGraph()) == []


@pytest.mark.parametrize("method", ["greedy", "louvain"])
def test_communities_find_the_two_teams(method: str) -> None:
    assert communities(two_teams(), method) == [
        ["organisation:a", "organisation:b", "organisation:c"],
        ["organisation:d", "organisation:e", "organisation:f"],
    ]


def test_communities_refuse_unknown_methods() -> None:
    with pytest.raises(QueryError, match="unknown community method 'magic'; known: louvain, greedy"):
        communities(two_teams(), "magic")


def test_analytics_run_as_canned_queries(store: EmbeddedStore) -> None:
    central = run_canned(store, "central-organisations", {"measure": "betweenness", "limit": 2})
    assert central.columns == ["rank", "organisation", "id", "score", "projects", "partners"]
    assert central.rows[0] == (1, "Medtek Norway", MEDTEK, 0.5, 3, 3)
    assert len(central.rows) == 2
    groups = run_canned(store, "communities", {})
    assert groups.columns == ["community", "size", "organisations"]
    assert sorted(name for row in groups.rows for name in row[2]) == [
        "Danish Tech University", "Karolinska Institutet", "Medtek Norway", "Oslo University Hospital"]


def test_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(nordgraph.queries.analytics)
    assert tried > 0 and failures == 0
