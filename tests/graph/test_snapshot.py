"""The snapshot beside the graph file: the same graph as the JSON, never used stale or broken."""
from __future__ import annotations

import gc
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import msgpack
import pytest
from click.testing import CliRunner

import nordgraph
from bench.synthetic import make_graph
from nordgraph.cli import main
from nordgraph.graph import snapshot
from nordgraph.graph.cypher import execute, parse
from nordgraph.graph.errors import StoreError
from nordgraph.graph.exporters import write_json
from nordgraph.graph.jsonfile import TEMPORARY_SUFFIX, read_graph, temporary_prefix, write_graph
from nordgraph.graph.locking import write_lock
from nordgraph.graph.model import Evidence, KnowledgeGraph
from nordgraph.graph.snapshot import load_graph, snapshot_path
from nordgraph.graph.store import EmbeddedStore, Schema
from nordgraph.graph.temporal import parse_duration, parse_temporal

REPO = Path(__file__).resolve().parents[2]
#: The stamp's change time is POSIX's ctime (on Windows the creation time: no stamps are recorded).
POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="st_ctime is the creation time on Windows")


def layout(kg: KnowledgeGraph) -> Any:
    """Everything a reader of the graph can see, in NetworkX's order: nodes, both adjacency maps,
    every property map's key order, labels as tuples, metadata and documents."""
    g = kg.nx
    return (
        [(key, data["labels"], list(data["props"].items())) for key, data in g._node.items()],
        [(s, [(t, [(k, d["type"], list(d["props"].items())) for k, d in keyed.items()]) for t, keyed in nbrs.items()])
         for s, nbrs in g._succ.items()],
        [(t, [(s, list(keyed)) for s, keyed in nbrs.items()]) for t, nbrs in g._pred.items()],
        all(g._succ[s][t] is g._pred[t][s] for s, nbrs in g._succ.items() for t in nbrs),
        kg.metadata,
    )


def odd_graph() -> KnowledgeGraph:
    """Temporal values, maps (one with a ``$type`` key), evidence, aliases, several labels, a blank
    key without an id, two edges between the same nodes and an edge key used by two pairs."""
    kg = KnowledgeGraph(metadata={"built_by": "test", "documents": {"a.txt#1": {"path": "a.txt", "format": "text"}}})
    ev = Evidence("a.txt#1", 3, 17, "Nordlys \u00e6\u00f8\u00e5 lab", "partner-list", 0.75)
    org = kg.add_node("Organisation", "Nordlys Lab", aliases=["NL", "Nordlys"], evidence=[ev], country="NO",
                      founded=parse_temporal("date", "1999-05-01"), budget=1.5e6, staff=42, active=True,
                      opens=parse_temporal("datetime", "2025-01-10T09:00+01:00[Europe/Oslo]"),
                      runs=parse_duration("P1Y6M"), tags=["a", parse_temporal("localtime", "10:15")],
                      meta={"$type": "not a tag", "value": [1, 2]}, nothing=None)
    project = kg.add_node("Project", "Aurora", start_year=2021)
    kg.nx.nodes[project]["labels"] = ("Project", "Call")
    kg.nx.add_node("_:blank", labels=("Person",), props={"name": "Anon", "aliases": [], "evidence": []})
    kg.add_edge(org, "LEADS", project, evidence=[ev], share=0.5)
    kg.add_edge(org, "PARTNER_IN", project, since=parse_temporal("date", "2020-02-02"))
    kg.nx.add_edge("_:blank", org, key="shared-key", type="WORKS_FOR", props={"id": "shared-key", "evidence": []})
    kg.nx.add_edge(project, org, key="shared-key", type="PART_OF", props={"id": "shared-key", "evidence": []})
    return kg


def example_graph() -> KnowledgeGraph:
    return nordgraph.build([str(REPO / "examples")]).graph


@pytest.mark.parametrize("make", [odd_graph, lambda: make_graph(3000, seed=7), example_graph],
                         ids=["odd", "synthetic", "examples"])
def test_the_snapshot_gives_the_graph_reading_the_json_gives(tmp_path: Path, make) -> None:
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(make())
    assert snapshot_path(path).exists()
    from_json = read_graph(path)
    opened = EmbeddedStore(path).graph()
    assert layout(opened) == layout(from_json)
    for key, data in from_json.nx.nodes(data=True):  # values equal and of the same type (a date is not text)
        assert [(k, type(v)) for k, v in opened.props(key).items()] == [(k, type(v)) for k, v in data["props"].items()]


def test_a_hand_written_file_reads_the_same_from_its_snapshot(tmp_path: Path) -> None:
    """Quirks of the JSON reader the snapshot must keep: an ``id`` among the properties, a node
    given only its ``label``, a node listed twice, an edge listed twice between the same nodes."""
    nodes = [{"id": "a", "label": "Organisation", "name": "A", "properties": {"id": "other", "x": 1}},
             {"id": "b", "labels": ["Project"], "properties": {"when": {"$type": "date", "value": "2024-02-29"}}},
             {"id": "a", "labels": ["Organisation", "Person"], "name": "A again"}]
    edges = [{"id": "e", "source": "a", "target": "b", "type": "LEADS", "properties": {"share": 1}},
             {"id": "e", "source": "a", "target": "b", "type": "PARTNER_IN"},
             {"id": "e", "source": "b", "target": "a", "type": "PART_OF", "properties": {"id": "own"}}]
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"format": "nordgraph", "schema_version": 1, "nodes": nodes, "edges": edges}),
                    encoding="utf-8")
    first = EmbeddedStore(path).graph()  # from the JSON, which writes the snapshot
    assert snapshot._header(snapshot_path(path)) is not None
    assert layout(EmbeddedStore(path).graph()) == layout(first) == layout(read_graph(path))


def test_a_fresh_snapshot_is_used_and_the_json_is_not_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(odd_graph())
    parsed: list[Path] = []
    real = snapshot.parse_graph
    monkeypatch.setattr(snapshot, "parse_graph", lambda raw, where: parsed.append(where) or real(raw, where))
    assert len(EmbeddedStore(path).graph()) == 3
    assert parsed == []
    snapshot_path(path).unlink()
    assert len(EmbeddedStore(path).graph()) == 3  # read from the JSON, which writes the snapshot again
    assert parsed == [path] and snapshot_path(path).exists()


def _changed_by(path: Path, change, stamped: bool = False) -> KnowledgeGraph:
    """The graph the store opens after ``change`` to a graph file that has a fresh snapshot (which
    has recorded the file's stamp if ``stamped``); checks that it is the graph the JSON holds and
    that a fresh snapshot is back."""
    EmbeddedStore(path).replace(odd_graph())
    if stamped:
        time.sleep(0.05)  # the file's last change then lies before the open (SETTLED_NS is 0)
    assert len(EmbeddedStore(path).graph()) == 3
    assert (_recorded(path) == _stamp(path)) is stamped
    change(path)
    opened = EmbeddedStore(path).graph()
    assert layout(opened) == layout(read_graph(path))
    assert layout(EmbeddedStore(path).graph()) == layout(read_graph(path))  # the snapshot written again
    return opened


def _same_size_edit(path: Path) -> None:
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert text.count("Nordlys Lab") == 1
    path.write_text(text.replace("Nordlys Lab", "Nordlys Lag"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even the time stamp as it was
    assert path.stat().st_size == stat.st_size


def _write_query(path: Path) -> None:
    EmbeddedStore(path).query("MATCH (o:Organisation) SET o.name = 'Renamed'")


def _curate(path: Path) -> None:
    result = CliRunner().invoke(main, ["--graph", str(path), "curate", "rename", "Nordlys Lab", "Nordlys AS"])
    assert result.exit_code == 0, result.output


def _rebuild(path: Path) -> None:
    result = CliRunner().invoke(main, ["--graph", str(path), "build", str(REPO / "examples" / "organisations.csv")])
    assert result.exit_code == 0, result.output


def _write_graph_directly(path: Path) -> None:
    kg = read_graph(path)
    kg.add_node("Country", "Iceland")
    write_graph(kg, path)  # the JSON alone, as an export or another program would write it


def _export_over_it(path: Path) -> None:
    kg = read_graph(path)
    kg.remove_node("_:blank")
    write_json(kg, path)


@pytest.mark.parametrize("change, check", [
    (_same_size_edit, lambda kg: kg.name("organisation:nordlys-lab") == "Nordlys Lag"),
    (_write_query, lambda kg: kg.name("organisation:nordlys-lab") == "Renamed"),
    (_curate, lambda kg: "Nordlys AS" in {kg.name(k) for k in kg.nodes("Organisation")}),
    (_rebuild, lambda kg: "_:blank" not in kg and len(kg) > 3),
    (_write_graph_directly, lambda kg: "country:iceland" in kg),
    (_export_over_it, lambda kg: "_:blank" not in kg),
], ids=["hand-edit-same-size", "write-query", "curate", "rebuild", "write_graph", "export"])
@pytest.mark.parametrize("stamped", [False, pytest.param(True, marks=POSIX_ONLY)], ids=["hashed", "stamped"])
def test_after_any_write_of_the_json_the_old_snapshot_is_not_used(tmp_path: Path, change, check, stamped: bool,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    if stamped:
        monkeypatch.setattr(snapshot, "SETTLED_NS", 0)
    assert check(_changed_by(tmp_path / "g.json", change, stamped))


def _recorded(path: Path) -> tuple[int, ...]:
    header = snapshot._header(snapshot_path(path))
    assert header is not None
    return header.stamp


def _stamp(path: Path) -> tuple[int, ...]:
    found = path.stat()
    return (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


def _hashes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    hashed: list[int] = []
    real = snapshot.Source.of_file
    monkeypatch.setattr(snapshot.Source, "of_file", lambda handle: hashed.append(1) or real(handle))
    return hashed


@POSIX_ONLY
def test_a_settled_file_is_hashed_once_then_known_by_its_stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(odd_graph())
    hashed = _hashes(monkeypatch)
    monkeypatch.setattr(snapshot, "SETTLED_NS", 0)
    time.sleep(0.05)
    assert _recorded(path) == (0, 0, 0, 0)  # a writer's snapshot: its file has only just changed
    expected = layout(read_graph(path))
    assert layout(EmbeddedStore(path).graph()) == expected and hashed == [1]
    assert _recorded(path) == _stamp(path)
    assert layout(EmbeddedStore(path).graph()) == expected and hashed == [1]  # the stamp, no hash
    os.utime(path)  # a new ctime, the same bytes: hashed again, and the new stamp recorded
    time.sleep(0.05)
    assert layout(EmbeddedStore(path).graph()) == expected and hashed == [1, 1]
    assert _recorded(path) == _stamp(path)


def test_a_file_changed_just_before_the_open_is_hashed_every_time(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(odd_graph())
    hashed = _hashes(monkeypatch)
    monkeypatch.setattr(snapshot, "SETTLED_NS", 10**12)  # nothing is settled for 1,000 s
    for _ in range(2):
        assert len(EmbeddedStore(path).graph()) == 3
    assert hashed == [1, 1] and _recorded(path) == (0, 0, 0, 0)
    snapshot_path(path).unlink()
    assert len(EmbeddedStore(path).graph()) == 3  # read from the JSON: a snapshot without a stamp
    assert _recorded(path) == (0, 0, 0, 0)


@POSIX_ONLY
def test_a_json_read_of_a_settled_file_records_its_stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "g.json"
    write_graph(odd_graph(), path)
    monkeypatch.setattr(snapshot, "SETTLED_NS", 0)
    time.sleep(0.05)
    assert len(EmbeddedStore(path).graph()) == 3  # from the JSON: the snapshot is written
    assert _recorded(path) == _stamp(path)
    hashed = _hashes(monkeypatch)
    assert layout(EmbeddedStore(path).graph()) == layout(read_graph(path)) and hashed == []


def _flip_last_byte(file: Path) -> None:
    raw = bytearray(file.read_bytes())
    raw[-1] ^= 0x01
    file.write_bytes(bytes(raw))


def _other_version(file: Path) -> None:
    raw = file.read_bytes()
    length = int.from_bytes(raw[8:12], "little")
    header = msgpack.unpackb(raw[12:12 + length])
    header["format"] = snapshot.FORMAT_VERSION + 1
    packed = msgpack.packb(header)
    file.write_bytes(raw[:8] + len(packed).to_bytes(4, "little") + packed + raw[12 + length:])


@pytest.mark.parametrize("damage", [
    lambda f: f.write_bytes(f.read_bytes()[: f.stat().st_size // 2]),
    lambda f: f.write_bytes(f.read_bytes()[:10]),
    lambda f: f.write_bytes(b""),
    lambda f: f.write_bytes(b"\x80\x04K\x01." * 20),  # a pickle: never unpickled, just not a snapshot
    _flip_last_byte,
    _other_version,
    lambda f: f.write_bytes(snapshot.MAGIC + (2**32 - 1).to_bytes(4, "little") + b"\xc1" * 64),
], ids=["half", "head-only", "empty", "pickle", "flipped-bit", "other-version", "bad-header"])
def test_a_broken_snapshot_falls_back_to_the_json_without_a_word(tmp_path: Path, damage) -> None:
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(odd_graph())
    damage(snapshot_path(path))
    result = CliRunner().invoke(main, ["--graph", str(path), "stats"])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert layout(EmbeddedStore(path).graph()) == layout(read_graph(path))
    assert snapshot._header(snapshot_path(path)) is not None  # and a good one is back


def test_a_value_the_snapshot_cannot_hold_leaves_none(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(odd_graph())
    kg = odd_graph()
    kg.props("project:aurora")["budget"] = 2**70  # JSON holds it; MessagePack stops at 64 bits
    EmbeddedStore(path).replace(kg)
    assert not snapshot_path(path).exists()
    assert EmbeddedStore(path).graph().props("project:aurora")["budget"] == 2**70
    assert not snapshot_path(path).exists()


def test_a_reader_leaves_the_snapshot_to_a_writer_holding_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    write_graph(odd_graph(), path)
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with write_lock(path):
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(10)
        assert len(EmbeddedStore(path).graph()) == 3  # does not wait for the lock
        assert not snapshot_path(path).exists()
    finally:
        release.set()
        thread.join()
    assert len(EmbeddedStore(path).graph()) == 3
    assert snapshot_path(path).exists()


def test_a_failed_snapshot_write_leaves_no_half_file_and_its_temporaries_are_cleaned(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "g.json"
    write_graph(odd_graph(), path)
    stale = tmp_path / f"{temporary_prefix(snapshot_path(path))}k1l2e3d4{TEMPORARY_SUFFIX}"  # a killed writer's
    stale.write_bytes(b"half a snapshot")

    def crash(_fd: int) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", crash)
        assert len(EmbeddedStore(path).graph()) == 3
    assert not snapshot_path(path).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".g.json.lock", "g.json"]  # the stale one went too
    EmbeddedStore(path).graph()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".g.json.lock", ".g.json.snapshot", "g.json"]


def test_the_loaded_graph_is_frozen_out_of_the_collector(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(make_graph(500))
    before = gc.get_freeze_count()
    kg = EmbeddedStore(path).graph()
    assert gc.get_freeze_count() >= before + len(kg) and gc.isenabled()
    gc.unfreeze()


def test_a_map_with_a_type_key_stays_a_map(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(odd_graph())
    assert load_graph(path).props("organisation:nordlys-lab")["meta"] == {"$type": "not a tag", "value": [1, 2]}


def test_an_element_the_json_reader_cannot_make_gets_no_snapshot(tmp_path: Path) -> None:
    """The snapshot puts an ``id`` back wherever one is missing (as the JSON reader does), so an
    edge without one (the reader gives every edge its key as ``id``) cannot be held: no snapshot."""
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(odd_graph())
    kg = read_graph(path)
    kg.nx.add_edge("_:blank", "project:aurora", key="no-id", type="PART_OF", props={"evidence": []})
    snapshot.write_snapshot(kg, path, snapshot.Source(1, b"x"))
    assert not snapshot_path(path).exists()


def test_a_snapshot_with_an_edge_to_a_missing_node_is_not_used(tmp_path: Path) -> None:
    """Checked when opening, although only the predecessor map (built later) would trip on it."""
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(odd_graph())
    kg = read_graph(path)
    kg.nx._succ["_:blank"]["ghost"] = {"e": {"type": "PART_OF", "props": {"evidence": [], "id": "e"}}}
    snapshot.write_snapshot(kg, path, snapshot.Source.of_bytes(path.read_bytes()))
    assert snapshot._header(snapshot_path(path)) is not None
    assert layout(EmbeddedStore(path).graph()) == layout(read_graph(path))


def test_the_schema_comes_with_the_snapshot_until_the_graph_changes(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(odd_graph())
    expected = Schema.of_graph(read_graph(path).nx)
    passes: list[int] = []
    real = Schema.of_graph
    monkeypatch.setattr(Schema, "of_graph", lambda graph: passes.append(1) or real(graph))
    store = EmbeddedStore(path)
    assert store.schema() == expected and passes == []
    assert "Call" in expected.labels and "WORKS_FOR" in expected.types and {"id", "meta", "share"} <= expected.keys
    store.graph().add_node("Country", "Iceland", iso="IS")  # a change: the recorded schema is old
    assert store.schema() == real(store.graph().nx) and "iso" in store.schema().keys and passes


def test_empty_property_lists_of_a_graph_opened_from_its_snapshot_are_one_shared_list(tmp_path: Path) -> None:
    """Every empty list among the elements' properties is :data:`snapshot.SHARED_EMPTY` (not the
    metadata's); changing the graph through the model and Cypher replaces lists, so the shared
    one stays empty and the file gets exactly what was changed."""
    path = tmp_path / "g.json"
    kg = odd_graph()
    kg.metadata["warnings"] = []
    EmbeddedStore(path).replace(kg)
    store = EmbeddedStore(path)
    opened = store.graph()
    props = opened.nx.nodes["_:blank"]["props"]
    edges = [d["props"] for _, _, d in opened.nx.edges(data=True)]
    assert props["aliases"] is snapshot.SHARED_EMPTY and props["evidence"] is snapshot.SHARED_EMPTY
    assert any(p.get("evidence") is snapshot.SHARED_EMPTY for p in edges)
    assert opened.metadata["warnings"] == [] and opened.metadata["warnings"] is not snapshot.SHARED_EMPTY
    opened.add_node("Person", "Anon", key="_:blank", aliases=["A."])
    execute(parse("MATCH (p:Person) SET p.tags = p.evidence + ['x']"), opened)
    store.replace(opened)
    assert snapshot.SHARED_EMPTY == []
    again = read_graph(path).nx.nodes["_:blank"]["props"]
    assert (again["aliases"], again["evidence"], again["tags"]) == (["A."], [], ["x"])


def test_a_graph_is_not_written_once_the_shared_empty_list_was_changed(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    EmbeddedStore(path).replace(odd_graph())
    opened = EmbeddedStore(path).graph()
    opened.nx.nodes["_:blank"]["props"]["aliases"].append("leaked")  # the bug the check is there for
    try:
        with pytest.raises(StoreError, match="changed in place"):
            EmbeddedStore(path).replace(opened)
    finally:
        snapshot.SHARED_EMPTY.clear()
    assert read_graph(path).nx.nodes["_:blank"]["props"]["aliases"] == []
