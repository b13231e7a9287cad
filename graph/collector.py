"""Keeping what lives as long as a graph out of the cyclic garbage collector's walks.

:func:`graph.snapshot.load_graph` freezes the graph it loads (``gc.freeze``), but the indexes
built on it later (the predecessor map, typed adjacency tables, label and property indexes,
columns) stay in the collector's generations: hundreds of thousands of tuples, lists and dicts
that every full collection walks again, though they hold no cycles. On the eunets graph
(67,510 nodes, 218,055 edges) one such collection took 0.58 s, paid by whichever query's
parsing happened to trigger it (the canned ``project`` query's first run: 0.83 s, 0.25 s
without it). So an index that large is frozen too once built.
"""

from __future__ import annotations

import gc

#: An index of fewer entries than this is not worth a freeze (the collections it costs are short).
LARGE = 10_000


def keep(entries: int) -> None:
    """Call once an index of ``entries`` entries that lives as long as its graph is built: when
    large, move it, and everything else alive now, out of the collector's reach. The young
    generations are collected first, so that no garbage cycle made just before is frozen
    (frozen cycles are never freed); reference counting still frees a frozen index when its
    graph is dropped, as an index holds no cycles."""
    if entries >= LARGE:
        gc.collect(1)
        gc.freeze()
