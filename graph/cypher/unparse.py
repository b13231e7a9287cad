"""Expression trees back to Cypher text, so runtime errors can quote the expression at fault."""
from __future__ import annotations

import json
from typing import Any

from nordgraph.graph.cypher import ast

_BINARY = {"starts": "STARTS WITH", "ends": "ENDS WITH", "contains": "CONTAINS", "in": "IN"}


def to_cypher(e: Any) -> str:
    """Cypher text for expression ``e`` (fully parenthesised where precedence could mislead)."""
    if isinstance(e, ast.Literal):
        return _literal(e.value)
    if isinstance(e, ast.Param):
        return f"${e.name}"
    if isinstance(e, ast.Var):
        return _name(e.name)
    if isinstance(e, ast.Prop):
        return f"{to_cypher(e.subject)}.{_name(e.key)}"
    if isinstance(e, ast.Index):
        return f"{to_cypher(e.subject)}[{to_cypher(e.index)}]"
    if isinstance(e, ast.Slice):
        start = to_cypher(e.start) if e.start else ""
        stop = to_cypher(e.stop) if e.stop else ""
        return f"{to_cypher(e.subject)}[{start}..{stop}]"
    if isinstance(e, ast.HasLabels):
        return to_cypher(e.subject) + "".join(":" + _name(lab) for lab in e.labels)
    if isinstance(e, ast.ListLit):
        return "[" + ", ".join(to_cypher(x) for x in e.items) + "]"
    if isinstance(e, ast.MapLit):
        return "{" + ", ".join(f"{_name(k)}: {to_cypher(v)}" for k, v in e.items) + "}"
    if isinstance(e, ast.BinOp):
        return f"{_operand(e.left)} {_BINARY.get(e.op, e.op)} {_operand(e.right)}"
    if isinstance(e, ast.Compare):
        parts = [_operand(e.operands[0])]
        for op, x in zip(e.ops, e.operands[1:]):
            parts += [op, _operand(x)]
        return " ".join(parts)
    if isinstance(e, ast.BoolOp):
        return f"{_operand(e.left)} {e.op.upper()} {_operand(e.right)}"
    if isinstance(e, ast.Not):
        return f"NOT {_operand(e.operand)}"
    if isinstance(e, ast.Neg):
        return f"-{_operand(e.operand)}"
    if isinstance(e, ast.IsNull):
        return f"{_operand(e.operand)} IS {'NOT ' if e.negated else ''}NULL"
    if isinstance(e, ast.FuncCall):
        distinct = "DISTINCT " if e.distinct else ""
        return f"{e.name}({distinct}{', '.join(to_cypher(a) for a in e.args)})"
    if isinstance(e, ast.CountStar):
        return "count(*)"
    if isinstance(e, ast.Case):
        head = f"CASE {to_cypher(e.subject)}" if e.subject else "CASE"
        whens = " ".join(f"WHEN {to_cypher(c)} THEN {to_cypher(t)}" for c, t in e.whens)
        default = f" ELSE {to_cypher(e.default)}" if e.default else ""
        return f"{head} {whens}{default} END"
    if isinstance(e, ast.ListComp):
        where = f" WHERE {to_cypher(e.where)}" if e.where else ""
        proj = f" | {to_cypher(e.projection)}" if e.projection else ""
        return f"[{_name(e.var)} IN {to_cypher(e.source)}{where}{proj}]"
    if isinstance(e, ast.Quantifier):
        where = f" WHERE {to_cypher(e.where)}" if e.where else ""
        return f"{e.kind}({_name(e.var)} IN {to_cypher(e.source)}{where})"
    if isinstance(e, ast.Reduce):
        return (f"reduce({_name(e.acc)} = {to_cypher(e.init)}, {_name(e.var)} IN {to_cypher(e.source)} | "
                f"{to_cypher(e.step)})")
    return f"<{type(e).__name__}>"


def _operand(e: Any) -> str:
    text = to_cypher(e)
    simple = (ast.Literal, ast.Param, ast.Var, ast.Prop, ast.Index, ast.FuncCall, ast.ListLit, ast.MapLit,
              ast.CountStar)
    return text if isinstance(e, simple) else f"({text})"


def _name(name: str) -> str:
    return name if name.replace("_", "a").isalnum() and not name[0].isdigit() else f"`{name.replace('`', '``')}`"


def _literal(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return "'" + json.dumps(v, ensure_ascii=False)[1:-1].replace("\\\"", "\"").replace("'", "\\'") + "'"
    if isinstance(v, tuple):
        return "[" + ", ".join(_literal(x) for x in v) + "]"
    return repr(v)
