"""The synthetic benchmark graph: size, shape, layout, determinism and skew."""
from __future__ import annotations

from collections import Counter

import pytest

from bench.synthetic import make_graph, organisation_degrees, typical_and_hub
from nordgraph.graph.model import edge_id, node_id


@pytest.fixture(scope="module")
def kg():
    return make_graph(3000, seed=7)


def test_size_and_labels(kg):
    assert len(kg) == 3000
    assert 4.5 * 3000 <= kg.edge_count() <= 5.5 * 3000
    counts = kg.counts()
    assert set(counts["nodes"]) == {"Country", "Organisation", "Project"}
    assert set(counts["edges"]) == {"LOCATED_IN", "LEADS", "PARTNER_IN", "COLLABORATES_WITH"}


def test_model_layout_and_stable_ids(kg):
    for key, data in kg.nx.nodes(data=True):
        (label,) = data["labels"]
        assert key == data["props"]["id"] == node_id(label, data["props"]["name"])
    for source, target, key, data in kg.nx.edges(keys=True, data=True):
        assert key == data["props"]["id"] == edge_id(source, data["type"], target)


def test_every_fact_has_its_ends(kg):
    out_types = {key: Counter() for key in kg.nodes()}
    in_types = {key: Counter() for key in kg.nodes()}
    for source, target, _, data in kg.edges():
        out_types[source][data["type"]] += 1
        in_types[target][data["type"]] += 1
        expected = {"LOCATED_IN": ("Organisation", "Country"), "LEADS": ("Organisation", "Project"),
                    "PARTNER_IN": ("Organisation", "Project"),
                    "COLLABORATES_WITH": ("Organisation", "Organisation")}[data["type"]]
        assert (kg.label(source), kg.label(target)) == expected
    for org in kg.nodes("Organisation"):
        assert out_types[org]["LOCATED_IN"] == 1
    for project in kg.nodes("Project"):
        assert in_types[project]["LEADS"] == 1 and in_types[project]["PARTNER_IN"] >= 1
        assert 10_000 <= kg.nx.nodes[project]["props"]["budget"] <= 10_000_000
    assert all(source != target for source, target, _, _ in kg.edges("COLLABORATES_WITH"))


def test_seeded(kg):
    again = make_graph(3000, seed=7)
    assert sorted(again.nx.edges(keys=True)) == sorted(kg.nx.edges(keys=True))
    assert sorted(make_graph(3000, seed=8).nx.edges(keys=True)) != sorted(kg.nx.edges(keys=True))


def test_hubs_and_typical(kg):
    degrees = organisation_degrees(kg)
    values = sorted(degrees.values())
    median = values[len(values) // 2]
    assert values[-1] >= 20 * max(1, median)
    typical, hub = typical_and_hub(kg)
    by_name = {kg.name(key): key for key in degrees}
    assert degrees[by_name[hub]] == values[-1]
    assert degrees[by_name[typical]] == median


def test_too_small_is_refused():
    with pytest.raises(ValueError, match="at least 3"):
        make_graph(2)
    assert len(make_graph(3)) == 3
