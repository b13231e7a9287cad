"""The command line, through click's CliRunner and as a real subprocess."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nordgraph.cli import EXIT_SKIPPED, main
from tests.conftest import EXAMPLES, KGSCORE, REPO, SEED_GOLD, SEEDS


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def built(tmp_path: Path, runner: CliRunner) -> Path:
    graph = tmp_path / "g.json"
    result = runner.invoke(main, ["build", str(EXAMPLES), "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    return graph


def test_build_prints_a_summary_and_writes_the_graph(built: Path, runner: CliRunner) -> None:
    data = json.loads(built.read_text(encoding="utf-8"))
    assert data["format"] == "nordgraph" and data["nodes"] and data["edges"]
    assert len(data["documents"]) == len(list(EXAMPLES.iterdir()))


def test_graph_option_works_before_and_after_the_command(built: Path, runner: CliRunner) -> None:
    before = runner.invoke(main, ["--graph", str(built), "stats", "--format", "json"])
    after = runner.invoke(main, ["stats", "--format", "json", "--graph", str(built)])
    assert before.exit_code == after.exit_code == 0
    assert before.output == after.output
    rows = json.loads(before.output)
    assert {r["kind"] for r in rows} == {"node", "edge"}


def test_graph_path_from_environment(built: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["stats"], env={"NORDGRAPH_GRAPH": str(built)})
    assert result.exit_code == 0 and str(built) in result.output


def test_show_prints_aliases_neighbours_and_evidence(built: Path, runner: CliRunner) -> None:
    rows = json.loads(runner.invoke(main, ["query", "MATCH (o:Organisation)-[r]->() RETURN o.name AS name, count(r) AS n "
                                           "ORDER BY n DESC, name LIMIT 1", "--format", "json", "--graph", str(built)]).output)
    name = rows["rows"][0]["name"]
    result = runner.invoke(main, ["show", name.upper(), "--graph", str(built), "--format", "json"])
    assert result.exit_code == 0, result.output
    detail = json.loads(result.output)
    assert detail["name"] == name and detail["neighbours"]
    assert all(n["evidence"] for n in detail["neighbours"])
    assert detail["evidence"][0]["quote"]


def test_show_unknown_name_is_a_clear_error(built: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["show", "No Such Organisation", "--graph", str(built)])
    assert result.exit_code == 1
    assert "no entity named 'No Such Organisation'" in result.output
    assert "Traceback" not in result.output


def test_query_with_parameters_and_json_output(built: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "MATCH (c:Country) WHERE c.name = $name RETURN c.name AS country, $n AS n",
                                  "--param", "name=Norway", "--param", "n=2", "--format", "json", "--graph", str(built)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"rows": [{"country": "Norway", "n": 2}], "notifications": []}


def test_a_misspelt_label_warns_on_standard_error_and_the_rows_still_print(built: Path, runner: CliRunner) -> None:
    misspelt = runner.invoke(main, ["query", "MATCH (o:Organisaton) RETURN o.name", "--graph", str(built)])
    assert misspelt.exit_code == 0, misspelt.output
    assert misspelt.stderr == "Warning: label `Organisaton` is not in the graph; did you mean `Organisation`?\n"
    empty = runner.invoke(main, ["query", "MATCH (o:Organisation) WHERE false RETURN o.name", "--graph", str(built)])
    assert misspelt.stdout == empty.stdout and "(0 rows)" in misspelt.stdout and empty.stderr == ""


def test_json_output_carries_the_notifications(built: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "MATCH (o:organisation)-[:LEADS]->(p) RETURN p.nme AS name", "--format",
                                  "json", "--graph", str(built)])
    assert result.exit_code == 0 and result.stderr == ""
    answer = json.loads(result.stdout)
    assert answer["rows"] == []
    assert [(n["severity"], n["code"].rsplit(".", 1)[1], n["description"]) for n in answer["notifications"]] == [
        ("WARNING", "UnknownLabelWarning", "label `organisation` is not in the graph; did you mean `Organisation`?"),
        ("WARNING", "UnknownPropertyKeyWarning", "property key `nme` is not in the graph; did you mean `name`?")]


def test_names_the_query_creates_do_not_warn(built: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "--write", "CREATE (f:Funder {acronym: 'NF'}) SET f.since = 2024 "
                                  "WITH f MATCH (x:Funder) RETURN x.acronym, x.since", "--graph", str(built)])
    assert result.exit_code == 0, result.output
    assert "NF" in result.stdout and "Warning" not in result.stderr


def test_viz_query_warns_about_unknown_names(built: Path, runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["viz", "--query", "MATCH p = (:Organisation)-[:LEDS]->() RETURN p",
                                  "-o", str(tmp_path / "v.html"), "--graph", str(built)])
    assert "Warning: relationship type `LEDS` is not in the graph; did you mean `LEADS`?" in result.stderr


def test_query_from_standard_input_and_csv(built: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "--format", "csv", "--graph", str(built)],
                           input="MATCH (c:Country {name: 'Norway'}) RETURN c.name AS name")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["name", "Norway"]


def test_query_syntax_error_names_line_and_column(built: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "MATCH (n)\nRETURN n.name AS", "--graph", str(built)])
    assert result.exit_code == 1
    assert "line 2" in result.output and "^" in result.output
    assert "Traceback" not in result.output


def test_bad_parameter_syntax_is_a_usage_error(built: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "RETURN 1", "--param", "oops", "--graph", str(built)])
    assert result.exit_code == 2 and "name=value" in result.output


def test_export_formats(built: Path, runner: CliRunner, tmp_path: Path) -> None:
    for fmt, name in (("json", "x.json"), ("graphml", "x.graphml"), ("gexf", "x.gexf"), ("csv", "csvdir")):
        result = runner.invoke(main, ["export", "--format", fmt, "--output", str(tmp_path / name), "--graph", str(built)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).exists()
    unknown = runner.invoke(main, ["export", "--format", "xlsx", "--output", str(tmp_path / "x"), "--graph", str(built)])
    assert unknown.exit_code == 1 and "known:" in unknown.output


def test_build_of_a_missing_path_reports_it_and_exits_3(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["build", str(EXAMPLES), str(tmp_path / "missing.txt"), "--graph", str(tmp_path / "g.json")])
    assert result.exit_code == EXIT_SKIPPED
    assert "missing.txt" in result.output


def test_a_failed_build_leaves_the_previous_graph(built: Path, runner: CliRunner, tmp_path: Path) -> None:
    before = built.read_bytes()
    bad_overrides = tmp_path / "bad.yaml"
    bad_overrides.write_text("merge: [unclosed\n", encoding="utf-8")
    result = runner.invoke(main, ["build", str(EXAMPLES), "--graph", str(built), "--overrides", str(bad_overrides)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert built.read_bytes() == before


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    command = [str(Path(sys.executable).with_name("nordgraph")), *args]
    env = {k: v for k, v in os.environ.items() if k != "NORDGRAPH_GRAPH"}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def test_seed_build_and_export_is_read_by_kgscore(tmp_path: Path, shared: Path) -> None:
    built = run("build", str(SEEDS), "--graph", "g.json", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    exported = run("export", "--graph", "g.json", "--format", "json", "--output", "x.json", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    score = subprocess.run([sys.executable, str(KGSCORE), "x.json", str(SEED_GOLD)], cwd=tmp_path,
                           capture_output=True, text=True, timeout=60)
    print(score.stdout)
    assert score.returncode == 0 and "entity F1" in score.stdout


RANDOM_BYTES = bytes(range(256)) * 8


def test_bad_files_are_named_and_skipped_and_nothing_else_is_lost(tmp_path: Path, shared: Path) -> None:
    clean = run("build", str(SEEDS), "--graph", "clean.json", cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for seed in SEEDS.iterdir():
        (mixed / seed.name).write_bytes(seed.read_bytes())
    (mixed / "scan.pdf").write_bytes(os.urandom(2048) + RANDOM_BYTES)
    (mixed / "empty.txt").write_bytes(b"")
    (mixed / "legacy.txt").write_bytes(
        "The Fjordhelse project is led by Ålesund kommune.\n\nNorway: Ålesund kommune, Tromsø kommune.\n".encode("latin-1"))
    (mixed / "cut.html").write_text("<html><head><title>Cut</title></head><body><h1>Partners</h1><ul><li>Aker",
                                    encoding="utf-8")

    result = run("build", str(mixed), "--graph", "mixed.json", cwd=tmp_path)

    assert result.returncode == EXIT_SKIPPED, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "scan.pdf" in result.stderr and "empty.txt" in result.stderr
    assert "legacy.txt" not in result.stderr and "cut.html" not in result.stderr
    def names(path: str) -> set[tuple[str, str]]:
        return {(n["label"], n["name"]) for n in json.loads((tmp_path / path).read_text())["nodes"]}

    assert names("clean.json") <= names("mixed.json")
    assert ("Organisation", "Ålesund kommune") in names("mixed.json")  # the Latin-1 text was decoded


def test_the_package_imports_like_an_installed_user_would() -> None:
    import nordgraph

    assert {"build", "open_store", "query"} <= set(nordgraph.__all__)
    assert (REPO / "cli.py").exists()


def test_build_warns_about_curation_entries_that_name_nothing(tmp_path: Path, runner: CliRunner) -> None:
    overrides = tmp_path / "g.overrides.yaml"
    overrides.write_text("- rename: Some Organisation That Is Gone\n  to: Another Name\n", encoding="utf-8")
    result = runner.invoke(main, ["build", str(EXAMPLES), "--graph", str(tmp_path / "g.json")])
    assert result.exit_code == 0, result.output
    assert "Warning:" in result.output and "Some Organisation That Is Gone" in result.output


CYPHER_FORMS = [
    ("single quotes", "MATCH (c:Country {name: 'Norway'}) RETURN c.name AS name", [{"name": "Norway"}]),
    ("lower-case functions", "match (c:Country {name: 'Norway'}) return toupper(c.name) as name, COUNT(*) as n",
     [{"name": "NORWAY", "n": 1}]),
    ("parameters", "MATCH (c:Country) WHERE c.name IN $names RETURN c.name AS name ORDER BY name",
     [{"name": "Finland"}, {"name": "Norway"}]),
    ("optional match", "MATCH (c:Country {name: 'Norway'}) OPTIONAL MATCH (c)-[:NO_SUCH]->(x) "
     "RETURN c.name AS name, x AS x", [{"name": "Norway", "x": None}]),
    ("with filters", "MATCH (o)-[:LOCATED_IN]->(c:Country) WITH c, count(o) AS n WHERE n >= 1 AND c.name = 'Norway' "
     "RETURN c.name AS name, n > 0 AS some", [{"name": "Norway", "some": True}]),
    ("unwind", "UNWIND [3, 1, 2] AS x WITH x ORDER BY x RETURN collect(x) AS xs", [{"xs": [1, 2, 3]}]),
    ("regex", "MATCH (c:Country) WHERE c.name =~ 'Nor.*' RETURN c.name AS name", [{"name": "Norway"}]),
    ("case", "UNWIND [1, 5] AS x RETURN CASE WHEN x > 2 THEN 'big' ELSE 'small' END AS size",
     [{"size": "small"}, {"size": "big"}]),
]


@pytest.mark.parametrize("form, text, expected", CYPHER_FORMS, ids=[f[0] for f in CYPHER_FORMS])
def test_query_forms_from_the_command_line(built: Path, runner: CliRunner, form: str, text: str,
                                           expected: list[dict[str, object]]) -> None:
    args = ["query", text, "--format", "json", "--graph", str(built)]
    if "$names" in text:
        args += ["--param", 'names=["Norway", "Finland"]']
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rows"] == expected


def test_a_build_that_reads_nothing_leaves_the_graph(built: Path, runner: CliRunner, tmp_path: Path) -> None:
    before = built.read_bytes()
    (tmp_path / "only").mkdir()
    (tmp_path / "only" / "empty.txt").write_bytes(b"")
    for paths in ([str(tmp_path / "nowhere")], [str(tmp_path / "only")]):
        result = runner.invoke(main, ["build", *paths, "--graph", str(built)])
        assert result.exit_code == 1 and "left as it was" in result.output
        assert built.read_bytes() == before


def test_hidden_files_are_named_as_passed_over(tmp_path: Path, runner: CliRunner) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(EXAMPLES, docs)
    (docs / ".DS_Store").write_bytes(b"\x00\x01")
    result = runner.invoke(main, ["build", str(docs), "--graph", str(tmp_path / "g.json")])
    assert result.exit_code == 0, result.output
    assert "passed over 1 hidden" in result.output and ".DS_Store" in result.output


def test_a_missing_graph_file_is_an_error_not_an_empty_graph(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["stats", "--graph", str(tmp_path / "typo.json")])
    assert result.exit_code == 1 and "no graph at" in result.output
    created = runner.invoke(main, ["query", "--write", "CREATE (:Organisation {name: 'A'})", "--graph", str(tmp_path / "new.json")])
    assert created.exit_code == 0, created.output
    assert json.loads((tmp_path / "new.json").read_text())["nodes"][0]["name"] == "A"


def test_neo4j_options_without_the_neo4j_store_are_refused(built: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["stats", "--graph", str(built), "--neo4j-uri", "bolt://127.0.0.1:1"])
    assert result.exit_code == 2 and "only apply with --store neo4j" in result.output


def test_a_parameter_given_twice_is_refused(built: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "RETURN $n", "-p", "n=1", "-p", "n=2", "--graph", str(built)])
    assert result.exit_code == 2 and "given twice" in result.output


def test_control_characters_from_documents_never_reach_the_terminal(tmp_path: Path, runner: CliRunner) -> None:
    graph = tmp_path / "g.json"
    evil = "Bad\x1b]0;pwned\x07 Org"
    created = runner.invoke(main, ["query", "--write", "CREATE (:Organisation {id: 'organisation:bad', name: $n})",
                                   "--param", f"n={evil}", "--graph", str(graph)])
    assert created.exit_code == 0, created.output
    for args in (["show", "organisation:bad"], ["show", "Bad"], ["query", "MATCH (n) RETURN n.name AS `\x1b[31m`"]):
        result = runner.invoke(main, [*args, "--graph", str(graph)])
        assert "\x1b" not in result.output and "\x07" not in result.output, args


def test_every_query_format_keeps_controls_from_the_terminal_and_csv_formulas_from_spreadsheets(
        tmp_path: Path, runner: CliRunner) -> None:
    graph = tmp_path / "g.json"
    evil = "=HYPERLINK(\"http://evil\") \x1b]8;;http://evil\x07x\x1b]8;;\x07 \x9b2J \u202e"
    created = runner.invoke(main, ["query", "--write", "CREATE (:Organisation {name: $n, n: -3})", "--param", f"n={evil}",
                                   "--graph", str(graph)])
    assert created.exit_code == 0, created.output
    outputs = {fmt: runner.invoke(main, ["query", "MATCH (o) RETURN o.name AS name, o.n AS n", "--format", fmt,
                                         "--graph", str(graph)]).output for fmt in ("table", "json", "csv")}
    for fmt, out in outputs.items():
        assert not [c for c in ("\x1b", "\x07", "\x9b", "\u202e") if c in out], fmt
    assert json.loads(outputs["json"])["rows"] == [{"name": evil, "n": -3}]
    name, n = list(csv.reader(io.StringIO(outputs["csv"])))[1]
    assert name.startswith("'=HYPERLINK") and n == "-3"
    raw = runner.invoke(main, ["query", "MATCH (o) RETURN o.name AS name", "--format", "csv", "--raw-csv",
                               "--graph", str(graph)])
    assert list(csv.reader(io.StringIO(raw.output)))[1][0].startswith("=HYPERLINK") and "\x1b" not in raw.output


def test_raw_csv_without_csv_output_is_refused(built: Path, runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["stats", "--raw-csv", "--graph", str(built)])
    assert result.exit_code == 2 and "--raw-csv only applies with --format csv" in result.output
    result = runner.invoke(main, ["export", "--format", "json", "--raw-csv", "-o", str(tmp_path / "x.json"),
                                  "--graph", str(built)])
    assert result.exit_code == 1 and "only apply to the csv export" in result.output


def test_the_console_entry_runs_exit_handlers_and_keeps_the_exit_status(built: Path) -> None:
    """console() skips only the teardown of the loaded graph: handlers and the status stay."""
    script = ("import atexit, sys; atexit.register(lambda: print('handlers ran', flush=True)); "
              "from nordgraph.cli import console; sys.argv = ['nordgraph', *sys.argv[1:]]; console()")
    ok = subprocess.run([sys.executable, "-c", script, "stats", "--graph", str(built)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "Organisation" in ok.stdout and ok.stdout.rstrip().endswith("handlers ran")
    failed = subprocess.run([sys.executable, "-c", script, "query", "MATCH (n RETURN n", "--graph", str(built)],
                            capture_output=True, text=True)
    assert failed.returncode == 1 and "line 1, column 10" in failed.stderr and "handlers ran" in failed.stdout
