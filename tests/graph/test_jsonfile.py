"""The embedded store's file: round trip, schema version, and atomic writes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from nordgraph.graph.errors import StoreError
from nordgraph.graph.jsonfile import SCHEMA_VERSION, graph_to_data, read_graph, write_graph
from nordgraph.graph.model import Evidence, KnowledgeGraph
from nordgraph.graph.store import EmbeddedStore, default_graph_path


def sample_graph() -> KnowledgeGraph:
    kg = KnowledgeGraph(metadata={"documents": {"a.txt#123": {"path": "a.txt", "format": "text"}}})
    org = kg.add_node("Organisation", "Copenhagen Living Lab", aliases=["CLL"], country="DK",
                      evidence=[Evidence("a.txt#123", 10, 31, "Copenhagen Living Lab", "partner-list", 0.8)])
    project = kg.add_node("Project", "INHP", url="https://example.org/inhp")
    kg.add_edge(org, "LEADS", project, role="project manager",
                evidence=[Evidence("a.txt#123", 10, 52, "Copenhagen Living Lab (project manager)", "lead-marker", 0.9)])
    return kg


def test_round_trip_keeps_everything(tmp_path: Path) -> None:
    kg = sample_graph()
    path = tmp_path / "g.json"
    write_graph(kg, path)
    again = read_graph(path)
    assert graph_to_data(again) == graph_to_data(kg)
    assert again.documents == kg.documents


def test_file_is_the_node_link_form_kgscore_reads(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    write_graph(sample_graph(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    node = next(n for n in data["nodes"] if n["label"] == "Organisation")
    assert node["name"] == "Copenhagen Living Lab" and node["aliases"] == ["CLL"]
    assert node["evidence"][0]["quote"] == "Copenhagen Living Lab"
    edge, = data["edges"]
    assert (edge["type"], edge["properties"]["role"]) == ("LEADS", "project manager")


def test_other_schema_versions_and_broken_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    write_graph(sample_graph(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["schema_version"] = 99
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError, match="schema version 99"):
        read_graph(path)
    path.write_text('{"nodes": [', encoding="utf-8")
    with pytest.raises(StoreError, match="cannot read graph file"):
        read_graph(path)


def test_missing_file_is_an_empty_graph(tmp_path: Path) -> None:
    assert len(read_graph(tmp_path / "none.json")) == 0


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "g.json"
    write_graph(sample_graph(), path)
    before = path.read_bytes()

    def crash(_fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    bigger = sample_graph()
    bigger.add_node("Organisation", "Another")
    with pytest.raises(OSError, match="disk full"):
        write_graph(bigger, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


WRITER = textwrap.dedent("""
    import sys
    from nordgraph.graph.model import KnowledgeGraph
    from nordgraph.graph.jsonfile import write_graph
    n = 0
    while True:
        n += 1
        kg = KnowledgeGraph()
        for i in range(3000):
            kg.add_node("Organisation", f"Organisation number {i} of round {n}", country="NO")
        write_graph(kg, sys.argv[1])
        print(n, flush=True)
""")


def test_a_process_killed_mid_write_never_leaves_a_half_written_file(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    write_graph(sample_graph(), path)
    root = Path(__file__).resolve().parents[2]
    for delay in (0.35, 0.5, 0.8):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=root,
                                stdout=subprocess.PIPE, text=True)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        data = json.loads(path.read_text(encoding="utf-8"))  # never partial JSON
        assert data["format"] == "nordgraph"
        assert len(data["nodes"]) in (2, 3000)


def test_embedded_store_replace_and_default_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NORDGRAPH_GRAPH", raising=False)
    assert default_graph_path() == Path("nordgraph.json")
    monkeypatch.setenv("NORDGRAPH_GRAPH", str(tmp_path / "env.json"))
    store = EmbeddedStore()
    assert store.path == tmp_path / "env.json"
    store.replace(sample_graph())
    assert EmbeddedStore(tmp_path / "env.json").counts() == {
        "nodes": {"Organisation": 1, "Project": 1}, "edges": {"LEADS": 1}}


def test_writes_keep_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    write_graph(sample_graph(), path)
    assert path.stat().st_mode & 0o777 == 0o666 & ~_current_umask()
    path.chmod(0o640)
    write_graph(sample_graph(), path)
    assert path.stat().st_mode & 0o777 == 0o640


def _current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


@pytest.mark.parametrize("mutate, message", [
    (lambda d: [], "not a nordgraph graph file"),
    (lambda d: {**d, "nodes": [{"label": "Organisation", "name": "A"}]}, "node 1 has no 'id'"),
    (lambda d: {**d, "edges": [{**d["edges"][0], "target": "project:gone"}]}, "names node 'project:gone'"),
    (lambda d: {**d, "nodes": [{**d["nodes"][0], "properties": "x"}, d["nodes"][1]]}, "'properties' of node"),
    (lambda d: {**d, "nodes": [{**d["nodes"][0], "aliases": "abc"}, d["nodes"][1]]}, "'aliases' of node"),
    (lambda d: {**d, "nodes": "nope"}, "'nodes' must be a list"),
])
def test_malformed_graph_files_are_refused_with_the_element_named(tmp_path: Path, mutate, message: str) -> None:
    path = tmp_path / "g.json"
    write_graph(sample_graph(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(mutate(data)), encoding="utf-8")
    with pytest.raises(StoreError, match=message):
        read_graph(path)
