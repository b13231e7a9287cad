"""The engine's bounds and its answers to hostile arithmetic: one engine error (never another
exception) or the value Neo4j gives."""
from __future__ import annotations

import math

import pytest

from nordgraph.graph import cypher
from nordgraph.graph.cypher import CypherArgumentError, CypherError, CypherSyntaxError, CypherTypeError
from nordgraph.graph.cypher.errors import CypherLimitError, CypherSemanticError
from nordgraph.graph.limits import Limits
from nordgraph.graph.model import KnowledgeGraph


def run(text: str, kg: KnowledgeGraph | None = None, limits: Limits | None = None, **params):
    return cypher.execute(cypher.parse(text), kg if kg is not None else KnowledgeGraph(), params, limits)


def ring(size: int) -> KnowledgeGraph:
    """Organisations each collaborating with the next three: unbounded walks explode."""
    kg = KnowledgeGraph()
    keys = [kg.add_node("Organisation", f"Org {i}") for i in range(size)]
    for i, key in enumerate(keys):
        for step in (1, 2, 3):
            kg.add_edge(key, "PARTNER_IN", keys[(i + step) % size])
    return kg


@pytest.mark.parametrize("text", [
    "UNWIND range(1, 1000000000) AS x RETURN collect(x)",
    "RETURN range(-9223372036854775808, 9223372036854775807)",
    "RETURN size(reduce(a = [1], x IN range(1, 40) | a + a))",
    "RETURN size(reduce(s = 'x', x IN range(1, 40) | s + s))",
    "RETURN size(split(reduce(s = 'x', x IN range(1, 30) | s + s), ''))",
])
def test_a_list_or_text_over_the_size_limit_stops_at_once(text: str) -> None:
    with pytest.raises(CypherLimitError, match=r"more than the limit of 10,000,000; raise it with --max-rows"):
        run(text)


def test_a_step_that_makes_too_many_rows_is_named_with_the_limit() -> None:
    with pytest.raises(CypherLimitError, match=r"NodeScan step made more than 1,000 rows.*--max-rows N") as info:
        run("MATCH (a), (b) RETURN count(*)", ring(40), Limits(max_rows=1000))
    assert info.value.limit == "max_rows" and "\n" not in str(info.value)
    assert run("MATCH (a), (b) RETURN count(*)", ring(40), Limits(max_rows=0)).rows == [(1600,)]


def test_an_unbounded_walk_stops_at_the_time_limit() -> None:
    with pytest.raises(CypherLimitError, match=r"time limit of 0.5 s; raise it with --timeout SECONDS") as info:
        run("MATCH p = (a)-[*]-(b) RETURN count(p)", ring(60), Limits(timeout=0.5, max_rows=None))
    assert info.value.limit == "timeout"


def test_a_long_comprehension_stops_at_the_time_limit() -> None:
    with pytest.raises(CypherLimitError, match="time limit"):
        run("RETURN size([x IN range(1, 5000) | [y IN range(1, 5000) WHERE y = x]])", limits=Limits(timeout=0.3))


def test_queries_within_the_limits_are_untouched() -> None:
    assert run("UNWIND range(1, 1000) AS x RETURN count(x)", limits=Limits(timeout=5, max_rows=1000)).rows == [(1000,)]


@pytest.mark.parametrize(("text", "expected"), [
    ("RETURN exp(1000)", math.inf),
    ("RETURN (-8) ^ 0.5", math.nan),
    ("RETURN (1.0 / 0.0) % 2", math.nan),
    ("RETURN sin(1.0 / 0.0)", math.nan),
    ("RETURN (-10.0) ^ 401", -math.inf),
    ("RETURN 10 ^ 400", math.inf),
])
def test_float_overflow_and_domain_errors_give_neo4js_values(text: str, expected: float) -> None:
    value = run(text).rows[0][0]
    assert value == expected or (math.isnan(expected) and math.isnan(value))


@pytest.mark.parametrize(("text", "error"), [
    ("RETURN atan2('a', 1)", CypherTypeError),
    ("RETURN abs(-9223372036854775807 - 1)", CypherError),
    ("RETURN " + "[" * 300 + "1" + "]" * 300, CypherSyntaxError),
    ("RETURN " + "9" * 5000, CypherSyntaxError),
    ("WITH [1, 2, 3] AS l, $half AS i RETURN l[i..2]", CypherTypeError),
    ("RETURN datetime({year: 1984, timezone: 1})", CypherArgumentError),
    ("RETURN time.statement(true)", CypherArgumentError),
    ("RETURN date({year: 1984, month: 9223372036854775807, day: 1})", CypherArgumentError),
    ("RETURN duration({minutes: 1e308})", CypherArgumentError),
    ("RETURN duration({years: 0.0 / 0.0})", CypherArgumentError),
    ("WITH $list AS r MATCH ()-[r]-() RETURN r", CypherTypeError),
    ("WITH $list AS a CREATE (a)-[:R]->(:B)", CypherTypeError),
    ("WITH 1 AS n REMOVE n:Label", CypherTypeError),
    ("CREATE (n:N {num: n})", CypherError),
])
def test_hostile_expressions_are_one_engine_error(text: str, error: type) -> None:
    with pytest.raises(error) as info:
        run(text, ring(4), half=0.5, list=[1])
    assert "\n" not in str(info.value) or isinstance(info.value, CypherSyntaxError)


@pytest.mark.parametrize("clause", ["LIMIT", "SKIP"])
def test_limit_and_skip_past_the_integer_range_are_refused(clause: str) -> None:
    with pytest.raises(CypherSyntaxError, match=f"{clause} must be at most 9223372036854775807"):
        run(f"RETURN 1 {clause} $n", n=2**64)


def test_a_pattern_property_that_names_the_variable_it_binds_is_a_semantic_error() -> None:
    """Found by the fuzz test's built-in seeds: (o {name: o}) was a KeyError traceback."""
    kg = KnowledgeGraph()
    kg.add_node("Organisation", "SINTEF")
    with pytest.raises(CypherSemanticError, match="variable `o` is not defined where the pattern's properties"):
        cypher.execute(cypher.parse("MATCH (o:Organisation {name: o}) RETURN o"), kg, {})
