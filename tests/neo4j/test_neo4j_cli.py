"""``nordgraph push/pull`` and the read commands with ``--store neo4j``, through click's CliRunner.

Every read command must print the same thing on both stores for the seed-corpus graph.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nordgraph.cli import main
from nordgraph.graph.jsonfile import read_graph, write_graph
from nordgraph.graph.model import KnowledgeGraph
from testkit.bolt_server import free_port
from tests.neo4j.neo4j_testing import structure

QUERIES = [
    "MATCH (n) RETURN count(n)",
    "MATCH ()-[r]->() RETURN count(r)",
    "MATCH (o)-[:LEADS]->(p) RETURN o.name, p.name ORDER BY o.name, p.name",
    "MATCH (o:Organisation)-[:LOCATED_IN]->(c:Country) RETURN c.name AS country, count(o) AS organisations "
    "ORDER BY country",
]


@pytest.fixture(scope="module")
def seed_graph() -> KnowledgeGraph:
    from nordgraph.loaders.pipeline import build_graph

    return build_graph(["/work/shared/corpus/seeds"]).graph


@pytest.fixture(scope="module")
def pushed(tmp_path_factory: pytest.TempPathFactory, seed_graph: KnowledgeGraph, store_args: list[str]) -> Path:
    """The seed graph in a graph file, pushed (with --replace) to the server, for this module."""
    path = tmp_path_factory.mktemp("seed") / "seed.json"
    write_graph(seed_graph, path)
    result = CliRunner().invoke(main, ["push", "--graph", str(path), "--replace", "--batch-size", "50", *store_args])
    assert result.exit_code == 0, result.output
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_push_reports_counts_and_pull_writes_the_same_graph(pushed: Path, tmp_path: Path,
                                                          seed_graph: KnowledgeGraph, store_args: list[str]) -> None:
    again = run("push", "--graph", str(pushed), *store_args)
    assert f"Pushed {len(seed_graph)} nodes (0 new) and {seed_graph.edge_count()} relationships (0 new)" in again
    assert f"Not stored (Neo4j keeps nodes and relationships only): the list of {len(seed_graph.documents)} " \
           "source documents" in again
    pulled = tmp_path / "pulled.json"
    assert f"Pulled {len(seed_graph)} nodes" in run("pull", "--graph", str(pulled), *store_args)
    assert structure(read_graph(pulled)) == structure(seed_graph)


@pytest.mark.parametrize("text", QUERIES)
def test_query_output_is_the_same_on_both_stores(pushed: Path, store_args: list[str], text: str) -> None:
    embedded = run("query", text, "--graph", str(pushed), "--format", "json")
    remote = run("query", text, *store_args, "--format", "json")
    assert json.loads(remote) == json.loads(embedded)
    assert json.loads(embedded)["rows"]  # the seed graph gives rows for every one of these


def test_stats_are_the_same_on_both_stores(pushed: Path, store_args: list[str]) -> None:
    assert run("stats", "--format", "json", *store_args) == run("stats", "--format", "json", "--graph", str(pushed))


def test_show_is_the_same_on_both_stores(pushed: Path, seed_graph: KnowledgeGraph, store_args: list[str]) -> None:
    key = max(seed_graph.nodes("Organisation"), key=lambda k: seed_graph.nx.degree(k))
    name = seed_graph.name(key)
    embedded = json.loads(run("show", name, "--format", "json", "--graph", str(pushed)))
    remote = json.loads(run("show", name, "--format", "json", *store_args))
    for detail in (embedded, remote):
        detail["neighbours"].sort(key=lambda n: json.dumps(n, sort_keys=True))
    assert remote == embedded
    assert embedded["neighbours"] and embedded["evidence"]


def test_unreachable_server_is_one_line_without_the_password() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(main, ["stats", "--store", "neo4j", "--neo4j-uri", uri,
                                       "--neo4j-user", "analyst", "--neo4j-password", "s3cret-pw"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach Neo4j bolt://127.0.0.1:")
    assert "s3cret-pw" not in result.output and "Traceback" not in result.output


def test_push_without_a_graph_file_says_so(tmp_path: Path, store_args: list[str]) -> None:
    result = CliRunner().invoke(main, ["push", "--graph", str(tmp_path / "none.json"), *store_args])
    assert result.exit_code == 2 and "run 'nordgraph build' first" in result.output


def test_export_from_neo4j_reads_back_as_the_graph(pushed: Path, tmp_path: Path, seed_graph: KnowledgeGraph,
                                                   store_args: list[str]) -> None:
    from tests.neo4j.test_neo4j_exports import read_admin_folder, stored_form

    run("export", "--format", "neo4j-admin", "--output", str(tmp_path / "admin"), *store_args)
    delimiter = (tmp_path / "admin" / "README.md").read_text().split("--array-delimiter='")[1][0]
    assert stored_form(read_admin_folder(tmp_path / "admin", delimiter)) == stored_form(seed_graph)


def test_unknown_names_give_the_same_notifications_on_both_stores(pushed: Path, store_args: list[str]) -> None:
    text = "MATCH (o:organisation)-[:LEAD]->(p:Projct) WHERE o.nme <> '' RETURN p.name"
    embedded = json.loads(run("query", text, "--graph", str(pushed), "--format", "json"))
    remote = json.loads(run("query", text, *store_args, "--format", "json"))
    assert remote == embedded
    assert [n["description"] for n in remote["notifications"]] == [
        "label `organisation` is not in the graph; did you mean `Organisation`?",
        "label `Projct` is not in the graph; did you mean `Project`?",
        "relationship type `LEAD` is not in the graph; did you mean `LEADS`?",
        "property key `nme` is not in the graph; did you mean `name`?"]


def test_neo4j_only_syntax_runs_on_the_server_and_says_its_names_went_unchecked(store_args: list[str]) -> None:
    result = CliRunner().invoke(main, ["query", "--write", "FOREACH (x IN [] | CREATE (:Nothing)) RETURN 1 AS one", *store_args])
    assert result.exit_code == 0, result.output
    assert "(1 row)" in result.stdout
    assert "Note: labels, relationship types and property keys not checked: the embedded Cypher parser cannot " \
           "read this query (FOREACH is not supported" in result.stderr
