"""The embedded store's file: node-link JSON with a schema version, written atomically.

The same document is nordgraph's JSON export, the form ``kgscore.py`` reads: each node has
``id``, ``label`` (its first label), ``labels``, ``name``, ``aliases``, ``properties`` and
``evidence``; each edge has ``id``, ``source``, ``target``, ``type``, ``properties`` and
``evidence``; ``documents`` lists the documents the graph was built from.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import StoreError
from graph.model import KnowledgeGraph

FORMAT = "nordgraph"
SCHEMA_VERSION = 1
_NODE_FIELDS = ("id", "name", "aliases", "evidence")
_EDGE_FIELDS = ("id", "evidence")


def graph_to_data(kg: KnowledgeGraph) -> dict[str, Any]:
    """The JSON-ready node-link form of ``kg``."""
    nodes = []
    for key, data in kg.nx.nodes(data=True):
        props = data["props"]
        nodes.append({
            "id": key,
            "label": data["labels"][0] if data["labels"] else None,
            "labels": list(data["labels"]),
            "name": props.get("name"),
            "aliases": list(props.get("aliases", [])),
            "properties": {k: v for k, v in props.items() if k not in _NODE_FIELDS},
            "evidence": list(props.get("evidence", [])),
        })
    edges = []
    for source, target, key, data in kg.nx.edges(keys=True, data=True):
        props = data["props"]
        edges.append({
            "id": key,
            "source": source,
            "target": target,
            "type": data["type"],
            "properties": {k: v for k, v in props.items() if k not in _EDGE_FIELDS},
            "evidence": list(props.get("evidence", [])),
        })
    meta = {k: v for k, v in kg.metadata.items() if k != "documents"}
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "directed": True,
        "multigraph": True,
        "graph": meta,
        "documents": kg.documents,
        "nodes": nodes,
        "edges": edges,
    }


def data_to_graph(data: dict[str, Any]) -> KnowledgeGraph:
    """Rebuild a graph from :func:`graph_to_data` output; rejects other schema versions."""
    if data.get("format") != FORMAT:
        raise StoreError("not a nordgraph graph file (no \"format\": \"nordgraph\")")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise StoreError(f"graph file has schema version {version!r}; this nordgraph reads {SCHEMA_VERSION}")
    g = nx.MultiDiGraph()
    for node in data.get("nodes", []):
        props = dict(node.get("properties") or {})
        if node.get("name") is not None:
            props["name"] = node["name"]
        props["aliases"] = list(node.get("aliases") or [])
        props["evidence"] = list(node.get("evidence") or [])
        if "id" not in props and not str(node["id"]).startswith("_:"):
            props["id"] = node["id"]
        labels = tuple(node.get("labels") or ([node["label"]] if node.get("label") else []))
        g.add_node(node["id"], labels=labels, props=props)
    for edge in data.get("edges", []):
        props = dict(edge.get("properties") or {})
        props["evidence"] = list(edge.get("evidence") or [])
        props.setdefault("id", edge["id"])
        g.add_edge(edge["source"], edge["target"], key=edge["id"], type=edge["type"], props=props)
    metadata = dict(data.get("graph") or {})
    metadata["documents"] = dict(data.get("documents") or {})
    return KnowledgeGraph(g, metadata)


def read_graph(path: str | os.PathLike[str]) -> KnowledgeGraph:
    """Load the graph file at ``path``; a missing file is an empty graph."""
    path = Path(path)
    if not path.exists():
        return KnowledgeGraph()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"cannot read graph file {path}: {exc}") from exc
    return data_to_graph(data)


def write_graph(kg: KnowledgeGraph, path: str | os.PathLike[str]) -> None:
    """Write ``kg`` to ``path`` atomically (see :func:`atomic_write_text`)."""
    text = json.dumps(graph_to_data(kg), ensure_ascii=False, indent=1)
    atomic_write_text(Path(path), text)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half.

    The text goes to a temporary file in the same directory, is flushed and fsynced, then
    renamed over ``path`` (an atomic operation on POSIX and Windows); the directory is fsynced
    so the rename itself survives a crash.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:  # directories cannot be opened on some platforms
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0666 less the umask).

    ``mkstemp`` creates 0600 files, which would silently make a shared graph private.
    """
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
