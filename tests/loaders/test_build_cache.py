"""Builds that scale with the corpus: per-document extraction cache, worker processes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from nordgraph.graph.model import KnowledgeGraph
from nordgraph.loaders.budget import Budget
from nordgraph.loaders.extract.reading import ReadingCache
from nordgraph.loaders.pipeline import build_graph, reading_key

PAGES = {
    "a.md": "# Fjordlink\n\nFjordlink is led by Oslo University Hospital together with Karolinska Institutet "
            "(Sweden). It is funded by NordForsk.\n",
    "b.md": "# Partners\n\n- **Aalto University**, Finland\n- **University of Copenhagen**, Denmark\n",
    "c.txt": "Nordic Care Link\n\nThe project partners are Tampere University and Uppsala University.\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _shape(kg: KnowledgeGraph) -> tuple[set, set]:
    return ({(kg.label(n), kg.name(n)) for n in kg.nodes()},
            {(kg.name(s), d["type"], kg.name(t)) for s, t, _, d in kg.edges()})


def _entries(cache: Path) -> set[Path]:
    return set((cache / "readings").rglob("*.json"))


def test_a_rebuild_reads_only_the_changed_document(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build_graph([corpus], cache=cache).graph
    assert len(_entries(cache)) == 3
    assert _shape(build_graph([corpus], cache=cache).graph) == _shape(first)
    assert len(_entries(cache)) == 3  # nothing was read again
    (corpus / "b.md").write_text(PAGES["b.md"] + "- **Tampere University**, Finland\n", encoding="utf-8")
    rebuilt = build_graph([corpus], cache=cache).graph
    assert len(_entries(cache)) == 4  # one new reading, for the changed page
    assert ("Organisation", "Tampere University") in _shape(rebuilt)[0]
    assert _shape(build_graph([corpus]).graph) == _shape(rebuilt)  # cached or not, the same graph


def test_a_damaged_cache_entry_is_read_again(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build_graph([corpus], cache=cache).graph
    raw = (corpus / "a.md").read_bytes()
    entry = ReadingCache(cache)._path(reading_key("a.md", raw, False, Budget()))
    entry.write_text("{not json", encoding="utf-8")
    assert _shape(build_graph([corpus], cache=cache).graph) == _shape(first)
    json.loads(entry.read_text(encoding="utf-8"))  # rewritten whole


def test_worker_processes_build_the_same_graph(corpus: Path) -> None:
    one = build_graph([corpus], jobs=1)
    two = build_graph([corpus], jobs=2)
    assert _shape(two.graph) == _shape(one.graph) and two.read == one.read


def test_progress_counts_documents_and_words(corpus: Path) -> None:
    seen: list[tuple[int, int, int]] = []
    build_graph([corpus], progress=lambda done, total, name, words: seen.append((done, total, words)))
    assert seen[-1][:2] == (3, 3)
    words = [w for _, _, w in seen]
    assert words == sorted(words) and words[-1] >= 35  # the pages' visible words, counted as read
