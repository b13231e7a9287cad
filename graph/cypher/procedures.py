"""Built-in procedures for ``CALL``, by name: what a graph contains (labels, types, keys).

A procedure declares its output fields and yields one dict per record; an unknown name is a
ProcedureError that lists the procedures that exist.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from nordgraph.graph.cypher import ast
from nordgraph.graph.cypher.errors import CypherProcedureNotFound, CypherSemanticError
from nordgraph.graph.cypher.expressions import Scope
from nordgraph.graph.cypher.planner import Row, Rows, Step
from nordgraph.graph.store import Schema


@dataclass(frozen=True)
class Procedure:
    name: str
    fields: tuple[str, ...]
    records: Callable[[Any], list[dict[str, Any]]]  # the run's context -> records


def _labels(ctx: Any) -> list[dict[str, Any]]:
    return [{"label": n} for n in sorted(Schema.of_graph(ctx.graph).labels)]


def _types(ctx: Any) -> list[dict[str, Any]]:
    return [{"relationshipType": n} for n in sorted(Schema.of_graph(ctx.graph).types)]


def _keys(ctx: Any) -> list[dict[str, Any]]:
    return [{"propertyKey": k} for k in sorted(Schema.of_graph(ctx.graph).keys)]


#: Procedures by lower-case name.
PROCEDURES: dict[str, Procedure] = {
    p.name.lower(): p for p in (
        Procedure("db.labels", ("label",), _labels),
        Procedure("db.relationshipTypes", ("relationshipType",), _types),
        Procedure("db.propertyKeys", ("propertyKey",), _keys),
    )
}


def plan_call(clause: ast.Call, scope: Scope, standalone: bool) -> tuple[list[Step], frozenset[str], list[str]]:
    """Steps for ``CALL``: each input row is repeated once per record, with the yielded fields."""
    proc = PROCEDURES.get(clause.name.lower())
    if proc is None:
        known = ", ".join(sorted(p.name for p in PROCEDURES.values()))
        raise CypherProcedureNotFound(f"procedure {clause.name} is not supported by the embedded engine; "
                                      f"known: {known}", detail="ProcedureNotFound")
    if clause.args:
        raise CypherSemanticError(f"{clause.name}() takes no arguments", detail="InvalidNumberOfArguments")
    if clause.yields is None and not standalone:
        raise CypherSemanticError("CALL inside a query needs YIELD", detail="UnexpectedSyntax")
    yields = clause.yields or tuple((f, f) for f in proc.fields)
    for field, alias in yields:
        if field not in proc.fields:
            raise CypherSemanticError(f"{clause.name} has no field {field!r}", detail="UndefinedVariable")
        if alias in scope.names:
            raise CypherSemanticError(f"variable `{alias}` is already bound", detail="VariableAlreadyBound")
    ctx = scope.ctx

    def run(rows: Rows) -> Iterator[Row]:
        records = None
        for row in rows:
            if records is None:
                records = proc.records(ctx)
            for record in records:
                out = row.copy()
                for field, alias in yields:
                    out[alias] = record[field]
                yield out

    aliases = [alias for _, alias in yields]
    for alias in aliases:
        ctx.kinds[alias] = "any"
    return [Step("Call", clause.name, run)], scope.names | frozenset(aliases), aliases
