"""Helpers for extraction tests: build a graph from small made-up files with the real readers."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import KnowledgeGraph
from loaders.pipeline import build_graph


def facts(kg: KnowledgeGraph) -> set[tuple[str, str, str]]:
    """Every edge as (source name, type, target name)."""
    return {(kg.name(s), d["type"], kg.name(t)) for s, t, _, d in kg.edges()}


def entities(kg: KnowledgeGraph) -> dict[str, str]:
    """Node name -> label."""
    return {kg.name(k): kg.label(k) for k in kg.nodes()}


@pytest.fixture
def build(tmp_path: Path):
    """``build({"page.html": "..."})`` -> the graph extracted from those files."""
    def run(files: dict[str, str]) -> KnowledgeGraph:
        for name, content in files.items():
            (tmp_path / name).write_text(content, encoding="utf-8")
        result = build_graph([tmp_path])
        assert not result.skipped, result.skipped
        return result.graph
    return run
