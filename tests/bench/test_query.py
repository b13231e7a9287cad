"""The query bench's NetworkX twins, its row checks and its report."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bench.query import QUERIES, grand_cypher_text, render, rows_agree, run_bench
from nordgraph.graph.model import KnowledgeGraph

BY_NAME = {q.name: q for q in QUERIES}


@pytest.fixture()
def kg():
    kg = KnowledgeGraph()
    no, se = kg.add_node("Country", "Norway"), kg.add_node("Country", "Sweden")
    a, b, c = (kg.add_node("Organisation", n) for n in ("A", "B", "C"))
    p1, p2, p3 = (kg.add_node("Project", n) for n in ("P1", "P2", "P3"))
    kg.add_edge(a, "LOCATED_IN", no)
    kg.add_edge(b, "LOCATED_IN", no)
    kg.add_edge(c, "LOCATED_IN", se)
    for org, project in [(a, p1), (a, p2), (b, p1), (c, p2), (c, p3), (b, p3)]:
        kg.add_edge(org, "PARTNER_IN", project)
    kg.add_edge(a, "LEADS", p1)
    kg.add_edge(a, "LEADS", p2)
    kg.add_edge(c, "LEADS", p3)
    return kg


def run(kg, query, **params):
    return BY_NAME[query].networkx(kg.nx, params)


def test_networkx_twins(kg):
    assert sorted(run(kg, "Q1", name="A")) == [("P1",), ("P2",)]
    assert sorted(run(kg, "Q2", name="A")) == [("B",), ("C",)]
    assert run(kg, "Q2", name="nobody") == []
    assert run(kg, "Q3") == [("Norway", 2), ("Sweden", 1)]
    assert sorted(run(kg, "Q4")) == [("A", 2), ("B", 2), ("C", 2)]


def test_row_checks(kg):
    q1, q3, q4 = BY_NAME["Q1"], BY_NAME["Q3"], BY_NAME["Q4"]
    assert rows_agree(q1, [("P2",), ("P1",)], [("P1",), ("P2",)], kg.nx) is None
    assert "rows" in rows_agree(q1, [("P1",), ("P1",)], [("P1",), ("P2",)], kg.nx)
    assert rows_agree(q3, [("Norway", 2), ("Sweden", 1)], run(kg, "Q3"), kg.nx) is None
    assert "descending" in rows_agree(q3, [("Sweden", 1), ("Norway", 2)], run(kg, "Q3"), kg.nx)
    # any tied rows may fill a LIMIT, but their counts must be right and names distinct
    reference = [("A", 2), ("B", 2)]
    limited = replace(q4, limit=2)
    assert rows_agree(limited, [("C", 2), ("A", 2)], reference, kg.nx) is None
    assert "wrong counts" in rows_agree(limited, [("C", 3), ("A", 2)], reference, kg.nx)
    assert "twice" in rows_agree(limited, [("A", 2), ("A", 2)], reference, kg.nx)


def test_grand_cypher_text_inlines_and_escapes():
    text = grand_cypher_text(BY_NAME["Q1"], {"name": 'Org "X"'})
    assert '{name: "Org \\"X\\""}' in text and "$name" not in text
    assert "COUNT(p)" in grand_cypher_text(BY_NAME["Q3"], {})


def test_report_shape_without_grand_cypher():
    report = run_bench(300, repeat=1, grand_cypher=False)
    assert report["nodes"] == 300
    assert set(report["queries"]) == {"Q1", "Q2", "Q2b", "Q3", "Q4"}
    for entry in report["queries"].values():
        assert entry["networkx_s"] is not None and entry["grand_cypher_s"] is None
        assert entry["grand_cypher_error"] == "skipped (--no-grand-cypher)"
        assert (entry["rows_agree"] is None) == (not entry["compared"])
    table = render(report)
    assert "Q1, Q2, Q2b, Q3, Q4 grand_cypher: skipped (--no-grand-cypher)" in table
    assert [line.split()[0] for line in table.splitlines()[4:9]] == ["Q1", "Q2", "Q2b", "Q3", "Q4"]


def test_nordgraph_agrees_with_networkx():
    cypher = pytest.importorskip("nordgraph.graph.cypher")
    if not hasattr(cypher, "execute"):
        pytest.skip("the Cypher engine has no execute() yet")
    report = run_bench(300, repeat=1, grand_cypher=False)
    for name, entry in report["queries"].items():
        assert entry["nordgraph_s"] is not None, (name, entry.get("nordgraph_error"))
        assert entry["rows_agree"] is True, (name, entry.get("disagreements"))


def test_grand_cypher_agrees_with_networkx():
    pytest.importorskip("grandcypher")
    report = run_bench(300, repeat=1, timeout=60)
    for name, entry in report["queries"].items():
        assert entry["grand_cypher_s"] is not None, (name, entry.get("grand_cypher_error"))
        assert "grand_cypher" not in entry.get("disagreements", {}), (name, entry)
