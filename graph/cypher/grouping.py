"""Grouping loops generated as one Python function, the keys' and aggregates' arguments inline.

The grouping loop of :func:`graph.cypher.projection._aggregate` calls a compiled function per
grouping key and per aggregate argument for every row (a few hundred nanoseconds each). Here
those expressions are written into the loop itself (:class:`graph.cypher.codegen.Generator`).
An UNWIND or an expansion right before the aggregation (:class:`graph.cypher.planner.Fan`) can
be folded in as an inner loop (``UNWIND list AS x RETURN a, x, count(*)``, ``MATCH (c)<--(o)-->(p)
WITH p, c, count(o)``): its rows are never made, the value it binds is a local of the loop, and
what does not read that value (a grouping key's hashed form too) is evaluated once per input row,
before that row's values (so when two parts of one row both fail, the error reported may be the
other one). A key that is an expansion's node groups by the node's key (:func:`_by_far_node`).

A projection right after such a step runs it as an inner loop the same way (:func:`fanned_rows`).
The values are counted against the row limit, and the clock looked at, per input row (at most
every 256 values): one input row's list is gone through without a look at the clock.

The groups come out as the row-wise loop makes them: ``(key values, first row, [row count],
None, one list of argument values per aggregate)``, in the order each group is first met.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from nordgraph.graph.cypher import ast
from nordgraph.graph.cypher.aggregates import value_argument
from nordgraph.graph.cypher.codegen import Generator, Unsupported, define
from nordgraph.graph.cypher.expressions import Scope
from nordgraph.graph.cypher.planner import Fan
from nordgraph.graph.cypher.runtime_values import Node, hash_key
from nordgraph.graph.cypher.tree import free_vars

Groups = dict[Any, tuple]


def grouping_loop(
    keys: list[ast.Expr], aggs: list[ast.Expr], scope: Scope, fan: Fan | None = None
) -> Callable[[Iterable[dict[str, Any]]], Groups] | None:
    """``rows -> groups`` for grouping ``keys`` and value aggregates ``aggs`` (see
    :func:`graph.cypher.aggregates.value_argument`), or None when some part cannot be generated
    (with ``fan``: a part would have to read its variable through a closure; see :func:`can_fold`)."""
    gen = Generator(scope)
    inner = None
    if fan is not None:
        inner = gen.fresh()
        gen.locals[fan.var] = inner
    try:
        source = _source(gen, keys, aggs, scope, fan, inner)
    except Unsupported:
        return None
    gen.bound.update(hash_key=hash_key)
    return define(source, gen.bound, "grouped")


def _source(
    gen: Generator, keys: list[ast.Expr], aggs: list[ast.Expr], scope: Scope, fan: Fan | None, inner: str | None
) -> str:
    kinds = scope.ctx.kinds
    reads = [_reads(e, fan) for e in keys]
    arguments = [value_argument(a) for a in aggs]
    reads += [arg is not None and _reads(arg, fan) for arg, _ in arguments]
    by_node = _by_far_node(keys, aggs, fan)
    parts: list[tuple[bool, str]] = []  # (reads the unwound value, statement)
    values = []
    for i, (e, late) in enumerate(zip(keys, reads)):
        v = f"v{i}"
        values.append(v)
        if i not in by_node:
            parts.append((late, f"{v} = {gen.expr(e)}"))
    group_keys = []
    for i, (v, e, late) in enumerate(zip(values, keys, reads)):
        if i in by_node:
            group_keys.append("o")
            values[i] = "Node(o, d)"
            continue
        if isinstance(e, ast.Var) and kinds.get(e.name) == "node":
            part = f"({v}.key if {v} is not None else None)"
        else:
            part = f"({v} if (t := type({v})) is str or t is int else hash_key({v}))"
        if fan is not None and not late:  # the same for every value of the row: once per row
            parts.append((False, f"h{i} = {part}"))
            part = f"h{i}"
        group_keys.append(part)
    key = group_keys[0] if len(keys) == 1 else "(" + "".join(k + ", " for k in group_keys) + ")"
    appended = []
    for i, ((arg, nullness), late) in enumerate(zip(arguments, reads[len(keys) :])):
        if arg is None:
            continue
        code = gen.expr(arg)
        if nullness:  # count(x): only whether x is null counts
            code = f"(None if {code} is None else True)"
        parts.append((late, f"a{i} = {code}"))
        appended.append(f"c[{len(appended)}].append(a{i})")
    body = [s for late, s in parts if fan is None or late]
    body += [
        f"k = {key}",
        "g = get(k)",
        "if g is None:",
        f"    g = groups[k] = ([{', '.join(values)}], row, [0], None, [{'[], ' * len(appended)}])",
    ]
    body += ["c = g[4]", *appended] if appended else ["g[2][0] += 1"]
    lines = ["def grouped(rows):", "    groups = {}", "    get = groups.get"]
    if fan is None:
        lines += ["    for row in rows:"] + ["        " + s for s in body]
    else:
        assert inner is not None
        early = [s for late, s in parts if not late]
        lines += _fan_loop(gen, fan, inner, early, body, bind=not by_node)
    return "\n".join([*lines, "    return groups", ""])


def _by_far_node(keys: list[ast.Expr], aggs: list[ast.Expr], fan: Fan | None) -> set[int]:
    """The keys that are an expansion's far node, grouped by its key straight away when nothing
    else reads the node: it is then made once per group, not once per relationship (country-matrix's
    first WITH, 144,726 relationships in 88,746 groups: the loop took 173 ms, now 160 ms)."""
    if fan is None or fan.expr is not None:
        return set()
    var = ast.Var(fan.var)
    direct = {i for i, e in enumerate(keys) if e == var}
    others = [e for e in keys if e != var] + [a for a in (value_argument(x)[0] for x in aggs) if a is not None]
    return set() if any(fan.var in free_vars(e) for e in others) else direct


def _fan_loop(
    gen: Generator, fan: Fan, inner: str, early: list[str], body: list[str], bind: bool = True
) -> list[str]:
    """The lines of a loop over the input rows and, inside it, over the values ``fan`` binds (as
    the local ``inner``; for an expansion, unless not ``bind``, when ``body`` reads the far node's
    key ``o`` and data ``d`` itself), counted against the row limit: ``early`` once per input row
    that has values, ``body`` once per value."""
    if fan.expr is not None:  # UNWIND: null gives no row, a value that is not a list one row
        values = [
            f"        us = {gen.expr(fan.expr)}",
            "        if us is None:",
            "            continue",
            "        if type(us) is not list:",
            "            us = [us]",
        ]
        loop = [f"        for {inner} in us:"]
    else:  # an expansion: its far nodes' keys and data
        values = ["        us = each(row)"]
        loop = ["        for o, d in us:", *([f"            {inner} = Node(o, d)"] * bind)]
    gen.bound.update(guard=gen.scope.ctx.guard, Node=Node, fanned=fan.each)
    return [
        "    made = 0",
        f"    stop = guard.next_check({fan.step!r}, 0)",
        *(["    each = fanned()"] if fan.each is not None else []),
        "    for row in rows:",
        *values,
        "        if not us:",
        "            continue",
        "        made += len(us)",
        "        if made >= stop:",
        f"            stop = guard.next_check({fan.step!r}, made)",
        *("        " + s for s in early),
        *loop,
        *("            " + s for s in body),
    ]


def fanned_rows(
    items: list[tuple[str, ast.Expr]], scope: Scope, fan: Fan
) -> Callable[[Iterable[dict[str, Any]]], Iterator[dict[str, Any]]] | None:
    """A projection (``alias: expression`` in order) with the UNWIND or expansion before it as
    its inner loop: a row per value, made in one dict display, no row of the step's between;
    None when an item cannot be generated (see :func:`can_fold`)."""
    gen = Generator(scope)
    inner = gen.fresh()
    gen.locals[fan.var] = inner
    try:
        values = ", ".join(f"{alias!r}: {gen.expr(e)}" for alias, e in items)
        lines = ["def projected(rows):", *_fan_loop(gen, fan, inner, [], [f"yield {{{values}}}"]), ""]
    except Unsupported:
        return None
    return define("\n".join(lines), gen.bound, "projected")


def can_fold(fan: Fan, exprs: list[ast.Expr]) -> bool:
    """Whether a step reading ``exprs`` can take ``fan`` as its inner loop: they read nothing it
    binds but its variable (its relationship is never made)."""
    return not any(free_vars(e) & fan.others for e in exprs)


def _reads(e: ast.Expr, fan: Fan | None) -> bool:
    return fan is not None and fan.var in free_vars(e)


def group_rows(
    key_names: list[str], direct: list[tuple[str, int]], finishes: list[Callable[[Any], Any]], star: list[bool]
) -> Callable[[Groups], Iterable[dict[str, Any]]]:
    """``groups -> rows`` when each result column is one aggregate as it is (``direct``: the
    column and the aggregate's index): one dict display per group, no list of results between.
    ``finishes[i]`` makes aggregate ``i``'s result from its list of values, or from the row count
    where ``star[i]`` (``count(*)``)."""
    columns, n = {}, 0
    for i, counts_rows in enumerate(star):
        if not counts_rows:
            columns[i], n = n, n + 1
    rows = "(len(c[0]) if c else g[2][0])"
    items = [f"{name!r}: v[{i}]" for i, name in enumerate(key_names)]
    items += [f"{alias!r}: f{i}({rows if star[i] else f'c[{columns[i]}]'})" for alias, i in direct]
    source = "\n".join(
        [
            "def group_rows(groups):",
            "    for g in groups.values():",
            "        v, c = g[0], g[4]",
            f"        yield {{{', '.join(items)}}}",
            "",
        ]
    )
    return define(source, {f"f{i}": f for i, f in enumerate(finishes)}, "group_rows")
