"""An openCypher engine for the embedded NetworkX store.

``parse(text)`` gives a cacheable :class:`ParsedQuery` (never touches a store);
``explain(parsed, kg, params)`` lists the plan's named steps;
``execute(parsed, kg, params)`` runs it on a :class:`graph.model.KnowledgeGraph` and returns a
:class:`graph.store.QueryResult`. Layers: ``grammar.lark`` → :mod:`parser` (AST of
:mod:`ast`) → :mod:`planner` / :mod:`writes` (named steps) → :mod:`executor`.

Examples
--------
>>> from graph.model import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> _ = kg.add_node("Organisation", "Medtek Norway")
>>> execute(parse("MATCH (o:Organisation) RETURN toUpper(o.name) AS n"), kg, {}).rows
[('MEDTEK NORWAY',)]
"""
from graph.cypher.errors import (
    CypherArgumentError, CypherArithmeticError, CypherConstraintError, CypherEntityNotFound,
    CypherError, CypherParameterMissing, CypherSemanticError, CypherSyntaxError, CypherTypeError,
    CypherUnsupportedError,
)
from graph.cypher.executor import execute, explain
from graph.cypher.parser import ParsedQuery, parse

__all__ = [
    "CypherArgumentError",
    "CypherArithmeticError",
    "CypherConstraintError",
    "CypherEntityNotFound",
    "CypherError",
    "CypherParameterMissing",
    "CypherSemanticError",
    "CypherSyntaxError",
    "CypherTypeError",
    "CypherUnsupportedError",
    "ParsedQuery",
    "execute",
    "explain",
    "parse",
]
