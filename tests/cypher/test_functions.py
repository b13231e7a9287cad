"""Functions analysts reach for in Neo4j's manual: rounding to a precision, reduce(), the
``...OrNull`` conversions, valueType() ... and a "did you mean" for a misspelt function."""
import math

import pytest

from nordgraph.graph.cypher import (
    CypherArgumentError,
    CypherSemanticError,
    CypherTypeError,
    CypherUnsupportedError,
    execute,
    parse,
)
from nordgraph.graph.model import KnowledgeGraph


def value(text: str, **params: object) -> object:
    (row,) = execute(parse(text), KnowledgeGraph(), params).rows
    return row[0] if len(row) == 1 else row


@pytest.mark.parametrize("text, expected", [
    ("RETURN round(3.14159, 2)", 3.14),
    ("RETURN round(2.675, 2)", 2.68),  # the decimal Cypher prints, not the binary float below it
    ("RETURN round(-1.5)", -1.0),  # one argument: half towards positive infinity (Java's Math.round)
    ("RETURN round(-1.5, 0)", -2.0),  # with a precision: half away from zero (HALF_UP)
    ("RETURN round(1234.5, -2)", 1200.0),
    ("RETURN round(7, 1)", 7.0),
    ("RETURN round(2.5, 0, 'HALF_EVEN'), round(3.5, 0, 'half_even')", (2.0, 4.0)),
    ("RETURN round(-2.55, 1, 'CEILING'), round(-2.55, 1, 'FLOOR')", (-2.5, -2.6)),
    ("RETURN round(2.51, 0, 'DOWN'), round(2.01, 0, 'UP'), round(2.5, 0, 'HALF_DOWN')", (2.0, 3.0, 2.0)),
    ("RETURN round(2.0, 0, 'UNNECESSARY')", 2.0),
    ("RETURN round(null, 1), round(1.5, null)", (None, None)),
])
def test_round_to_a_precision_with_a_mode(text: str, expected: object) -> None:
    assert value(text) == expected


def test_round_unnecessary_refuses_a_value_that_needs_rounding() -> None:
    with pytest.raises(CypherArgumentError, match="UNNECESSARY: 2.5 needs rounding at precision 0"):
        value("RETURN round(2.5, 0, 'UNNECESSARY')")


def test_round_names_the_modes_it_knows() -> None:
    with pytest.raises(CypherArgumentError, match="mode must be one of UP, DOWN, .*HALF_EVEN, UNNECESSARY, "
                                                  "got 'SIDEWAYS'"):
        value("RETURN round(1.25, 1, 'SIDEWAYS')")


@pytest.mark.parametrize("text, expected", [
    ("RETURN reduce(total = 0, x IN [1, 2, 3] | total + x)", 6),
    ("RETURN reduce(s = '', w IN ['a', 'b'] | s + w + '.')", "a.b."),
    ("RETURN reduce(acc = 1, x IN [] | acc * x)", 1),
    ("RETURN reduce(acc = 0, x IN null | acc + x)", None),
    ("RETURN REDUCE(acc = [], x IN [1, 2] | [x] + acc)", [2, 1]),
    ("UNWIND [[1, 2], [3]] AS xs RETURN collect(reduce(n = 0, x IN xs | n + x))", [3, 3]),
    ("WITH 10 AS base RETURN reduce(n = base, x IN range(1, 3) | n - x)", 4),
])
def test_reduce_folds_a_list(text: str, expected: object) -> None:
    assert value(text) == expected


def test_reduce_reads_the_graph_per_row() -> None:
    kg = KnowledgeGraph()
    for name, budget in (("A", 10), ("B", 5)):
        kg.add_node("Project", name, budget=budget)
    rows = execute(parse("MATCH (p:Project) WITH collect(p) AS ps "
                         "RETURN reduce(sum = 0, p IN ps | sum + p.budget) AS total"), kg).rows
    assert rows == [(15,)]


@pytest.mark.parametrize("text, error, message", [
    ("RETURN reduce(a = 0, x IN [1] | a + y)", CypherSemanticError, "variable `y` is not defined"),
    ("RETURN reduce(a = 0, x IN [1] | a + count(x))", CypherSemanticError, "reduce()"),
    ("RETURN reduce(a = 0, x IN $xs | a + x)", CypherTypeError, "reduce() expects a list, got Integer"),
])
def test_reduce_errors(text: str, error: type, message: str) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        value(text, xs=5)


@pytest.mark.parametrize("text, expected", [
    ("RETURN toIntegerOrNull('12'), toIntegerOrNull('x'), toIntegerOrNull([1])", (12, None, None)),
    ("RETURN toFloatOrNull('1.5'), toFloatOrNull(true), toBooleanOrNull('TRUE'), toBooleanOrNull(1.5)",
     (1.5, None, True, None)),
    ("RETURN toStringOrNull(2.5), toStringOrNull({a: 1})", ("2.5", None)),
    ("RETURN toIntegerList(['1', 'a', 2.7, null]), toStringList([1, true, [2]])",
     ([1, None, 2, None], ["1", "true", None])),
    ("RETURN toFloatList(['1', 'x']), toBooleanList(['false', 0]), toIntegerList(null)",
     ([1.0, None], [False, False], None)),
    ("RETURN isEmpty(''), isEmpty([1]), isEmpty({}), isEmpty(null)", (True, False, True, None)),
    ("RETURN char_length('Tromsø'), character_length(''), char_length(null)", (6, 0, None)),
    ("RETURN btrim('  x '), btrim('xxyhixy', 'xy'), ltrim('--a-', '-'), rtrim('--a-', '-')",
     ("x", "hi", "a-", "--a")),
    ("RETURN upper('ø'), lower('Å'), normalize('A\\u030a') = 'Å', normalize('Å', NFD) = 'A\\u030a'",
     ("Ø", "å", True, True)),
    ("RETURN nullIf(1, 1), nullIf('a', 'b'), nullIf(null, 1), coalesce(nullIf('', ''), 'none')",
     (None, "a", None, "none")),
    ("RETURN valueType(1), valueType('a'), valueType(null), valueType(date('2024-01-01')), valueType({})",
     ("INTEGER NOT NULL", "STRING NOT NULL", "NULL", "DATE NOT NULL", "MAP NOT NULL")),
    ("RETURN valueType([1, 'a']), valueType([1, null]), valueType([])",
     ("LIST<STRING NOT NULL | INTEGER NOT NULL> NOT NULL", "LIST<INTEGER> NOT NULL", "LIST<NOTHING> NOT NULL")),
    ("RETURN isNaN(0.0 / 0.0), isNaN(1), haversin(0.0), cot(0.0)", (True, False, 0.0, math.inf)),
    ("RETURN size(randomUUID()), randomUUID() <> randomUUID(), timestamp() > 1700000000000", (36, True, True)),
])
def test_functions_from_neo4js_manual(text: str, expected: object) -> None:
    assert value(text) == expected


def test_element_id_is_the_node_key() -> None:
    kg = KnowledgeGraph()
    key = kg.add_node("Country", "Norway")
    assert execute(parse("MATCH (c) RETURN elementId(c)"), kg).rows == [(key,)]


def test_an_unknown_function_names_the_closest_known_ones() -> None:
    with pytest.raises(CypherSemanticError, match=r"^unknown function touppercase\(\); did you mean `toUpper\(\)`"):
        value("RETURN toUpperCase('a')")
    with pytest.raises(CypherSemanticError, match=r"did you mean `collect\(\)`"):
        value("UNWIND [1] AS x RETURN colect(x)")
    with pytest.raises(CypherSemanticError, match=r"^unknown function zzzq\(\)$"):
        value("RETURN zzzq(1)")


@pytest.mark.parametrize("name", ["point", "point.distance", "vector.similarity.cosine", "filter", "linenumber"])
def test_functions_left_out_say_they_are_unsupported(name: str) -> None:
    with pytest.raises(CypherUnsupportedError, match=rf"function {name}\(\) is not supported by the embedded engine"):
        value(f"RETURN {name}(1)")


@pytest.mark.parametrize("text, expected", [
    ("RETURN toString(datetime.fromEpoch(416779, 999999999))", "1970-01-05T19:46:19.999999999Z"),
    ("RETURN toString(datetime.fromEpochMillis(237821673987))", "1977-07-15T13:34:33.987Z"),
    ("RETURN toString(datetime.fromEpochMillis(-1))", "1969-12-31T23:59:59.999Z"),
    ("RETURN toString(datetime({epochSeconds: 0, timezone: 'Europe/Oslo'}))", "1970-01-01T01:00+01:00[Europe/Oslo]"),
    ("RETURN datetime.fromEpoch(null, 0)", None),
])
def test_datetimes_from_the_epoch(text: str, expected: object) -> None:
    assert value(text) == expected


@pytest.mark.parametrize("text, error, message", [
    ("RETURN datetime.fromEpoch(1.5, 0)", CypherArgumentError, "epochSeconds must be an integer"),
    ("RETURN datetime({epochSeconds: 1, year: 2000})", CypherArgumentError, "cannot be combined"),
    ("RETURN date({epochSeconds: 1})", CypherUnsupportedError, "datetime\\(\\) is"),
])
def test_datetimes_from_the_epoch_refuse_what_they_cannot_read(text: str, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        value(text)
