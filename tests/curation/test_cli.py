"""``nordgraph review`` and ``nordgraph curate ...`` over an embedded graph file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nordgraph.cli import main
from nordgraph.graph.jsonfile import read_graph, write_graph
from nordgraph.graph.model import Evidence, KnowledgeGraph
from nordgraph.loaders.curation import load_overrides


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    kg = KnowledgeGraph()
    quote = "[bold red]Nordic Healthcare Group[/] \x1b[31mleads"
    ev = Evidence(doc="call.txt", start=0, end=len(quote), quote=quote, rule="sentence", confidence=0.4)
    kg.add_node("Organisation", "Nordic Healthcare Group", evidence=[ev])
    kg.add_node("Organisation", "NHG")
    kg.add_node("Project", "VABPRO")
    kg.add_edge("organisation:nordic-healthcare-group", "LEADS", "project:vabpro", evidence=[ev])
    path = tmp_path / "graph.json"
    write_graph(kg, path)
    return path


def run(graph_file: Path, *args: str) -> "object":
    result = CliRunner().invoke(main, ["--graph", str(graph_file), *args])
    return result


def test_review_prints_both_tables_with_document_text_escaped(graph_file: Path) -> None:
    result = run(graph_file, "review", "--limit", "5")
    assert result.exit_code == 0, result.output
    assert "Least certain facts" in result.output and "Candidate merges" in result.output
    assert "[bold red]Nordic Healthcare" in result.output  # markup in document text prints as is
    assert "\x1b" not in result.output
    assert "'NHG' is the acronym of" in result.output and "nordgraph curate merge" in result.output


def test_review_as_json(graph_file: Path) -> None:
    result = run(graph_file, "review", "--format", "json")
    data = json.loads(result.output)
    assert data["candidates"][0]["reason"].startswith("'NHG' is the acronym")
    assert data["uncertain"][0]["confidence"] == 0.0


def test_curate_merge_records_the_decision_and_applies_it(graph_file: Path) -> None:
    result = run(graph_file, "curate", "merge", "Nordic Healthcare Group", "NHG", "--note", "same company")
    assert result.exit_code == 0, result.output
    overrides = graph_file.with_name(f"{graph_file.stem}.overrides.yaml")
    (decision,) = load_overrides(overrides)
    assert decision.op == "merge" and decision.options["note"] == "same company"
    kg = read_graph(graph_file)
    assert "organisation:nhg" not in kg and "NHG" in kg.props("organisation:nordic-healthcare-group")["aliases"]


def test_curate_commands_append_in_order_to_a_chosen_file(graph_file: Path, tmp_path: Path) -> None:
    overrides = tmp_path / "decisions.yaml"
    commands = [
        ["rename", "VABPRO", "Value based procurement", "--label", "Project"],
        ["retype", "VABPRO", "Programme"],
        ["add", "NHG", "PARTNER_IN", "VABPRO", "--note", "minutes, 2013-05-02"],
        ["drop", "NHG", "PARTNER_IN", "VABPRO"],
        ["split", "Nordic Healthcare Group", "NHG Oy", "--no-apply"],
        ["distinct", "NHG", "Nordic Healthcare Group"],
        ["drop", "NHG", "--label", "Organisation"],
    ]
    for args in commands:
        result = run(graph_file, "curate", *args, "--overrides", str(overrides))
        assert result.exit_code == 0, result.output
    ops = [d.op for d in load_overrides(overrides)]
    assert ops == ["rename", "retype", "add", "drop", "split", "distinct", "drop"]
    kg = read_graph(graph_file)
    assert kg.find("Value based procurement") == ["programme:value-based-procurement"]
    assert "organisation:nhg" not in kg


def test_curate_takes_back_a_decision_that_matches_nothing(graph_file: Path) -> None:
    overrides = graph_file.with_name(f"{graph_file.stem}.overrides.yaml")
    result = run(graph_file, "curate", "rename", "Medtek Norway", "Medtek Norway AS")
    assert result.exit_code == 1
    assert "nothing recorded" in result.output and "matches nothing" in result.output
    assert not overrides.exists()
    kept = run(graph_file, "curate", "rename", "Medtek Norway", "Medtek Norway AS", "--no-apply")
    assert kept.exit_code == 0 and overrides.exists()


@pytest.mark.parametrize("args, message", [
    (["retype", "NHG", "Company"], "Error: new retype decision"),
    (["add", "NHG", "LEADS", "VABPRO"], "add needs --note"),
    (["drop", "NHG", "LEADS"], "drop takes ENTITY, or SOURCE TYPE TARGET"),
])
def test_curate_refuses_a_malformed_decision_without_writing(graph_file: Path, args: list[str],
                                                            message: str) -> None:
    result = run(graph_file, "curate", *args)
    assert result.exit_code != 0 and message in result.output
    assert not graph_file.with_name(f"{graph_file.stem}.overrides.yaml").exists()
