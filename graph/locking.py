"""One writer at a time per file: an exclusive lock on a sidecar ``.NAME.lock`` beside it.

Writes replace a file atomically, so readers need no lock; but two processes that each read the
graph, change it and write it back (ten ``nordgraph query "CREATE ..."`` at once) would each
write their own copy and lose the others' changes. Every write to the graph file and to the
curation overrides file therefore holds :func:`write_lock` from the read to the write; the others
wait for it, up to ``$NORDGRAPH_LOCK_TIMEOUT`` seconds (default 60), then fail with one line.

The lock is ``fcntl.flock`` (Linux, macOS) or ``msvcrt.locking`` (Windows) on the sidecar file.
The operating system releases it when its process dies, so a killed writer leaves no stale lock;
the sidecar itself stays (deleting it while another process waits on it would let two writers
in). The ``filelock`` package does the same; these few lines spare a dependency.

A writer that holds the lock also deletes the temporary files killed writers left behind
(``.NAME.xxxxxxxx.tmp``, see :func:`graph.jsonfile.atomic_write_text`): while it holds the lock
no live writer can own one.
"""
from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nordgraph.graph.errors import StoreError
from nordgraph.graph.jsonfile import TEMPORARY_SUFFIX, temporary_prefix

LOCK_TIMEOUT_ENV = "NORDGRAPH_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 60.0
#: Seconds between attempts while another process holds the lock.
POLL_SECONDS = 0.02

if os.name == "nt":  # pragma: no cover - Windows
    import msvcrt

    _BUSY: tuple[type[OSError], ...] = (PermissionError,)

    def _try_lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    _BUSY = (BlockingIOError,)

    def _try_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


#: Per file, a lock for the threads of this process (``flock`` does not tell them apart) and the
#: descriptor holding the file lock while a thread holds it; a thread may take it again (a
#: read-modify-write around a write that locks too).
_THREADS: dict[str, threading.RLock] = {}
_HELD: dict[str, int] = {}
_REGISTRY = threading.Lock()


def lock_path(path: Path) -> Path:
    """The sidecar file locked for writes to ``path``."""
    return path.parent / f".{path.name}.lock"


def lock_timeout() -> float:
    """Seconds to wait for another writer: ``$NORDGRAPH_LOCK_TIMEOUT``, else 60."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV)
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        raise StoreError(f"{LOCK_TIMEOUT_ENV}={raw!r}: give the seconds to wait, a number of 0 or more")
    return seconds


@contextmanager
def write_lock(path: str | os.PathLike[str], timeout: float | None = None) -> Iterator[None]:
    """Hold the write lock of ``path``; wait at most ``timeout`` seconds (default
    :func:`lock_timeout`) for another writer, then raise :class:`StoreError` saying who holds it."""
    path = Path(path)
    key = os.path.abspath(path)
    limit = lock_timeout() if timeout is None else timeout
    with _REGISTRY:
        thread_lock = _THREADS.setdefault(key, threading.RLock())
    if not thread_lock.acquire(timeout=limit):
        raise _busy(path, limit)
    try:
        if key in _HELD:  # this thread holds it already
            yield
            return
        _HELD[key] = _lock_file(path, limit)
        try:
            remove_stale_temporaries(path)
            yield
        finally:
            fd = _HELD.pop(key)
            _unlock(fd)
            os.close(fd)
    finally:
        thread_lock.release()


def _lock_file(path: Path, limit: float) -> int:
    sidecar = lock_path(path)
    sidecar.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(sidecar, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: cannot open its lock file {sidecar}: {exc.strerror}") from None
    deadline = time.monotonic() + limit
    while True:
        try:
            _try_lock(fd)
            return fd
        except _BUSY:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise _busy(path, limit) from None
            time.sleep(POLL_SECONDS)


def _busy(path: Path, limit: float) -> StoreError:
    return StoreError(f"another nordgraph process is writing {path} (it holds {lock_path(path).name}); "
                      f"gave up after waiting {limit:g} s (set {LOCK_TIMEOUT_ENV} to wait longer)")


def remove_stale_temporaries(path: Path) -> None:
    """Delete the temporary files of writes to ``path`` that never finished; call with the lock held.

    Only names :func:`graph.jsonfile.atomic_write_text` makes (its prefix, the eight characters
    ``tempfile`` adds, ``.tmp``) are touched.
    """
    pattern = re.compile(re.escape(temporary_prefix(path)) + r"[a-z0-9_]{8}" + re.escape(TEMPORARY_SUFFIX))
    try:
        entries = list(os.scandir(path.parent))
    except FileNotFoundError:
        return
    for entry in entries:
        if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)
