"""Exports: CSV read back with the standard tools and the table reader, JSON is the store form
(GraphML and GEXF: test_graphxml.py)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nordgraph.graph.errors import UnknownNameError
from nordgraph.graph.exporters import export
from nordgraph.graph.model import Evidence, KnowledgeGraph


@pytest.fixture
def kg() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    org = kg.add_node("Organisation", "Laurea University of Applied Sciences", aliases=["Laurea"], url="laurea.fi",
                      evidence=[Evidence("d#1", 0, 6, "Laurea", "partner-list")])
    project = kg.add_node("Project", "INHP")
    kg.add_edge(org, "PARTNER_IN", project, evidence=[Evidence("d#1", 0, 6, "Laurea", "partner-list")])
    kg.add_edge(org, "LOCATED_IN", kg.add_node("Country", "Finland"))  # a country is this edge, never a property
    return kg


def test_csv_writes_node_and_edge_tables(kg: KnowledgeGraph, tmp_path: Path) -> None:
    export(kg, "csv", tmp_path / "out")
    nodes = list(csv.DictReader((tmp_path / "out" / "nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((tmp_path / "out" / "edges.csv").open(encoding="utf-8")))
    assert [n["name"] for n in nodes] == ["Laurea University of Applied Sciences", "INHP", "Finland"]
    assert list(nodes[0])[:4] == ["id", "label", "name", "aliases"]
    assert (edges[0]["source"], edges[0]["type"], edges[0]["target"]) == (
        "organisation:laurea-university-of-applied-sciences", "PARTNER_IN", "project:inhp")


def test_unknown_format_lists_the_known_ones(kg: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(UnknownNameError, match="known: .*graphml"):
        export(kg, "xlsx", tmp_path / "g.xlsx")


def test_csv_export_builds_back_into_the_same_entities(kg: KnowledgeGraph, tmp_path: Path) -> None:
    from nordgraph.loaders.pipeline import build_graph

    export(kg, "csv", tmp_path / "out")
    result = build_graph([tmp_path / "out"])
    assert not result.skipped
    again = {(result.graph.label(k), result.graph.name(k)) for k in result.graph.nodes()}
    assert again == {(kg.label(k), kg.name(k)) for k in kg.nodes()}
    assert result.graph.edge_count() == kg.edge_count()


def test_a_country_property_of_a_graph_made_by_hand_builds_back_as_located_in(tmp_path: Path) -> None:
    """The CSV export writes any property as a column; building it back makes ``country`` the
    LOCATED_IN edge the rest of nordgraph reads (an ISO code names its country)."""
    from nordgraph.loaders.pipeline import build_graph

    kg = KnowledgeGraph()
    kg.add_node("Organisation", "Laurea", country="FI")
    export(kg, "csv", tmp_path / "out")
    built = build_graph([tmp_path / "out"]).graph
    assert "country" not in built.props("organisation:laurea")
    assert [(s, d["type"], t) for s, t, _, d in built.edges()] == [("organisation:laurea", "LOCATED_IN", "country:finland")]


def test_csv_export_refuses_a_file_as_its_folder(kg: KnowledgeGraph, tmp_path: Path) -> None:
    from nordgraph.graph.errors import StoreError

    (tmp_path / "taken").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="writes a folder"):
        export(kg, "csv", tmp_path / "taken")


@pytest.fixture
def hostile() -> KnowledgeGraph:
    """Names a spreadsheet would run, a negative number, and a C1 control character."""
    kg = KnowledgeGraph()
    org = kg.add_node("Organisation", '=HYPERLINK("http://evil","click")', aliases=["+cmd' /C calc'!A0"],
                      balance=-3, phone="+47 73 59 50 00", note="'=was quoted")
    project = kg.add_node("Project", "@SUM(A1:A9)", code="\x9b2J")
    kg.add_edge(org, "PARTNER_IN", project, role="-lead")
    return kg


def test_csv_export_neutralises_formula_text_and_keeps_numbers(hostile: KnowledgeGraph, tmp_path: Path) -> None:
    export(hostile, "csv", tmp_path / "out")
    nodes = list(csv.DictReader((tmp_path / "out" / "nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((tmp_path / "out" / "edges.csv").open(encoding="utf-8")))
    assert [n["name"] for n in nodes] == ['\'=HYPERLINK("http://evil","click")', "'@SUM(A1:A9)"]
    assert nodes[0]["aliases"] == "'+cmd' /C calc'!A0"
    assert (nodes[0]["balance"], nodes[0]["phone"], nodes[0]["note"]) == ("-3", "'+47 73 59 50 00", "''=was quoted")
    assert edges[0]["role"] == "'-lead"


def test_raw_csv_export_writes_cells_as_they_are(hostile: KnowledgeGraph, tmp_path: Path) -> None:
    export(hostile, "csv", tmp_path / "out", raw_csv=True)
    nodes = list(csv.DictReader((tmp_path / "out" / "nodes.csv").open(encoding="utf-8")))
    assert nodes[0]["name"] == '=HYPERLINK("http://evil","click")' and nodes[0]["phone"] == "+47 73 59 50 00"


def test_raw_csv_is_refused_for_other_formats(hostile: KnowledgeGraph, tmp_path: Path) -> None:
    from nordgraph.graph.errors import StoreError

    with pytest.raises(StoreError, match="only apply to the csv export"):
        export(hostile, "json", tmp_path / "g.json", raw_csv=True)


def test_neutralised_csv_export_builds_back_into_the_same_text(hostile: KnowledgeGraph, tmp_path: Path) -> None:
    from nordgraph.loaders.pipeline import build_graph

    export(hostile, "csv", tmp_path / "out")
    again = build_graph([tmp_path / "out"]).graph
    props = {again.name(k): again.nx.nodes[k]["props"] for k in again.nodes()}
    assert set(props) == {hostile.name(k) for k in hostile.nodes()}
    org = props['=HYPERLINK("http://evil","click")']
    assert (org["phone"], org["note"], org["aliases"]) == ("+47 73 59 50 00", "'=was quoted", ["+cmd' /C calc'!A0"])


def test_json_export_escapes_c1_controls_and_reads_back_unchanged(hostile: KnowledgeGraph, tmp_path: Path) -> None:
    from nordgraph.graph.jsonfile import read_graph

    export(hostile, "json", tmp_path / "g.json")
    text = (tmp_path / "g.json").read_text(encoding="utf-8")
    assert "\x9b" not in text and "\\u009b" in text
    again = read_graph(tmp_path / "g.json")
    assert {again.nx.nodes[k]["props"].get("code") for k in again.nodes()} == {None, "\x9b2J"}
