"""A TCP proxy on loopback that can stop passing bytes: a server that hangs mid-conversation.

Tests point the Bolt driver at :attr:`StallingProxy.uri`; until :meth:`StallingProxy.stall` the
proxy relays every byte to and from the real server, afterwards it passes none either way while
keeping every connection open, which is what a deadlocked or overloaded server looks like to a
client. With no upstream (``upstream=None``) it accepts connections and never answers at all.
"""
from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field


@dataclass
class StallingProxy:
    """Listens on 127.0.0.1 (a free port) and relays to ``upstream`` (``host, port``) until stalled."""

    upstream: tuple[str, int] | None
    stalled: threading.Event = field(default_factory=threading.Event)
    _listener: socket.socket = field(init=False)
    _sockets: list[socket.socket] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self._listener.getsockname()[1]}"

    def stall(self) -> None:
        """From now on, pass nothing in either direction."""
        self.stalled.set()

    def close(self) -> None:
        """Stop listening and hang up every connection (so no thread of the proxy lingers)."""
        self.stalled.set()
        for sock in [self._listener, *self._sockets]:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def __enter__(self) -> "StallingProxy":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            self._sockets.append(client)
            if self.upstream is None:
                continue  # accept, never answer
            server = socket.create_connection(self.upstream)
            self._sockets.append(server)
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._relay, args=(source, target), daemon=True).start()

    def _relay(self, source: socket.socket, target: socket.socket) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                return
            if self.stalled.is_set():
                return  # keep both sockets open and silent
            if not data:  # one side hung up: tell the other
                try:
                    target.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                return
            try:
                target.sendall(data)
            except OSError:
                return
