"""Structured CSV/TSV/JSON tables: nodes and edges given directly, validated per row."""
from __future__ import annotations

import json

import pytest

from nordgraph.graph.errors import LoaderError
from nordgraph.loaders.pipeline import read_file
from nordgraph.loaders.registry import TableData

NODES = """label,name,id,aliases,country,Founded Year
Organisation,Norwegian University of Science and Technology,org-ntnu,NTNU|NTNU Trondheim,Norway,1996
Project,Nordic Care Link,,,,
Organisation,,,,Sweden,
Organ isation,Broken Label,,,,
Country,Norway,,,,,extra cell
"""

EDGES = """source;type;target;role;since
NTNU;PARTNER_IN;Nordic Care Link;coordinator;
Nordic Care Link;funded by;NordForsk;;
Nordic Care Link;FUNDED_BY;NordForsk;;2021
NTNU;LOCATED_IN;NTNU;;
"""


def read_table(write, name: str, content: str | bytes) -> TableData:
    table = read_file(write(name, content), name)
    assert isinstance(table, TableData)
    return table


def test_node_table(write) -> None:
    table = read_table(write, "nodes.csv", NODES)
    assert table.format == "csv" and not table.edges
    assert table.nodes == [
        {"label": "Organisation", "name": "Norwegian University of Science and Technology",
         "aliases": ["NTNU", "NTNU Trondheim"], "id": "org-ntnu", "country": "Norway", "founded_year": 1996},
        {"label": "Project", "name": "Nordic Care Link"},
    ]
    assert table.metadata["node_rows"] == ["line 2", "line 3"]


def test_bad_rows_are_reported_with_their_line(write) -> None:
    rejected = read_table(write, "nodes.csv", NODES).metadata["rejected_rows"]
    assert rejected == [
        {"row": "line 4", "reason": "name is missing or empty"},
        {"row": "line 5", "reason": "label 'Organ isation' is not a name (letters, digits and _)"},
        {"row": "line 6", "reason": "7 cells for 6 columns"},
    ]


def test_edge_table_with_semicolons(write) -> None:
    table = read_table(write, "edges.csv", EDGES)
    assert table.edges == [
        {"source": "NTNU", "type": "PARTNER_IN", "target": "Nordic Care Link", "role": "coordinator"},
        {"source": "Nordic Care Link", "type": "FUNDED_BY", "target": "NordForsk", "since": 2021},
    ]
    assert [r["row"] for r in table.metadata["rejected_rows"]] == ["line 3", "line 5"]
    assert "itself" in table.metadata["rejected_rows"][1]["reason"]


def test_tsv_with_bom_and_crlf(write) -> None:
    raw = "\ufefflabel\tname\r\nMinistry\tHelse- og omsorgsdepartementet\r\n".encode("utf-8")
    table = read_table(write, "m.tsv", raw)
    assert table.format == "tsv"
    assert table.nodes == [{"label": "Ministry", "name": "Helse- og omsorgsdepartementet"}]


def test_open_model_accepts_new_labels_and_types(write) -> None:
    table = read_table(write, "e.csv", "source,type,target\nA,ADVISES,B\n")
    assert table.edges[0]["type"] == "ADVISES"


@pytest.mark.parametrize(("header", "message"), [
    ("source,target", "edge table is missing column 'type'"),
    ("name,country", "node table is missing column 'label'"),
    ("type,target", "edge table is missing column 'source'"),
    ("foo,bar", "cannot tell a node table from an edge table"),
    ("label,name,evidence", "column 'evidence' is reserved"),
    ("source,type,target,id", "column 'id' is reserved in a edge table"),
    ("label,name,size(m2)", "column 'size(m2)' is not a name"),
    ("label,name,Name", "column 'name' appears more than once"),
])
def test_header_errors_name_the_column(write, header: str, message: str) -> None:
    with pytest.raises(LoaderError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_file(write("bad.csv", header + "\nx,y,z\n"), "bad.csv")


def test_header_without_rows(write) -> None:
    with pytest.raises(LoaderError, match="no rows"):
        read_file(write("h.csv", "label,name\n"), "h.csv")


def test_json_nodes_and_edges(write) -> None:
    data = {
        "nodes": [
            {"label": "Programme", "name": "Nordic Health 2030", "aliases": ["NH2030"], "budget": 12.5},
            {"label": "Call", "name": "Open call 2024", "tags": ["a", "b"], "note": None},
            {"label": "Call", "name": "Nested", "detail": {"x": 1}},
            "not an object",
        ],
        "edges": [
            {"source": "Open call 2024", "type": "PART_OF", "target": "NH2030", "weight": 1},
            {"source": "Open call 2024", "type": "part-of", "target": "NH2030"},
            {"type": "PART_OF", "target": "NH2030"},
        ],
    }
    table = read_table(write, "graph.json", json.dumps(data))
    assert table.nodes == [
        {"label": "Programme", "name": "Nordic Health 2030", "aliases": ["NH2030"], "budget": 12.5},
        {"label": "Call", "name": "Open call 2024", "tags": ["a", "b"]},
    ]
    assert table.edges == [{"source": "Open call 2024", "type": "PART_OF", "target": "NH2030", "weight": 1}]
    assert (table.metadata["node_rows"], table.metadata["edge_rows"]) == (["nodes[0]", "nodes[1]"], ["edges[0]"])
    assert [(r["row"], r["reason"].split()[0]) for r in table.metadata["rejected_rows"]] == [
        ("nodes[2]", "detail"), ("nodes[3]", "not"), ("edges[1]", "type"), ("edges[2]", "source")]


def test_json_lines(write) -> None:
    lines = ['{"label": "Country", "name": "Iceland"}', "",
             '{"source": "Landspitali", "type": "LOCATED_IN", "target": "Iceland"}', "{broken"]
    table = read_table(write, "facts.jsonl", "\n".join(lines))
    assert table.format == "jsonl"
    assert table.nodes == [{"label": "Country", "name": "Iceland"}]
    assert table.edges[0]["target"] == "Iceland"
    assert table.metadata["rejected_rows"][0]["row"] == "line 4"


@pytest.mark.parametrize(("content", "message"), [
    ('{"nodes": [', "invalid JSON at line 1"),
    ('[{"label": "X", "name": "Y"}]', "a JSON table is an object"),
    ('{"nodes": [], "links": []}', "unknown top-level key 'links'"),
    ('{"nodes": {"label": "X"}}', "nodes must be a list"),
])
def test_json_file_errors(write, content: str, message: str) -> None:
    with pytest.raises(LoaderError, match=message):
        read_file(write("bad.json", content), "bad.json")


def test_an_unbalanced_quote_refuses_the_table_naming_the_line_instead_of_merging_rows(write) -> None:
    path = write("open.csv", 'label,name\nOrganisation,"Acme AS\nOrganisation,Beta AS\nOrganisation,Gamma AS\n')
    with pytest.raises(LoaderError, match=r"line 2: malformed CSV .*quote left open"):
        read_file(path, "open.csv")


def test_a_quoted_multi_line_cell_keeps_its_line_break(write) -> None:
    table = read_file(write("multi.csv", 'label,name,note\nOrganisation,Acme AS,"first\nsecond"\n'), "multi.csv")
    assert table.nodes[0]["note"] == "first\nsecond"


def test_a_second_node_with_the_same_id_is_named_not_dropped_silently(write) -> None:
    data = {"nodes": [{"id": "a", "label": "Organisation", "name": "A"},
                      {"id": "a", "label": "Organisation", "name": "B"}], "edges": []}
    table = read_file(write("dup.json", json.dumps(data)), "dup.json")
    assert [n["name"] for n in table.nodes] == ["A"]
    assert table.metadata["rejected_rows"] == [
        {"row": "nodes[1]", "reason": "id 'a' is already the id of the node at nodes[0]"}]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_json_numbers_are_refused_as_strict_json_does(write, constant: str) -> None:
    with pytest.raises(LoaderError, match=f"{constant} is not a number JSON allows"):
        read_file(write("n.json", '{"nodes": [{"label": "Organisation", "name": "N", "budget": %s}]}' % constant),
                  "n.json")
    table = read_file(write("n.jsonl", '{"label": "Organisation", "name": "M"}\n'
                                       '{"label": "Organisation", "name": "N", "budget": %s}\n' % constant), "n.jsonl")
    assert [n["name"] for n in table.nodes] == ["M"] and "JSON allows" in table.metadata["rejected_rows"][0]["reason"]
