"""Run a parsed query against a KnowledgeGraph: plan each clause into steps, stream the rows."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from nordgraph.graph.cypher import ast
from nordgraph.graph.cypher.context import Context, WriteRules, collector_paused, settle_index, side_effects, snapshot
from nordgraph.graph.cypher.errors import CypherSemanticError, CypherSyntaxError, CypherUnsupportedError
from nordgraph.graph.cypher.expressions import Scope
from nordgraph.graph.cypher.parser import ParsedQuery
from nordgraph.graph.cypher.planner import Row, Step, plan_match, plan_unwind
from nordgraph.graph.cypher.procedures import plan_call
from nordgraph.graph.cypher.projection import fuse_count, fuse_fan, fuse_scan, fuse_scan_count, plan_projection
from nordgraph.graph.cypher.runtime_values import hash_key, to_result
from nordgraph.graph.cypher.tree import contains_aggregate, free_vars
from nordgraph.graph.cypher.writes import plan_create, plan_delete, plan_merge, plan_remove, plan_set
from nordgraph.graph.limits import Limits
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.store import QueryResult


def plan(parsed: ParsedQuery, ctx: Context) -> list[tuple[list[Step], list[str]]]:
    """The steps and result columns of each UNION part."""
    parts = [_plan_single(part, ctx) for part in parsed.query.parts]
    for steps, columns in parts[1:]:
        if columns != parts[0][1]:
            raise CypherSemanticError("all parts of a UNION must return the same columns",
                                      detail="DifferentColumnsInUnion")
    if len(set(parsed.query.union_all)) > 1:
        raise CypherSemanticError("cannot mix UNION and UNION ALL", detail="InvalidClauseComposition")
    return parts


_CLAUSE_PLANNERS: dict[type, Callable[[Any, Scope], tuple[list[Step], frozenset[str]]]] = {
    ast.Match: plan_match, ast.Unwind: plan_unwind, ast.Create: plan_create, ast.Merge: plan_merge,
    ast.SetClause: plan_set, ast.Remove: plan_remove, ast.Delete: plan_delete,
}


def plan_clauses(clauses: tuple[Any, ...], scope: Scope) -> tuple[list[Step], list[str]]:
    """The steps of one single query (no UNION) and its result columns, starting in ``scope``."""
    steps: list[Step] = []
    columns: list[str] = []
    for i, clause in enumerate(clauses):
        if isinstance(clause, ast.Return):
            if i != len(clauses) - 1:
                raise CypherSyntaxError("RETURN can only be the last clause", detail="InvalidClauseComposition")
            new, names, columns = plan_projection(clause.projection, None, scope, is_with=False)
        elif isinstance(clause, ast.With):
            new, names, _ = plan_projection(clause.projection, clause.where, scope, is_with=True)
        elif isinstance(clause, ast.Call):
            new, names, columns = plan_call(clause, scope, standalone=len(clauses) == 1)
        elif isinstance(clause, ast.Match):
            new, names = plan_match(clause, scope, _grouping_var(clauses[i + 1] if i + 1 < len(clauses) else None))
        else:
            new, names = _CLAUSE_PLANNERS[type(clause)](clause, scope)
        fused = fuse_scan_count(steps[-2], steps[-1], new[0]) if len(steps) > 1 and new else None
        if fused is not None:
            steps[-2:], new = [fused], new[1:]
        fused = (fuse_count(steps[-1], new[0]) or fuse_scan(steps[-1], new[0]) or fuse_fan(steps[-1], new[0])) \
            if steps and new else None
        if fused is not None:
            steps[-1], new = fused, new[1:]
        steps.extend(new)
        scope = Scope(scope.ctx, frozenset(names))
    return steps, columns


def _grouping_var(clause: Any) -> str | None:
    """The one variable that the grouping keys of an aggregating WITH / RETURN read, if there is
    exactly one: a MATCH before it starts from that node, so that counting what hangs off it
    needs no row per relationship (``MATCH (p)<-[:PARTNER_IN]-(o) WITH p, count(o)``)."""
    if not isinstance(clause, (ast.With, ast.Return)):
        return None
    items = clause.projection.items
    if not any(contains_aggregate(i.expr) for i in items):
        return None
    names = set().union(*(free_vars(i.expr) for i in items if not contains_aggregate(i.expr)))
    return next(iter(names)) if len(names) == 1 else None


def _plan_single(part: ast.SingleQuery, ctx: Context) -> tuple[list[Step], list[str]]:
    ctx.kinds.clear()
    tail = part.clauses[-1]
    if not isinstance(tail, (ast.Return, *ast.UPDATING_CLAUSES)) and not (
            isinstance(tail, ast.Call) and len(part.clauses) == 1):
        raise CypherSyntaxError(f"a query cannot end with {type(tail).__name__.upper()}",
                                detail="InvalidClauseComposition")
    return plan_clauses(part.clauses, Scope(ctx, frozenset()))


def explain(parsed: ParsedQuery, kg: KnowledgeGraph, params: Mapping[str, Any] | None = None) -> list[str]:
    """The plan's named steps, one line each (UNION parts one after the other); runs nothing."""
    parts = plan(parsed, Context(kg, dict(params or {}), read_only=not parsed.updating))
    return [repr(step) for steps, _ in parts for step in steps]


#: Steps that never pass on more rows than they are given (an aggregation: no more groups than
#: rows), or count what they make themselves (a projection or aggregation over an UNWIND or an
#: expansion): the rows were counted and the clock looked at, so they are not guarded again (a
#: generator less per row).
_AT_MOST_THEIR_INPUT = frozenset({"CheckNode", "Filter", "Project", "Distinct", "Sort", "Skip", "Limit", "Aggregate"})


def _run(steps: list[Step], ctx: Context) -> Iterable[Row]:
    rows: Iterable[Row] = [{}]
    for step in steps:
        rows = step.run(rows) if step.name in _AT_MOST_THEIR_INPUT else ctx.guard.rows(step.name, step.run(rows))
    return rows


def execute(parsed: ParsedQuery, kg: KnowledgeGraph, params: Mapping[str, Any] | None = None,
            limits: Limits | None = None, rules: WriteRules | None = None) -> QueryResult:
    """Run ``parsed`` on ``kg`` and return its columns, rows and write statistics.

    Parameters
    ----------
    parsed : ParsedQuery
        From :func:`graph.cypher.parse`.
    kg : KnowledgeGraph
        Read, and changed in place by updating clauses (``kg.touch()`` follows any write).
    params : mapping, optional
        Values for ``$name`` parameters.
    limits : Limits, optional
        The run's time and size bounds (default: :class:`graph.cypher.guards.Limits`' defaults).
    rules : WriteRules, optional
        What the store requires of writes besides Cypher's rules (the embedded store's reserved fields).

    Returns
    -------
    QueryResult
        Rows of plain values and :mod:`graph.values` nodes, relationships and paths; ``stats``
        holds the non-zero TCK side-effect counters (``"+nodes"``, ``"-properties"`` ...).

    Raises
    ------
    CypherError
        A subclass naming the problem, with the TCK's ``tck_type``, ``phase`` and ``detail``;
        :class:`CypherLimitError` when the run goes past one of ``limits``.

    Examples
    --------
    >>> from graph.cypher import parse
    >>> kg = KnowledgeGraph()
    >>> execute(parse("CREATE (:Country {name: $n})"), kg, {"n": "Norway"}).stats
    {'+nodes': 1, '+labels': 1, '+properties': 1}
    >>> execute(parse("MATCH (c:Country) RETURN c.name"), kg).rows
    [('Norway',)]
    """
    try:
        with collector_paused():
            # What earlier queries filled into the indexes is set aside before this one runs,
            # not after them: an answer does not wait for it (country-matrix's first run on
            # eunets: 0.05 s of its 0.9 s), and a one-off query (the CLI) never pays it.
            settle_index(kg)
            return _execute(parsed, kg, Context(kg, dict(params or {}), read_only=not parsed.updating,
                                                    limits=limits, rules=rules))
    except RecursionError:  # compiling or evaluating an expression nested past Python's stack
        raise CypherUnsupportedError("the query nests expressions too deeply for the engine",
                                     detail="UnexpectedSyntax", phase="runtime") from None


def _execute(parsed: ParsedQuery, kg: KnowledgeGraph, ctx: Context) -> QueryResult:
    parts = plan(parsed, ctx)
    before = None
    if parsed.updating:
        before = snapshot(kg.nx)
        ctx.reserve_keys()  # before any DELETE, so no new key repeats a deleted one
    columns = parts[0][1]
    out: list[tuple[Any, ...]] = []
    distinct = parsed.query.union_all and not parsed.query.union_all[0]
    seen: set[Any] = set()
    for steps, cols in parts:
        for row in _run(steps, ctx):
            if not cols:
                continue
            values = tuple(row[c] for c in cols)
            if distinct:
                key = tuple(hash_key(v) for v in values)
                if key in seen:
                    continue
                seen.add(key)
            out.append(tuple(to_result(v) for v in values))
    stats: dict[str, int] = {}
    if before is not None:
        stats = side_effects(before, snapshot(kg.nx))
        kg.touch()
    return QueryResult(list(columns), out, stats)
