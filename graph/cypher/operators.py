"""Cypher's operators over values: arithmetic with integer overflow checks, string and list
predicates, comparison with null semantics, three-valued truth. Pure functions of values."""
from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from nordgraph.graph.cypher.errors import CypherArgumentError, CypherArithmeticError, CypherTypeError
from nordgraph.graph.cypher.runtime_values import check_int, compare, equals, type_name
from nordgraph.graph.cypher.temporal import Duration, Temporal, shift

_NUMBERS = (int, float)


def _number_check(op: str, a: Any, b: Any) -> None:
    raise CypherTypeError(f"cannot apply {op} to {type_name(a)} and {type_name(b)}",
                          detail="InvalidArgumentType")


def add(a: Any, b: Any) -> Any:
    ta, tb = type(a), type(b)
    if ta is int and tb is int:
        return check_int(a + b, "+")
    if ta in (int, float) and tb in (int, float):
        return a + b
    if a is None or b is None:
        return None
    if ta is str and tb is str:
        return a + b
    if ta is list and tb is list:
        return a + b
    if ta is list:
        return a + [b]
    if tb is list:
        return [a] + b
    if ta is Temporal and tb is Duration:
        return shift(a, b)
    if ta is Duration and tb is Temporal:
        return shift(b, a)
    if ta is Duration and tb is Duration:
        return Duration(a.months + b.months, a.days + b.days, a.seconds + b.seconds, a.nanos + b.nanos)
    if ta is str and tb in (int, float):
        return a + _num_text(b)
    if tb is str and ta in (int, float):
        return _num_text(a) + b
    _number_check("+", a, b)


def _num_text(v: Any) -> str:
    from nordgraph.graph.cypher.functions import format_float

    return str(v) if type(v) is int else format_float(v)


def _arith(op: str) -> Callable[[Any, Any], Any]:
    def f(a: Any, b: Any) -> Any:
        ta, tb = type(a), type(b)
        if op == "-" and tb is Duration and ta in (Temporal, Duration):
            return add(a, b.negated())
        if ta not in (int, float) or tb not in (int, float):
            if a is None or b is None:
                return None
            _number_check(op, a, b)
        both_int = ta is int and tb is int
        if op == "-":
            return check_int(a - b, "-") if both_int else a - b
        if op == "*":
            return check_int(a * b, "*") if both_int else a * b
        if op == "/":
            if both_int:
                if b == 0:
                    raise CypherArithmeticError("integer division by zero", detail="DivisionByZero")
                q = abs(a) // abs(b)
                return check_int(q if (a >= 0) == (b >= 0) else -q, "/")
            if b == 0:
                return math.nan if a == 0 or a != a else math.copysign(math.inf, a) * math.copysign(1, b)
            return a / b
        if op == "%":
            if both_int:
                if b == 0:
                    raise CypherArithmeticError("integer modulo by zero", detail="DivisionByZero")
                r = abs(a) % abs(b)
                return r if a >= 0 else -r
            # Java's remainder: NaN for an infinite dividend, where Python's fmod raises
            return math.fmod(a, b) if b != 0 and math.isfinite(a) else math.nan
        # ^ as Java's Math.pow: NaN for a negative base and a fractional exponent (Python: complex)
        try:
            power = float(a) ** float(b)
        except ZeroDivisionError:
            return math.inf
        except OverflowError:
            return math.inf if a > 0 or float(b) % 2 == 0 else -math.inf
        return math.nan if type(power) is complex else power

    return f


_ARITH = {"+": add, "-": _arith("-"), "*": _arith("*"), "/": _arith("/"), "%": _arith("%"),
          "^": _arith("^")}


def _in(a: Any, lst: Any) -> Any:
    if lst is None:
        return None
    if type(lst) is not list:
        raise CypherTypeError(f"IN expects a list, got {type_name(lst)}", detail="InvalidArgumentType")
    unknown = False
    for x in lst:
        r = equals(a, x)
        if r:
            return True
        if r is None:
            unknown = True
    return None if unknown else False


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.S)
    except re.error as err:
        raise CypherArgumentError(f"invalid regular expression {pattern!r}: {err}",
                                  detail="InvalidArgumentValue") from None


def _string_op(test: Callable[[str, str], bool]) -> Callable[[Any, Any], Any]:
    def f(a: Any, b: Any) -> Any:
        if type(a) is not str or type(b) is not str:
            return None
        return test(a, b)

    return f


BINARY_OPERATORS = {**_ARITH, "in": _in, "starts": _string_op(str.startswith), "ends": _string_op(str.endswith),
           "contains": _string_op(lambda a, b: b in a),
           "=~": _string_op(lambda a, b: _regex(b).fullmatch(a) is not None)}


def comparison(op: str) -> Callable[[Any, Any], Any]:
    if op == "=":
        return equals
    if op == "<>":
        def ne(a: Any, b: Any) -> Any:
            r = equals(a, b)
            return None if r is None else not r
        return ne
    test = {"<": lambda r: r < 0, ">": lambda r: r > 0, "<=": lambda r: r <= 0, ">=": lambda r: r >= 0}[op]
    numeric = {"<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge}[op]

    def f(a: Any, b: Any) -> Any:
        if type(a) in _NUMBERS and type(b) in _NUMBERS:
            return numeric(a, b)  # NaN compares false with every number
        r = compare(a, b)
        return None if r is None else test(r)

    return f


def all_true(results: Any) -> Any:
    unknown = False
    for r in results:
        if r is False:
            return False
        if r is None:
            unknown = True
    return None if unknown else True


def truth(v: Any, what: str) -> Any:
    if v is None or type(v) is bool:
        return v
    raise CypherTypeError(f"{what} expects booleans, got {type_name(v)}", detail="InvalidArgumentType")
