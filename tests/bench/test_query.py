"""The query bench: its parameters, its row comparison, its report, and the suite run on both engines."""
from __future__ import annotations

from decimal import Decimal

import pytest

from bench.analyst import QUERIES
from bench.query import bench_params, compare, render, run_bench, summarise
from bench.synthetic import make_graph


def test_the_suite_is_42_distinct_queries():
    assert len(QUERIES) == 42
    assert len({q.name for q in QUERIES}) == 42


def test_parameters_name_nodes_of_the_graph():
    kg = make_graph(600, seed=2)
    params = bench_params(kg)
    names = {kg.name(key) for key in kg.nodes()}
    assert {params[k] for k in ("org", "hub", "peer", "other", "country", "project")} <= names


def test_rows_compare_as_multisets_of_normalised_values():
    assert compare([(1, "a"), (2, "b")], [(2, "b"), (1, "a")]) is None
    assert compare([(3,)], [(Decimal(3),)]) is None
    assert compare([(0.1 + 0.2,)], [(0.3,)]) is None
    assert "only nordgraph: [(1,)]" in compare([(1,), (1,)], [(1,), (2,)])


def test_summary_of_ratios():
    entries = {"a": {"ratio": 1.0, "cpu_ratio": 2.0, "rows_equal": True},
               "b": {"ratio": 4.0, "cpu_ratio": 1.0, "rows_equal": False},
               "c": {"ratio": None, "rows_equal": None, "nordgraph_error": "X"}}
    summary = summarise(entries)
    assert summary["compared"] == 2 and summary["median"] == 2.5 and summary["geomean"] == pytest.approx(2.0)
    assert (summary["max"], summary["max_query"], summary["unequal"], summary["failed"]) == (4.0, "b", ["b"], ["c"])
    assert summary["cpu"] == {"median": 1.5, "geomean": pytest.approx(2 ** 0.5), "max": 2.0, "max_query": "a"}


def test_report_without_ladybug():
    report = run_bench(300, repeat=1, ladybug=False, only="lookup|top")
    assert set(report["queries"]) == {q.name for q in QUERIES if "lookup" in q.name or "top" in q.name}
    for entry in report["queries"].values():
        assert entry["nordgraph_s"] is not None, entry
        assert entry["ladybug_error"] == "skipped (--no-ladybug)" and entry["ratio"] is None
    assert "no ratio: skipped (--no-ladybug)" in render(report)


def test_every_query_gives_ladybugs_rows():
    pytest.importorskip("ladybug")
    report = run_bench(400, repeat=1, timeout=60)
    for name, entry in report["queries"].items():
        assert entry["nordgraph_s"] is not None, (name, entry.get("nordgraph_error"))
        assert entry["rows_equal"] is True, (name, entry.get("difference"), entry.get("ladybug_error"))
    assert report["summary"]["compared"] == 42
