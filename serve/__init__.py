"""``nordgraph serve``: the analyst's workbench, a local web app over one graph store.

A Cypher editor with completion and history, the canned queries as forms, results as a table,
a graph (``graph.viz``'s own view) or a chart, downloads, a node panel with every evidence quote,
and curation that writes the overrides file ``nordgraph curate`` writes. Read-only unless the
page's write switch is on. Everything it serves ships in the installed packages; it binds
127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import webbrowser
from pathlib import Path

from nordgraph.graph.errors import NordgraphError
from nordgraph.graph.store import GraphStore
from nordgraph.serve.api import Workbench
from nordgraph.serve.app import create_app, vega_bundle

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_free(host: str, port: int) -> None:
    """One ``Error:`` line for a port in use (uvicorn would log it and exit with status 3,
    which nordgraph keeps for a build that skipped files)."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise NordgraphError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port") from exc


def serve(store: GraphStore, overrides: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          open_browser: bool = True) -> None:
    """Serve the workbench until interrupted; open it in the browser once the server listens."""
    import uvicorn

    _check_free(host, port)
    config = uvicorn.Config(create_app(Workbench(store, overrides)), host=host, port=port,
                            log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    url = f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}/"

    def announce() -> None:
        while not server.started and not server.should_exit:
            threading.Event().wait(0.05)
        if server.started:
            print(f"nordgraph workbench on {url} (Ctrl+C stops it)", flush=True)
            if open_browser:
                webbrowser.open(url)

    threading.Thread(target=announce, daemon=True).start()
    threading.Thread(target=vega_bundle, daemon=True).start()  # built once (1-2 s), before the first chart asks
    server.run()


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "Workbench", "create_app", "is_loopback", "serve"]
