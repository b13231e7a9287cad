"""An openCypher engine for the embedded NetworkX store.

``parse(text)`` gives a cacheable :class:`ParsedQuery` (never touches a store);
``explain(parsed, kg, params)`` lists the plan's named steps;
``execute(parsed, kg, params)`` runs it on a :class:`graph.model.KnowledgeGraph` and returns a
:class:`graph.store.QueryResult`. Layers: ``grammar.lark`` → :mod:`parser` (AST of
:mod:`ast`) → :mod:`planner`, :mod:`projection`, :mod:`writes`, :mod:`procedures` (named steps)
→ :mod:`executor`; expressions compile to closures in :mod:`expressions`.

Supported: MATCH / OPTIONAL MATCH (labels, property maps, both directions, type alternatives,
variable length, named paths, shortestPath / allShortestPaths over one relationship pattern),
WHERE with the full expression language (three-valued logic, pattern predicates, EXISTS { },
list and pattern comprehensions, quantifiers, ``reduce()``, CASE, regular expressions), WITH / RETURN
(DISTINCT, aggregation, ORDER BY, SKIP, LIMIT), UNWIND, UNION [ALL], CREATE, MERGE (ON CREATE /
ON MATCH), SET, REMOVE, [DETACH] DELETE, CALL db.labels() / db.relationshipTypes() /
db.propertyKeys(), temporal values (date, localtime, time, localdatetime, datetime from maps or
ISO text, with offsets or named zones; ``<kind>.truncate``, ``.statement`` / ``.realtime``,
``datetime.fromEpoch`` / ``fromEpochMillis``) and
durations (maps or ISO text, ``duration.between`` / ``inMonths`` / ``inDays`` / ``inSeconds``,
arithmetic with temporals). Temporal values written as properties are stored as ISO text (the
graph file is JSON).
``EXISTS { }``, ``COUNT { }`` and ``COLLECT { }`` subqueries over a pattern or a query.
Not supported (each raises CypherUnsupportedError naming it): FOREACH, LOAD CSV, CALL { }
subqueries, procedures other than the three above, USING hints, EXPLAIN / PROFILE, schema
commands, spatial and vector values (``point()``,
``vector.similarity.*``), LOAD CSV's ``file()`` / ``linenumber()``. An unknown function name is an
error naming the closest known ones. A run stops with :class:`CypherLimitError` past its
time or size bound (:mod:`graph.cypher.guards`).

Examples
--------
>>> from graph.model import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> _ = kg.add_node("Organisation", "Medtek Norway")
>>> execute(parse("MATCH (o:Organisation) RETURN toUpper(o.name) AS n"), kg, {}).rows
[('MEDTEK NORWAY',)]
"""
from nordgraph.graph.cypher.errors import (
    CypherArgumentError,
    CypherArithmeticError,
    CypherConstraintError,
    CypherEntityNotFound,
    CypherError,
    CypherLimitError,
    CypherParameterMissing,
    CypherProcedureNotFound,
    CypherSemanticError,
    CypherSyntaxError,
    CypherTypeError,
    CypherUnsupportedError,
)
from nordgraph.graph.cypher.executor import execute, explain
from nordgraph.graph.cypher.parser import ParsedQuery, parse

__all__ = [
    "CypherArgumentError",
    "CypherArithmeticError",
    "CypherConstraintError",
    "CypherEntityNotFound",
    "CypherError",
    "CypherLimitError",
    "CypherParameterMissing",
    "CypherProcedureNotFound",
    "CypherSemanticError",
    "CypherSyntaxError",
    "CypherTypeError",
    "CypherUnsupportedError",
    "ParsedQuery",
    "execute",
    "explain",
    "parse",
]
