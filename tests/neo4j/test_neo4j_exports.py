"""Offline exports: neo4j-admin CSV folders and cypher-shell scripts, hostile text included."""
from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest

from nordgraph.graph import cypher
from nordgraph.graph.exporters import export
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.neo4j import Neo4jStore, pull
from nordgraph.graph.neo4j.exports import cypher_literal, cypher_statements
from tests.neo4j.neo4j_testing import HOSTILE, structure

TYPES = r"(int|long|float|double|boolean|byte|short|char|string)(\[\])?"
NODE_HEADER = re.compile(rf"^id:ID\(Entity\),:LABEL(,[^:,]+:{TYPES})*$")
REL_HEADER = re.compile(rf"^:START_ID\(Entity\),:END_ID\(Entity\),:TYPE,id:string(,[^:,]+:{TYPES})*$")


def read_admin_folder(folder: Path, delimiter: str) -> KnowledgeGraph:
    """Read the CSV files back the way neo4j-admin reads them (header types, array delimiter)."""
    kg = KnowledgeGraph()
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        header, body = rows[0], rows[1:]
        for row in body:
            values = dict(zip(header, row))
            props: dict[str, Any] = {}
            for column, cell in values.items():
                name, _, kind = column.partition(":")
                if name and cell != "":
                    props[name] = _typed(cell, kind, delimiter)
            if path.name.startswith("nodes-"):
                props["id"] = values["id:ID(Entity)"]
                kg.nx.add_node(props["id"], labels=tuple(values[":LABEL"].split(delimiter)), props=props)
            else:
                kg.nx.add_edge(values[":START_ID(Entity)"], values[":END_ID(Entity)"], key=props["id"],
                               type=values[":TYPE"], props=props)
    return kg


def _typed(cell: str, kind: str, delimiter: str) -> Any:
    if kind.endswith("[]"):
        return [_typed(item, kind[:-2], delimiter) for item in cell.split(delimiter)]
    return {"long": int, "double": float, "boolean": lambda v: v == "true"}.get(kind, str)(cell)


def stored_form(kg: KnowledgeGraph) -> dict[str, Any]:
    """The structure as Neo4j holds it: evidence as JSON text, empty lists absent."""
    from nordgraph.graph.values import storable

    def props(p: dict[str, Any]) -> dict[str, Any]:
        return {k: storable(v) for k, v in p.items() if v not in ([], None)}

    data = structure(kg)
    return {"nodes": {k: (labels, props(p)) for k, (labels, p) in data["nodes"].items()},
            "edges": {k: (s, t, ty, props(p)) for k, (s, t, ty, p) in data["edges"].items()}}


def test_neo4j_admin_files_follow_the_header_format_and_read_back(tmp_path: Path,
                                                                   sample_graph: KnowledgeGraph) -> None:
    export(sample_graph, "neo4j-admin", tmp_path)
    readme = (tmp_path / "README.md").read_text()
    delimiter = re.search(r"--array-delimiter='(.)'", readme).group(1)
    assert delimiter == "|"  # an alias contains ';', so the next delimiter is chosen and documented
    files = sorted(p.name for p in tmp_path.glob("*.csv"))
    primary = {data["labels"][0] for _, data in sample_graph.nx.nodes(data=True)}
    assert files == sorted([f"nodes-{label}.csv" for label in primary] +
                           [f"relationships-{t}.csv" for t in sample_graph.counts()["edges"]])
    for name in files:
        header = (tmp_path / name).read_text().splitlines()[0]
        assert (NODE_HEADER if name.startswith("nodes-") else REL_HEADER).match(header), header
        assert f"--{'nodes' if name.startswith('nodes-') else 'relationships'}={name}" in readme
    project_header = (tmp_path / "nodes-Project.csv").read_text().splitlines()[0]
    assert "aliases:string[]" in project_header and "start:long" in project_header
    assert "budget:double" in project_header and "evidence:string" in project_header
    assert stored_form(read_admin_folder(tmp_path, delimiter)) == stored_form(sample_graph)


def test_neo4j_admin_keeps_empty_text_apart_from_absent_values(tmp_path: Path) -> None:
    kg = KnowledgeGraph()
    kg.add_node("Organisation", "Blank", note="")
    kg.add_node("Organisation", "Absent")
    export(kg, "neo4j-admin", tmp_path)
    lines = (tmp_path / "nodes-Organisation.csv").read_text().splitlines()
    assert lines[0] == "id:ID(Entity),:LABEL,name:string,aliases:string[],evidence:string[],note:string"
    assert lines[1].endswith(',"Blank",,,""') and lines[2].endswith(',"Absent",,,')


def test_neo4j_admin_refuses_columns_of_mixed_types(tmp_path: Path) -> None:
    kg = KnowledgeGraph()
    kg.add_node("Project", "A", start=2020)
    kg.add_node("Project", "B", start="spring 2021")
    with pytest.raises(Exception, match="'start'.*several types"):
        export(kg, "neo4j-admin", tmp_path)


LITERALS = HOSTILE + ["nul \x00 esc \x1b del \x7f bom \ufeff nel \x85 ls \u2028", "😀 astral \U0001F600",
                      "\\u00e5 is not an escape here", "ends with backslash \\"]


@pytest.mark.parametrize("value", LITERALS + [[1, 2], [0.1, 1e300, -2.5e-300], {"a b": "x", "k`ey": [True]},
                                              -9223372036854775808, 0.30000000000000004])
def test_cypher_literals_read_back_exactly(tmp_path: Path, value: Any) -> None:
    """Parsed by nordgraph's own Cypher engine, each literal is the value it was written from."""
    result = cypher.execute(cypher.parse(f"RETURN {cypher_literal(value)} AS v"), KnowledgeGraph(), {})
    assert result.rows == [(value,)]


def test_cypher_literals_cannot_break_out_of_a_line(tmp_path: Path) -> None:
    for value in LITERALS:
        literal = cypher_literal(value)
        assert "\n" not in literal and "\r" not in literal and "\u2028" not in literal
        assert re.fullmatch(r"'(?:[^'\\]|\\.)*'", literal, re.S)


def test_cypher_script_builds_the_same_graph_on_the_server(tmp_path: Path, store: Neo4jStore,
                                                          sample_graph: KnowledgeGraph) -> None:
    export(sample_graph, "cypher", tmp_path / "graph.cypher")
    text = (tmp_path / "graph.cypher").read_text()
    body = [line for line in text.splitlines() if not line.startswith("//")]
    assert body == [s + ";" for s in cypher_statements(sample_graph)]  # one statement per line
    unicode_escapes = store.query("RETURN '\\u00e5' AS s").rows == [("å",)]
    limit = store.profile.max_message_bytes
    statements = list(cypher_statements(sample_graph, batch_rows=4, unicode_escapes=unicode_escapes,
                                        max_statement_bytes=(limit - 400) if limit else 1 << 20))
    for statement in statements:
        if not statement.startswith("CREATE CONSTRAINT") or store.profile.components:
            store.records(statement, write=True)
    for statement in statements:  # twice: the script is idempotent
        if not statement.startswith("CREATE CONSTRAINT"):
            store.records(statement, write=True)
    assert structure(pull(store)) == structure(sample_graph)
