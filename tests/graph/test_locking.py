"""One writer at a time: parallel writers of a graph or overrides file lose nothing, a busy lock
fails with one line after the timeout, and temporary files of killed writes are cleaned up."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nordgraph.graph.errors import StoreError
from nordgraph.graph.locking import lock_path, write_lock
from nordgraph.graph.store import EmbeddedStore
from nordgraph.loaders.curation import load_overrides, record_distinct

#: Holds the write lock of argv[1] until killed, after saying so on standard output.
HOLDER = """
import sys, time
from nordgraph.graph.locking import write_lock
with write_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(120)
"""


def nordgraph(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "nordgraph", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})


@pytest.fixture
def holder(tmp_path: Path) -> subprocess.Popen[str]:
    """Another process holding the lock of ``tmp_path / "g.json"``."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "g.json")],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    yield process
    process.kill()
    process.wait()


def test_ten_parallel_creates_leave_ten_nodes(tmp_path: Path) -> None:
    graph = tmp_path / "g.json"
    writers = [nordgraph("query", "--write", "CREATE (:Organisation {name: 'N' + $i})", "--param", f"i={i}",
                         "--graph", str(graph)) for i in range(10)]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    names = {node["name"] for node in json.loads(graph.read_text(encoding="utf-8"))["nodes"]}
    assert names == {f"N{i}" for i in range(10)}


def test_parallel_curation_decisions_are_all_kept(tmp_path: Path) -> None:
    overrides = tmp_path / "g.overrides.yaml"
    script = ("import sys; from nordgraph.loaders.curation import record_distinct; "
              "record_distinct(sys.argv[1], 'A' + sys.argv[2], 'B')")
    writers = [subprocess.Popen([sys.executable, "-c", script, str(overrides), str(i)], stderr=subprocess.PIPE,
                                text=True) for i in range(8)]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    assert len(load_overrides(overrides)) == 8


def test_a_busy_lock_fails_with_one_line_after_the_timeout(tmp_path: Path, holder: subprocess.Popen[str]) -> None:
    graph = tmp_path / "g.json"
    started = time.monotonic()
    writer = nordgraph("query", "--write", "CREATE (:Organisation {name: 'late'})", "--graph", str(graph),
                       env={"NORDGRAPH_LOCK_TIMEOUT": "0.5"})
    _, err = writer.communicate(timeout=60)
    assert writer.returncode == 1
    assert err.startswith(f"Error: another nordgraph process is writing {graph}") and "0.5 s" in err
    assert len(err.strip().splitlines()) == 1
    assert time.monotonic() - started < 30 and not graph.exists()


def test_a_killed_writer_leaves_no_lock_behind(tmp_path: Path, holder: subprocess.Popen[str]) -> None:
    holder.kill()
    holder.wait()
    with write_lock(tmp_path / "g.json", timeout=0):
        pass


def test_a_thread_may_take_the_lock_again_inside_a_read_modify_write(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "g.json")
    store.query("CREATE (:Organisation {name: 'A'})")
    with store.locked():
        kg = store.graph()
        kg.add_node("Organisation", "B")
        store.replace(kg)  # locks again: must not wait for itself
    assert sorted(EmbeddedStore(tmp_path / "g.json").graph().name(k) for k in kg.nodes()) == ["A", "B"]


def test_a_graph_loaded_before_another_write_is_read_again_under_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    first, second = EmbeddedStore(path), EmbeddedStore(path)
    first.query("CREATE (:Organisation {name: 'A'})")
    assert len(second.graph()) == 1  # loaded, then another writer adds a node
    first.query("CREATE (:Organisation {name: 'B'})")
    second.query("CREATE (:Organisation {name: 'C'})")
    assert sorted(n["name"] for n in json.loads(path.read_text(encoding="utf-8"))["nodes"]) == ["A", "B", "C"]


def test_the_next_write_removes_temporary_files_of_killed_writes_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    EmbeddedStore(path).query("CREATE (:Organisation {name: 'A'})")
    stale = [tmp_path / ".g.json.k1l2e3d4.tmp", tmp_path / ".g.json.a_b_c_d_.tmp"]
    others = [tmp_path / ".g.json.not-ours.tmp", tmp_path / ".other.json.k1l2e3d4.tmp", tmp_path / "notes.tmp",
              tmp_path / ".g.json.k1l2e3d4.tmp.bak"]
    for file in stale + others:
        file.write_bytes(b"x" * 1024)
    EmbeddedStore(path).query("CREATE (:Organisation {name: 'B'})")
    assert not [file for file in stale if file.exists()]
    assert all(file.exists() for file in others)
    assert sorted(p.name for p in tmp_path.iterdir() if p not in others) == [".g.json.lock", ".g.json.snapshot", "g.json"]


def test_curation_writes_clean_their_file_s_temporaries_too(tmp_path: Path) -> None:
    overrides = tmp_path / "g.overrides.yaml"
    stale = tmp_path / ".g.overrides.yaml.zz99yy88.tmp"
    stale.write_text("half a decision", encoding="utf-8")
    record_distinct(overrides, "A", "B")
    assert not stale.exists() and lock_path(overrides).exists()


def test_a_bad_lock_timeout_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NORDGRAPH_LOCK_TIMEOUT", "soon")
    with pytest.raises(StoreError, match="NORDGRAPH_LOCK_TIMEOUT='soon'"):
        EmbeddedStore(tmp_path / "g.json").query("CREATE (:Organisation {name: 'A'})")
