"""GraphML and GEXF exports read back by networkx and igraph as Gephi would show them: nodes labelled
by name, their type, the relation and every value in a declared type."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from nordgraph.graph.exporters import export
from nordgraph.graph.model import Evidence, KnowledgeGraph
from nordgraph.graph.temporal import parse_temporal

HOSTILE = '<b>"A&B"</b>'
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://gexf.net/1.3}"


@pytest.fixture
def kg() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    org = kg.add_node("Organisation", HOSTILE, aliases=["A&B", "Ä|B"], country="NO",
                      evidence=[Evidence("d#1", 0, 12, HOSTILE, "partner-list")])
    project = kg.add_node("Project", "Fjärrvärme Øresund", budget=2_500_000_000, start_year=2024,
                          start=parse_temporal("date", "2024-03-01"), open=True)
    kg.add_edge(org, "LEADS", project, share=0.4)
    kg.add_edge(org, "PARTNER_IN", project)
    return kg


def declared(path: Path) -> dict[tuple[str, str], str]:
    """(element class, attribute name) to the type the file declares for it."""
    root = ET.parse(path).getroot()
    if root.tag == GRAPHML + "graphml":
        return {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.iter(GRAPHML + "key")}
    return {(a.get("class"), t.get("title")): t.get("type")
            for a in root.iter(GEXF + "attributes") for t in a.iter(GEXF + "attribute")}


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_networkx_reads_names_types_relations_and_typed_values(kg: KnowledgeGraph, tmp_path: Path, fmt: str,
                                                                read) -> None:
    path = tmp_path / f"g.{fmt}"
    export(kg, fmt, path)
    back = read(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (2, 2)  # both parallel edges kept
    assert {back.nodes[k]["label"]: back.nodes[k]["type"] for k in back} == {
        HOSTILE: "Organisation", "Fjärrvärme Øresund": "Project"}
    org, project = back.nodes["organisation:b-a-b-b"], back.nodes["project:fjarrvarme-oresund"]
    assert json.loads(org["aliases"]) == ["A&B", "Ä|B"]
    assert json.loads(org["evidence"])[0]["quote"] == HOSTILE
    assert project["budget"] == 2_500_000_000 and type(project["budget"]) is int
    assert project["start_year"] == 2024 and type(project["start_year"]) is int
    assert project["open"] is True and project["start"] == "2024-03-01"
    relations = {data["relation"]: data for _, _, data in back.edges(data=True)}
    assert set(relations) == {"LEADS", "PARTNER_IN"} and relations["LEADS"]["share"] == 0.4
    types = declared(path)
    assert types[("node", "budget")] == "long" and types[("node", "start")] == "string"
    assert types[("node", "start_year")] == ("int" if fmt == "graphml" else "integer")
    assert (types[("node", "open")], types[("edge", "share")]) == ("boolean", "double")


def test_gexf_edges_are_directed_and_keep_the_relation_out_of_their_type(kg: KnowledgeGraph, tmp_path: Path) -> None:
    export(kg, "gexf", tmp_path / "g.gexf")
    root = ET.parse(tmp_path / "g.gexf").getroot()
    assert root.get("version") == "1.3" and root.find(GEXF + "graph").get("defaultedgetype") == "directed"
    edges = list(root.iter(GEXF + "edge"))
    assert [e.get("type") for e in edges] == [None, None]  # the default: directed
    assert sorted((e.get("label"), e.get("kind")) for e in edges) == [("LEADS", "LEADS"), ("PARTNER_IN", "PARTNER_IN")]


def test_igraph_reads_the_graphml(kg: KnowledgeGraph, tmp_path: Path) -> None:
    igraph = pytest.importorskip("igraph", reason="igraph is not installed (pip install -e '.[test]')")
    export(kg, "graphml", tmp_path / "g.graphml")
    back = igraph.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    assert (back.vcount(), back.ecount(), back.is_directed()) == (2, 2, True)
    assert sorted(zip(back.vs["label"], back.vs["type"])) == [(HOSTILE, "Organisation"),
                                                              ("Fjärrvärme Øresund", "Project")]
    assert sorted(back.es["relation"]) == ["LEADS", "PARTNER_IN"]
    project = back.vs.find(label="Fjärrvärme Øresund")
    assert (project["budget"], project["start_year"], project["open"]) == (2_500_000_000, 2024, True)


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_mixed_values_clashing_names_and_control_characters(tmp_path: Path, fmt: str, read) -> None:
    kg = KnowledgeGraph()
    kg.add_node("Organisation", "Nordlys\x0bAS", type="university", budget=5)
    kg.add_node("Organisation", "Sámediggi", budget="unknown", code=1.5)
    kg.add_node("Organisation", "Fjordvik", code=2)
    path = tmp_path / f"g.{fmt}"
    export(kg, fmt, path)
    back = read(path)
    nordlys = back.nodes["organisation:nordlys-as"]
    assert nordlys["label"] == "Nordlys\N{REPLACEMENT CHARACTER}AS"
    assert (nordlys["type"], nordlys["type_"]) == ("Organisation", "university")
    assert nordlys["budget"] == "5" and back.nodes["organisation:samediggi"]["budget"] == "unknown"
    assert back.nodes["organisation:fjordvik"]["code"] == 2.0
    types = declared(path)
    assert (types[("node", "budget")], types[("node", "code")]) == ("string", "double")
