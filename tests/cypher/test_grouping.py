"""Generated grouping loops (graph/cypher/grouping.py): an UNWIND folded into the aggregation after
it answers what the two steps answer one after the other, errors and row limits included."""

from __future__ import annotations

import re

import pytest

from nordgraph.graph.cypher import execute, explain, parse
from nordgraph.graph.cypher.errors import CypherError, CypherLimitError
from nordgraph.graph.limits import Limits
from nordgraph.graph.model import KnowledgeGraph

ROWS = [
    {"k": "a", "xs": [1, 2, 2, None]},
    {"k": "b", "xs": []},
    {"k": "a", "xs": None},
    {"k": 1, "xs": 3},
    {"k": 1.0, "xs": [[1, 2], [3]]},
    {"k": None, "xs": ["a", "b", "a"]},
]
QUERIES = [
    "RETURN k, count(*) AS n, collect(x) AS xs, count(DISTINCT x) AS d",
    "RETURN x, count(k) AS n, collect(DISTINCT k) AS ks",
    "RETURN count(*) AS n, sum(CASE WHEN x = 2 THEN 1 ELSE 0 END) AS twos",
    "RETURN k, size(collect(x)) + 1 AS n",
    "RETURN k + 'z' AS kz, count(x) AS n",
    "RETURN k, sum(x * 2) AS n",
]


def _rows(text: str, fused: bool) -> list[tuple]:
    tail = "" if fused else "WITH * "
    parsed = parse(f"UNWIND $rows AS row WITH row.k AS k, row.xs AS xs UNWIND xs AS x {tail}{text}")
    return execute(parsed, KnowledgeGraph(), {"rows": ROWS}).rows


@pytest.mark.parametrize("text", QUERIES)
def test_an_unwind_folded_into_the_aggregation_gives_the_same_rows(text: str) -> None:
    try:
        expected = sorted(map(repr, _rows(text, fused=False)))
    except CypherError as err:
        with pytest.raises(type(err), match=re.escape(str(err))):
            _rows(text, fused=True)
        return
    assert sorted(map(repr, _rows(text, fused=True))) == expected


def test_the_folded_unwind_shows_in_the_plan_and_keeps_the_row_limit() -> None:
    text = "UNWIND range(1, 100) AS a WITH a UNWIND range(1, 100) AS b RETURN a, count(*) AS n"
    assert any("over Unwind(b)" in line for line in explain(parse(text), KnowledgeGraph()))
    assert len(execute(parse(text), KnowledgeGraph()).rows) == 100
    with pytest.raises(CypherLimitError, match="Unwind"):
        execute(parse(text), KnowledgeGraph(), limits=Limits(max_rows=5000))
