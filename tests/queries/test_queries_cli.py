"""``nordgraph queries`` and ``nordgraph run`` through click's CliRunner."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from nordgraph.cli import main
from nordgraph.graph.store import EmbeddedStore
from nordgraph.queries.registry import canned_queries
from tests.queries.conftest import ring


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_queries_lists_every_canned_query_as_a_table() -> None:
    code, output = invoke("queries")
    assert code == 0
    for query in canned_queries():
        assert query.name in output
    assert "limit: integer = 20" in output and "analytics" in output and "cypher" in output


def test_queries_as_json_gives_typed_parameters() -> None:
    code, output = invoke("queries", "--format", "json")
    assert code == 0
    listed = {entry["name"]: entry for entry in json.loads(output)}
    assert listed["top-leads"]["kind"] == "cypher"
    assert listed["top-leads"]["parameters"] == [{
        "name": "limit", "type": "integer", "label": None, "bounds": None, "required": False, "default": 20, "example": "10",
        "description": "how many organisations to list."}]
    assert listed["path"]["parameters"][0]["required"] is True


def test_run_a_cypher_query_as_json(store: EmbeddedStore) -> None:
    code, output = invoke("run", "top-leads", "--graph", str(store.path), "--param", "limit=1", "--format", "json")
    assert code == 0, output
    assert json.loads(output) == [{"organisation": "Medtek Norway", "led": 2,
                                   "projects": ["Care Robots", "Nordic Medtech Growth 2"]}]


def test_run_takes_a_name_with_spaces_and_prints_a_table(store: EmbeddedStore) -> None:
    code, output = invoke("run", "partners-of", "-p", "name=oslo university hospital", "--graph", str(store.path))
    assert code == 0, output
    assert "Nordic Medtech Growth 2" in output and "Care Robots" in output and "(2 rows)" in output


def test_tables_and_csv_leave_out_the_columns_drawn_by_viz_and_json_keeps_them(store: EmbeddedStore) -> None:
    args = ("run", "path", "-p", "source=DTU", "-p", "target=Sweden", "-p", "relations=LEADS,PARTNER_IN,LOCATED_IN",
            "--graph", str(store.path))
    code, output = invoke(*args, "--format", "csv")
    assert code == 0, output
    assert output.splitlines()[0] == "step,subject,relation,object,evidence"
    code, output = invoke(*args)
    assert code == 0 and "fact" not in output and "(3 rows)" in output
    code, output = invoke(*args, "--format", "json")
    facts = [row["fact"] for row in json.loads(output)]
    assert [f["type"] for f in facts] == ["PARTNER_IN", "LEADS", "LOCATED_IN"]
    code, output = invoke("run", "project", "-p", "name=Care Robots", "--graph", str(store.path), "--format", "csv")
    assert output.splitlines()[0] == "project,id,leads,partners,funders,part_of,countries"


def test_run_analytics_as_csv(store: EmbeddedStore) -> None:
    code, output = invoke("run", "central-organisations", "--graph", str(store.path),
                          "-p", "measure=degree", "-p", "limit=2", "--format", "csv")
    assert code == 0, output
    assert output.splitlines() == [
        "rank,organisation,id,score,projects,partners",
        "1,Karolinska Institutet,organisation:karolinska-institutet,1.0,2,3",
        "2,Medtek Norway,organisation:medtek-norway,1.0,3,3",
    ]


def test_missing_parameter_shows_the_parameters_and_an_example(store: EmbeddedStore) -> None:
    code, output = invoke("run", "partners-of", "--graph", str(store.path))
    assert code == 2
    assert "'partners-of' needs parameter 'name'" in output
    assert "name: entity(Organisation)" in output
    assert "Example: nordgraph run partners-of --param 'name=Medtek Norway'" in output


def test_bad_value_and_unknown_name_are_one_line_errors(store: EmbeddedStore) -> None:
    code, output = invoke("run", "top-leads", "-p", "limit=many", "--graph", str(store.path))
    assert (code, output.strip()) == (1, "Error: parameter 'limit' of 'top-leads' expects an integer, got 'many'")
    code, output = invoke("run", "top-lead", "--graph", str(store.path))
    assert code == 1 and output.startswith("Error: unknown canned query 'top-lead'; known: ")
    assert "Traceback" not in output


def test_an_unknown_entity_is_an_error_with_suggestions_not_an_empty_table(store: EmbeddedStore) -> None:
    code, output = invoke("run", "project", "-p", "name=Care Robot", "--graph", str(store.path))
    assert (code, output.strip()) == (
        1, "Error: parameter 'name' of 'project': no Project named 'Care Robot'; "
           "did you mean: Care Robots (project:care-robots)")
    code, output = invoke("show", "Care Robot", "--graph", str(store.path))
    assert code == 1 and "did you mean: Care Robots (project:care-robots)" in output


def test_suggestions_never_carry_terminal_control_codes(store: EmbeddedStore) -> None:
    kg = store.graph()
    kg.add_node("Organisation", "Care\x1b[2J\x1b]0;owned\x07 Robotics")
    store.replace(kg)
    for args in (("run", "partners-of", "-p", "name=Care"), ("show", "Care")):
        code, output = invoke(*args, "--graph", str(store.path))
        assert code == 1 and "did you mean: Care" in output
        assert "\x1b" not in output and "\x07" not in output


def test_a_path_that_is_not_there_is_said_in_words(store: EmbeddedStore) -> None:
    result = CliRunner().invoke(main, ["run", "path", "-p", "source=Idle Institute", "-p", "target=Medtek Norway",
                                       "-p", "max_steps=3", "--graph", str(store.path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == ("no path within 3 steps over these relations: "
                                     "LEADS, PARTNER_IN, FUNDED_BY, PART_OF, COLLABORATES_WITH")
    assert "(0 rows)" not in result.output
    # JSON and CSV stay what a script expects on stdout; the reason goes to stderr
    result = CliRunner().invoke(main, ["run", "path", "-p", "source=Idle Institute", "-p", "target=Medtek Norway",
                                       "-p", "relations=located_in,leads", "--format", "json", "--graph",
                                       str(store.path)])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert result.stderr.strip() == "no path within 4 steps over these relations: LOCATED_IN, LEADS"


def test_path_follows_the_relations_asked_for(store: EmbeddedStore) -> None:
    code, output = invoke("run", "path", "-p", "source=Idle Institute", "-p", "target=Medtek Norway",
                          "-p", "relations=LEADS,PARTNER_IN,LOCATED_IN", "--graph", str(store.path))
    assert code == 0 and "Sweden" in output and "(4 rows)" in output
    code, output = invoke("run", "path", "-p", "source=Idle Institute", "-p", "target=Medtek Norway",
                          "-p", "relations=LEADS,FRIEND_OF", "--graph", str(store.path))
    assert (code, output.strip()) == (1, "Error: parameter 'relations' of 'path' expects relation types among "
                                         "LEADS, PARTNER_IN, FUNDED_BY, PART_OF, LOCATED_IN, COLLABORATES_WITH, "
                                         "WORKS_FOR (JSON, or comma-separated text), got 'LEADS,FRIEND_OF'")
    code, output = invoke("run", "path", "-p", "source=Idle Institute", "-p", "target=Medtek Norway",
                          "-p", "max_steps=40", "--graph", str(store.path))
    assert (code, output.strip()) == (1, "Error: parameter 'max_steps' of 'path' expects an integer from 1 to 6, "
                                         "got 40")


def test_an_estimated_betweenness_says_so_under_the_table(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "ring.json")
    store.replace(ring(60))
    result = CliRunner().invoke(main, ["run", "central-organisations", "-p", "measure=betweenness", "-p", "sample=10",
                                       "-p", "limit=2", "--graph", str(store.path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("(2 rows)\nBetweenness estimated from routes starting at 10 of 60 "
                                           "organisations (a seeded sample); exact=true gives the exact value, "
                                           "sample=N another sample size.")
