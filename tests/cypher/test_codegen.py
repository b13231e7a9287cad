"""Generated expression functions (graph/cypher/codegen.py) answer what the closures answer:
the same values, and the same errors naming the same expression, on rows of every kind of value."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from nordgraph.graph.cypher import parse
from nordgraph.graph.cypher.codegen import generated
from nordgraph.graph.cypher.context import Context
from nordgraph.graph.cypher.errors import CypherError
from nordgraph.graph.cypher.expressions import Scope, compile_expr
from nordgraph.graph.limits import Limits
from nordgraph.graph.model import KnowledgeGraph

EXPRESSIONS = [
    "x[1] * y",
    "x[0]",
    "x[-1] + 1",
    "x[i]",
    "x[1..]",
    "x[..i]",
    "[v IN x | v * 2]",
    "[v IN x WHERE v > 1 | [v, v + 1]]",
    "[x IN x | [x IN [x, y] | x]]",
    "CASE WHEN y > 1 THEN 'a' WHEN y IS NULL THEN 'n' ELSE 'b' END",
    "CASE y WHEN 1 THEN 'one' WHEN 2 THEN 'two' END",
    "y > 1 AND x IS NOT NULL",
    "y < 2 OR y = 2.5",
    "NOT (y >= 2)",
    "-y + 1",
    "size(x) - 1",
    "range(0, size(x) - 1)",
    "range(y, i)",
    "m.k + y",
    "m['k'] - 1",
    "{a: y, b: x[0]}",
    "y = 2",
    "y <> 2",
    "s STARTS WITH 'a'",
    "x + [y]",
    "s + y",
    "y * 4611686018427387904",
    "y / 2 + y % 2",
    "[v IN x | v IN [1, 2]]",
]
VALUES = {
    "y": [1, 2, None, 2.5, "a", True],
    "x": [[1, 2, 3], [], None, "abc"],
    "i": [0, -1, 5, None, "a"],
    "m": [{"k": 1}, None, [1]],
    "s": ["abc", None],
}


def _outcome(fn: Any, row: dict[str, Any]) -> tuple[str, str]:
    try:
        return "value", repr(fn(row))
    except CypherError as err:
        return type(err).__name__, str(err)


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_generated_function_answers_as_the_closures(text: str) -> None:
    expr = parse(f"RETURN {text} AS out").query.parts[0].clauses[0].projection.items[0].expr
    scope = Scope(Context(KnowledgeGraph(), {}, read_only=True), frozenset(VALUES))
    made, closures = generated(expr, scope), compile_expr(expr, scope)
    assert made is not None
    for values in itertools.product(*VALUES.values()):
        row = dict(zip(VALUES, values))
        assert _outcome(made, row) == _outcome(closures, row), row


def test_a_type_error_names_the_innermost_quoted_expression() -> None:
    expr = parse("RETURN [v IN x | v * 2] + 1 AS out").query.parts[0].clauses[0].projection.items[0].expr
    scope = Scope(Context(KnowledgeGraph(), {}, read_only=True), frozenset({"x"}))
    with pytest.raises(CypherError, match=r"in `v \* 2`"):
        generated(expr, scope)({"x": ["a"]})


@pytest.mark.parametrize("text", ["x + x", "x + [y]", "range(0, size(x) + 1)", "[v IN x + x | v]"])
def test_generated_lists_keep_the_size_limit(text: str) -> None:
    expr = parse(f"RETURN {text} AS out").query.parts[0].clauses[0].projection.items[0].expr
    ctx = Context(KnowledgeGraph(), {}, read_only=True, limits=Limits(max_rows=3))
    scope = Scope(ctx, frozenset(VALUES))
    made, closures = generated(expr, scope), compile_expr(expr, scope)
    outcomes = [
        (_outcome(made, row), _outcome(closures, row)) for row in ({"x": [1], "y": 1}, {"x": [1, 2, 3], "y": 1})
    ]
    assert all(a == b for a, b in outcomes)
    assert outcomes[1][0][0] == "CypherLimitError"


def test_a_generated_range_may_reach_the_size_limit() -> None:
    """``range(a, b)`` inline makes a list of exactly the limit's size, and refuses one more."""
    expr = parse("RETURN range(1, y) AS out").query.parts[0].clauses[0].projection.items[0].expr
    scope = Scope(Context(KnowledgeGraph(), {}, read_only=True, limits=Limits(max_rows=3)), frozenset({"y"}))
    made, closures = generated(expr, scope), compile_expr(expr, scope)
    assert made({"y": 3}) == closures({"y": 3}) == [1, 2, 3]
    assert _outcome(made, {"y": 4}) == _outcome(closures, {"y": 4}) != ("value", "[1, 2, 3, 4]")
