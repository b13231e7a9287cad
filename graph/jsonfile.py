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
from collections.abc import Iterable, Iterator
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
        props = data["props"]
        nodes.append({
            "id": key,
            "label": data["labels"][0] if data["labels"] else None,
            "labels": _shaped(list(data["labels"]), "labels", "node", key),
            "name": _shaped(props.get("name"), "name", "node", key),
            "aliases": _shaped(props.get("aliases"), "aliases", "node", key) or [],
            "properties": {k: _encode(v) for k, v in props.items() if k not in _NODE_FIELDS},
            "evidence": _shaped(props.get("evidence"), "evidence", "node", key) or [],
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
            "evidence": _shaped(props.get("evidence"), "evidence", "edge", key) or [],
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
    return _build_graph(_node_rows(data), _edge_rows(data), data.get("graph"), data.get("documents"))


#: A node as :func:`_build_graph` takes it: id, labels, name, aliases, properties, evidence, each
#: as the file holds it (properties with their tagged values, see the module docstring).
NodeRow = tuple[Any, Any, Any, Any, Any, Any]
#: An edge as :func:`_build_graph` takes it: id, source id, target id, type, properties, evidence.
EdgeRow = tuple[Any, Any, Any, Any, Any, Any]


def _node_rows(data: dict[str, Any]) -> Iterator[NodeRow]:
    """The file's nodes as :data:`NodeRow` s (a node may give only its first ``label``)."""
    for node in _items(data, "nodes"):
        get = node.get
        yield (get("id"), get("labels") or ([node["label"]] if get("label") else []), get("name"),
               get("aliases"), get("properties"), get("evidence"))


def _edge_rows(data: dict[str, Any]) -> Iterator[EdgeRow]:
    """The file's edges as :data:`EdgeRow` s."""
    for edge in _items(data, "edges"):
        get = edge.get
        yield get("id"), get("source"), get("target"), get("type"), get("properties"), get("evidence")


def _build_graph(nodes: Iterable[NodeRow], edges: Iterable[EdgeRow], metadata: Any, documents: Any) -> KnowledgeGraph:
    """The graph from the file's rows, every element checked.

    NetworkX's own dictionaries are filled directly, as ``add_node``/``add_edge`` would fill them
    (same order, a repeated edge key between the same nodes updating the first), at a fraction of
    their cost per element; equal strings (node ids at both ends of edges, labels, types) are kept
    once.
    """
    g = nx.MultiDiGraph()
    node_data, succ, pred = g._node, g._succ, g._pred
    keys: dict[str, str] = {}  # each node id to the one string object every reference shares
    label_sets: dict[tuple[str, ...], tuple[str, ...]] = {}
    for number, (key, labels, name, aliases, properties, evidence) in enumerate(nodes, start=1):
        if type(key) is not str or not key:
            raise StoreError(f"graph file: node {number} has no 'id' (a non-empty string)")
        props = _decoded(properties, "node", key)
        if name is not None:
            props["name"] = _shaped(name, "name", "node", key)
        props["aliases"] = _listed(aliases, "aliases", "node", key)
        props["evidence"] = _listed(evidence, "evidence", "node", key)
        if "id" not in props and not key.startswith("_:"):
            props["id"] = key
        try:
            known = label_sets.get(tuple(labels)) if type(labels) is list else None
        except TypeError:  # an unhashable label, which _shaped refuses below
            known = None
        if known is None:
            known = tuple(_shaped(labels, "labels", "node", key))
            known = label_sets.setdefault(known, known)
        if key in node_data:  # a repeated id updates the first, as add_node does
            node_data[key].update(labels=known, props=props)
            continue
        keys[key] = key
        node_data[key] = {"labels": known, "props": props}
        succ[key] = {}
        pred[key] = {}
    types: dict[str, str] = {}
    for number, (key, source, target, rel_type, properties, evidence) in enumerate(edges, start=1):
        if type(key) is not str or not key:
            raise StoreError(f"graph file: edge {number} has no 'id' (a non-empty string)")
        ends = (keys.get(source) if type(source) is str else None, keys.get(target) if type(target) is str else None)
        if None in ends:
            _missing_end(key, source, target, keys)
        props = _decoded(properties, "edge", key)
        props["evidence"] = _listed(evidence, "evidence", "edge", key)
        if "id" not in props:
            props["id"] = key
        kind = types.get(rel_type) if type(rel_type) is str else None
        if kind is None:
            if type(rel_type) is not str or not rel_type:
                raise StoreError(f"graph file: edge {key!r} has no 'type' (a non-empty string)")
            kind = types[rel_type] = rel_type
        nbrs = succ[ends[0]]
        keyed = nbrs.get(ends[1])
        if keyed is None:  # the edge dictionary is shared by both directions, as in add_edge
            nbrs[ends[1]] = pred[ends[1]][ends[0]] = {key: {"type": kind, "props": props}}
        elif key in keyed:
            keyed[key].update(type=kind, props=props)
        else:
            keyed[key] = {"type": kind, "props": props}
    metadata = _mapping(metadata, "graph", "the file")
    metadata["documents"] = _mapping(documents, "documents", "the file")
    return KnowledgeGraph(g, metadata)


def _missing_end(key: str, source: Any, target: Any, keys: dict[str, str]) -> None:
    where = f"edge {key!r}"
    for end, field in ((source, "source"), (target, "target")):
        if not isinstance(end, str) or not end:
            raise StoreError(f"graph file: {where} has no {field!r} (a non-empty string)")
    raise StoreError(f"graph file: {where} names node {source if source not in keys else target!r}, "
                     "which the file does not have")


def _items(data: dict[str, Any], field: str) -> list[dict[str, Any]]:
    items = data.get(field) or []
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise StoreError(f"graph file: {field!r} must be a list of objects")
    return items


def _mapping(value: Any, field: str, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise StoreError(f"graph file: {field!r} of {where} must be an object, not {type(value).__name__}")
    return dict(value)


def _shaped(value: Any, field: str, kind: str, key: str) -> Any:
    """``value`` (a copy of a list) if it has the shape :data:`graph.reserved.SHAPES` gives ``field``, or None."""
    if value is None:
        return None
    what, test = SHAPES[field]
    if not test(value):
        raise StoreError(f"graph file: {field!r} of {kind} {key!r} must be {what}, not {type(value).__name__}")
    return list(value) if isinstance(value, list) else value


def _listed(value: Any, field: str, kind: str, key: str) -> list[Any]:
    """A reserved list field (aliases, evidence) as :func:`_shaped` checks it, absent as ``[]``;
    the common empty list without the check's cost."""
    if value is None or (type(value) is list and not value):
        return []
    return _shaped(value, field, kind, key)


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


def _decoded(properties: Any, kind: str, key: str) -> dict[str, Any]:
    """The ``properties`` of a node or edge, a new map with tagged values read back (see :func:`_encode`)."""
    if not properties:
        if properties is None or type(properties) is dict:
            return {}
    if not isinstance(properties, dict):
        raise StoreError(f"graph file: 'properties' of {kind} {key!r} must be an object, "
                         f"not {type(properties).__name__}")
    try:
        return {k: _decode(v) for k, v in properties.items()}
    except ValueError as exc:
        raise StoreError(f"graph file: {kind} {key!r} property: {exc}") from None


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
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"cannot read graph file {path}: {exc}") from exc
    return parse_graph(raw, path)


def parse_graph(raw: bytes, path: str | os.PathLike[str]) -> KnowledgeGraph:
    """The graph in ``raw``, the bytes of the graph file at ``path`` (named in errors)."""
    with collector_paused():
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
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


#: Graphs up to this many nodes and edges are written indented, to be read by eye; larger ones
#: compactly, which the C encoder does (an indent makes ``json.dumps`` use its Python encoder:
#: 4.8 s against 1.5 s for the 285,000 elements of the eunets graph).
INDENTED_UP_TO = 20_000


def write_graph(kg: KnowledgeGraph, path: str | os.PathLike[str]) -> bytes:
    """Write ``kg`` to ``path`` atomically (see :func:`atomic_write_text`), as strict JSON with
    control characters escaped so that printing the file is safe; a graph the reader would refuse,
    or a value JSON cannot hold (NaN), is a :class:`StoreError` and leaves the file as it was.
    Returns the bytes written."""
    indent = 1 if kg.nx.number_of_nodes() + kg.nx.number_of_edges() <= INDENTED_UP_TO else None
    try:
        raw = json_text(graph_to_data(kg), indent=indent, allow_nan=False).encode("utf-8")
    except (StoreError, TypeError, ValueError) as exc:
        raise StoreError(f"{path} was not written: {exc}") from None
    atomic_write_bytes(Path(path), raw)
    return raw


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8, atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, raw: bytes) -> None:
    """Write ``raw`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same directory, are flushed and fsynced, then
    renamed over ``path`` (an atomic operation on POSIX and Windows); the directory is fsynced
    so the rename itself survives a crash.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=TEMPORARY_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
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
