"""Finding spans by containment without comparing every span with every other.

The rules and the candidate gatherer ask, over and over, "which mentions lie inside this
sentence" and "which longer names cover this one". Scanning the whole list for each question is
quadratic in the number of names, which a long document (a report, a data dump) makes slow. The
spans of names are short, so sorting them by start and bounding the search by the longest span
answers each question in time proportional to the answer. (``intervaltree`` would do the same
with more machinery; the two queries here need forty lines.)
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar


class Spanned(Protocol):
    start: int
    end: int


T = TypeVar("T", bound=Spanned)


class SpanIndex(Generic[T]):
    """Items with ``start``/``end`` offsets; queries return them in the order they were added."""

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._keys: list[tuple[int, int]] = []  # (start, order of addition), sorted
        self._items: list[T] = []
        self._longest = 0
        for item in items:
            self.add(item)

    def add(self, item: T) -> None:
        insort(self._keys, (item.start, len(self._items)))
        self._items.append(item)
        self._longest = max(self._longest, item.end - item.start)

    def __len__(self) -> int:
        return len(self._items)

    def starting_between(self, low: int, high: int) -> list[T]:
        """Items whose start lies in ``[low, high]``, in order of addition."""
        first = bisect_left(self._keys, (low, -1))
        last = bisect_right(self._keys, (high, len(self._items)))
        if last - first <= 1:  # the common answers: none or one
            return [self._items[self._keys[first][1]]] if last > first else []
        return [self._items[order] for order in sorted(order for _, order in self._keys[first:last])]

    def around(self, start: int, end: int) -> list[T]:
        """Items that cover ``[start, end)`` (the span itself included)."""
        return [item for item in self.starting_between(end - self._longest, start) if item.end >= end]

    def within(self, start: int, end: int) -> list[T]:
        """Items that lie inside ``[start, end)``."""
        return [item for item in self.starting_between(start, end) if item.end <= end]

    def starting_at(self, start: int) -> list[T]:
        return self.starting_between(start, start)


class DisjointSpans:
    """Spans that never overlap one another, asked whether a new span overlaps any of them."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        # Sorted and disjoint, the spans' ends rise with their starts: the last one that starts
        # before ``end`` is the only one that can reach past ``start``.
        before = bisect_left(self._starts, end) - 1
        return before >= 0 and self._ends[before] > start

    def add(self, start: int, end: int) -> None:
        at = bisect_left(self._starts, start)
        self._starts.insert(at, start)
        self._ends.insert(at, end)
