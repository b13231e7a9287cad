"""Containment queries by index give what comparing every span with every other gives."""
from __future__ import annotations

import random
from dataclasses import dataclass

from nordgraph.loaders.extract.spans import DisjointSpans, SpanIndex


@dataclass
class Item:
    start: int
    end: int


def _items(seed: int) -> list[Item]:
    rng = random.Random(seed)
    return [Item(start, start + rng.randint(1, 40)) for start in (rng.randint(0, 500) for _ in range(300))]


def test_around_and_within_match_a_scan_of_every_item_in_order_of_addition() -> None:
    for seed in range(5):
        items = _items(seed)
        index = SpanIndex(items)
        rng = random.Random(seed + 100)
        for _ in range(200):
            start = rng.randint(0, 520)
            end = start + rng.randint(0, 60)
            assert index.around(start, end) == [i for i in items if i.start <= start and end <= i.end]
            assert index.within(start, end) == [i for i in items if start <= i.start and i.end <= end]
            assert index.starting_between(start, end) == [i for i in items if start <= i.start <= end]


def test_items_added_later_are_found() -> None:
    index: SpanIndex[Item] = SpanIndex()
    early, late = Item(10, 20), Item(0, 100)
    index.add(early)
    assert index.around(12, 15) == [early]
    index.add(late)  # starts before the first one, and is longer than any so far
    assert index.around(12, 15) == [early, late] and index.around(5, 50) == [late] and len(index) == 2


def test_disjoint_spans_report_any_overlap_and_allow_touching_neighbours() -> None:
    taken = DisjointSpans()
    for start, end in [(10, 20), (30, 40), (50, 60)]:
        assert not taken.overlaps(start, end)
        taken.add(start, end)
    assert taken.overlaps(15, 16) and taken.overlaps(5, 11) and taken.overlaps(39, 55) and taken.overlaps(0, 100)
    assert not taken.overlaps(20, 30) and not taken.overlaps(0, 10) and not taken.overlaps(60, 70)
