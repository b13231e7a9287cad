"""Where nordgraph keeps what it can rebuild: per-document readings, the Cypher parser's tables.

One place for the cache root, and a check that a cache directory is the user's own: a cache
file that is unpickled (Lark's parser tables are) must never come from a directory that
another local user can write to, as the shared temporary directory is.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path


def default_cache_dir() -> Path:
    """``$NORDGRAPH_CACHE``, else ``$XDG_CACHE_HOME/nordgraph``, else ``~/.cache/nordgraph``."""
    explicit = os.environ.get("NORDGRAPH_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "nordgraph"


def private_dir(name: str) -> Path | None:
    """``default_cache_dir() / name``, made if missing (mode 0700), when it is a directory that
    only this user can write to; else None (the caller then works without a cache)."""
    path = default_cache_dir() / name
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    return path
