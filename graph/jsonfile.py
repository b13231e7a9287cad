"""The embedded store's file: node-link JSON with a schema version, written atomically.

The same document is nordgraph's JSON export, the form ``kgscore.py`` reads: each node has
``id``, ``label`` (its first label), ``labels``, ``name``, ``aliases``, ``properties`` and
``evidence``; each edge has ``id``, ``source``, ``target``, ``type``, ``properties`` and
``evidence``; ``documents`` lists the documents the graph was built from.

Temporal property values (Cypher's date, localtime, time, localdatetime, datetime and
duration, see :mod:`graph.temporal`) keep their type through the file. JSON has no such type,
so inside ``properties`` (and only there, as a value or an element of a list value) each one is
written as a tagged map holding its kind and its ISO 8601 text::

    "deadline": {"$type": "date", "value": "2025-03-01"}
    "opens": {"$type": "datetime", "value": "2025-01-10T09:00+01:00[Europe/Oslo]"}
    "runs": {"$type": "duration", "value": "P1Y6M"}

A map value that itself has a ``"$type"`` key is written as ``{"$type": "map", "value": {...}}``,
so no stored map is ever read back as something else. Files without tags (all files written
before temporal values were kept) read as before, so the schema version is unchanged.
"""
from __future__ import annotations

import gc
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx

from nordgraph.graph.errors import StoreError
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.reserved import SHAPES
from nordgraph.graph.temporal import KINDS, Duration, Temporal, parse_duration, parse_temporal
from nordgraph.graph.values import json_text

FORMAT = "nordgraph"
SCHEMA_VERSION = 1
_NODE_FIELDS = ("id", "name", "aliases", "evidence")
_EDGE_FIELDS = ("id", "evidence")
#: The key that marks a tagged property value (see the module docstring).
TYPE_TAG = "$type"


def graph_to_data(kg: KnowledgeGraph) -> dict[str, Any]:
    """The JSON-ready node-link form of ``kg``.

    Each reserved field is checked with the reader's own test as it is written (never coerced:
    ``list("Nordlys")`` would be seven aliases), so a graph the reader would refuse raises
    :class:`StoreError` naming the element here, before anything is written.
    """
    nodes = []
    for key, data in kg.nx.nodes(data=True):
        props, where = data["props"], f"node {key!r}"
        nodes.append({
            "id": key,
            "label": data["labels"][0] if data["labels"] else None,
            "labels": _shaped(list(data["labels"]), "labels", where),
            "name": _shaped(props.get("name"), "name", where),
            "aliases": _shaped(props.get("aliases"), "aliases", where) or [],
            "properties": {k: _encode(v) for k, v in props.items() if k not in _NODE_FIELDS},
            "evidence": _shaped(props.get("evidence"), "evidence", where) or [],
        })
    edges = []
    for source, target, key, data in kg.nx.edges(keys=True, data=True):
        props = data["props"]
        edges.append({
            "id": key,
            "source": source,
            "target": target,
            "type": data["type"],
            "properties": {k: _encode(v) for k, v in props.items() if k not in _EDGE_FIELDS},
            "evidence": _shaped(props.get("evidence"), "evidence", f"edge {key!r}") or [],
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


def data_to_graph(data: Any) -> KnowledgeGraph:
    """Rebuild a graph from :func:`graph_to_data` output.

    A file of another schema version, or one whose shape is wrong (a node without an id, an
    edge to a node that is not there, properties that are not a map ...), raises
    :class:`StoreError` naming the element, rather than loading something half right.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreError("not a nordgraph graph file (no \"format\": \"nordgraph\")")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise StoreError(f"graph file has schema version {version!r}; this nordgraph reads {SCHEMA_VERSION}")
    g = nx.MultiDiGraph()
    for number, node in enumerate(_items(data, "nodes"), start=1):
        where = f"node {number}"
        key = _required_text(node, "id", where)
        where = f"node {key!r}"
        props = _decoded(_mapping(node.get("properties"), "properties", where), where)
        if _shaped(node.get("name"), "name", where) is not None:
            props["name"] = node["name"]
        props["aliases"] = _shaped(node.get("aliases"), "aliases", where) or []
        props["evidence"] = _shaped(node.get("evidence"), "evidence", where) or []
        if "id" not in props and not key.startswith("_:"):
            props["id"] = key
        labels = node.get("labels") or ([node["label"]] if node.get("label") else [])
        g.add_node(key, labels=tuple(_shaped(labels, "labels", where)), props=props)
    for number, edge in enumerate(_items(data, "edges"), start=1):
        where = f"edge {number}"
        key = _required_text(edge, "id", where)
        where = f"edge {key!r}"
        ends = [_required_text(edge, end, where) for end in ("source", "target")]
        for end in ends:
            if end not in g:
                raise StoreError(f"graph file: {where} names node {end!r}, which the file does not have")
        props = _decoded(_mapping(edge.get("properties"), "properties", where), where)
        props["evidence"] = _shaped(edge.get("evidence"), "evidence", where) or []
        props.setdefault("id", key)
        g.add_edge(ends[0], ends[1], key=key, type=_required_text(edge, "type", where), props=props)
    metadata = _mapping(data.get("graph"), "graph", "the file")
    metadata["documents"] = _mapping(data.get("documents"), "documents", "the file")
    return KnowledgeGraph(g, metadata)


def _items(data: dict[str, Any], field: str) -> list[dict[str, Any]]:
    items = data.get(field) or []
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise StoreError(f"graph file: {field!r} must be a list of objects")
    return items


def _required_text(item: dict[str, Any], field: str, where: str) -> str:
    value = item.get(field)
    if not isinstance(value, str) or not value:
        raise StoreError(f"graph file: {where} has no {field!r} (a non-empty string)")
    return value


def _mapping(value: Any, field: str, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise StoreError(f"graph file: {field!r} of {where} must be an object, not {type(value).__name__}")
    return dict(value)


def _shaped(value: Any, field: str, where: str) -> Any:
    """``value`` (a copy of a list) if it has the shape :data:`graph.reserved.SHAPES` gives ``field``, or None."""
    if value is None:
        return None
    what, test = SHAPES[field]
    if not test(value):
        raise StoreError(f"graph file: {field!r} of {where} must be {what}, not {type(value).__name__}")
    return list(value) if isinstance(value, list) else value


def _encode(value: Any) -> Any:
    """A property value as the file holds it: temporal values and ``$type`` maps tagged."""
    kind = type(value)
    if kind is Temporal:
        return {TYPE_TAG: value.kind, "value": str(value)}
    if kind is Duration:
        return {TYPE_TAG: "duration", "value": str(value)}
    if kind is list:
        return [_encode(v) for v in value]
    if kind is dict and TYPE_TAG in value:
        return {TYPE_TAG: "map", "value": value}
    return value


def _decoded(properties: dict[str, Any] | None, owner: str) -> dict[str, Any]:
    """The ``properties`` of a node or edge with tagged values read back (see :func:`_encode`)."""
    try:
        return {k: _decode(v) for k, v in (properties or {}).items()}
    except ValueError as exc:
        raise StoreError(f"graph file: {owner} property: {exc}") from None


def _decode(value: Any) -> Any:
    if type(value) is list:
        return [_decode(v) for v in value]
    if type(value) is not dict or TYPE_TAG not in value:
        return value
    kind, text = value[TYPE_TAG], value.get("value")
    if set(value) != {TYPE_TAG, "value"}:
        raise ValueError(f"a {TYPE_TAG!r} map has exactly the keys {TYPE_TAG!r} and 'value', not {sorted(value)}")
    if kind == "map" and type(text) is dict:
        return text
    if kind == "duration" and type(text) is str:
        return parse_duration(text)
    if kind in KINDS and type(text) is str:
        return parse_temporal(kind, text)
    raise ValueError(f"unknown tagged value {value!r} (known {TYPE_TAG}s: {', '.join((*KINDS, 'duration', 'map'))})")


def read_graph(path: str | os.PathLike[str]) -> KnowledgeGraph:
    """Load the graph file at ``path``; a missing file is an empty graph."""
    path = Path(path)
    if not path.exists():
        return KnowledgeGraph()
    with collector_paused():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StoreError(f"cannot read graph file {path}: {exc}") from exc
        return data_to_graph(data)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with Python's cyclic garbage collector off.

    Loading a graph makes millions of long-lived dicts and strings and no garbage cycles; each
    allocation burst would otherwise trigger collections that walk everything made so far (on a
    218,000-edge graph they took 2.8 of the load's 5.2 s).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def write_graph(kg: KnowledgeGraph, path: str | os.PathLike[str]) -> None:
    """Write ``kg`` to ``path`` atomically (see :func:`atomic_write_text`), as strict JSON with
    control characters escaped so that printing the file is safe; a graph the reader would refuse,
    or a value JSON cannot hold (NaN), is a :class:`StoreError` and leaves the file as it was."""
    try:
        text = json_text(graph_to_data(kg), indent=1, allow_nan=False)
    except (StoreError, TypeError, ValueError) as exc:
        raise StoreError(f"{path} was not written: {exc}") from None
    atomic_write_text(Path(path), text)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half.

    The text goes to a temporary file in the same directory, is flushed and fsynced, then
    renamed over ``path`` (an atomic operation on POSIX and Windows); the directory is fsynced
    so the rename itself survives a crash.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=TEMPORARY_SUFFIX, dir=path.parent)
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


#: Temporary files of :func:`atomic_write_text` are ``.NAME.`` + eight characters + this; a write
#: killed half-way leaves one, which the next locked write removes (:mod:`graph.locking`).
TEMPORARY_SUFFIX = ".tmp"


def temporary_prefix(path: Path) -> str:
    """How the names of ``path``'s temporary files begin."""
    return f".{path.name}."


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
