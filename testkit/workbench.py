"""Run ``nordgraph serve`` in a child process on a free loopback port, for tests and benchmarks."""
from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nordgraph.graph.errors import NordgraphError


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_workbench(graph: Path, *extra: str) -> Iterator[str]:
    """Serve ``graph`` until the block ends; yields the origin, ``http://127.0.0.1:PORT``."""
    port = free_port()
    child = subprocess.Popen([sys.executable, "-m", "nordgraph", "serve", "--graph", str(graph), "--port", str(port),
                              "--no-browser", *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = child.stdout.readline() if child.stdout else ""
        if "workbench on http://127.0.0.1:" not in line:
            raise NordgraphError(f"nordgraph serve did not start: {line.strip()}")
        yield f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
