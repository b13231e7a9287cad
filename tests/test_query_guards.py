"""Guarded queries through the command line and the API: writes that would break the graph file
are refused with one line and leave the file as it was, limits are options, and nothing reaches the
user as a traceback (issue 14)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import nordgraph
from nordgraph.cli import main
from nordgraph.graph.errors import StoreError
from nordgraph.graph.jsonfile import read_graph, write_graph
from tests.queries.conftest import sample_graph

MEDTEK = "MATCH (n:Organisation {name: 'Medtek Norway'}) "
LEADS = "MATCH (:Organisation {name: 'Medtek Norway'})-[r:LEADS]->(:Project {name: 'Care Robots'}) "


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "g.json"
    write_graph(sample_graph(), path)
    return path


def query(graph_file: Path, text: str, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["query", "--write", text, "--graph", str(graph_file), *options])
    return result.exit_code, result.output


@pytest.mark.parametrize(("text", "message"), [
    (MEDTEK + "SET n.evidence = 'see report'", "'evidence' of node 'organisation:medtek-norway' must be a list of "
                                              "evidence maps, not 'see report'"),
    (MEDTEK + "SET n.aliases = 'Nordlys'", "'aliases' of node 'organisation:medtek-norway' must be a list of strings"),
    (MEDTEK + "SET n.aliases = 5", "must be a list of strings, not 5"),
    (MEDTEK + "SET n.name = [1, 2]", "'name' of node 'organisation:medtek-norway' must be a string, not [1, 2]"),
    (MEDTEK + "SET n += {name: 1}", "must be a string, not 1"),
    (MEDTEK + "SET n = {name: 'Medtek'}", "'id' of node 'organisation:medtek-norway' is its key"),
    (MEDTEK + "SET n.id = 'organisation:other'", "a query cannot change or remove it"),
    (MEDTEK + "REMOVE n.id", "a query cannot change or remove it"),
    (MEDTEK + "REMOVE n:Organisation", "would have no label"),
    (LEADS + "SET r.evidence = r.evidence", "must be a list of evidence maps"),
    (LEADS + "SET r.evidence = ['a']", "'evidence' of relationship"),
    (LEADS + "REMOVE r.id", "'id' of relationship"),
    ("CREATE (:Organisation {name: 'New', aliases: 'N'})", "must be a list of strings, not 'N'"),
    ("CREATE (n {name: 'Nameless'})", "would have no label"),
    ("CREATE (:Organisation {id: 7})", "'id' must be a non-empty string"),
    ("CREATE (:Organisation {id: 'organisation:medtek-norway'})", "exists already"),
    ("CREATE (a:Organisation {name: 'A'})-[:LEADS {id: 'mine'}]->(:Project {name: 'P'})", "'id' of relationship"),
    ("MERGE (n:Organisation {name: 'Medtek Norway'}) ON MATCH SET n.aliases = 'M'", "must be a list of strings"),
    ("MERGE (n:Organisation {name: 'Brand New'}) ON CREATE SET n.name = 5", "must be a string, not 5"),
])
def test_a_write_that_breaks_a_reserved_field_is_one_error_and_leaves_the_file(graph_file: Path, text: str,
                                                                               message: str) -> None:
    before = graph_file.read_bytes()
    code, output = query(graph_file, text)
    assert code == 1 and output.startswith("Error: ") and output.count("\n") == 1, output
    assert message in output
    assert graph_file.read_bytes() == before
    for command in (["stats"], ["review"], ["show", "Medtek Norway"]):
        assert CliRunner().invoke(main, [*command, "--graph", str(graph_file)]).exit_code == 0, command


def test_allowed_writes_to_reserved_fields_read_back(graph_file: Path) -> None:
    code, output = query(graph_file, MEDTEK + "SET n.aliases = coalesce(n.aliases, []) + 'Nordlys', "
                                              "n.name = 'Medtek Norway AS' REMOVE n.evidence")
    assert code == 0, output
    code, output = query(graph_file, "CREATE (:Organisation {id: 'organisation:nordlys', name: 'Nordlys'})")
    assert code == 0, output
    kg = read_graph(graph_file)
    medtek = kg.props("organisation:medtek-norway")
    assert medtek["aliases"] == ["Medtek", "Nordlys"] and medtek["name"] == "Medtek Norway AS"
    assert medtek["evidence"] == []
    assert kg.props("organisation:nordlys")["id"] == "organisation:nordlys"  # the id became the key


def test_the_writer_refuses_a_graph_its_reader_would_refuse(graph_file: Path) -> None:
    kg = read_graph(graph_file)
    before = graph_file.read_bytes()
    kg.props("organisation:medtek-norway")["aliases"] = "Nordlys"  # a path no rule foresaw
    with pytest.raises(StoreError, match="was not written: graph file: 'aliases' of node 'organisation:medtek-norway' "
                                         "must be a list of strings, not str"):
        write_graph(kg, graph_file)
    kg.props("organisation:medtek-norway")["aliases"] = []
    kg.props("organisation:medtek-norway")["logo"] = b"\x89PNG"
    with pytest.raises(StoreError, match="not JSON serializable"):
        write_graph(kg, graph_file)
    assert graph_file.read_bytes() == before


@pytest.mark.parametrize("text", ["RETURN exp(1000) AS v", "RETURN (-8) ^ 0.5 AS v", "RETURN (1.0/0.0) % 2 AS v"])
def test_float_edge_cases_print_as_neo4j_prints_them(graph_file: Path, text: str) -> None:
    code, output = query(graph_file, text, "--format", "json")
    assert code == 0, output
    assert json.loads(output)["rows"][0]["v"] in ("Infinity", "NaN", float("inf")) or "NaN" in output


@pytest.mark.parametrize("text", ["RETURN atan2('a', 1)", "RETURN " + "[" * 300 + "1" + "]" * 300,
                                  "RETURN datetime({year: 1984, timezone: 1})", "RETURN 1 LIMIT $n"])
def test_hostile_queries_are_one_error_line(graph_file: Path, text: str) -> None:
    code, output = query(graph_file, text, "-p", "n=99999999999999999999")
    assert code == 1 and output.startswith("Error: ") and "Traceback" not in output, output


def test_limits_are_options_of_query_run_and_viz(graph_file: Path, tmp_path: Path) -> None:
    code, output = query(graph_file, "UNWIND range(1, 100) AS x RETURN count(x)", "--max-rows", "50")
    assert code == 1 and "range() would make a list or text of 100 elements, more than the limit of 50" in output
    code, output = query(graph_file, "UNWIND range(1, 100) AS x RETURN count(x)", "--max-rows", "0")
    assert code == 0 and "100" in output
    walk = "MATCH p = (a)-[*]-(b) RETURN count(p)"
    code, output = query(graph_file, walk, "--timeout", "0.000001")
    assert code == 1 and "time limit of 1e-06 s; raise it with --timeout SECONDS" in output
    run = CliRunner().invoke(main, ["run", "top-leads", "--max-rows", "1", "--graph", str(graph_file)])
    assert run.exit_code == 1 and "--max-rows" in run.output
    viz = CliRunner().invoke(main, ["viz", "--query", "MATCH (n) RETURN n", "--max-rows", "2", "-o",
                                    str(tmp_path / "v.html"), "--graph", str(graph_file)])
    assert viz.exit_code == 1 and "more than 2 rows" in viz.output
    assert "--timeout SECONDS" in CliRunner().invoke(main, ["viz", "--help"]).output


def test_the_python_api_takes_the_limits(graph_file: Path) -> None:
    store = nordgraph.open_store(graph_file, max_rows=5)
    with pytest.raises(nordgraph.NordgraphError, match="more than the limit of 5"):
        nordgraph.query(store, "RETURN range(1, 10)")
    assert nordgraph.query(nordgraph.open_store(graph_file, max_rows=None), "RETURN size(range(1, 10)) AS n").rows == [(10,)]


def test_an_unexpected_exception_is_one_internal_error_line(graph_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("nordgraph.cli.checked_query", broken)
    code, output = query(graph_file, "RETURN 1")
    assert code == 1 and output == ("Error: internal error (RuntimeError: boom); please report it with the command "
                                    "that caused it (NORDGRAPH_DEBUG=1 shows the traceback)\n")


def test_a_query_that_grows_memory_past_its_bound_is_one_error_line(graph_file: Path) -> None:
    # A fresh process: the bound is on what the query adds to its process's memory, and the test
    # process holds memory that earlier tests freed and a query here could reuse unseen.
    padded = "UNWIND range(1, 2000000) AS x RETURN size(collect(toString(x) + ' and some padding words')) AS n"
    done = subprocess.run([sys.executable, "-m", "nordgraph", "query", padded, "--max-memory", "20",
                           "--graph", str(graph_file)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr.startswith("Error: the query took more than 20 MB of memory"), done
    assert "--max-memory MB" in done.stderr and "Traceback" not in done.stderr
    assert query(graph_file, "UNWIND range(1, 1000) AS x RETURN size(collect(toString(x))) AS n",
                 "--max-memory", "20")[0] == 0
