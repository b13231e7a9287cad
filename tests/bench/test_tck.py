"""The TCK runner's own parts: Gherkin reading, outline expansion, value parsing, comparing."""
from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bench.tck import (
    GherkinError,
    Outcome,
    TckNode,
    TckPath,
    TckRel,
    TckValueError,
    format_value,
    parse_feature,
    parse_value,
    rows_equal,
    split_row,
    summarise,
    values_equal,
)
from nordgraph.graph.values import NodeValue, PathValue, RelationshipValue

ROOT = Path(__file__).resolve().parents[2]

FEATURE = textwrap.dedent('''\
    #encoding: utf-8
    @featuretag
    Feature: Demo - a small feature

      Background:
        Given an empty graph

      Scenario: [1] Plain
        When executing query:
          """
          RETURN 1 AS x,
            'a' AS y
          """
        Then the result should be, in any order:
          | x | y   |
          | 1 | 'a' |
        And no side effects

      @ignore
      Scenario Outline: [2] Outline <word>
        And parameters are:
          | p | <value> |
        When executing query:
          """
          RETURN <expr> AS r
          """
        Then the result should be, in order:
          | r        |
          | <result> |

        Examples:
          | word | value | expr  | result |
          | one  | 1     | 1 + 1 | 2      |
          | pipe | 'a\\|b' | $p  | 'a\\|b' |

        Examples:
          | word | value | expr | result |
          | two  | null  | null | null   |
    ''')


def test_feature_background_outline_and_tags():
    scenarios = parse_feature(FEATURE, "clauses/demo/Demo1.feature")
    assert [s.name for s in scenarios] == ["[1] Plain", "[2] Outline one #1", "[2] Outline pipe #2",
                                           "[2] Outline two #3"]
    plain, first, pipe, third = scenarios
    assert plain.folder == "clauses/demo"
    assert [s.text for s in plain.steps][:2] == ["an empty graph", "executing query:"]
    assert plain.steps[1].docstring == "RETURN 1 AS x,\n  'a' AS y"
    assert plain.steps[2].table == (("x", "y"), ("1", "'a'"))
    assert plain.tags == {"@featuretag"} and "@ignore" in first.tags
    assert first.steps[2].docstring == "RETURN 1 + 1 AS r"
    assert first.steps[1].table == (("p", "1"),)
    assert pipe.steps[3].table[1] == ("'a|b'",)
    assert third.steps[3].table == (("r",), ("null",))


@pytest.mark.parametrize("row, cells", [
    ("| a | b |", ("a", "b")),
    (r"| 'a\|b' | x |", ("'a|b'", "x")),
    (r"| 'a\\\\b' |", (r"'a\\b'",)),
    ("|", ()),
])
def test_split_row_unescapes(row, cells):
    assert split_row(row) == cells


def test_bad_feature_names_the_line():
    with pytest.raises(GherkinError, match=r"x.feature:2"):
        parse_feature("Feature: x\n  Examples:\n", "x.feature")


@pytest.mark.parametrize("text, value", [
    ("null", None), ("true", True), ("false", False), ("1", 1), ("-7", -7), ("1.0", 1.0),
    ("-0.0", -0.0), ("1e308", 1e308), ("-1.5e-3", -1.5e-3), ("Inf", math.inf), ("-Inf", -math.inf),
    ("'it\\'s'", "it's"), ("'a\\\\b'", "a\\b"), ("''", ""), ("[1, 'x', [null]]", [1, "x", [None]]),
    ("{a: 1, `b c`: {d: []}}", {"a": 1, "b c": {"d": []}}), ("[]", []), ("{}", {}),
])
def test_parse_scalars_lists_maps(text, value):
    got = parse_value(text)
    assert got == value and type(got) is type(value)


def test_parse_graph_values():
    assert parse_value("(:A:B {name: 'x'})") == TckNode(frozenset({"A", "B"}), {"name": "x"})
    assert parse_value("()") == TckNode(frozenset(), {})
    assert parse_value("[:T {k: 1.5}]") == TckRel("T", {"k": 1.5})
    path = parse_value("<(:A)-[:T]->(:B)<-[:U {w: 2}]-()>")
    assert isinstance(path, TckPath)
    assert [fwd for _, fwd in path.hops] == [True, False]
    assert path.hops[1][0] == TckRel("U", {"w": 2})
    assert math.isnan(parse_value("NaN"))


@pytest.mark.parametrize("text", ["(:A", "[1, 2", "'open", "{a 1}", "1 2", "what"])
def test_parse_rejects_malformed(text):
    with pytest.raises(TckValueError):
        parse_value(text)


def test_numbers_keep_their_kind():
    assert values_equal(1, 1) and not values_equal(1, 1.0) and not values_equal(1.0, 1)
    assert not values_equal(1, True) and not values_equal(True, 1) and values_equal(True, True)
    assert values_equal(math.nan, math.nan) and not values_equal(math.nan, 1.0)
    assert values_equal(None, None) and not values_equal(None, 0)
    assert values_equal([1, 2], (1, 2)) and not values_equal([1, 2], [2, 1])
    assert values_equal([1, [2, 3]], [[3, 2], 1], unordered_lists=True)
    assert not values_equal([1, 1, 2], [1, 2, 2], unordered_lists=True)
    assert values_equal({"a": [1.0]}, {"a": [1.0]}) and not values_equal({"a": 1}, {"a": 1, "b": 2})


def test_graph_values_compare_by_content():
    node = NodeValue("n1", ("B", "A"), {"name": "x"})
    assert values_equal(parse_value("(:A:B {name: 'x'})"), node)
    assert not values_equal(parse_value("(:A {name: 'x'})"), node)
    assert not values_equal(parse_value("(:A:B {name: 'x', k: 1})"), node)
    rel = RelationshipValue("r1", "T", "n1", "n2", {"k": 1})
    assert values_equal(parse_value("[:T {k: 1}]"), rel)
    assert not values_equal(parse_value("[:T {k: 1.0}]"), rel)
    other = NodeValue("n2", ("C",), {})
    forward = PathValue((node, other), (rel,))
    assert values_equal(parse_value("<(:A:B {name: 'x'})-[:T {k: 1}]->(:C)>"), forward)
    assert not values_equal(parse_value("<(:A:B {name: 'x'})<-[:T {k: 1}]-(:C)>"), forward)
    backward = PathValue((other, node), (rel,))
    assert values_equal(parse_value("<(:C)<-[:T {k: 1}]-(:A:B {name: 'x'})>"), backward)


def test_rows_in_order_and_as_multisets():
    expected = [(1, "a"), (2, "b"), (2, "b")]
    shuffled = [(2, "b"), (1, "a"), (2, "b")]
    assert rows_equal(expected, shuffled, ordered=False, unordered_lists=False)
    assert not rows_equal(expected, shuffled, ordered=True, unordered_lists=False)
    assert not rows_equal(expected, [(1, "a"), (2, "b"), (1, "a")], ordered=False,
                          unordered_lists=False)
    assert not rows_equal(expected, expected[:2], ordered=False, unordered_lists=False)


def test_format_value_reads_back():
    for text in ["(:A {name: 'x'})", "[:T {k: [1, 2.5, NaN, -Inf]}]", "{`a b`: 'it\\'s', c: null}",
                 "<(:A)-[:T]->(:B)<-[:U]-()>"]:
        assert format_value(parse_value(text)) == text


def test_summary_counts_errors_as_failures():
    scenarios = parse_feature(FEATURE, "clauses/demo/Demo1.feature")
    outcomes = [Outcome(scenarios[0], "passed"), Outcome(scenarios[1], "error", "boom"),
                Outcome(scenarios[2], "failed", "x"), Outcome(scenarios[3], "skipped", "y")]
    assert summarise(outcomes) == {"clauses/demo": {"passed": 1, "failed": 2, "errors": 1,
                                                    "skipped": 1}}


def test_runner_prints_folders_and_closing_line(tmp_path):
    cypher = pytest.importorskip("nordgraph.graph.cypher")
    if not hasattr(cypher, "execute"):
        pytest.skip("the Cypher engine has no execute() yet")
    folder = tmp_path / "features" / "clauses" / "demo"
    folder.mkdir(parents=True)
    (folder / "Demo1.feature").write_text(FEATURE, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "tck.py"), str(folder.parent.parent)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[0].split() == ["folder", "passed", "failed", "errors", "skipped"]
    assert lines[1].split()[0] == "clauses/demo"
    assert re.fullmatch(r"\d+ passed, \d+ failed", lines[-1])
    # three outline rows are tagged @ignore; the plain scenario runs
    assert lines[1].split()[4] == "3"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "tck.py"), str(folder), "--json"],
                          capture_output=True, text=True, timeout=120)
    counts = json.loads(proc.stdout)["folders"]["clauses/demo"]
    assert set(counts) == {"passed", "failed", "errors", "skipped"} and counts["skipped"] == 3
    assert counts["passed"] + counts["failed"] == 1


def test_the_alarm_interrupts_a_busy_engine():
    from nordgraph.graph.limits import Expired, alarm

    with pytest.raises(Expired):
        with alarm(0.05):
            while True:
                try:
                    pass
                except Exception:  # an engine's broad handler must not swallow the limit
                    pass
    with alarm(0):
        assert True


def test_common_reasons_group_alike_failures():
    from bench.tck import common_reasons

    scenario = parse_feature(FEATURE, "clauses/demo/Demo1.feature")[0]
    outcomes = [Outcome(scenario, "error", "KeyError: 'x' (planner.py:3)\nmore"),
                Outcome(scenario, "error", "KeyError: 'y' (planner.py:3)"),
                Outcome(scenario, "failed", "rows differ")]
    assert common_reasons(outcomes) == [("KeyError: '…' (planner.py:3)", 2), ("rows differ", 1)]
