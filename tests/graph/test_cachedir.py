"""The Cypher parser's table cache is unpickled by Lark: it must sit in the user's own cache
directory, and a directory others can write to is never used."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nordgraph.graph.cachedir import private_dir


def test_private_dir_is_made_for_the_user_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NORDGRAPH_CACHE", str(tmp_path / "cache"))
    found = private_dir("cypher")
    assert found == tmp_path / "cache" / "cypher"
    assert found.stat().st_mode & 0o077 == 0


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_directory_others_can_write_to_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NORDGRAPH_CACHE", str(tmp_path))
    shared = tmp_path / "cypher"
    shared.mkdir()
    shared.chmod(0o777)
    assert private_dir("cypher") is None


def test_the_parser_keeps_its_tables_in_the_cache_dir_not_in_tmp(tmp_path: Path) -> None:
    env = {**os.environ, "NORDGRAPH_CACHE": str(tmp_path)}
    code = "from nordgraph.graph.cypher.parser import parse; print(parse('RETURN 1 AS x').updating)"
    for _ in range(2):  # the first run writes the tables, the second reads them
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert done.stdout.strip() == "False"
    assert [p.name.startswith("lalr-") for p in (tmp_path / "cypher").iterdir()] == [True]
