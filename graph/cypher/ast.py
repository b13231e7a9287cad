"""Frozen syntax-tree nodes of a parsed Cypher query.

The parser builds these and nothing else reads the text again; the planner turns them into
steps. Every node is immutable and hashable, so a parsed query can be cached and shared.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class Expr:
    """Base class of expression nodes."""


@dataclass(frozen=True)
class Literal(Expr):
    value: Any


@dataclass(frozen=True)
class Param(Expr):
    name: str


@dataclass(frozen=True)
class Var(Expr):
    name: str


@dataclass(frozen=True)
class Prop(Expr):
    subject: Expr
    key: str


@dataclass(frozen=True)
class Index(Expr):
    subject: Expr
    index: Expr


@dataclass(frozen=True)
class Slice(Expr):
    subject: Expr
    start: Expr | None
    stop: Expr | None


@dataclass(frozen=True)
class HasLabels(Expr):
    subject: Expr
    labels: tuple[str, ...]


@dataclass(frozen=True)
class ListLit(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class MapLit(Expr):
    items: tuple[tuple[str, Expr], ...]


@dataclass(frozen=True)
class BinOp(Expr):
    """Arithmetic and string/list predicates: + - * / % ^ starts ends contains in =~."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Compare(Expr):
    """A comparison chain ``a < b <= c`` (ops between consecutive operands)."""

    ops: tuple[str, ...]
    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class BoolOp(Expr):
    op: str  # and | or | xor
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Not(Expr):
    operand: Expr


@dataclass(frozen=True)
class Neg(Expr):
    operand: Expr


@dataclass(frozen=True)
class IsNull(Expr):
    operand: Expr
    negated: bool


@dataclass(frozen=True)
class Case(Expr):
    subject: Expr | None
    whens: tuple[tuple[Expr, Expr], ...]
    default: Expr | None


@dataclass(frozen=True)
class FuncCall(Expr):
    name: str  # lower-case
    args: tuple[Expr, ...]
    distinct: bool = False


@dataclass(frozen=True)
class CountStar(Expr):
    pass


@dataclass(frozen=True)
class ListComp(Expr):
    var: str
    source: Expr
    where: Expr | None
    projection: Expr | None


@dataclass(frozen=True)
class Quantifier(Expr):
    kind: str  # all | any | none | single
    var: str
    source: Expr
    where: Expr | None


@dataclass(frozen=True)
class Reduce(Expr):
    """``reduce(acc = init, var IN source | step)``: ``step`` sees ``acc`` and ``var``, once per element."""

    acc: str
    init: Expr
    var: str
    source: Expr
    step: Expr


@dataclass(frozen=True)
class PatternExpr(Expr):
    """A pattern used as a predicate (true if it matches) or as a list of paths."""

    path: "PathPattern"


@dataclass(frozen=True)
class PatternComp(Expr):
    path: "PathPattern"
    where: Expr | None
    projection: Expr


@dataclass(frozen=True)
class ExistsSub(Expr):
    """``EXISTS { pattern WHERE ... }`` or ``EXISTS { MATCH ... [RETURN ...] }`` (then ``query``);
    ``COUNT { ... }`` and ``COLLECT { ... RETURN x }`` alike, told apart by ``kind``."""

    patterns: tuple["PathPattern", ...]
    where: Expr | None
    query: "Query | None" = None
    kind: str = "exists"  # "exists", "count" or "collect"


@dataclass(frozen=True)
class MapProjection(Expr):
    var: str
    items: tuple[tuple[str, str, Expr | None], ...]  # (kind: prop|all|literal|var, key, expr)


# ---- patterns ----------------------------------------------------------------------------
@dataclass(frozen=True)
class NodePattern:
    var: str | None
    labels: tuple[str, ...]
    props: Expr | None  # MapLit or Param


@dataclass(frozen=True)
class RelPattern:
    var: str | None
    types: tuple[str, ...]
    direction: str  # out | in | both
    props: Expr | None
    length: tuple[int, int | None] | None  # None: exactly one hop


@dataclass(frozen=True)
class PathPattern:
    var: str | None
    nodes: tuple[NodePattern, ...]
    rels: tuple[RelPattern, ...]
    shortest: str | None = None  # None | "shortest" | "all"


# ---- clauses -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ReturnItem:
    expr: Expr
    alias: str  # the alias, or the expression's text as written
    explicit: bool  # True when the user wrote AS


@dataclass(frozen=True)
class SortItem:
    expr: Expr
    descending: bool


@dataclass(frozen=True)
class Projection:
    distinct: bool
    star: bool
    items: tuple[ReturnItem, ...]
    order: tuple[SortItem, ...]
    skip: Expr | None
    limit: Expr | None


@dataclass(frozen=True)
class Match:
    optional: bool
    patterns: tuple[PathPattern, ...]
    where: Expr | None


@dataclass(frozen=True)
class Unwind:
    expr: Expr
    var: str


@dataclass(frozen=True)
class With:
    projection: Projection
    where: Expr | None


@dataclass(frozen=True)
class Return:
    projection: Projection


@dataclass(frozen=True)
class Create:
    patterns: tuple[PathPattern, ...]


@dataclass(frozen=True)
class SetItem:
    kind: str  # prop | all | merge | labels
    target: Expr  # Prop subject for "prop", else Var
    key: str | None
    value: Expr | None
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class SetClause:
    items: tuple[SetItem, ...]


@dataclass(frozen=True)
class Merge:
    pattern: PathPattern
    on_create: tuple[SetItem, ...]
    on_match: tuple[SetItem, ...]


@dataclass(frozen=True)
class RemoveItem:
    kind: str  # prop | labels
    target: Expr
    key: str | None
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Remove:
    items: tuple[RemoveItem, ...]


@dataclass(frozen=True)
class Delete:
    exprs: tuple[Expr, ...]
    detach: bool


@dataclass(frozen=True)
class Call:
    """``CALL proc(args) [YIELD field [AS alias], ...]``; ``yields`` None means all fields."""

    name: str
    args: tuple[Expr, ...] | None  # None: written without parentheses
    yields: tuple[tuple[str, str], ...] | None


@dataclass(frozen=True)
class SingleQuery:
    clauses: tuple[Any, ...]


@dataclass(frozen=True)
class Query:
    parts: tuple[SingleQuery, ...]
    union_all: tuple[bool, ...]  # one per UNION between parts


UPDATING_CLAUSES = (Create, Merge, SetClause, Remove, Delete)
