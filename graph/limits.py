"""How long a query may run and how much it may make: the bounds every store applies to a query.

The Cypher engine enforces them (:mod:`graph.cypher.guards`); the Neo4j store sends the time
limit as the transaction timeout. Defaults are far above what an analyst's query needs, so only
a runaway query (a cartesian product, an unbounded walk, ``range(1, 1000000000)``) meets them.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

#: Seconds: long enough that a real query does not meet it by accident.
DEFAULT_TIMEOUT = 300.0
#: Ten million rows (or list elements): far beyond any table a person reads.
DEFAULT_MAX_ROWS = 10_000_000
#: Megabytes a query may add to its process's resident memory: rows of long paths pass the row bound
#: long before they reach it (a 10,000-node walk's paths filled 23 GB), and this one does not.
DEFAULT_MAX_MEMORY_MB = 1536


@dataclass(frozen=True)
class Limits:
    """``timeout``: seconds a query may run; ``max_rows``: rows any step of it may pass on, and
    elements any list or string it builds may hold; ``max_memory_mb``: megabytes it may add to the
    process's resident memory. ``None`` or 0 means no bound."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB


class Expired(BaseException):
    """Raised by :func:`alarm` when its time is up. A BaseException, so that no ``except
    Exception`` inside the interrupted work (a parser guarding against bad input) can eat it."""


@contextmanager
def alarm(seconds: float | None) -> Iterator[None]:
    """Interrupt the body with :class:`Expired` after ``seconds`` (``None`` or 0: no limit).

    A timer signal stops the work where it stands, so it needs no checkpoints; signals reach
    only the main thread of a Unix process (where builds and benches run, worker processes
    included). Elsewhere the body runs unlimited. The Cypher engine checks a deadline in its
    own loops instead (:mod:`graph.cypher.guards`): queries also run outside the main thread.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or seconds <= 0 or not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise Expired(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
