"""Indexes as large as a graph's are frozen out of the garbage collector's walks once built."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from nordgraph.graph.collector import LARGE, keep
from nordgraph.graph.cypher import execute, parse
from nordgraph.graph.model import KnowledgeGraph


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_small_index_is_left_to_the_collector() -> None:
    before = gc.get_freeze_count()
    keep(LARGE - 1)
    assert gc.get_freeze_count() == before


def test_a_label_index_as_large_as_the_graph_is_frozen_with_it() -> None:
    kg = KnowledgeGraph()
    execute(parse(f"UNWIND range(1, {LARGE}) AS i CREATE (:N {{i: i}})"), kg, {})
    gc.unfreeze()
    rows = execute(parse("MATCH (n:N) WHERE n.i > $last - 2 RETURN n.i ORDER BY n.i"), kg, {"last": LARGE}).rows
    assert rows == [(LARGE - 1,), (LARGE,)]
    assert gc.get_freeze_count() > LARGE  # the nodes' dicts, frozen with the index that lists them
