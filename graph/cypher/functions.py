"""Cypher's scalar functions by lower-case name: ``FUNCTIONS[name] = (fn, min_args, max_args)``.

Each function takes the run's context and the evaluated arguments; null in gives null out
unless Cypher says otherwise (``coalesce``, ``nullIf``, the ``...OrNull`` conversions ...).
``NAMES`` keeps each function's spelling in Neo4j's manual, for "did you mean" suggestions.
"""
from __future__ import annotations

import math
import unicodedata
import uuid
from collections.abc import Callable
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
    localcontext,
)
from typing import Any

from nordgraph.graph.cypher.errors import CypherArgumentError, CypherError, CypherTypeError
from nordgraph.graph.cypher.runtime_values import (
    Node,
    Path,
    Rel,
    check_int,
    entity_id,
    equals,
    is_number,
    prop_value,
    type_name,
)

Function = Callable[..., Any]
FUNCTIONS: dict[str, tuple[Function, int, int]] = {}
#: Each function's name as Neo4j's manual spells it (``toUpper``), by lower-case name.
NAMES: dict[str, str] = {}
#: Aggregating functions (handled by the Aggregate step, not here).
AGGREGATES = frozenset({"count", "sum", "avg", "min", "max", "collect", "percentiledisc",
                        "percentilecont", "stdev", "stdevp"})


def register(name: str, min_args: int = 1, max_args: int | None = None) -> Callable[[Function], Function]:
    def deco(fn: Function) -> Function:
        FUNCTIONS[name.lower()] = (fn, min_args, min_args if max_args is None else max_args)
        NAMES[name.lower()] = name
        return fn

    return deco


def bad_type(fn: str, value: Any, expected: str) -> CypherTypeError:
    """A function's argument error: reported at runtime even for literal arguments."""
    err = CypherTypeError(f"{fn}() expects {expected}, got {type_name(value)}", detail="InvalidArgumentValue")
    err.runtime_only = True
    return err


def _null_safe(name: str, check: type | tuple[type, ...], expected: str) -> Callable[[Function], Function]:
    """Register a one-argument function that maps null to null and checks the type."""

    def deco(fn: Function) -> Function:
        def wrapper(ctx: Any, v: Any) -> Any:
            if v is None:
                return None
            if not isinstance(v, check) or (isinstance(v, bool) and bool not in _as_tuple(check)):
                raise bad_type(name, v, expected)
            return fn(v)

        register(name)(wrapper)
        return fn

    return deco


def _as_tuple(check: type | tuple[type, ...]) -> tuple[type, ...]:
    return check if isinstance(check, tuple) else (check,)


# ---- strings -----------------------------------------------------------------------------
for _name in ("toUpper", "upper"):
    _null_safe(_name, str, "a string")(str.upper)
for _name in ("toLower", "lower"):
    _null_safe(_name, str, "a string")(str.lower)
for _name in ("char_length", "character_length"):
    _null_safe(_name, str, "a string")(len)


def _trimmer(name: str, strip: Callable[[str, str], str], max_args: int) -> None:
    """``trim`` and kin: white space by default, else any of the characters of the second argument."""

    def fn(ctx: Any, s: Any, chars: Any = " \t\n\r") -> Any:
        if s is None or chars is None:
            return None
        for v in (s, chars):
            if not isinstance(v, str):
                raise bad_type(name, v, "strings")
        return strip(s, chars)

    register(name, 1, max_args)(fn)


_trimmer("trim", str.strip, 1)
_trimmer("btrim", str.strip, 2)
_trimmer("ltrim", str.lstrip, 2)
_trimmer("rtrim", str.rstrip, 2)

#: ``normalize(s, NFKC)``: the form is a keyword in Cypher; the parser turns it into text.
NORMAL_FORMS = ("NFC", "NFD", "NFKC", "NFKD")


@register("normalize", 1, 2)
def _normalize(ctx: Any, s: Any, form: Any = "NFC") -> Any:
    if s is None:
        return None
    if not isinstance(s, str):
        raise bad_type("normalize", s, "a string")
    if form not in NORMAL_FORMS:
        raise CypherArgumentError(f"normalize() form must be one of {', '.join(NORMAL_FORMS)}",
                                  detail="InvalidArgumentValue")
    return unicodedata.normalize(form, s)


@register("isEmpty")
def _is_empty(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (str, list, dict)):
        return len(v) == 0
    raise bad_type("isEmpty", v, "a string, list or map")


@register("replace", 3)
def _replace(ctx: Any, s: Any, search: Any, repl: Any) -> Any:
    if s is None or search is None or repl is None:
        return None
    for v in (s, search, repl):
        if not isinstance(v, str):
            raise bad_type("replace", v, "strings")
    return s.replace(search, repl)


def _int_arg(fn: str, v: Any) -> int:
    if type(v) is not int:
        raise bad_type(fn, v, "an integer")
    return v


@register("substring", 2, 3)
def _substring(ctx: Any, s: Any, start: Any, length: Any = None) -> Any:
    if s is None:
        return None
    if not isinstance(s, str):
        raise bad_type("substring", s, "a string")
    start = _int_arg("substring", start)
    if start < 0:
        raise CypherArgumentError("substring() start must not be negative", detail="NegativeIntegerArgument")
    if length is None:
        return s[start:]
    length = _int_arg("substring", length)
    if length < 0:
        raise CypherArgumentError("substring() length must not be negative", detail="NegativeIntegerArgument")
    return s[start:start + length]


def _length_arg(fn: str, s: Any, n: Any) -> int | None:
    """Check ``left``/``right`` arguments; None means the answer is null."""
    if s is None:
        return None
    if not isinstance(s, str):
        raise bad_type(fn, s, "a string")
    if n is None:
        raise CypherArgumentError(f"{fn}() length must not be null", detail="InvalidArgumentValue")
    n = _int_arg(fn, n)
    if n < 0:
        raise CypherArgumentError(f"{fn}() length must not be negative", detail="NegativeIntegerArgument")
    return n


@register("left", 2)
def _left(ctx: Any, s: Any, n: Any) -> Any:
    n = _length_arg("left", s, n)
    return None if n is None else s[:n]


@register("right", 2)
def _right(ctx: Any, s: Any, n: Any) -> Any:
    n = _length_arg("right", s, n)
    return None if n is None else (s[len(s) - n:] if n else "")


@register("split", 2)
def _split(ctx: Any, s: Any, sep: Any) -> Any:
    if s is None or sep is None:
        return None
    if not isinstance(s, str) or not isinstance(sep, str):
        raise bad_type("split", s, "strings")
    return list(s) if sep == "" else s.split(sep)


@register("reverse")
def _reverse(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, str):
        return v[::-1]
    if isinstance(v, list):
        return v[::-1]
    raise bad_type("reverse", v, "a string or a list")


@register("toString")
def _to_string(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return format_float(v)
    if isinstance(v, str):
        return v
    from nordgraph.graph.cypher.temporal import Duration, Temporal

    if isinstance(v, (Temporal, Duration)):
        return str(v)
    raise bad_type("toString", v, "a string, number, boolean or temporal value")


def format_float(v: float) -> str:
    """A float as Cypher (Java) prints it: ``1.5``, ``1.0E20``, ``1.0E-5``, ``NaN``, ``Infinity``."""
    if v != v:
        return "NaN"
    if v in (math.inf, -math.inf):
        return "Infinity" if v > 0 else "-Infinity"
    if v == 0 or 1e-3 <= abs(v) < 1e7:
        return repr(v)  # Python and Java agree in this range
    sign, digits, exp = Decimal(repr(v)).as_tuple()
    mantissa = "".join(map(str, digits)).rstrip("0") or "0"
    exponent = len(digits) - 1 + exp
    return f"{'-' if sign else ''}{mantissa[0]}.{mantissa[1:] or '0'}E{exponent}"


# ---- numbers -----------------------------------------------------------------------------
def _number_fn(name: str, fn: Callable[[Any], Any]) -> None:
    """Register a one-number function with Java's float answers where Python raises instead:
    NaN outside the domain (``sin(Infinity)``), Infinity past the largest float (``exp(1000)``)."""

    def wrapper(ctx: Any, v: Any) -> Any:
        if v is None:
            return None
        if not is_number(v):
            raise bad_type(name, v, "a number")
        try:
            return fn(v)
        except ValueError:
            return math.nan
        except OverflowError:
            return math.inf

    register(name)(wrapper)


_number_fn("abs", lambda v: check_int(abs(v), "abs()") if type(v) is int else abs(v))
_number_fn("sign", lambda v: 0 if v == 0 else (1 if v > 0 else -1))
_number_fn("ceil", lambda v: float(math.ceil(v)) if math.isfinite(v) else float(v))
_number_fn("floor", lambda v: float(math.floor(v)) if math.isfinite(v) else float(v))
_number_fn("sqrt", lambda v: math.sqrt(v) if v >= 0 else math.nan)
_number_fn("exp", lambda v: math.exp(v))
_number_fn("log", lambda v: math.log(v) if v > 0 else (-math.inf if v == 0 else math.nan))
_number_fn("log10", lambda v: math.log10(v) if v > 0 else (-math.inf if v == 0 else math.nan))
_number_fn("sin", math.sin)
_number_fn("cos", math.cos)
_number_fn("tan", math.tan)
_number_fn("asin", lambda v: math.asin(v) if -1 <= v <= 1 else math.nan)
_number_fn("acos", lambda v: math.acos(v) if -1 <= v <= 1 else math.nan)
_number_fn("atan", math.atan)
_number_fn("degrees", math.degrees)
_number_fn("radians", math.radians)
register("pi", 0)(lambda ctx: math.pi)
register("e", 0)(lambda ctx: math.e)
register("rand", 0)(lambda ctx: __import__("random").random())


#: ``round(x, precision, mode)``: Java's rounding modes, as Neo4j names them.
ROUNDING_MODES = {"UP": ROUND_UP, "DOWN": ROUND_DOWN, "CEILING": ROUND_CEILING, "FLOOR": ROUND_FLOOR,
                  "HALF_UP": ROUND_HALF_UP, "HALF_DOWN": ROUND_HALF_DOWN, "HALF_EVEN": ROUND_HALF_EVEN,
                  "UNNECESSARY": None}


@register("round", 1, 3)
def _round(ctx: Any, v: Any, *rest: Any) -> Any:
    """``round(x)`` rounds half up (``-1.5`` to ``-1.0``, as Java's Math.round); with a precision
    it rounds the decimal Cypher prints (``2.675`` to ``2.68``), half away from zero unless a mode says."""
    if v is None or None in rest:
        return None
    if not is_number(v):
        raise bad_type("round", v, "a number")
    if not math.isfinite(v):
        return float(v)
    if not rest:
        return float(math.floor(v + 0.5))
    precision = _int_arg("round", rest[0])
    mode = rest[1] if len(rest) > 1 else "HALF_UP"
    if not isinstance(mode, str) or mode.upper() not in ROUNDING_MODES:
        raise CypherArgumentError(f"round() mode must be one of {', '.join(ROUNDING_MODES)}, got {mode!r}",
                                  detail="InvalidArgumentValue")
    exact = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
    if precision > 400:  # beyond the last digit any float has
        return float(v)
    with localcontext() as decimals:
        decimals.prec = 1000
        quantum = Decimal(1).scaleb(-max(precision, -400))
        rounding = ROUNDING_MODES[mode.upper()]
        if rounding is None:
            rounded = exact.quantize(quantum, ROUND_DOWN)
            if rounded != exact:
                raise CypherArgumentError(f"round() with mode UNNECESSARY: {format_float(float(v))} needs "
                                          f"rounding at precision {precision}", detail="InvalidArgumentValue")
        else:
            rounded = exact.quantize(quantum, rounding)
    return float(rounded)


_number_fn("isNaN", math.isnan)
_number_fn("cot", lambda v: 1 / math.tan(v) if math.tan(v) != 0 else math.inf)
_number_fn("haversin", lambda v: (1 - math.cos(v)) / 2)


@register("atan2", 2)
def _atan2(ctx: Any, y: Any, x: Any) -> Any:
    if y is None or x is None:
        return None
    for v in (y, x):
        if not is_number(v):
            raise bad_type("atan2", v, "numbers")
    return math.atan2(y, x)


@register("toInteger")
def _to_integer(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if not math.isfinite(v):
            return None
        return check_int(int(v), "toInteger()")
    if isinstance(v, str):
        try:
            return check_int(int(v.strip()), "toInteger()")
        except ValueError:
            try:
                f = float(v.strip())
            except ValueError:
                return None
            return int(f) if math.isfinite(f) else None
    raise bad_type("toInteger", v, "a string, number or boolean")


@register("toFloat")
def _to_float(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, bool):
        raise bad_type("toFloat", v, "a string or number")
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v.strip())
        except ValueError:
            return None
    raise bad_type("toFloat", v, "a string or number")


@register("toBoolean")
def _to_boolean(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        return {"true": True, "false": False}.get(v.strip().lower())
    if isinstance(v, int):
        return v != 0
    raise bad_type("toBoolean", v, "a string, integer or boolean")


def _or_null(name: str, convert: Function) -> Function:
    """``toIntegerOrNull`` and kin: the conversion, with null for what it cannot convert."""

    def fn(ctx: Any, v: Any) -> Any:
        try:
            return convert(ctx, v)
        except CypherError:
            return None

    register(name)(fn)
    return fn


def _list_of(name: str, convert: Function) -> None:
    """``toIntegerList`` and kin: each element converted, null where it cannot be."""

    def fn(ctx: Any, v: Any) -> Any:
        if v is None:
            return None
        if not isinstance(v, list):
            raise bad_type(name, v, "a list")
        return [convert(ctx, x) for x in v]

    register(name)(fn)


for _target in ("String", "Integer", "Float", "Boolean"):
    _list_of(f"to{_target}List", _or_null(f"to{_target}OrNull", FUNCTIONS[f"to{_target}".lower()][0]))


@register("nullIf", 2)
def _null_if(ctx: Any, v: Any, other: Any) -> Any:
    return None if equals(v, other) is True else v


#: ``valueType`` names, in the order Neo4j lists the members of a mixed list's type.
_VALUE_TYPES = ("BOOLEAN", "STRING", "INTEGER", "FLOAT", "DATE", "LOCAL TIME", "ZONED TIME", "LOCAL DATETIME",
                "ZONED DATETIME", "DURATION", "NODE", "RELATIONSHIP", "MAP", "LIST", "PATH")


@register("valueType")
def _value_type(ctx: Any, v: Any) -> str:
    """Neo4j's type name of ``v``: ``INTEGER NOT NULL``, ``LIST<STRING NOT NULL> NOT NULL`` ..."""
    if v is None:
        return "NULL"
    if not isinstance(v, list):
        return f"{_base_type(v)} NOT NULL"
    members = {_base_type(x) for x in v if x is not None}
    nullable = any(x is None for x in v)
    if not members:
        inner = "NULL" if nullable else "NOTHING"
    else:
        inner = " | ".join(f"{m}{'' if nullable else ' NOT NULL'}" for m in _VALUE_TYPES if m in members)
    return f"LIST<{inner}> NOT NULL"


def _base_type(v: Any) -> str:
    from nordgraph.graph.cypher.temporal import Duration, Temporal

    if isinstance(v, Temporal):
        return {"date": "DATE", "localtime": "LOCAL TIME", "time": "ZONED TIME", "localdatetime": "LOCAL DATETIME",
                "datetime": "ZONED DATETIME"}[v.kind]
    if isinstance(v, Duration):
        return "DURATION"
    return {bool: "BOOLEAN", str: "STRING", int: "INTEGER", float: "FLOAT", dict: "MAP", list: "LIST", Node: "NODE",
            Rel: "RELATIONSHIP", Path: "PATH"}[type(v)]


register("randomUUID", 0)(lambda ctx: str(uuid.uuid4()))
register("timestamp", 0)(lambda ctx: int(ctx.now.timestamp() * 1000))  # the statement clock, in milliseconds


# ---- lists -------------------------------------------------------------------------------
@register("size")
def _size(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (str, list)):
        return len(v)
    raise bad_type("size", v, "a string or a list")


@register("length")
def _length(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, Path):
        return len(v.rels)
    if isinstance(v, (str, list)):
        return len(v)
    raise bad_type("length", v, "a path")


@register("head")
def _head(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if not isinstance(v, list):
        raise bad_type("head", v, "a list")
    return v[0] if v else None


@register("last")
def _last(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if not isinstance(v, list):
        raise bad_type("last", v, "a list")
    return v[-1] if v else None


@register("tail")
def _tail(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if not isinstance(v, list):
        raise bad_type("tail", v, "a list")
    return v[1:]


@register("range", 2, 3)
def _range(ctx: Any, start: Any, stop: Any, step: Any = 1) -> Any:
    for v in (start, stop, step):
        if type(v) is not int:
            raise CypherArgumentError(f"range() expects integers, got {type_name(v)}",
                                      detail="InvalidArgumentType")
    if step == 0:
        raise CypherArgumentError("range() step must not be zero", detail="NumberOutOfRange")
    ctx.guard.size("range()", max(0, (stop - start) // step + 1))  # before the list exists
    return list(range(start, stop + (1 if step > 0 else -1), step))


@register("coalesce", 1, 10**6)
def _coalesce(ctx: Any, *args: Any) -> Any:
    for v in args:
        if v is not None:
            return v
    return None


# ---- graph -------------------------------------------------------------------------------
@register("id")
def _id(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (Node, Rel)):
        return entity_id(v.key)
    raise bad_type("id", v, "a node or relationship")


@register("elementId")
def _element_id(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (Node, Rel)):
        return str(v.key)
    raise bad_type("elementId", v, "a node or relationship")


@register("labels")
def _labels(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if not isinstance(v, Node):
        raise bad_type("labels", v, "a node")
    return list(v.data["labels"])


@register("type")
def _type(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if not isinstance(v, Rel):
        raise bad_type("type", v, "a relationship")
    return v.data["type"]


@register("keys")
def _keys(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (Node, Rel)):
        return [k for k, x in v.data["props"].items() if x is not None]
    if isinstance(v, dict):
        return list(v)
    raise bad_type("keys", v, "a node, relationship or map")


@register("properties")
def _properties(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (Node, Rel)):
        return {k: prop_value(x) for k, x in v.data["props"].items() if x is not None}
    if isinstance(v, dict):
        return dict(v)
    raise bad_type("properties", v, "a node, relationship or map")


@register("nodes")
def _nodes(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if not isinstance(v, Path):
        raise bad_type("nodes", v, "a path")
    return list(v.nodes)


@register("relationships")
def _relationships(ctx: Any, v: Any) -> Any:
    if v is None:
        return None
    if not isinstance(v, Path):
        raise bad_type("relationships", v, "a path")
    return list(v.rels)


def _end_node(name: str, which: str) -> None:
    def fn(ctx: Any, v: Any) -> Any:
        if v is None:
            return None
        if not isinstance(v, Rel):
            raise bad_type(name, v, "a relationship")
        key = getattr(v, which)
        return Node(key, ctx.graph._node[key])

    register(name)(fn)


_end_node("startNode", "start")
_end_node("endNode", "end")


# ---- temporal ----------------------------------------------------------------------------
def _temporal(kind: str) -> None:
    from nordgraph.graph.cypher import temporal

    def current(ctx: Any, zone: Any = temporal.NOW) -> Any:
        """``date.statement()`` and the like: the statement clock, optionally seen in ``zone``."""
        if zone is None:
            return None
        if zone is temporal.NOW:
            return temporal.make(kind, temporal.NOW, ctx.now)
        utc = temporal.make("datetime", temporal.NOW, ctx.now)
        return temporal.make(kind, {"datetime": utc, "timezone": zone})

    register(kind, 0, 1)(lambda ctx, arg=temporal.NOW: temporal.make(kind, arg, ctx.now))
    for clock in ("statement", "transaction", "realtime"):
        register(f"{kind}.{clock}", 0, 1)(current)
    register(f"{kind}.truncate", 2, 3)(
        lambda ctx, unit, value, fields=None: temporal.truncate(kind, unit, value, fields))


for _kind in ("date", "localtime", "time", "localdatetime", "datetime"):
    _temporal(_kind)


@register("datetime.fromEpoch", 2)
def _from_epoch(ctx: Any, seconds: Any, nanoseconds: Any) -> Any:
    from nordgraph.graph.cypher.temporal import make

    return make("datetime", {"epochSeconds": seconds, "nanosecond": nanoseconds})


@register("datetime.fromEpochMillis")
def _from_epoch_millis(ctx: Any, millis: Any) -> Any:
    from nordgraph.graph.cypher.temporal import make

    return make("datetime", {"epochMillis": millis})


@register("duration")
def _duration(ctx: Any, arg: Any) -> Any:
    from nordgraph.graph.cypher.temporal import make_duration

    return make_duration(arg)


def _between(name: str, unit: str) -> None:
    from nordgraph.graph.cypher.temporal import between

    register(name, 2)(lambda ctx, a, b: between(a, b, unit))


for _name, _unit in (("duration.between", "all"), ("duration.inMonths", "months"),
                     ("duration.inDays", "days"), ("duration.inSeconds", "seconds")):
    _between(_name, _unit)
