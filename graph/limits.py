"""How long a query may run and how much it may make: the bounds every store applies to a query.

The Cypher engine enforces them (:mod:`graph.cypher.guards`); the Neo4j store sends the time
limit as the transaction timeout. Defaults are far above what an analyst's query needs, so only
a runaway query (a cartesian product, an unbounded walk, ``range(1, 1000000000)``) meets them.
"""
from __future__ import annotations

from dataclasses import dataclass

#: Seconds: long enough that a real query does not meet it by accident.
DEFAULT_TIMEOUT = 300.0
#: Ten million rows (or list elements): far beyond any table a person reads.
DEFAULT_MAX_ROWS = 10_000_000


@dataclass(frozen=True)
class Limits:
    """``timeout``: seconds a query may run; ``max_rows``: rows any step of it may pass on, and
    elements any list or string it builds may hold. ``None`` or 0 means no bound."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS
