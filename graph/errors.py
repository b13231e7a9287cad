"""One exception tree for the whole library.

The CLI turns any :class:`NordgraphError` into a one-line ``Error: ...`` message with exit
status 1; anything else is a bug, reported as one ``Error: internal error ...`` line that asks
for a report (``NORDGRAPH_DEBUG=1`` shows its traceback).
"""
from __future__ import annotations


class NordgraphError(Exception):
    """Base class of every error nordgraph reports to a user."""


class StoreError(NordgraphError):
    """A graph store could not be read, written or reached."""


class LoaderError(NordgraphError):
    """A document could not be read; the build reports it and goes on."""


class CurationError(NordgraphError):
    """The analyst's overrides file is malformed or names something unknown."""


class QueryError(NordgraphError):
    """Base class of query errors (syntax, unsupported constructs, runtime type errors)."""


class UnknownNameError(NordgraphError):
    """A lookup by name (loader, rule, canned query, format) found nothing; lists what exists."""

    def __init__(self, kind: str, name: str, known: list[str] | tuple[str, ...]):
        self.kind, self.name, self.known = kind, name, sorted(known)
        super().__init__(f"unknown {kind} {name!r}; known: {', '.join(self.known) or '(none)'}")
