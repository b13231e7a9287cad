"""Errors of the Cypher engine, each tagged with the openCypher TCK error type and phase.

``tck_type`` is the TCK's error class name ("SyntaxError", "TypeError" ...), ``phase`` is
"compile time" or "runtime", and ``detail`` the TCK detail code ("UndefinedVariable" ...), so
the TCK runner can check "Then a X should be raised at Y: Z" without parsing messages.
"""
from __future__ import annotations

from nordgraph.graph.errors import QueryError


class CypherError(QueryError):
    """Base class of every Cypher error."""

    tck_type = "Error"
    phase = "runtime"

    def __init__(self, message: str, detail: str = "", phase: str | None = None,
                 tck_type: str | None = None):
        super().__init__(message)
        self.detail = detail
        if phase is not None:
            self.phase = phase
        if tck_type is not None:
            self.tck_type = tck_type


class CypherSyntaxError(CypherError):
    """The text is not Cypher; the message names line and column and shows a caret."""

    tck_type = "SyntaxError"
    phase = "compile time"

    def __init__(self, message: str, line: int = 0, column: int = 0, detail: str = "UnexpectedSyntax"):
        super().__init__(message, detail)
        self.line, self.column = line, column


class CypherSemanticError(CypherError):
    """Well-formed but meaningless: undefined variable, misplaced aggregation ...

    The TCK files these under SyntaxError (compile time) with a detail code.
    """

    tck_type = "SyntaxError"
    phase = "compile time"


class CypherUnsupportedError(CypherError):
    """A valid construct this engine does not implement; the message names it."""

    tck_type = "UnsupportedError"
    phase = "compile time"


class CypherTypeError(CypherError):
    """An operator or function got a value of the wrong type; the message names the expression."""

    tck_type = "TypeError"


class CypherArgumentError(CypherError):
    """A function got an argument of the right type but an invalid value."""

    tck_type = "ArgumentError"


class CypherArithmeticError(CypherError):
    """Integer overflow or integer division by zero."""

    tck_type = "ArithmeticError"


class CypherEntityNotFound(CypherError):
    """A deleted node or relationship was read."""

    tck_type = "EntityNotFound"


class CypherConstraintError(CypherError):
    """A write would break the graph (deleting a node that still has relationships)."""

    tck_type = "ConstraintVerificationFailed"


class CypherParameterMissing(CypherError):
    """The query names a parameter the caller did not pass."""

    tck_type = "ParameterMissing"


class CypherProcedureNotFound(CypherUnsupportedError):
    """``CALL`` names a procedure this engine does not have (the TCK's ProcedureError)."""

    tck_type = "ProcedureError"


class CypherLimitError(CypherError):
    """The query went past one of its bounds (``--timeout``, ``--max-rows``); the message names
    the bound and how to raise it, and ``limit`` holds its option name."""

    tck_type = "LimitExceeded"

    def __init__(self, message: str, limit: str):
        super().__init__(message, detail=limit)
        self.limit = limit
