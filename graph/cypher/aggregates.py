"""Aggregating functions, each an accumulator fed one row at a time (one pass, no buffering
beyond what the function needs: collect, percentiles and DISTINCT keep their values)."""
from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any

from nordgraph.graph.cypher import ast
from nordgraph.graph.cypher.errors import CypherArgumentError, CypherSemanticError, CypherTypeError
from nordgraph.graph.cypher.expressions import Scope, compile_expr
from nordgraph.graph.cypher.runtime_values import Node, check_int, compare, hash_key, order_key, type_name


class _Acc:
    __slots__ = ("f", "seen", "values")

    def __init__(self, f: Callable[[dict], Any], distinct: bool):
        self.f = f
        self.seen: set | None = set() if distinct else None
        self.values: list[Any] = []

    def add(self, row: dict) -> None:
        v = self.f(row)
        if v is None:
            return
        if self.seen is not None:
            k = hash_key(v)
            if k in self.seen:
                return
            self.seen.add(k)
        self.values.append(v)


class _CountStar:
    __slots__ = ("n",)

    def __init__(self) -> None:
        self.n = 0

    def add(self, row: dict) -> None:
        self.n += 1

    def result(self) -> int:
        return self.n


def _numbers(name: str, values: list[Any]) -> set[type]:
    """The types of ``values`` (checked in C, a set of one or two for a whole group), which
    must all be numbers."""
    types = set(map(type, values))
    if not types <= {int, float}:
        bad = next(v for v in values if type(v) not in (int, float))
        raise CypherTypeError(f"{name}() expects numbers, got {type_name(bad)}", detail="InvalidArgumentType")
    return types


def _sum(values: list[Any]) -> Any:
    if _numbers("sum", values) <= {int}:
        return check_int(sum(values), "sum()")
    return math.fsum(values) if all(map(math.isfinite, values)) else sum(values)


def _avg(values: list[Any]) -> Any:
    if not values:
        return None
    _numbers("avg", values)
    return math.fsum(values) / len(values) if all(map(math.isfinite, values)) else sum(values) / len(values)


def _min_max(pick_max: bool) -> Callable[[list[Any]], Any]:
    def f(values: list[Any]) -> Any:
        best = None
        for v in values:
            if best is None:
                best = v
                continue
            c = compare(v, best)
            if c is None:  # mixed types: fall back to Cypher's total order
                c = (order_key(v) > order_key(best)) - (order_key(v) < order_key(best))
            if (c > 0) if pick_max else (c < 0):
                best = v
        return best

    return f


def _stdev(sample: bool) -> Callable[[list[Any]], Any]:
    def f(values: list[Any]) -> Any:
        _numbers("stDev", values)
        n = len(values)
        if n < (2 if sample else 1):
            return 0.0
        mean = math.fsum(values) / n
        return math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1 if sample else n))

    return f


_SIMPLE: dict[str, Callable[[list[Any]], Any]] = {
    "count": len, "sum": _sum, "avg": _avg, "min": _min_max(False), "max": _min_max(True),
    "collect": list, "stdev": _stdev(True), "stdevp": _stdev(False),
}


def _percentile(values: list[Any], p: Any, cont: bool) -> Any:
    if p is None or type(p) not in (int, float):
        raise CypherTypeError("percentile must be a number", detail="InvalidArgumentType")
    if not 0 <= p <= 1:
        raise CypherArgumentError(f"percentile {p} is not between 0 and 1", detail="NumberOutOfRange")
    if not values:
        return None
    _numbers("percentile", values)
    data = sorted(values)
    if not cont:
        index = max(0, math.ceil(p * len(data)) - 1) if p > 0 else 0
        return data[index]
    pos = p * (len(data) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return float(data[lo] + (data[hi] - data[lo]) * (pos - lo))


def distinct_values(values: list[Any]) -> list[Any]:
    """``values`` without repeats (by Cypher equality, 1 and 1.0 one value), each at its first
    place; nodes by their keys, and text or integers as they are, without a stand-in each."""
    types = set(map(type, values))
    if types == {Node}:
        return list({v.key: v for v in values}.values())  # one key, one node: either object will do
    if types <= {str, int}:
        return list(dict.fromkeys(values))
    seen: set[Any] = set()
    return [v for v in values if not ((k := hash_key(v)) in seen or seen.add(k))]


_KEY = operator.attrgetter("key")


def count_distinct(values: list[Any]) -> int:
    """``count(DISTINCT x)`` of a group's values: how many distinct ones but null, counted in C
    when all are nodes (by key) or all text or integers, with no list of the distinct values
    made first (country-matrix's first WITH: the rows of its 88,746 groups, 27,882 of two or
    more members, took 58 ms to make, now 44 ms)."""
    if len(values) == 1:
        return 0 if values[0] is None else 1
    types = set(map(type, values))
    if types == {Node}:
        return len(set(map(_KEY, values)))
    if types <= {str, int}:
        return len(set(values))
    return len(distinct_values([v for v in values if v is not None]))


def make_aggregator(e: ast.Expr, scope: Scope) -> Callable[[], Any]:
    """A factory of fresh accumulators for the aggregate call ``e``."""
    if isinstance(e, ast.CountStar):
        return _CountStar
    assert isinstance(e, ast.FuncCall)
    name = e.name
    if name in ("percentiledisc", "percentilecont"):
        if len(e.args) != 2:
            raise CypherSemanticError(f"{name}() takes 2 arguments", detail="InvalidNumberOfArguments")
        f = compile_expr(e.args[0], scope)
        pf = compile_expr(e.args[1], scope)
        cont = name == "percentilecont"

        class Percentile(_Acc):
            __slots__ = ("p",)

            def add(self, row: dict) -> None:
                self.p = pf(row)
                _Acc.add(self, row)

            def result(self) -> Any:
                return _percentile(self.values, getattr(self, "p", None), cont)

        return lambda: Percentile(f, e.distinct)
    if len(e.args) != 1:
        raise CypherSemanticError(f"{name}() takes 1 argument", detail="InvalidNumberOfArguments")
    f = compile_expr(e.args[0], scope)
    finish = _SIMPLE[name]
    distinct = e.distinct
    if name == "count" and not distinct:
        class Count(_CountStar):
            __slots__ = ()

            def add(self, row: dict) -> None:
                if f(row) is not None:
                    self.n += 1

        return Count

    class Simple(_Acc):
        __slots__ = ()

        def result(self) -> Any:
            return finish(self.values)

    return lambda: Simple(f, distinct)


def value_argument(e: ast.Expr) -> tuple[ast.Expr | None, bool]:
    """What a value aggregate (:func:`value_aggregate`) lists per row: its argument (None for
    ``count(*)``, which counts rows), and whether only the argument's being null matters
    (``count(x)``: a group keeps a flag per row, not the value; a count of paths kept every
    path, and the walks over 10,000 nodes filled gigabytes)."""
    if isinstance(e, ast.CountStar):
        return None, False
    assert isinstance(e, ast.FuncCall)
    return e.args[0], e.name == "count" and not e.distinct


def value_aggregate(e: ast.Expr, scope: Scope) -> tuple[Callable[[dict], Any] | None, Callable[[Any], Any]] | None:
    """For an aggregate that needs only the list of its argument's values in each group, or, for
    ``count(*)``, the number of rows: (the argument's function, None for ``count(*)``; the result
    from that list or number). None for the others (percentiles).

    A grouping loop then appends each row's value to its group's list (one call less per row and
    aggregate than an accumulator's ``add``); nulls are dropped and DISTINCT keeps each value's
    first occurrence when the result is made, as the accumulators do as they go.
    """
    if isinstance(e, ast.CountStar):
        return None, lambda n: n
    assert isinstance(e, ast.FuncCall)
    finish = _SIMPLE.get(e.name)
    if finish is None or len(e.args) != 1:
        return None
    distinct = e.distinct
    arg, nullness = value_argument(e)
    f = compile_expr(arg, scope)
    if e.name == "count" and distinct:
        return f, count_distinct

    def result(values: list[Any]) -> Any:
        if len(values) == 1:  # the usual small group: nothing to drop but a null, nothing repeated
            return finish(values if values[0] is not None else [])
        kept = [v for v in values if v is not None]
        if distinct:
            kept = distinct_values(kept)
        return finish(kept)

    if nullness:
        return (lambda row: None if f(row) is None else True), result
    return f, result
