"""WITH and RETURN as steps: project or aggregate (one pass), DISTINCT, ORDER BY, SKIP, LIMIT.

ORDER BY and WITH ... WHERE may name a projected expression by its text or reach back to
variables of the rows before the projection, as Neo4j allows; under LIMIT a sort keeps only
the rows it needs (a heap), and without ORDER BY the pipeline stops as soon as it has them.
"""
from __future__ import annotations

import functools
import heapq
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from nordgraph.graph.cypher import ast
from nordgraph.graph.cypher.aggregates import make_aggregator, value_aggregate
from nordgraph.graph.cypher.codegen import as_planned, barrier, generated_key, generated_row, streamed
from nordgraph.graph.cypher.columns import Column, column_reads, group_columns
from nordgraph.graph.cypher.errors import CypherSemanticError, CypherSyntaxError
from nordgraph.graph.cypher.expressions import Fn, Scope, compile_expr
from nordgraph.graph.cypher.functions import AGGREGATES
from nordgraph.graph.cypher.grouping import can_fold, fanned_rows, group_rows, grouping_loop
from nordgraph.graph.cypher.planner import (
    Expand,
    Fan,
    Row,
    Rows,
    Scan,
    Step,
    filter_step,
    pushable,
    user_names,
)
from nordgraph.graph.cypher.runtime_values import INT_MAX, Node, hash_key, order_key, type_name
from nordgraph.graph.cypher.tree import children, contains_aggregate, free_vars, replace


def _items(proj: ast.Projection, scope: Scope, is_with: bool) -> list[ast.ReturnItem]:
    items = list(proj.items)
    if proj.star:
        star = [ast.ReturnItem(ast.Var(n), n, True) for n in user_names(scope.names)]
        if not star and not items and not is_with:
            raise CypherSemanticError("RETURN * with no variables in scope", detail="NoVariablesInScope")
        items = star + items
    seen = set()
    for item in items:
        if is_with and not item.explicit and not isinstance(item.expr, ast.Var):
            raise CypherSemanticError(f"expression in WITH must be aliased: {item.alias}",
                                      detail="NoExpressionAlias")
        if item.alias in seen:
            raise CypherSemanticError(f"column name {item.alias!r} is used twice", detail="ColumnNameConflict")
        seen.add(item.alias)
    return items


def _count_arg(expr: ast.Expr | None, scope: Scope, what: str) -> int | None:
    if expr is None:
        return None
    if free_vars(expr) - set():
        raise CypherSemanticError(f"{what} must be a constant expression", detail="NonConstantExpression")
    value = compile_expr(expr, Scope(scope.ctx, frozenset()))({})
    if type(value) is not int:
        raise CypherSyntaxError(f"{what} expects an integer, got {type_name(value)}", detail="InvalidArgumentType")
    if value < 0:
        raise CypherSyntaxError(f"{what} must not be negative, got {value}", detail="NegativeIntegerArgument")
    if value > INT_MAX:  # a parameter is not checked as a literal is
        raise CypherSyntaxError(f"{what} must be at most {INT_MAX}, got {value}", detail="IntegerOverflow")
    return value


def plan_projection(proj: ast.Projection, where: ast.Expr | None, scope: Scope, is_with: bool,
                    ) -> tuple[list[Step], frozenset[str], list[str]]:
    """Steps for WITH/RETURN: project or aggregate, DISTINCT, ORDER BY, SKIP, LIMIT (, WHERE)."""
    items = _items(proj, scope, is_with)
    columns = [i.alias for i in items]
    kinds = scope.ctx.kinds
    new_kinds = {i.alias: expr_kind(i.expr, kinds) for i in items}
    out_names = frozenset(columns)
    skip = _count_arg(proj.skip, scope, "SKIP")
    limit = _count_arg(proj.limit, scope, "LIMIT")
    aggregating = any(contains_aggregate(i.expr) for i in items)
    # ORDER BY may name a projected expression by its text; point it at the column
    by_expr = {i.expr: ast.Var(i.alias) for i in items}
    def projected(e: ast.Expr) -> ast.Expr:
        return replace(e, lambda x: by_expr.get(x) if not isinstance(x, ast.Var) else None)

    if aggregating:
        keys = {i.expr for i in items if not contains_aggregate(i.expr)} | {ast.Var(i.alias) for i in items}
        for s in proj.order:
            if contains_aggregate(s.expr):
                _check_grouping(replace(s.expr, _placeholder_for_aggregate), keys)
    order = [(projected(s.expr), s.descending) for s in proj.order]
    if where is not None:
        where = projected(where)
    steps: list[Step] = []
    if aggregating:
        steps.append(_aggregate(items, scope))
        sort_scope = Scope(scope.ctx, out_names)
        for e, _ in order:
            if contains_aggregate(e):
                raise CypherSemanticError("ORDER BY may not aggregate what RETURN does not",
                                          detail="InvalidAggregation")
            missing = free_vars(e) - out_names
            if missing:
                raise CypherSemanticError(f"variable `{sorted(missing)[0]}` is not defined after aggregation",
                                          detail="UndefinedVariable")
        keep_old = False
    elif limit is not None and order and where is None and not proj.distinct \
            and (early := _order_before_projection(order, items)) is not None:
        # top-k: sort and cut the rows as they come, then project only the ones kept
        steps.append(_sort(early, scope, skip, limit))
        if skip:
            steps.append(Step("Skip", str(skip), lambda rows, n=skip: itertools.islice(rows, n, None)))
        steps.append(Step("Limit", str(limit), lambda rows, n=limit: itertools.islice(rows, n)))
        steps.append(_project(items, scope, False))
        kinds.clear()
        kinds.update(new_kinds)
        return steps, out_names, columns
    elif where is not None and not order and skip is None and limit is None and not proj.distinct \
            and all(isinstance(i.expr, ast.Var) and i.expr.name == i.alias for i in items):
        # WITH a, b WHERE ...: the columns are the variables as they are, so the rows are tested
        # as they come and only those kept are cut down to the columns
        steps.append(filter_step(where, scope))
        if out_names != scope.names:
            steps.append(_trim(columns))
        kinds.clear()
        kinds.update(new_kinds)
        return steps, out_names, columns
    else:
        keep_old = (bool(order) or where is not None) and not proj.distinct
        sort_scope = scope.with_names(*out_names) if keep_old else Scope(scope.ctx, out_names)
        steps.append(_project(items, scope, keep_old))
        if proj.distinct:
            for e, _ in order:
                missing = free_vars(e) - out_names
                if missing:
                    raise CypherSemanticError(
                        f"ORDER BY after DISTINCT may only use returned columns, not `{sorted(missing)[0]}`",
                        detail="UndefinedVariable")
    if proj.distinct:
        steps.append(_distinct(columns))
    if order:
        steps.append(_sort(order, sort_scope, skip, limit))
    if skip:
        steps.append(Step("Skip", str(skip), lambda rows, n=skip: itertools.islice(rows, n, None)))
    if limit is not None:
        steps.append(Step("Limit", str(limit), lambda rows, n=limit: itertools.islice(rows, n)))
    if where is not None:
        steps.append(filter_step(where, sort_scope if keep_old else Scope(scope.ctx, out_names)))
    if keep_old:
        steps.append(_trim(columns))
    kinds.clear()
    kinds.update(new_kinds)
    return steps, out_names, columns


_SCOPING = (ast.ListComp, ast.Quantifier, ast.Reduce, ast.PatternComp, ast.ExistsSub, ast.MapProjection)


def _order_before_projection(order: list[tuple[ast.Expr, bool]], items: list[ast.ReturnItem],
                             ) -> list[tuple[ast.Expr, bool]] | None:
    """ORDER BY in terms of the rows before the projection (each column name replaced by its
    expression), or None where a name could mean something else inside (a comprehension's own
    variable) or a column's expression is not plain to evaluate twice."""
    by_alias = {i.alias: i.expr for i in items}
    for e, _ in order:
        if any(isinstance(x, _SCOPING) for x in _walk(e)):
            return None
    for i in items:
        if any(isinstance(x, (*_SCOPING, ast.FuncCall)) for x in _walk(i.expr)):
            return None  # rand(), or a function of the graph: computed once per kept row only
    return [(replace(e, lambda x: by_alias.get(x.name) if isinstance(x, ast.Var) else None), d)
            for e, d in order]


_VALUE_EXPRS = (ast.Literal, ast.ListLit, ast.MapLit, ast.BinOp, ast.Compare, ast.BoolOp, ast.Not,
                ast.Neg, ast.IsNull, ast.ListComp, ast.Quantifier, ast.Reduce, ast.CountStar)


def expr_kind(e: ast.Expr, kinds: dict[str, str]) -> str:
    """What a projected expression is at compile time: a graph kind, "value", or "any"."""
    if isinstance(e, ast.Var):
        return kinds.get(e.name, "any")
    if isinstance(e, ast.Literal) and e.value is None:
        return "any"
    if isinstance(e, _VALUE_EXPRS):
        return "value"
    return "any"


def _project(items: list[ast.ReturnItem], scope: Scope, keep_old: bool) -> Step:
    fs = [(i.alias, compile_expr(i.expr, scope)) for i in items]
    if not keep_old and all(isinstance(i.expr, ast.Var) and i.expr.name == i.alias for i in items):
        return _trim([i.alias for i in items])  # the variables as they are: no call per column
    if keep_old:
        def slow(rows: Rows) -> Iterator[Row]:
            for row in rows:
                out = row.copy()
                for alias, f in fs:
                    out[alias] = f(row)
                yield out
    else:
        def slow(rows: Rows) -> Iterator[Row]:
            for row in rows:
                yield {alias: f(row) for alias, f in fs}
    pairs = [(i.alias, i.expr) for i in items]

    def fast() -> Callable[[Rows], Iterator[Row]] | None:
        """Past the first rows: each row made by one generated function."""
        made = generated_row(pairs, scope, keep_old)
        return None if made is None else lambda rows: map(made, rows)

    kinds = dict(scope.ctx.kinds)  # of the rows projected (WITH moves them on before any fusion)
    fast = as_planned(scope, fast, kinds)

    def run(rows: Rows) -> Iterator[Row]:
        return streamed(rows, slow, fast)

    def over_fan(fan: Fan, before: Step) -> Callable[[Rows], Iterator[Row]] | None:
        """The projection with ``before`` (an UNWIND or expansion) as its inner loop, once past the first rows."""
        if keep_old or not can_fold(fan, [e for _, e in pairs]):
            return None
        guard, folded = scope.ctx.guard, as_planned(scope, lambda: fanned_rows(pairs, scope, fan), kinds)
        return lambda rows: streamed(rows, lambda head: run(guard.rows(before.name, before.run(head))), folded)

    return Step("Project", ", ".join(a for a, _ in fs), run, over_fan=over_fan)


def _trim(columns: list[str]) -> Step:
    def run(rows: Rows) -> Iterator[Row]:
        for row in rows:
            yield {c: row[c] for c in columns}

    return Step("Project", ", ".join(columns), run)


def _distinct(columns: list[str]) -> Step:
    single = columns[0] if len(columns) == 1 else None

    def run(rows: Rows) -> Iterator[Row]:
        seen = set()
        for row in rows:
            key = hash_key(row[single]) if single is not None else tuple([hash_key(row[c]) for c in columns])
            if key not in seen:
                seen.add(key)
                yield row

    return Step("Distinct", ", ".join(columns), run)


class _Desc:
    """Reverses the order of a sort key (for mixed ASC/DESC sorts)."""

    __slots__ = ("key",)

    def __init__(self, key: tuple):
        self.key = key

    def __lt__(self, other: "_Desc") -> bool:
        return other.key < self.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and other.key == self.key


def _sort(order: list[tuple[ast.Expr, bool]], scope: Scope, skip: int | None, limit: int | None) -> Step:
    fs = [(compile_expr(e, scope), desc) for e, desc in order]
    all_desc = all(d for _, d in fs)
    any_desc = any(d for _, d in fs)
    if not any_desc or all_desc:
        if len(fs) == 1:
            f0 = fs[0][0]
            key = lambda row: order_key(f0(row))  # noqa: E731
        else:
            key = lambda row: tuple(order_key(f(row)) for f, _ in fs)  # noqa: E731
    else:
        key = lambda row: tuple(_Desc(order_key(f(row))) if d else order_key(f(row)) for f, d in fs)  # noqa: E731
    reverse = all_desc
    top = None if limit is None else (skip or 0) + limit

    first, first_desc = fs[0]

    def run(rows: Rows) -> Iterator[Row]:
        if top is not None and any_desc and not all_desc:
            return iter(_top_mixed(list(rows), top))
        if top is not None:
            pick = heapq.nlargest if reverse else heapq.nsmallest
            return iter(pick(top, rows, key=key))
        if any_desc and not all_desc:
            return iter(_in_passes(rows))
        return iter(barrier(rows, lambda rows: sorted(rows, key=key, reverse=reverse), fast))

    def _in_passes(rows: Rows) -> list[Row]:
        """A whole sort in mixed directions as one stable sort per key, the last key first, each
        its own way round: the same order as one sort by the whole key, without comparing its
        reversed parts in Python (4,846 rows by four keys: 82,000 calls of ``_Desc.__lt__``)."""
        listed = list(rows)
        for f, desc in reversed(fs):
            listed.sort(key=lambda row, f=f: order_key(f(row)), reverse=desc)
        return listed

    @functools.partial(as_planned, scope)
    def fast() -> Callable[[Rows], list[Row]]:
        """Past the first rows, the sort key of a row made by one generated function."""
        made = generated_key(order, scope, order_key, _Desc if any_desc and not all_desc else None) or key
        return lambda rows: sorted(rows, key=made, reverse=reverse)

    def _top_mixed(rows: list[Row], top: int) -> list[Row]:
        """The first ``top`` rows of a sort in mixed directions: only the rows whose first key
        reaches the ``top``-th best first key can be among them, and only those are compared
        by the whole key (whose reversed parts are Python objects, slow to compare)."""
        if not rows or top == 0:
            return []
        firsts = [order_key(first(row)) for row in rows]
        cut = (heapq.nlargest if first_desc else heapq.nsmallest)(top, firsts)[-1]
        kept = [row for row, k in zip(rows, firsts) if (k >= cut if first_desc else k <= cut)]
        return sorted(kept, key=key)[:top]

    return Sort("Sort", ", ".join(("DESC " if d else "") + type(e).__name__ for e, d in order), run,
                order[0][0], first_desc, top, lambda row: order_key(first(row)))


@dataclass
class Sort(Step):
    """ORDER BY; under LIMIT only rows whose first sort key reaches the ``top``-th best can be
    kept, which a scan before it can tell without a row per node (:func:`fuse_scan`)."""

    first: ast.Expr | None = None  # the first sort expression
    descending: bool = False
    top: int | None = None  # SKIP + LIMIT, if limited
    first_key: Callable[[Row], Any] | None = None  # its order key of a row

    def __repr__(self) -> str:
        return Step.__repr__(self)


def _aggregate(items: list[ast.ReturnItem], scope: Scope) -> Step:
    aggs: list[ast.Expr] = []

    def lift(e: ast.Expr) -> ast.Expr | None:
        if isinstance(e, ast.CountStar) or (isinstance(e, ast.FuncCall) and e.name in AGGREGATES):
            for arg in getattr(e, "args", ()):
                if contains_aggregate(arg):
                    raise CypherSemanticError("aggregations cannot be nested", detail="NestedAggregation")
            aggs.append(e)
            return ast.Var(f" agg{len(aggs) - 1}")
        return None

    for i in items:
        _check_aggregate_placement(i.expr)
    keys = [(i.alias, compile_expr(i.expr, scope)) for i in items if not contains_aggregate(i.expr)]
    key_exprs_ordered = [i.expr for i in items if not contains_aggregate(i.expr)]
    key_exprs = set(key_exprs_ordered)
    lifted = [(i.alias, replace(i.expr, lift)) for i in items if contains_aggregate(i.expr)]
    for alias, e in lifted:
        _check_grouping(e, key_exprs)
    factories = [make_aggregator(a, scope) for a in aggs]
    post_scope = scope.with_names(*(f" agg{i}" for i in range(len(aggs))))
    post = [(alias, compile_expr(e, post_scope)) for alias, e in lifted]
    key_fns = [f for _, f in keys]
    key_names = [a for a, _ in keys]
    direct = [(alias, int(e.name[4:])) for alias, e in lifted
              if isinstance(e, ast.Var) and e.name.startswith(" agg")]
    direct = direct if len(direct) == len(lifted) else None
    one = key_fns[0] if len(key_fns) == 1 else None

    def group_of(groups: dict[Any, tuple[list[Any], Row, list[Any]]], row: Row) -> list[Any]:
        """The accumulators of ``row``'s group; the group's values are kept only for a new group."""
        if one is not None:
            v = one(row)
            k = v if (t := type(v)) is str or t is int else hash_key(v)
            g = groups.get(k)
            if g is None:
                g = groups[k] = ([v], row, [make() for make in factories])
            return g[2]
        values = [f(row) for f in key_fns]
        k = tuple([hash_key(v) for v in values])
        g = groups.get(k)
        if g is None:
            g = groups[k] = (values, row, [make() for make in factories])
        return g[2]

    def results(groups: dict[Any, tuple], outcomes: Callable[[tuple], list[Any]]) -> Iterator[Row]:
        """A row per group; ``outcomes(group)`` gives its aggregates' results, in order."""
        for group in groups.values():
            values, first = group[0], group[1]
            out = dict(zip(key_names, values))
            done = outcomes(group)
            if direct is not None:  # each result is one aggregate as it is: no environment to build
                for alias, i in direct:
                    out[alias] = done[i]
            elif post:
                env = dict(first)
                for i, result in enumerate(done):
                    env[f" agg{i}"] = result
                for alias, f in post:
                    out[alias] = f(env)
            yield out

    def accumulated(group: tuple) -> list[Any]:
        return [acc.result() for acc in group[2]]

    valued = [value_aggregate(a, scope) for a in aggs]
    if all(v is not None for v in valued):
        arg_fns = [f for f, _ in valued if f is not None]
        finishes = [fin for _, fin in valued]
        star = [f is None for f, _ in valued]

        def listed(group: tuple) -> list[Any]:
            # the row count: the counter, or the length of a list of values (one per row, nulls too)
            rows = len(group[4][0]) if group[4] else group[2][0]
            columns = iter(group[4])
            return [fin(rows if s else next(columns)) for fin, s in zip(finishes, star)]

        def grouping(key_fns: list[Fn], arg_fns: list[Fn], hashed: Fn | None = None,
                     ) -> Callable[[Rows], Iterator[Row]]:
            """The grouping loop over rows, or over whatever else ``key_fns`` and ``arg_fns`` read;
            ``hashed``: a row's group key straight away (see :func:`_node_keys`)."""
            one = key_fns[0] if len(key_fns) == 1 else None
            two = key_fns if len(key_fns) == 2 else None
            only = arg_fns[0] if len(arg_fns) == 1 else None

            def run(rows: Rows) -> Iterator[Row]:
                """Group the rows, keeping per group its row count and each aggregate's values."""
                groups: dict[Any, tuple] = {}
                get = groups.get
                for row in rows:
                    if hashed is not None:
                        k = hashed(row)
                        if k not in groups:
                            v = one(row) if one is not None else [f(row) for f in key_fns]
                    elif one is not None:
                        v = one(row)
                        k = v if (t := type(v)) is str or t is int else hash_key(v)
                    elif two is not None:  # two keys (country pairs, project and country): no list per row
                        v = (a := two[0](row), b := two[1](row))
                        k = (a if type(a) is str else hash_key(a), b if type(b) is str else hash_key(b))
                    elif key_fns:
                        v = [f(row) for f in key_fns]
                        k = tuple([x if type(x) is str else hash_key(x) for x in v])
                    else:
                        v = k = ()
                    g = get(k)
                    if g is None:
                        columns = [[] for _ in arg_fns]
                        g = groups[k] = ([v] if one is not None else list(v), row, [0],
                                         [(f, c.append) for f, c in zip(arg_fns, columns)], columns)
                    if only is not None:  # one list of values, which also counts the rows
                        g[3][0][1](only(row))
                    elif arg_fns:
                        for f, add in g[3]:
                            add(f(row))
                    else:
                        g[2][0] += 1
                if not groups and not key_fns:
                    groups[()] = ([], {}, [0], [], [[] for _ in arg_fns])
                yield from results(groups, listed)

            return run

        def finished(loop: Callable[[Rows], dict[Any, tuple]]) -> Callable[[Rows], Iterator[Row]]:
            """A row per group of a generated grouping loop (:mod:`graph.cypher.grouping`)."""
            made = group_rows(key_names, direct, finishes, star) if direct is not None else None

            def run(rows: Rows) -> Iterator[Row]:
                groups = loop(rows)
                if not groups and not key_fns:
                    groups[()] = ([], {}, [0], None, [[] for _ in arg_fns])
                yield from results(groups, listed) if made is None else made(groups)

            return run

        row_wise = grouping(key_fns, arg_fns, _node_keys(key_exprs_ordered, scope.ctx.kinds))
        kinds = dict(scope.ctx.kinds)  # of the rows grouped (WITH moves them on before any fusion)

        def generated_loop(fan: Fan | None = None) -> Callable[[], Callable[[Rows], Iterator[Row]] | None]:
            """Made when called: the generated loop (:mod:`graph.cypher.grouping`), folding in ``fan``."""

            def make() -> Callable[[Rows], Iterator[Row]] | None:
                loop = grouping_loop(key_exprs_ordered, aggs, scope, fan)
                return finished(loop) if loop is not None else None

            return as_planned(scope, make, kinds)

        plain = generated_loop()

        def run(rows: Rows) -> Iterator[Row]:
            """Past the first rows, the generated loop."""
            return barrier(rows, row_wise, plain)

        def over_fan(fan: Fan, before: Step) -> Callable[[Rows], Iterator[Row]] | None:
            """The aggregation with ``before`` (an UNWIND or expansion) as its inner loop (no row per
            value), once past the first rows."""
            if (post and direct is None) or not can_fold(fan, [*key_exprs, *aggs]):
                return None  # a result reads a group's first row, which would lack ``fan.var``
            guard, folded = scope.ctx.guard, generated_loop(fan)
            return lambda rows: barrier(rows, lambda head: run(guard.rows(before.name, before.run(head))), folded)

        def over_nodes(var: str) -> Callable[[Iterable[dict]], Iterator[Row]] | None:
            """The grouping loop over the data dicts of nodes bound to ``var``, when the keys and
            aggregates read nothing else (:func:`graph.cypher.expressions.compile_local`)."""
            if (post and direct is None) or any(free_vars(e) - {var} for e in (*key_exprs, *aggs)):
                return None
            local = Scope(scope.ctx, scope.names, var)
            fns = [value_aggregate(a, local) for a in aggs]
            return grouping([compile_expr(i.expr, local) for i in items if not contains_aggregate(i.expr)],
                            [f for f, _ in fns if f is not None])

        def over_columns(var: str) -> Callable[[Callable[[str | None], Column]], Iterator[Row]] | None:
            """The aggregation over the columns of every node of a label bound to ``var``
            (:mod:`graph.cypher.columns`), when each key is ``var.property`` and each aggregate
            reads ``var.property``, counts ``var`` or counts rows."""
            if post and direct is None:
                return None
            props = [column_reads(e, var) for e in key_exprs_ordered]
            args = [None if isinstance(a, ast.CountStar) else a.args[0] for a in aggs]
            arg_props = [column_reads(a, var) for a in args if a is not None]
            counts_var = [a.name == "count" and arg == ast.Var(var) for a, arg in zip(aggs, args) if arg is not None]
            if None in props or any(p is None and not c for p, c in zip(arg_props, counts_var)):
                return None

            def run(column: Callable[[str | None], Column]) -> Iterator[Row]:
                keys = column(None).keys
                arg_columns = [column(p).values if p is not None else keys for p in arg_props]
                groups = {i: (values, {}, [n], None, lists)
                          for i, (values, n, lists) in enumerate(group_columns([column(p) for p in props],
                                                                                arg_columns, len(keys)))}
                return results(groups, listed)

            return run
    else:
        over_nodes = over_columns = over_fan = None

        def run(rows: Rows) -> Iterator[Row]:
            groups: dict[Any, tuple[list[Any], Row, list[Any]]] = {}
            if len(factories) == 1:
                for row in rows:
                    group_of(groups, row)[0].add(row)
            else:
                for row in rows:
                    for acc in group_of(groups, row):
                        acc.add(row)
            if not groups and not key_fns:
                groups[()] = ([], {}, [make() for make in factories])
            yield from results(groups, accumulated)

    def run_counted(pairs: Iterable[tuple[Row, int]]) -> Iterator[Row]:
        """Each aggregate only counts, so every one of them is the group's count: one number per group."""
        groups: dict[Any, list[Any]] = {}
        get = groups.get
        for row, n in pairs:
            if one is not None:
                v = one(row)
                k = v if (t := type(v)) is str or t is int else hash_key(v)
            else:
                v = [f(row) for f in key_fns]
                k = tuple([hash_key(x) for x in v])
            g = get(k)
            if g is None:
                g = groups[k] = [[v] if one is not None else v, row, 0]
            g[2] += n
        if not groups and not key_fns:
            groups[()] = [[], {}, 0]
        yield from results(groups, lambda group: [group[2]] * len(aggs))

    others = set().union(*(free_vars(e) for e in key_exprs), *(free_vars(e) for _, e in lifted))
    counted = _counted_vars(aggs)
    return Aggregate("Aggregate", ", ".join(key_names) + " | " + ", ".join(type(a).__name__ for a in aggs), run,
                     counted, frozenset(others), run_counted, any(isinstance(a, ast.CountStar) for a in aggs),
                     (*key_exprs, *aggs), bool(post) and direct is None, over_nodes, over_columns, over_fan=over_fan)


def _node_keys(keys: list[ast.Expr], kinds: dict[str, str]) -> Fn | None:
    """When every grouping key is a variable that only ever holds a node (or null): a row's
    group key made of the nodes' keys, one call per row (no stand-in made per key and row, as
    :func:`hash_key` makes for a node that might share a column with text)."""
    if not keys or len(keys) > 2 or not all(isinstance(e, ast.Var) and kinds.get(e.name) == "node" for e in keys):
        return None
    first = keys[0].name
    if len(keys) == 1:
        return lambda row: v.key if (v := row[first]) is not None else None
    second = keys[1].name
    return lambda row: (a.key if (a := row[first]) is not None else None,
                        b.key if (b := row[second]) is not None else None)


def _counted_vars(aggs: list[ast.Expr]) -> frozenset[str] | None:
    """The variables that the aggregates only count (``count(*)`` counts rows), or None when
    some aggregate is not a plain ``count(*)`` / ``count(variable)``."""
    names: set[str] = set()
    for a in aggs:
        if isinstance(a, ast.CountStar):
            continue
        if not (isinstance(a, ast.FuncCall) and a.name == "count" and not a.distinct and len(a.args) == 1
                and isinstance(a.args[0], ast.Var)):
            return None
        names.add(a.args[0].name)
    return frozenset(names)


@dataclass
class Aggregate(Step):
    """Grouping and aggregation; when every aggregate only counts, it can take (row, how many
    times) pairs from an :class:`Expand` instead of one row per relationship."""

    counted: frozenset[str] | None = None  # what the aggregates count (None: not only counts)
    uses: frozenset[str] = frozenset()  # variables the grouping keys and results read
    run_counted: Callable[[Iterable[tuple[Row, int]]], Iterator[Row]] | None = None
    stars: bool = False  # some aggregate is count(*), which counts a row of nulls too
    reads: tuple[ast.Expr, ...] = ()  # the grouping keys and the aggregate calls
    keeps_rows: bool = False  # a result reads a group's first row (not only its keys and aggregates)
    #: the same aggregation over nodes' data dicts instead of rows, given the one variable it reads
    over_nodes: Callable[[str], Callable[[Iterable[dict]], Iterator[Row]] | None] | None = None
    #: the same over the property columns of every node of a label, given the variable
    over_columns: Callable[[str], Callable[[Callable[[str | None], Column]], Iterator[Row]] | None] | None = None

    def __repr__(self) -> str:
        return Step.__repr__(self)


def fuse_count(before: Step, after: Step) -> Step | None:
    """One step for an Expand feeding an Aggregate that only counts its rows, or None.

    It applies when the aggregate reads none of the variables the expansion binds except as
    ``count(variable)`` (which a fresh expansion never leaves null, and an OPTIONAL MATCH leaves
    null only where it counts 0), so the expansion need not build a row per relationship: it
    reports how many there are for each input row.
    """
    if not (isinstance(before, Expand) and isinstance(after, Aggregate) and before.count is not None
            and after.run_counted is not None and after.counted is not None):
        return None
    if not after.counted <= before.binds or after.uses & before.binds or (before.optional and after.stars):
        return None
    count, run_counted = before.count, after.run_counted
    return Step("Aggregate", f"{after.detail} counting {before!r}", lambda rows: run_counted(count(rows)))


def fuse_fan(before: Step, after: Step) -> Step | None:
    """One step for an UNWIND or expansion feeding an aggregation or projection that can take it
    as an inner loop (and counts its rows against the limit itself), or None."""
    if before.fan is None or after.over_fan is None:
        return None
    run = after.over_fan(before.fan, before)
    return None if run is None else Step(after.name, f"{after.detail} over {before!r}", run)


def _through_holder(rows: Rows, var: str, each: Callable[[Row], Iterable[tuple[str, dict]]],
                    holder: Node) -> Iterator[Row]:
    """Each row once per node ``each`` finds for it, with ``var`` bound to ``holder`` pointed at
    that node's data: one row and one node stand-in reused, so the consumer must read the node
    before asking for the next row (aggregations and counts do)."""
    for row in rows:
        shared = row.copy()
        shared[var] = holder
        for key, data in each(row):
            holder.key, holder.data = key, data
            yield shared


def fuse_scan_count(source: Step, before: Step, after: Step) -> Step | None:
    """One step for a NodeScan, the Expand from its node and an Aggregate that only counts the
    expansion (:func:`fuse_count`), or None: the expansion counts from each node's data, and a
    row is made only for a node with something to count (``MATCH (o:Organisation)-[:LEADS]->
    (p) WITH o, count(p)``: most organisations lead nothing)."""
    fused = fuse_count(before, after)
    if fused is None or not isinstance(source, Scan) or source.matches is None \
            or not isinstance(before, Expand) or before.optional or before.src != source.var:
        return None
    count, run_counted, var, matches = before.count, after.run_counted, source.var, source.matches
    assert count is not None and run_counted is not None

    def run(rows: Rows) -> Iterator[Row]:
        holder = Node("", {})

        def counted() -> Iterator[tuple[Row, int]]:
            for row, n in count(_through_holder(rows, var, matches(True), holder)):  # the row of the node counted, before the next one
                out = row.copy()
                out[var] = Node(holder.key, holder.data)
                yield out, n

        return run_counted(counted())

    return Step("Aggregate", f"{after.detail} counting {before!r} over {source!r}", run)


def fuse_scan(before: Step, after: Step) -> Step | None:
    """One step for a NodeScan feeding an Aggregate, or a Sort under LIMIT, that reads the
    scanned node only through its properties and labels (``MATCH (p:Project) RETURN p.start,
    sum(p.budget)``), or None.

    The aggregation then reads each node through one row and one node stand-in pointed at the
    node's data in turn, instead of a row and a node made per node; a limited sort first keeps the
    nodes whose first sort key can be among the top rows, and makes rows of those only.
    """
    if not isinstance(before, Scan) or before.matches is None:
        return None
    var, matches = before.var, before.matches
    if isinstance(after, Aggregate) and not after.keeps_rows and all(_reads_properties(e, var) for e in after.reads):
        local = after.over_nodes(var) if after.over_nodes is not None else None
        if local is not None:
            def over_data(rows: Rows) -> Iterator[Row]:
                each = matches(True)
                return local(itertools.chain.from_iterable(map(_DATA, each(row)) for row in rows))

            aggregated = over_data
        else:
            aggregate = after.run

            def aggregated(rows: Rows) -> Iterator[Row]:
                return aggregate(_through_holder(rows, var, matches(True), Node("", {})))

        columns = before.columns
        by_columns = after.over_columns(var) if after.over_columns is not None and columns is not None else None
        if by_columns is None:
            return Step("Aggregate", f"{after.detail} over {before!r}", aggregated)
        row_wise = aggregated

        def columnar(rows: Rows) -> Iterator[Row]:
            """Over the label's columns when the scan runs once (the usual single input row)."""
            given = list(rows)
            return by_columns(columns) if len(given) == 1 else row_wise(given)

        return Step("Aggregate", f"{after.detail} over columns of {before!r}", columnar)
    if isinstance(after, Sort) and after.top is not None and after.first is not None \
            and pushable(after.first, var):
        sort, first_key, top, desc = after.run, after.first_key, after.top, after.descending
        columns, prop = before.columns, column_reads(after.first, var)

        def kept(row: Row, nodes: Iterable[tuple[str, dict]], firsts: list[Any], cut: Any) -> list[Row]:
            """Rows of ``row`` and each node whose first order key can make the cut."""
            out = []
            for (key, data), k in zip(nodes, firsts, strict=True):
                if (k >= cut) if desc else (k <= cut):
                    made = row.copy()
                    made[var] = Node(key, data)
                    out.append(made)
            return out

        def sorted_top(rows: Rows) -> Iterator[Row]:
            given = list(rows)
            if top == 0:
                return iter(())
            pick = heapq.nlargest if desc else heapq.nsmallest
            if prop is not None and columns is not None and len(given) == 1:  # the key's column
                column = columns(prop)
                firsts = list(map(order_key, column.values))
                if not firsts:
                    return iter(())
                nodes = zip(column.keys, map(column.nodes.__getitem__, column.keys))
                return sort(kept(given[0], nodes, firsts, pick(top, firsts)[-1]))
            each, holder = matches(True), Node("", {})
            found: list[tuple[Row, list[tuple[str, dict]], list[Any]]] = []
            for row in given:
                shared = row.copy()
                shared[var] = holder
                nodes, firsts = each(row), []
                for key, data in nodes:
                    holder.key, holder.data = key, data
                    firsts.append(first_key(shared))
                found.append((row, nodes, firsts))
            every = [k for _, _, firsts in found for k in firsts]
            if not every:
                return iter(())
            cut = pick(top, every)[-1]
            return sort([out for row, nodes, firsts in found for out in kept(row, nodes, firsts, cut)])

        return Step("Sort", f"{after.detail} over {before!r}", sorted_top)
    return None


_DATA = operator.itemgetter(1)  # a node's data of a scan's (key, data)


def _reads_properties(e: ast.Expr, var: str) -> bool:
    """Whether an aggregate's key or call reads the node ``var`` only through its properties and
    labels; ``count(var)`` counts a node a scan never leaves null, so it qualifies too."""
    if isinstance(e, ast.CountStar):
        return True
    if isinstance(e, ast.FuncCall) and e.name in AGGREGATES:
        if e.name == "count" and not e.distinct and e.args == (ast.Var(var),):
            return True
        return all(pushable(a, var) for a in e.args)
    return pushable(e, var)


def _check_aggregate_placement(e: ast.Expr) -> None:
    """No aggregation inside a comprehension, and none over a random value."""
    if isinstance(e, (ast.ListComp, ast.Quantifier, ast.PatternComp, ast.Reduce)):
        if any(contains_aggregate(c) for c in children(e) if c is not getattr(e, "source", None)):
            raise CypherSemanticError("aggregation inside a list comprehension, quantifier or reduce()",
                                      detail="InvalidAggregation")
    if isinstance(e, ast.FuncCall) and e.name in AGGREGATES:
        if any(isinstance(x, ast.FuncCall) and x.name == "rand" for a in e.args for x in _walk(a)):
            raise CypherSemanticError(f"{e.name}() over rand() is not deterministic",
                                      detail="NonConstantExpression")
    for c in children(e):
        _check_aggregate_placement(c)


def _walk(e: ast.Expr) -> Iterator[ast.Expr]:
    yield e
    for c in children(e):
        yield from _walk(c)


def _placeholder_for_aggregate(e: ast.Expr) -> ast.Expr | None:
    if isinstance(e, ast.CountStar) or (isinstance(e, ast.FuncCall) and e.name in AGGREGATES):
        return ast.Var(" agg")
    return None


def _check_grouping(e: ast.Expr, keys: set[ast.Expr], local: frozenset[str] = frozenset()) -> None:
    """Outside aggregates, an aggregating item may only use grouping keys (or constants)."""
    if isinstance(e, (ast.Literal, ast.Param)) or (e in keys and isinstance(e, (ast.Var, ast.Prop))):
        return
    if isinstance(e, ast.Var):
        if e.name.startswith(" agg") or e.name in local:
            return
        if not any(isinstance(k, ast.Var) and k.name == e.name for k in keys):
            raise CypherSemanticError(f"`{e.name}` is neither aggregated nor a grouping key",
                                      detail="AmbiguousAggregationExpression")
        return
    if isinstance(e, (ast.ListComp, ast.Quantifier)):
        local = local | {e.var}
    if isinstance(e, ast.Reduce):
        local = local | {e.var, e.acc}
    for c in children(e):
        _check_grouping(c, keys, local)


