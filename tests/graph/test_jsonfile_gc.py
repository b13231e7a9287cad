"""Loading a graph pauses the garbage collector and gives it back as it found it."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest

from nordgraph.graph.jsonfile import read_graph, write_graph
from nordgraph.graph.model import KnowledgeGraph


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_leaves_the_collector_as_it_was(tmp_path: Path, enabled: bool) -> None:
    kg = KnowledgeGraph()
    kg.add_edge(kg.add_node("Organisation", "SINTEF"), "LOCATED_IN", kg.add_node("Country", "Norway"))
    write_graph(kg, tmp_path / "g.json")
    (gc.enable if enabled else gc.disable)()
    try:
        assert read_graph(tmp_path / "g.json").counts() == kg.counts()
        assert gc.isenabled() is enabled
        (tmp_path / "bad.json").write_text("{", encoding="utf-8")
        with pytest.raises(Exception, match="cannot read graph file"):
            read_graph(tmp_path / "bad.json")
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
