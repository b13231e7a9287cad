"""Walking and rewriting expression trees (free variables, aggregates, substitution)."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from nordgraph.graph.cypher import ast
from nordgraph.graph.cypher.functions import AGGREGATES


def children(e: Any) -> list[Any]:
    """Sub-expressions of ``e`` (patterns excluded)."""
    out = []
    for name in getattr(e, "__dataclass_fields__", {}):
        v = getattr(e, name)
        if isinstance(v, ast.Expr):
            out.append(v)
        elif isinstance(v, tuple):
            for x in v:
                if isinstance(x, ast.Expr):
                    out.append(x)
                elif isinstance(x, tuple):
                    out.extend(y for y in x if isinstance(y, ast.Expr))
    return out


def free_vars(e: Any) -> set[str]:
    """Variables an expression reads (over-approximated inside comprehensions)."""
    if isinstance(e, ast.Var):
        return {e.name}
    out: set[str] = set()
    if isinstance(e, ast.MapProjection):
        out.add(e.var)
    if isinstance(e, (ast.PatternExpr, ast.PatternComp)):
        out.update(n.var for n in e.path.nodes if n.var)
        out.update(r.var for r in e.path.rels if r.var)
    for c in children(e):
        out |= free_vars(c)
    return out


def contains_aggregate(e: Any) -> bool:
    if isinstance(e, ast.CountStar) or (isinstance(e, ast.FuncCall) and e.name in AGGREGATES):
        return True
    return any(contains_aggregate(c) for c in children(e))


def replace(e: Any, fn: Callable[[Any], Any]) -> Any:
    """Rebuild ``e`` bottom-up-first: ``fn`` may return a replacement for any node (or None)."""
    hit = fn(e)
    if hit is not None:
        return hit
    if not isinstance(e, ast.Expr) or isinstance(e, (ast.Literal, ast.Var, ast.Param)):
        return e
    changes = {}
    for name in e.__dataclass_fields__:
        v = getattr(e, name)
        if isinstance(v, ast.Expr):
            changes[name] = replace(v, fn)
        elif isinstance(v, tuple):
            changes[name] = tuple(
                replace(x, fn) if isinstance(x, ast.Expr)
                else tuple(replace(y, fn) if isinstance(y, ast.Expr) else y for y in x)
                if isinstance(x, tuple) else x
                for x in v
            )
    return dataclasses.replace(e, **changes)
