"""Compile expression trees into Python closures ``f(row) -> value`` once per run.

Rows are dicts from variable name to value. Compiling checks that every variable is in
scope, so an undefined variable is reported before any row is read.
"""
from __future__ import annotations

import operator
import weakref
from collections.abc import Callable
from typing import Any

from nordgraph.graph.cypher import ast
from nordgraph.graph.cypher.errors import (
    CypherError,
    CypherParameterMissing,
    CypherSemanticError,
    CypherSyntaxError,
    CypherTypeError,
    CypherUnsupportedError,
)
from nordgraph.graph.cypher.functions import AGGREGATES, FUNCTIONS, NAMES
from nordgraph.graph.cypher.operators import BINARY_OPERATORS, all_true, comparison, truth
from nordgraph.graph.cypher.runtime_values import INT_MAX, Node, Rel, check_int, equals, prop_value, type_name
from nordgraph.graph.cypher.suggest import closest, did_you_mean
from nordgraph.graph.cypher.temporal import Duration, Temporal
from nordgraph.graph.cypher.tree import children
from nordgraph.graph.cypher.unparse import to_cypher

Fn = Callable[[dict[str, Any]], Any]
#: Comparisons of two numbers, as the comparison operators make them (NaN compares false)
_NUMERIC = {"<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge}
_SCALAR = (str, int, float, bool)
_NUMBERS = (int, float)


class Scope:
    """What a compiled expression may see: the run's context and the variables in scope."""

    def __init__(self, ctx: Any, names: frozenset[str], local: str | None = None):
        self.ctx, self.names = ctx, names
        #: a node variable whose data dict stands for the whole row (:func:`compile_local`)
        self.local = local

    def with_names(self, *names: str) -> "Scope":
        return Scope(self.ctx, self.names | frozenset(names), self.local)


def compile_local(e: ast.Expr, name: str, scope: Scope) -> Fn:
    """Compile ``e``, which reads no variable but the node ``name``, as a function of that node's
    data dict (``{"labels": ..., "props": ...}``) instead of a row: ``name.key`` reads the
    properties straight away, so a WHERE tested on every node met costs no row and no node."""
    return compile_expr(e, Scope(scope.ctx, scope.names | {name}, name), True)


def compile_expr(e: ast.Expr, scope: Scope, boolean: bool = False) -> Fn:
    """Compile ``e``; ``boolean`` marks a predicate position, where a pattern means "exists"."""
    method = _COMPILERS.get(type(e))
    if method is None:
        raise CypherUnsupportedError(f"unsupported expression {type(e).__name__}")
    fn = method(e, scope, boolean)
    if isinstance(e, QUOTED) and fn not in _SELF_QUOTING:
        fn = _quoting(fn, e)
    if isinstance(e, (ast.Literal, ast.Var)) or not is_constant(e):
        return fn
    # fold constants: once per run instead of per row, and type errors surface before any row
    try:
        value = fn({})
    except CypherTypeError as err:
        if getattr(err, "runtime_only", False):
            return fn
        raise CypherSemanticError(str(err), detail=err.detail) from None
    except CypherError:
        return fn
    return lambda row: value


#: Expressions whose runtime type errors quote the expression (one cheap frame per evaluation);
#: comparisons are left out: they answer null rather than fail.
QUOTED = (ast.BinOp, ast.BoolOp, ast.Not, ast.Neg, ast.FuncCall, ast.Index, ast.Slice,
           ast.HasLabels, ast.ListComp, ast.Quantifier, ast.Reduce)


#: Compiled closures that catch and quote their own type errors (a frame less per evaluation
#: than the wrapper), so :func:`compile_expr` does not wrap them.
_SELF_QUOTING: "weakref.WeakSet[Fn]" = weakref.WeakSet()


def _self_quoting(fn: Fn) -> Fn:
    _SELF_QUOTING.add(fn)
    return fn


def _quoting(fn: Fn, e: ast.Expr) -> Fn:
    """Wrap ``fn`` so that a type error names the innermost expression that failed."""

    def quoted(row: dict[str, Any]) -> Any:
        try:
            return fn(row)
        except CypherTypeError as err:
            quote(err, e)
            raise

    return quoted


def quote(err: CypherTypeError, e: ast.Expr) -> None:
    """Make ``err`` name ``e``, unless an expression inside ``e`` is named already."""
    if not getattr(err, "quoted", False):
        err.args = (f"{err} (in `{to_cypher(e)}`)",)
        err.quoted = True


_NOT_CONSTANT = (ast.Var, ast.Param, ast.PatternExpr, ast.PatternComp, ast.ExistsSub, ast.CountStar,
                 ast.MapProjection)


def is_constant(e: Any, local: frozenset[str] = frozenset()) -> bool:
    """True if ``e`` reads no row, parameter or graph (comprehension variables aside)."""
    if isinstance(e, ast.Var):
        return e.name in local
    if isinstance(e, _NOT_CONSTANT):
        return False
    if isinstance(e, ast.FuncCall) and (e.name in AGGREGATES or e.name in ("rand", "randomuuid")):
        return False
    if isinstance(e, (ast.ListComp, ast.Quantifier, ast.Reduce)):
        inner = local | {e.var, getattr(e, "acc", e.var)}
        return is_constant(e.source, local) and all(
            is_constant(c, local if c is getattr(e, "init", None) else inner) for c in children(e)
            if c is not e.source)
    return all(is_constant(c, local) for c in children(e))


def _lit(e: ast.Literal, scope: Scope, boolean: bool) -> Fn:
    value = listify(e.value)
    if type(value) is int and value > INT_MAX:
        raise CypherSyntaxError(f"integer literal {value} is too large", detail="IntegerOverflow")
    return lambda row: value


def listify(v: Any) -> Any:
    return [listify(x) for x in v] if isinstance(v, tuple) else v


def _param(e: ast.Param, scope: Scope, boolean: bool) -> Fn:
    params = scope.ctx.params
    if e.name not in params:
        raise CypherParameterMissing(f"missing parameter ${e.name}", detail="MissingParameter",
                                     phase="compile time")
    value = listify(params[e.name])
    return lambda row: value


def _var(e: ast.Var, scope: Scope, boolean: bool) -> Fn:
    name = e.name
    if name == scope.local:
        return lambda data: Node("", data)
    if name not in scope.names:
        raise CypherSemanticError(f"variable `{name}` is not defined", detail="UndefinedVariable")
    if boolean and scope.ctx.kinds.get(name) in ("node", "relationship", "path"):
        raise CypherSemanticError(f"`{name}` is a {scope.ctx.kinds[name]}, not a boolean",
                                  detail="InvalidArgumentType")
    return operator.itemgetter(name)  # the row's value, read in C (no Python frame per read)


def get_property(v: Any, key: str) -> Any:
    t = type(v)
    if t is Node or t is Rel:
        x = v.data["props"].get(key)
        return x if x is None or type(x) in _SCALAR else prop_value(x)
    if v is None:
        return None
    if t is dict:
        return v.get(key)
    if t is Temporal or t is Duration:
        return v.component(key)
    raise CypherTypeError(f"cannot read property {key!r} of a {type_name(v)}", detail="PropertyAccessOnNonMap")


def _prop(e: ast.Prop, scope: Scope, boolean: bool) -> Fn:
    key = e.key
    if isinstance(e.subject, ast.Var) and e.subject.name == scope.local:
        def local(data: dict[str, Any]) -> Any:
            x = data["props"].get(key)
            return x if x is None or type(x) in _SCALAR else prop_value(x)

        return local
    if isinstance(e.subject, ast.Var):
        _var(e.subject, scope, False)
        name = e.subject.name
        if scope.ctx.kinds.get(name) == "path":
            raise CypherSemanticError(f"a path (`{name}`) has no property {key!r}", detail="InvalidArgumentType")

        def by_var(row: dict[str, Any]) -> Any:
            v = row[name]
            if type(v) is Node:
                x = v.data["props"].get(key)
                return x if x is None or type(x) in _SCALAR else prop_value(x)
            return get_property(v, key)

        return by_var
    sub = compile_expr(e.subject, scope)
    return lambda row: get_property(sub(row), key)


def element(v: Any, i: Any) -> Any:
    """``v[i]``: a list's element (null past its ends) or a map's, node's or relationship's value."""
    if v is None or i is None:
        return None
    if type(v) is list:
        if type(i) is not int:
            raise CypherTypeError(f"list index must be an integer, got {type_name(i)}",
                                  detail="InvalidArgumentType")
        return v[i] if -len(v) <= i < len(v) else None
    if type(v) in (dict, Node, Rel):
        if type(i) is not str:
            raise CypherTypeError(f"map key must be a string, got {type_name(i)}",
                                  detail="MapElementAccessByNonString")
        return get_property(v, i)
    raise CypherTypeError(f"cannot index a {type_name(v)}", detail="InvalidArgumentType")


def _index(e: ast.Index, scope: Scope, boolean: bool) -> Fn:
    sub, idx = compile_expr(e.subject, scope), compile_expr(e.index, scope)
    if isinstance(e.index, ast.Literal) and type(e.index.value) is int:
        # ``x[0]`` on a list (rows of collected tuples): one frame per evaluation, quoting its own
        # errors as the wrapper of other expressions does (see :data:`QUOTED`)
        at = e.index.value

        def constant(row: dict[str, Any]) -> Any:
            try:
                v = sub(row)
                if type(v) is list:
                    try:
                        return v[at]  # Python's negative indexes are Cypher's too
                    except IndexError:
                        return None
                return element(v, at)
            except CypherTypeError as err:
                quote(err, e)
                raise

        return _self_quoting(constant)
    return lambda row: element(sub(row), idx(row))


#: A slice's missing upper bound: to the end of the list.
TO_END = object()


def slice_value(v: Any, a: Any, b: Any) -> Any:
    """``v[a..b]`` (``b`` may be :data:`TO_END`): null when any of them is null."""
    if b is TO_END:
        b = len(v) if isinstance(v, list) else None
    if v is None or a is None or b is None:
        return None
    if type(v) is not list:
        raise CypherTypeError(f"cannot slice a {type_name(v)}", detail="InvalidArgumentType")
    for bound in (a, b):
        if type(bound) is not int:
            raise CypherTypeError(f"list slice bounds must be integers, got {type_name(bound)}",
                                  detail="InvalidArgumentType")
    return v[a:b]


def _slice(e: ast.Slice, scope: Scope, boolean: bool) -> Fn:
    sub = compile_expr(e.subject, scope)
    start = compile_expr(e.start, scope) if e.start else (lambda row: 0)
    stop = compile_expr(e.stop, scope) if e.stop else (lambda row: TO_END)
    return lambda row: slice_value(sub(row), start(row), stop(row))


def _has_labels(e: ast.HasLabels, scope: Scope, boolean: bool) -> Fn:
    sub, labels = compile_expr(e.subject, scope), e.labels

    def f(row: dict[str, Any]) -> Any:
        v = sub(row)
        if v is None:
            return None
        if type(v) is not Node:
            raise CypherTypeError(f"label predicate on a {type_name(v)}", detail="InvalidArgumentType")
        have = v.data["labels"]
        return all(lab in have for lab in labels)

    return f


def _list(e: ast.ListLit, scope: Scope, boolean: bool) -> Fn:
    fs = [compile_expr(x, scope) for x in e.items]
    return lambda row: [f(row) for f in fs]


def _map(e: ast.MapLit, scope: Scope, boolean: bool) -> Fn:
    fs = [(k, compile_expr(x, scope)) for k, x in e.items]
    return lambda row: {k: f(row) for k, f in fs}


def _binop(e: ast.BinOp, scope: Scope, boolean: bool) -> Fn:
    left, right, op = compile_expr(e.left, scope), compile_expr(e.right, scope), BINARY_OPERATORS[e.op]
    if e.op == "in" and isinstance(e.right, ast.Param):
        return _in_parameter(left, right, op)
    fixed, value = _fixed(e.right, scope)
    if fixed and e.op != "+":  # ``p.name CONTAINS '77'``, ``x * 2``: no call for the constant
        def with_constant(row: dict[str, Any]) -> Any:
            try:
                return op(left(row), value)
            except CypherTypeError as err:
                quote(err, e)
                raise

        return _self_quoting(with_constant)
    if e.op == "+":
        return _bounded(lambda row: op(left(row), right(row)), "`+`", scope)

    def both(row: dict[str, Any]) -> Any:
        try:
            return op(left(row), right(row))
        except CypherTypeError as err:
            quote(err, e)
            raise

    return _self_quoting(both)


def _fixed(e: ast.Expr, scope: Scope) -> tuple[bool, Any]:
    """(True, its value) for a literal or a parameter, the same on every row; else (False, None)."""
    if isinstance(e, ast.Literal):
        return True, listify(e.value)
    if isinstance(e, ast.Param) and e.name in scope.ctx.params:
        return True, listify(scope.ctx.params[e.name])
    return False, None


#: Shorter lists are searched as they are; a set costs more to make than it saves.
_SET_FROM = 8


def _in_parameter(left: Fn, right: Fn, generic: Callable[[Any, Any], Any]) -> Fn:
    """``x IN $list``: a parameter is the same list on every row, so a list of strings is made a
    set once and each row looks its value up (``WHERE n.id IN $ids`` compared every node with
    every id). Anything else, a null or a value of another type on the left included, takes the
    generic comparison, which knows Cypher's equality and nulls."""
    made: list[Any] = [None, None]  # the list last seen, and its set (None: not all strings)

    def f(row: dict[str, Any]) -> Any:
        value, lst = left(row), right(row)
        if lst is not made[0]:
            strings = type(lst) is list and len(lst) >= _SET_FROM and all(type(x) is str for x in lst)
            made[0], made[1] = lst, frozenset(lst) if strings else None
        if made[1] is not None and type(value) is str:
            return value in made[1]
        return generic(value, lst)

    return f


def _bounded(f: Fn, what: str, scope: Scope) -> Fn:
    """``f``, refusing a list or string longer than the run's size limit (``+`` doubling a list in a
    ``reduce()`` would otherwise fill the memory long before the time limit)."""
    size = scope.ctx.guard.size

    def bounded(row: dict[str, Any]) -> Any:
        v = f(row)
        if type(v) in (list, str):
            size(what, len(v))
        return v

    return bounded


def _compare(e: ast.Compare, scope: Scope, boolean: bool) -> Fn:
    fs = [compile_expr(x, scope) for x in e.operands]
    ops = [comparison(op) for op in e.ops]
    if len(ops) == 1:
        a, b, op = fs[0], fs[1], ops[0]
        if e.ops[0] in ("=", "<>") and all(isinstance(x, ast.Var) for x in e.operands):
            return _same_entity(e.operands[0].name, e.operands[1].name, e.ops[0] == "<>", op)
        fixed, value = _fixed(e.operands[1], scope)
        if fixed and type(value) in _NUMBERS and e.ops[0] in _NUMERIC:  # ``p.start >= 2020``
            numeric = _NUMERIC[e.ops[0]]
            return lambda row: numeric(x, value) if type(x := a(row)) in _NUMBERS else op(x, value)
        if fixed:  # no call for the constant
            return lambda row: op(a(row), value)
        return lambda row: op(a(row), b(row))

    def chain(row: dict[str, Any]) -> Any:
        values = [f(row) for f in fs]
        return all_true(op(values[i], values[i + 1]) for i, op in enumerate(ops))

    return chain


def _same_entity(left: str, right: str, negate: bool, op: Callable[[Any, Any], Any]) -> Fn:
    """``a = b`` / ``a <> b`` on two variables: two nodes or two relationships compare by key
    straight away (the common ``WHERE x <> o``); anything else goes through ``op``."""
    def test(row: dict[str, Any]) -> Any:
        x, y = row[left], row[right]
        t = type(x)
        if (t is Node or t is Rel) and type(y) is t:
            return (x.key == y.key) is not negate
        return op(x, y)

    return test


def logical(op: str) -> Callable[[Any, Any], Any]:
    """Cypher's AND / OR / XOR of two values (both always evaluated): three-valued, booleans only."""
    what = op.upper()
    if op == "and":
        def f(a: Any, b: Any) -> Any:
            a, b = truth(a, what), truth(b, what)
            if a is False or b is False:
                return False
            return None if a is None or b is None else True
    elif op == "or":
        def f(a: Any, b: Any) -> Any:
            a, b = truth(a, what), truth(b, what)
            if a is True or b is True:
                return True
            return None if a is None or b is None else False
    else:
        def f(a: Any, b: Any) -> Any:
            a, b = truth(a, what), truth(b, what)
            return None if a is None or b is None else a != b
    return f


def _boolop(e: ast.BoolOp, scope: Scope, boolean: bool) -> Fn:
    left, right = compile_expr(e.left, scope, True), compile_expr(e.right, scope, True)
    f = logical(e.op)
    return lambda row: f(left(row), right(row))


def negation(v: Any) -> Any:
    """Cypher's NOT of a value."""
    v = truth(v, "NOT")
    return None if v is None else not v


def _not(e: ast.Not, scope: Scope, boolean: bool) -> Fn:
    sub = compile_expr(e.operand, scope, True)
    return lambda row: negation(sub(row))


def minus(v: Any) -> Any:
    """Cypher's unary minus of a value."""
    if v is None:
        return None
    if type(v) is int:
        return check_int(-v, "unary minus")
    if type(v) is float:
        return -v
    raise CypherTypeError(f"cannot negate a {type_name(v)}", detail="InvalidArgumentType")


def _neg(e: ast.Neg, scope: Scope, boolean: bool) -> Fn:
    sub = compile_expr(e.operand, scope)
    return lambda row: minus(sub(row))


def _is_null(e: ast.IsNull, scope: Scope, boolean: bool) -> Fn:
    sub = compile_expr(e.operand, scope)
    if e.negated:
        return lambda row: sub(row) is not None
    return lambda row: sub(row) is None


def _case(e: ast.Case, scope: Scope, boolean: bool) -> Fn:
    whens = [(compile_expr(c, scope), compile_expr(t, scope)) for c, t in e.whens]
    default = compile_expr(e.default, scope) if e.default else (lambda row: None)
    if e.subject is None:
        def generic(row: dict[str, Any]) -> Any:
            for cond, then in whens:
                if cond(row) is True:
                    return then(row)
            return default(row)
        return generic
    subject = compile_expr(e.subject, scope)

    def simple(row: dict[str, Any]) -> Any:
        v = subject(row)
        for cond, then in whens:
            if equals(v, cond(row)) is True:
                return then(row)
        return default(row)

    return simple


def _func(e: ast.FuncCall, scope: Scope, boolean: bool) -> Fn:
    if e.name in AGGREGATES:
        raise CypherSemanticError(f"aggregation {e.name}() is not allowed here",
                                  detail="InvalidAggregation")
    if e.name == "exists":
        arg = e.args[0] if len(e.args) == 1 else None
        if isinstance(arg, ast.PatternExpr):
            return compile_expr(arg, scope, True)
        if not isinstance(arg, (ast.Prop, ast.Index)):
            raise CypherSemanticError("exists() takes a property or a pattern", detail="InvalidArgumentType")
        sub = compile_expr(arg, scope)
        return lambda row: sub(row) is not None
    entry = FUNCTIONS.get(e.name)
    known_namespace = e.name.split(".")[0] in ("date", "time", "localtime", "datetime", "localdatetime",
                                               "duration") and "." in e.name
    if entry is None and (e.name in UNSUPPORTED_FUNCTIONS or known_namespace):
        raise CypherUnsupportedError(f"function {e.name}() is not supported by the embedded engine",
                                     detail="UnknownFunction")
    if entry is None:
        hint = did_you_mean(closest(e.name, KNOWN_FUNCTIONS), suffix="()")
        raise CypherSemanticError(f"unknown function {e.name}(){hint}", detail="UnknownFunction")
    _check_arg_kinds(e, scope)
    fn, low, high = entry
    if not low <= len(e.args) <= high:
        raise CypherSemanticError(f"{e.name}() takes {low}..{high} arguments, got {len(e.args)}",
                                  detail="InvalidNumberOfArguments")
    args = [compile_expr(a, scope) for a in e.args]
    ctx = scope.ctx
    if len(args) == 1:
        a0 = args[0]
        return _bounded(lambda row: fn(ctx, a0(row)), f"{e.name}()", scope)
    return _bounded(lambda row: fn(ctx, *[a(row) for a in args]), f"{e.name}()", scope)


#: Real Cypher functions this engine does not implement: spatial and vector values, LOAD CSV's and
#: composite databases' helpers, and filter() / extract() (gone from Cypher: use a list comprehension).
UNSUPPORTED_FUNCTIONS = frozenset({
    "point", "distance", "point.distance", "point.withinbbox", "vector.similarity.cosine",
    "vector.similarity.euclidean", "file", "linenumber", "graph.names", "graph.byname",
    "graph.propertiesbyname", "graph.byelementid", "db.namefromelementid", "filter", "extract",
})

#: What an unknown function name is compared with: every function a query may call.
KNOWN_FUNCTIONS = frozenset(NAMES.values()) | {
    "count", "sum", "avg", "min", "max", "collect", "percentileDisc", "percentileCont", "stDev", "stDevP",
    "exists", "reduce"}

#: What graph value a function needs, for compile-time checks of variables of known kind.
_ARG_KINDS = {"type": "relationship", "startnode": "relationship", "endnode": "relationship",
              "labels": "node", "length": "path", "nodes": "path", "relationships": "path"}


def _check_arg_kinds(e: ast.FuncCall, scope: Scope) -> None:
    if not e.args:
        return
    arg = e.args[0]
    if isinstance(arg, ast.PatternExpr):
        raise CypherSemanticError(f"{e.name}() cannot take a pattern", detail="InvalidArgumentType")
    non_map_literal = isinstance(arg, ast.ListLit) or (
        isinstance(arg, ast.Literal) and arg.value is not None and not isinstance(arg.value, dict))
    if e.name == "properties" and non_map_literal:
        raise CypherSemanticError("properties() needs a node, relationship or map", detail="InvalidArgumentType")
    if not isinstance(arg, ast.Var):
        return
    kind = scope.ctx.kinds.get(arg.name, "any")
    want = _ARG_KINDS.get(e.name)
    graphy = ("node", "relationship", "path")
    if (want and kind in graphy and kind != want) or (e.name == "size" and kind in graphy):
        raise CypherSemanticError(f"{e.name}() cannot take `{arg.name}`, a {kind}", detail="InvalidArgumentType")


def _count_star(e: ast.CountStar, scope: Scope, boolean: bool) -> Fn:
    raise CypherSemanticError("count(*) is not allowed here", detail="InvalidAggregation")


def iterated(values: Any, what: str) -> list[Any] | None:
    """The list a comprehension, quantifier or ``reduce()`` (``what``) goes over: null stays null."""
    if values is None or type(values) is list:
        return values
    raise CypherTypeError(f"{what} expects a list, got {type_name(values)}", detail="InvalidArgumentType")


def _iterate(source: Fn, var: str, what: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: iterated(source(row), what)


def _list_comp(e: ast.ListComp, scope: Scope, boolean: bool) -> Fn:
    items = _iterate(compile_expr(e.source, scope), e.var, "list comprehension")
    inner = scope.with_names(e.var)
    where = compile_expr(e.where, inner, True) if e.where else None
    proj = compile_expr(e.projection, inner) if e.projection else None
    var = e.var
    tick = scope.ctx.guard.tick

    def f(row: dict[str, Any]) -> Any:
        values = items(row)
        if values is None:
            return None
        out = []
        r = dict(row)
        for x in values:
            tick()
            r[var] = x
            if where is not None and where(r) is not True:
                continue
            out.append(proj(r) if proj else x)
        return out

    return f


def _reduce(e: ast.Reduce, scope: Scope, boolean: bool) -> Fn:
    init = compile_expr(e.init, scope)
    items = _iterate(compile_expr(e.source, scope), e.var, "reduce()")
    step = compile_expr(e.step, scope.with_names(e.acc, e.var))
    acc, var = e.acc, e.var
    tick = scope.ctx.guard.tick

    def f(row: dict[str, Any]) -> Any:
        value = init(row)
        values = items(row)
        if values is None:
            return None
        r = dict(row)
        for x in values:
            tick()
            r[acc], r[var] = value, x
            value = step(r)
        return value

    return f


def _quantifier(e: ast.Quantifier, scope: Scope, boolean: bool) -> Fn:
    items = _iterate(compile_expr(e.source, scope), e.var, e.kind + "()")
    inner = scope.with_names(e.var)
    where = compile_expr(e.where, inner, True) if e.where else (lambda row: row[e.var])
    var, kind = e.var, e.kind
    tick = scope.ctx.guard.tick

    def f(row: dict[str, Any]) -> Any:
        values = items(row)
        if values is None:
            return None
        r = dict(row)
        trues = unknown = 0
        n = 0
        for x in values:
            tick()
            r[var] = x
            v = where(r)
            n += 1
            if v is True:
                trues += 1
            elif v is None:
                unknown += 1
        falses = n - trues - unknown
        if kind == "any":
            return True if trues else (None if unknown else False)
        if kind == "all":
            return False if falses else (None if unknown else True)
        if kind == "none":
            return False if trues else (None if unknown else True)
        if trues > 1:
            return False
        return None if unknown else trues == 1

    return f


def _pattern(e: ast.PatternExpr, scope: Scope, boolean: bool) -> Fn:
    from nordgraph.graph.cypher.planner import pattern_probe

    if not boolean:
        raise CypherSemanticError("a pattern can only be used as a predicate here", detail="UnexpectedSyntax")
    for name in _pattern_vars(e.path):
        if name not in scope.names:
            raise CypherSemanticError(f"variable `{name}` is not defined (a pattern predicate cannot introduce "
                                      "new variables)", detail="UndefinedVariable")
    probe, _ = pattern_probe((e.path,), scope)
    return lambda row: next(iter(probe(row)), None) is not None


def _pattern_comp(e: ast.PatternComp, scope: Scope, boolean: bool) -> Fn:
    from nordgraph.graph.cypher.planner import pattern_probe

    probe, path_of = pattern_probe((e.path,), scope)
    inner = scope.with_names(*_pattern_vars(e.path))
    where = compile_expr(e.where, inner, True) if e.where else None
    proj = compile_expr(e.projection, inner)
    var = e.path.var

    rows = scope.ctx.guard.rows

    def f(row: dict[str, Any]) -> Any:
        out = []
        for r in rows("pattern comprehension", probe(row)):
            if var:
                r[var] = path_of(r)
            if where is None or where(r) is True:
                out.append(proj(r))
        return out

    return f


def _pattern_vars(path: ast.PathPattern) -> list[str]:
    names = [n.var for n in path.nodes if n.var] + [r.var for r in path.rels if r.var]
    return names + ([path.var] if path.var else [])


def _exists_sub(e: ast.ExistsSub, scope: Scope, boolean: bool) -> Fn:
    """``EXISTS { }`` (a boolean), ``COUNT { }`` (how many rows) and ``COLLECT { }`` (the list of
    the one returned column) over a pattern or a query that sees the outer variables."""
    from nordgraph.graph.cypher.planner import Expand, pattern_probe, run_steps

    if e.query is not None:
        return _query_sub(e.query, e.kind, scope)

    probe, _ = pattern_probe(e.patterns, scope)
    names = [v for p in e.patterns for v in _pattern_vars(p)]
    where = compile_expr(e.where, scope.with_names(*names), True) if e.where else None
    if e.kind == "count":
        steps = probe.steps
        last = steps[-1] if steps else None
        if where is None and isinstance(last, Expand) and last.count is not None:
            # count the last hop's relationships instead of making a row of each
            counter, head = last.count, steps[:-1]
            return lambda row: sum(n for _, n in counter(run_steps(head, [row])))
        return lambda row: sum(1 for r in probe(row) if where is None or where(r) is True)

    def f(row: dict[str, Any]) -> Any:
        for r in probe(row):
            if where is None or where(r) is True:
                return True
        return False

    return f


def _query_sub(query: ast.Query, kind: str, scope: Scope) -> Fn:
    """A subquery of clauses (``EXISTS { MATCH ... }``, ``COUNT { MATCH ... RETURN ... }``,
    ``COLLECT { MATCH ... RETURN x }``), run once per outer row with its variables in scope."""
    from nordgraph.graph.cypher.executor import plan_clauses
    from nordgraph.graph.cypher.planner import run_steps

    what = f"{kind.upper()} {{ ... }}"
    if len(query.parts) != 1:
        raise CypherUnsupportedError(f"UNION inside {what} is not supported")
    if any(isinstance(c, ast.UPDATING_CLAUSES) for c in query.parts[0].clauses):
        raise CypherSemanticError(f"{what} cannot update the graph", detail="InvalidClauseComposition")
    kinds = dict(scope.ctx.kinds)
    steps, columns = plan_clauses(query.parts[0].clauses, scope)
    scope.ctx.kinds.clear()
    scope.ctx.kinds.update(kinds)
    if kind == "count":
        return lambda row: sum(1 for _ in run_steps(steps, [row]))
    if kind == "collect":
        if len(columns) != 1:
            raise CypherSemanticError(f"COLLECT {{ ... }} must RETURN exactly one column, not {len(columns)}",
                                      detail="InvalidClauseComposition")
        (column,) = columns
        return lambda row: [r[column] for r in run_steps(steps, [row])]
    return lambda row: next(iter(run_steps(steps, [row])), None) is not None


def _map_projection(e: ast.MapProjection, scope: Scope, boolean: bool) -> Fn:
    sub = _var(ast.Var(e.var), scope, False)
    parts: list[tuple[str, str, Fn | None]] = []
    for kind, key, value in e.items:
        parts.append((kind, key, compile_expr(value, scope) if value is not None else None))

    def f(row: dict[str, Any]) -> Any:
        v = sub(row)
        if v is None:
            return None
        out: dict[str, Any] = {}
        for kind, key, fn in parts:
            if kind == "prop":
                out[key] = get_property(v, key)
            elif kind == "all":
                source = v.data["props"] if type(v) in (Node, Rel) else v
                out.update({k: prop_value(x) for k, x in source.items()})
            else:
                out[key] = fn(row)
        return out

    return f


_COMPILERS: dict[type, Callable[[Any, Scope, bool], Fn]] = {
    ast.Literal: _lit, ast.Param: _param, ast.Var: _var, ast.Prop: _prop, ast.Index: _index,
    ast.Slice: _slice, ast.HasLabels: _has_labels, ast.ListLit: _list, ast.MapLit: _map,
    ast.BinOp: _binop, ast.Compare: _compare, ast.BoolOp: _boolop, ast.Not: _not, ast.Neg: _neg,
    ast.IsNull: _is_null, ast.Case: _case, ast.FuncCall: _func, ast.CountStar: _count_star,
    ast.ListComp: _list_comp, ast.Quantifier: _quantifier, ast.Reduce: _reduce, ast.PatternExpr: _pattern,
    ast.PatternComp: _pattern_comp, ast.ExistsSub: _exists_sub, ast.MapProjection: _map_projection,
}


