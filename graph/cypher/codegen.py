"""Compile expressions into one generated Python function instead of a closure per operator.

A closure per operator costs a Python call per node and row (``x[1] * y[1]`` inside a list
comprehension: seven calls per element). Here the common nodes (variables, properties, list
indexing and slicing, list and map literals, arithmetic, comparisons, boolean logic, CASE,
function calls, list comprehensions) become one Python expression, evaluated inline where the
operands' types are the usual ones (an integer product, an index into a list) and through the
same value functions as the closures otherwise. A subtree of any other kind is called as its
compiled closure. Type errors name the same expression as the closures' (:func:`_quoted_call`).

Making the code costs 20-300 µs an expression (compiling the source is kept per process), which
a step repays only over many rows: steps run their closures first and switch to generated code
once they have seen :data:`TIER_AFTER` rows (:func:`streamed`, :func:`barrier`), so a query of a
few rows pays nothing. The closures are compiled first in every case, so every compile-time
check has been made, by them, before any code is generated.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator
from types import CodeType
from typing import Any, TypeVar

from nordgraph.graph.cypher import ast
from nordgraph.graph.cypher import expressions as ex
from nordgraph.graph.cypher.errors import CypherTypeError
from nordgraph.graph.cypher.functions import FUNCTIONS
from nordgraph.graph.cypher.operators import BINARY_OPERATORS, add, comparison
from nordgraph.graph.cypher.runtime_values import INT_MAX, INT_MIN, Node, equals, prop_value
from nordgraph.graph.cypher.tree import children, free_vars

Fn = Callable[[dict[str, Any]], Any]

#: Below this many nodes a tree gains nothing from a generated function (``x[0]``, ``n.name``
#: are one closure call already).
_SMALLEST = 3

#: Arithmetic evaluated inline when both operands are integers (then checked for overflow).
_INLINE_INT = ("+", "-", "*")
_ORDERING = ("<", ">", "<=", ">=")


class Unsupported(Exception):
    """The tree cannot be generated (a closure would have to read a comprehension's variable)."""


#: Rows a step handles with its closures before it makes generated code (see the module's note).
TIER_AFTER = 1024

Rows = Iterable[dict[str, Any]]
T = TypeVar("T")


def as_planned(scope: Any, make: Callable[[], T], kinds: dict[str, str] | None = None) -> Callable[[], T]:
    """``make`` for calling later, as rows arrive, seeing the kinds of variables (node, path ...)
    of now, when its step is planned, or ``kinds`` taken then: generating compiles closures, which
    check them, and grouping by a node's key relies on them, while planning moves them on."""
    kinds = dict(scope.ctx.kinds) if kinds is None else kinds

    def made() -> T:
        now = scope.ctx.kinds
        saved = dict(now)
        now.clear()
        now.update(kinds)
        try:
            return make()
        finally:
            now.clear()
            now.update(saved)

    return made


def streamed(
    rows: Rows,
    slow: Callable[[Rows], Iterator[Any]],
    fast: Callable[[], Callable[[Rows], Iterator[Any]] | None],
) -> Iterator[Any]:
    """``slow`` over the first :data:`TIER_AFTER` rows, then what ``fast()`` makes (``slow``
    when it makes nothing) over the rest, row by row as they are asked for."""
    it = iter(rows)
    yield from slow(itertools.islice(it, TIER_AFTER))
    for first in it:
        yield from (fast() or slow)(itertools.chain((first,), it))


def barrier(rows: Rows, slow: Callable[[Rows], Any], fast: Callable[[], Callable[[Rows], Any] | None]) -> Any:
    """For a step that reads every row before it answers (an aggregation, a sort): ``slow`` over
    fewer than :data:`TIER_AFTER` rows, else what ``fast()`` makes (or ``slow``) over them all."""
    it = iter(rows)
    head = list(itertools.islice(it, TIER_AFTER))
    if len(head) < TIER_AFTER:
        return slow(head)
    return (fast() or slow)(itertools.chain(head, it))


def generated(e: ast.Expr, scope: Any, boolean: bool = False) -> Fn | None:
    """One generated function for ``e`` (None when it would gain nothing or cannot be made)."""
    if scope.local is not None or sum(1 for _ in _nodes(e)) < _SMALLEST:
        return None
    gen = Generator(scope)
    try:
        body = gen.expr(e, boolean)
    except Unsupported:
        return None
    return define(f"def generated(row):\n    return {body}\n", gen.bound, "generated")


def generated_row(items: list[tuple[str, ast.Expr]], scope: Any, keep: bool = False) -> Fn | None:
    """One generated function making a projection's row (``alias: expression`` in order; ``keep``:
    the row's own variables first): one dict display per row, no call per column. None when some
    expression cannot be generated."""
    gen = Generator(scope)
    try:
        values = [f"{alias!r}: {gen.expr(e)}" for alias, e in items]
    except Unsupported:
        return None
    display = ", ".join(["**row"] * keep + values)
    return define(f"def generated_row(row):\n    return {{{display}}}\n", gen.bound, "generated_row")


def generated_key(
    order: list[tuple[ast.Expr, bool]],
    scope: Any,
    key: Callable[[Any], Any],
    reverse: Callable[[Any], Any] | None = None,
) -> Fn | None:
    """A row's sort key in one generated function: ``key`` of each (expression, descending)'s
    value, wrapped in ``reverse`` where descending when given, alone or as a tuple."""
    gen = Generator(scope)
    try:
        parts = [f"key({gen.expr(e)})" for e, _ in order]
    except Unsupported:
        return None
    if reverse is not None:
        parts = [f"reverse({p})" if desc else p for p, (_, desc) in zip(parts, order)]
    body = parts[0] if len(parts) == 1 else "(" + "".join(p + ", " for p in parts) + ")"
    return define(f"def sort_key(row):\n    return {body}\n", {**gen.bound, "key": key, "reverse": reverse}, "sort_key")


def define(source: str, bound: dict[str, Any], name: str) -> Callable[..., Any]:
    """The function ``name`` that ``source`` defines, seeing the values ``bound``."""
    namespace = dict(bound)
    exec(_compiled(source), namespace)  # noqa: S102
    return namespace[name]


@functools.lru_cache(maxsize=2048)
def _compiled(source: str) -> CodeType:
    """``source`` compiled once per process: a query planned again (every run plans) makes the
    same source, and compiling it costs about five times making it (40-300 µs an expression)."""
    return compile(source, "<cypher>", "exec")


def _nodes(e: ast.Expr) -> Any:
    yield e
    for c in children(e):
        yield from _nodes(c)


def _quoted_call(fn: Callable[..., Any], e: ast.Expr) -> Callable[..., Any]:
    """``fn``, naming ``e`` in a type error that no expression inside it named (as the closure
    of ``e``, the innermost quoted expression around the call, does)."""

    def call(*args: Any) -> Any:
        try:
            return fn(*args)
        except CypherTypeError as err:
            ex.quote(err, e)
            raise

    return call


def _function(fn: Callable[..., Any], ctx: Any, e: ast.FuncCall) -> Callable[..., Any]:
    """The Cypher function ``e`` calls, of argument values: its type errors name ``e`` (a
    function call is quoted), a result past the run's size limit is refused."""
    size, what = ctx.guard.size, f"{e.name}()"

    def call(*args: Any) -> Any:
        try:
            v = fn(ctx, *args)
        except CypherTypeError as err:
            ex.quote(err, e)
            raise
        if type(v) in (list, str):
            size(what, len(v))
        return v

    return call


def _bounded_add(scope: Any) -> Callable[[Any, Any], Any]:
    size = scope.ctx.guard.size

    def plus(a: Any, b: Any) -> Any:
        v = add(a, b)
        if type(v) in (list, str):
            size("`+`", len(v))
        return v

    return plus


class Generator:
    """The source of one expression; values it calls are bound under fresh names in ``bound``."""

    def __init__(self, scope: Any):
        self.scope = scope
        self.bound: dict[str, Any] = {"Node": Node, "_S": (str, int, float, bool), "_N": (int, float)}
        self.names = itertools.count()
        self.locals: dict[str, str] = {}  # a comprehension's variable -> its Python name
        self.quoted: list[ast.Expr | None] = [None]  # the innermost quoted expression around

    def fresh(self) -> str:
        return f"t{next(self.names)}"

    def bind(self, value: Any) -> str:
        name = f"k{next(self.names)}"
        self.bound[name] = value
        return name

    def call(self, fn: Callable[..., Any], *args: str) -> str:
        """A call out of the generated code, quoting type errors as the closures would."""
        q = self.quoted[-1]
        return f"{self.bind(fn if q is None else _quoted_call(fn, q))}({', '.join(args)})"

    def expr(self, e: ast.Expr, boolean: bool = False) -> str:
        method = _METHODS.get(type(e))
        constant = not isinstance(e, (ast.Literal, ast.Var, ast.Param)) and ex.is_constant(e)
        if method is None or constant:
            return self.fallback(e, boolean)
        quoted = isinstance(e, ex.QUOTED)
        if quoted:
            self.quoted.append(e)
        try:
            return f"({method(self, e, boolean)})"
        finally:
            if quoted:
                self.quoted.pop()

    def fallback(self, e: ast.Expr, boolean: bool) -> str:
        """A call of the subtree's closure (a constant one is folded there)."""
        if free_vars(e) & self.locals.keys():
            raise Unsupported
        return self.call(ex.compile_expr(e, self.scope, boolean), "row")

    # ---- one method per node kind: the Python expression of its value -------------------------
    def literal(self, e: ast.Literal, boolean: bool) -> str:
        value = ex.listify(e.value)
        return repr(value) if value is None or type(value) in (bool, str, int) else self.bind(value)

    def param(self, e: ast.Param, boolean: bool) -> str:
        return self.bind(ex.listify(self.scope.ctx.params[e.name]))

    def var(self, e: ast.Var, boolean: bool) -> str:
        return self.locals.get(e.name) or f"row[{e.name!r}]"

    def prop(self, e: ast.Prop, boolean: bool) -> str:
        v, x = self.fresh(), self.fresh()
        other = self.call(ex.get_property, v, repr(e.key))
        return (
            f"({x} if ({x} := {v}.data['props'].get({e.key!r})) is None or type({x}) in _S "
            f"else {self.bind(prop_value)}({x})) if type({v} := {self.expr(e.subject)}) is Node else {other}"
        )

    def index(self, e: ast.Index, boolean: bool) -> str:
        v, i = self.fresh(), self.fresh()
        if isinstance(e.index, ast.Literal) and type(e.index.value) is int:
            at = e.index.value
            fits = f"len({v}) > {at}" if at >= 0 else f"len({v}) >= {-at}"
            return f"{v}[{at}] if type({v} := {self.expr(e.subject)}) is list and {fits} else " + self.call(
                ex.element, v, repr(at)
            )
        return (
            f"{v}[{i}] if (({v} := {self.expr(e.subject)}), ({i} := {self.expr(e.index)})) "
            f"and type({v}) is list and type({i}) is int and -len({v}) <= {i} < len({v}) "
            f"else {self.call(ex.element, v, i)}"
        )

    def slice(self, e: ast.Slice, boolean: bool) -> str:
        v, a, b = self.fresh(), self.fresh(), self.fresh()
        start = self.expr(e.start) if e.start else "0"
        stop = self.expr(e.stop) if e.stop else self.bind(ex.TO_END)
        bounds = f"type({a}) is int and type({b}) is int" if e.stop else f"type({a}) is int"
        return (
            f"{v}[{a}:{b if e.stop else ''}] if (({v} := {self.expr(e.subject)}), ({a} := {start}), ({b} := {stop})) "
            f"and type({v}) is list and {bounds} else {self.call(ex.slice_value, v, a, b)}"
        )

    def list_lit(self, e: ast.ListLit, boolean: bool) -> str:
        return "[" + ", ".join(self.expr(x) for x in e.items) + "]"

    def map_lit(self, e: ast.MapLit, boolean: bool) -> str:
        return "{" + ", ".join(f"{k!r}: {self.expr(x)}" for k, x in e.items) + "}"

    def binop(self, e: ast.BinOp, boolean: bool) -> str:
        if e.op == "in" and isinstance(e.right, ast.Param):  # a set made once: the closure's
            return self.fallback(e, boolean)
        op = _bounded_add(self.scope) if e.op == "+" else BINARY_OPERATORS[e.op]
        a, b = self.expr(e.left), self.expr(e.right)
        if e.op not in _INLINE_INT:
            return self.call(op, a, b)
        x, y, r = self.fresh(), self.fresh(), self.fresh()
        ints = f"type({x}) is int and type({y}) is int and {INT_MIN} <= ({r} := {x} {e.op} {y}) <= {INT_MAX}"
        if e.op == "+":  # two lists joined, within the run's size limit
            limit = self.bind(self.scope.ctx.guard.max_rows)
            ints = f"({ints} or type({x}) is list and type({y}) is list and len({r} := {x} + {y}) <= {limit})"
        return f"{r} if (({x} := {a}), ({y} := {b})) and {ints} else {self.call(op, x, y)}"

    def compare(self, e: ast.Compare, boolean: bool) -> str:
        if len(e.ops) != 1 or (e.ops[0] in ("=", "<>") and all(isinstance(x, ast.Var) for x in e.operands)):
            return self.fallback(e, boolean)  # a chain, or two entities compared by key
        op = e.ops[0]
        a, b = self.expr(e.operands[0]), self.expr(e.operands[1])
        test = comparison(op)
        if op not in _ORDERING:
            return self.call(test, a, b)
        x, y = self.fresh(), self.fresh()
        return (
            f"{x} {op} {y} if (({x} := {a}), ({y} := {b})) and type({x}) in _N and type({y}) in _N "
            f"else {self.call(test, x, y)}"
        )

    def boolop(self, e: ast.BoolOp, boolean: bool) -> str:
        return self.call(ex.logical(e.op), self.expr(e.left, True), self.expr(e.right, True))

    def not_(self, e: ast.Not, boolean: bool) -> str:
        v = self.fresh()
        return f"not {v} if type({v} := {self.expr(e.operand, True)}) is bool else {self.call(ex.negation, v)}"

    def neg(self, e: ast.Neg, boolean: bool) -> str:
        return self.call(ex.minus, self.expr(e.operand))

    def is_null(self, e: ast.IsNull, boolean: bool) -> str:
        return f"{self.expr(e.operand)} is {'not ' if e.negated else ''}None"

    def case(self, e: ast.Case, boolean: bool) -> str:
        out = self.expr(e.default) if e.default else "None"
        if e.subject is None:
            for cond, then in reversed(e.whens):
                out = f"{self.expr(then)} if {self.expr(cond)} is True else {out}"
            return out
        v = self.fresh()
        same = self.bind(equals)
        for i, (cond, then) in reversed(list(enumerate(e.whens))):
            subject = f"({v} := {self.expr(e.subject)})" if i == 0 else v
            out = f"{self.expr(then)} if {same}({subject}, {self.expr(cond)}) is True else {out}"
        return out

    def func(self, e: ast.FuncCall, boolean: bool) -> str:
        if e.name not in FUNCTIONS:  # exists() and the like: the closure's
            return self.fallback(e, boolean)
        call = self.bind(_function(FUNCTIONS[e.name][0], self.scope.ctx, e))
        args = [self.expr(a) for a in e.args]
        if e.name == "range" and len(args) == 2:
            return self.inline_range(call, *args)
        if e.name != "size":
            return f"{call}({', '.join(args)})"
        v = self.fresh()  # the length of a list or text, inline
        return f"len({v}) if type({v} := {args[0]}) is list or type({v}) is str else {call}({v})"

    def inline_range(self, call: str, start: str, stop: str) -> str:
        """``range(start, stop)`` of two integers within the run's size limit, inline; the call
        otherwise, which raises (country-matrix's 31,000 ``range(0, size(present) - 1)``: the
        step making them took 83 ms with a call each, 64 ms inline)."""
        a, b = self.fresh(), self.fresh()
        limit = self.bind(self.scope.ctx.guard.max_rows)
        return (
            f"list(range({a}, {b} + 1)) if (({a} := {start}), ({b} := {stop})) "
            f"and type({a}) is int and type({b}) is int and {b} - {a} < {limit} else {call}({a}, {b})"
        )

    def list_comp(self, e: ast.ListComp, boolean: bool) -> str:
        items, x = self.fresh(), self.fresh()
        source = self.expr(e.source)
        before = self.locals.get(e.var)
        self.locals[e.var] = x
        try:
            where = f" and {self.expr(e.where, True)} is True" if e.where else ""
            projection = self.expr(e.projection) if e.projection else x
        finally:
            if before is None:
                del self.locals[e.var]
            else:
                self.locals[e.var] = before
        tick = self.bind(self.scope.ctx.guard.tick)
        wrong = self.call(ex.iterated, items, repr("list comprehension"))  # not a list: the error
        listed = f"[{projection} for {x} in {items} if {tick}() is None{where}]"
        return f"None if ({items} := {source}) is None else ({listed} if type({items}) is list else {wrong})"


_METHODS: dict[type, Callable[[Generator, Any, bool], str]] = {
    ast.Literal: Generator.literal,
    ast.Param: Generator.param,
    ast.Var: Generator.var,
    ast.Prop: Generator.prop,
    ast.Index: Generator.index,
    ast.Slice: Generator.slice,
    ast.ListLit: Generator.list_lit,
    ast.MapLit: Generator.map_lit,
    ast.BinOp: Generator.binop,
    ast.Compare: Generator.compare,
    ast.BoolOp: Generator.boolop,
    ast.Not: Generator.not_,
    ast.Neg: Generator.neg,
    ast.IsNull: Generator.is_null,
    ast.Case: Generator.case,
    ast.FuncCall: Generator.func,
    ast.ListComp: Generator.list_comp,
}
