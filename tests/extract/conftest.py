"""Helpers for extraction tests: build a graph from small made-up files with the real readers.

The phrase rules are tested on their own (``rules_only``): they are the learned extractor's
features and fallbacks, and each test pins what one rule reads. The learned extractor is
tested on real pages (``test_learned.py``, ``test_seed_score.py``).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from nordgraph.graph.model import KnowledgeGraph
from nordgraph.loaders.pipeline import build_graph


@pytest.fixture
def build(tmp_path: Path):
    """``build({"page.html": "..."})`` -> the graph extracted from those files."""
    def run(files: dict[str, str]) -> KnowledgeGraph:
        for name, content in files.items():
            (tmp_path / name).write_text(content, encoding="utf-8")
        result = build_graph([tmp_path], rules_only=True)
        assert not result.skipped, result.skipped
        return result.graph
    return run
