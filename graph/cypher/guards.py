"""Bounds on one run of a query: a time limit and a size limit, each failing with a
:class:`CypherLimitError` that says which bound stopped the query and how to raise it.

The time limit is a deadline the engine checks in its own loops (every few hundred rows a step
passes on, and every few hundred steps of a variable-length walk, a shortest-path search or a
list comprehension), not a SIGALRM timer: the engine runs wherever the library is called,
including threads other than the main one (where no signal is delivered) and inside callers
that keep an alarm of their own (the TCK runner); and a check stops the query between two rows,
never in the middle of a write. The cost is one counter decrement per row or walk step.

The size limit bounds the rows any step may pass on (a cartesian product, an unbounded walk)
and the length of any list or string a query builds (``range()``, ``collect()``, ``+``,
function results), so neither a result nor a single value can fill the memory. Rows can be
large (a path of thousands of nodes), so the clock's look also reads the process's resident
memory (``/proc/self/statm``, 2.5 microseconds) and stops a query that has grown it past its bound.
"""
from __future__ import annotations

import math
import os
import time
from collections.abc import Iterable, Iterator
from typing import Any

from nordgraph.graph.cypher.errors import CypherLimitError
from nordgraph.graph.limits import Limits

#: How many rows or loop steps pass between two looks at the clock.
_CHECK_EVERY = 256

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_memory() -> float:
    """The process's resident memory now, in bytes; ``inf`` where ``/proc`` does not tell (no
    memory bound there). Not ``getrusage``'s peak: a process started by a larger one inherits
    that one's peak, and a bound on it would let the query grow by the difference unseen."""
    try:
        handle = os.open("/proc/self/statm", os.O_RDONLY)
    except OSError:
        return math.inf
    try:
        return int(os.read(handle, 200).split()[1]) * _PAGE
    finally:
        os.close(handle)


class Guard:
    """The bounds of one run, started when the run starts."""

    __slots__ = ("limits", "deadline", "max_rows", "memory_ceiling", "_countdown")

    def __init__(self, limits: Limits):
        self.limits = limits
        self.deadline = time.monotonic() + limits.timeout if limits.timeout else math.inf
        self.max_rows = limits.max_rows or math.inf
        self.memory_ceiling = resident_memory() + limits.max_memory_mb * 2**20 if limits.max_memory_mb else math.inf
        self._countdown = _CHECK_EVERY

    def tick(self) -> None:
        """One step of a loop that may run long without passing a row on."""
        self._countdown -= 1
        if self._countdown <= 0:
            self._countdown = _CHECK_EVERY
            self.check_time()

    def check_time(self) -> None:
        """Stop the query when its time is up, or when it has grown the process's memory past its
        bound (both are read at the same points)."""
        if time.monotonic() > self.deadline:
            raise CypherLimitError(f"the query ran longer than its time limit of {self.limits.timeout:g} s; "
                                   "raise it with --timeout SECONDS (timeout= in Python; 0: no limit)", "timeout")
        if self.memory_ceiling != math.inf and resident_memory() > self.memory_ceiling:
            raise CypherLimitError(f"the query took more than {self.limits.max_memory_mb:,} MB of memory; narrow it, "
                                   "or raise the limit with --max-memory MB (max_memory_mb= in Python; 0: no limit)",
                                   "max_memory_mb")

    def rows(self, step: str, rows: Iterable[Any]) -> Iterator[Any]:
        """``rows`` as they come, stopped when the step passes on too many or time runs out."""
        limit = self.max_rows
        n = 0
        stop = min(_CHECK_EVERY, limit + 1)  # the next row count at which to look (inline: it is per row)
        for row in rows:
            n += 1
            if n >= stop:
                self.check_rows(step, n)
                stop = min(n + _CHECK_EVERY, limit + 1)
                self.check_time()
            yield row

    def next_check(self, step: str, n: int) -> float:
        """For a loop that counts its own rows: refuse its ``n`` rows when over the limit, look
        at the clock, and give the row count at which to call again."""
        self.check_rows(step, n)
        self.check_time()
        return min(n + _CHECK_EVERY, self.max_rows + 1)

    def check_rows(self, step: str, n: int) -> None:
        """Refuse a step's ``n``-th row when it is over the limit (steps that count their own rows)."""
        if n > self.max_rows:
            raise CypherLimitError(f"the query's {step} step made more than {self.limits.max_rows:,} "
                                   "rows; narrow the query, or raise the limit with --max-rows N "
                                   "(max_rows= in Python; 0: no limit)", "max_rows")

    def size(self, what: str, n: int) -> None:
        """Refuse a list or string of ``n`` elements made by ``what`` when it is over the limit."""
        if n > self.max_rows:
            raise CypherLimitError(f"{what} would make a list or text of {n:,} elements, more than the limit of "
                                   f"{self.limits.max_rows:,}; raise it with --max-rows N "
                                   "(max_rows= in Python; 0: no limit)", "max_rows")
