"""A table's ``country`` column is a LOCATED_IN edge to the Country node, the one place nordgraph
keeps a country: never a property, whatever spelling the table uses."""
from __future__ import annotations

from pathlib import Path

from nordgraph.loaders.pipeline import build_graph


def located(kg) -> set[tuple[str, str]]:
    return {(kg.name(source), kg.name(target)) for source, target, _, _ in kg.edges("LOCATED_IN")}


def test_a_country_column_becomes_located_in_whatever_its_spelling(tmp_path: Path) -> None:
    (tmp_path / "orgs.csv").write_text(
        "label,name,country\n"
        "Organisation,Fjordvik Hospital,Norway\n"
        "Organisation,Nordlys AS,NO\n"  # an ISO code
        "Organisation,Uppsund Region,Sverige\n"  # a native name
        "Organisation,Atlantis Lab,Atlantis\n"  # not a country nordgraph knows: kept as given
        "Organisation,Nowhere Fund,\n", encoding="utf-8")
    result = build_graph([tmp_path])
    kg = result.graph
    assert not result.skipped
    assert located(kg) == {("Fjordvik Hospital", "Norway"), ("Nordlys AS", "Norway"), ("Uppsund Region", "Sweden"),
                           ("Atlantis Lab", "Atlantis")}
    assert not any("country" in kg.props(key) for key in kg.nodes())
    (edge,) = [data for source, _, _, data in kg.edges("LOCATED_IN") if source == "organisation:nordlys-as"]
    assert edge["props"]["evidence"][0]["rule"] == "csv:nodes line 3"  # the row that said so


def test_the_country_node_another_table_declares_is_the_one_used(tmp_path: Path) -> None:
    """The organisations come first in the walk; the country, with its own id, later: the edge
    still finds it, as it is added once every table's nodes are in."""
    (tmp_path / "a-orgs.json").write_text(
        '{"nodes": [{"label": "Organisation", "name": "Kattegat Medical", "country": ["Denmark", "SE"]}]}',
        encoding="utf-8")
    (tmp_path / "b-countries.csv").write_text("label,name,id\nCountry,Denmark,dk\n", encoding="utf-8")
    kg = build_graph([tmp_path]).graph
    assert sorted(target for _, target, _, _ in kg.edges("LOCATED_IN")) == ["country:sweden", "dk"]
    assert sorted(kg.nodes("Country")) == ["country:sweden", "dk"]


def test_a_country_that_is_not_text_is_reported_and_the_row_still_loads(tmp_path: Path) -> None:
    (tmp_path / "orgs.json").write_text(
        '{"nodes": [{"label": "Organisation", "name": "Odd Lab", "country": 47}]}', encoding="utf-8")
    result = build_graph([tmp_path])
    assert [s.reason for s in result.skipped] == ["nodes[0]: country 47 is not a country's name; no LOCATED_IN edge"]
    assert "organisation:odd-lab" in result.graph and not located(result.graph)
