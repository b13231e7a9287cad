"""A binary copy of the graph file beside it, so that a command opens a big graph without its JSON.

Reading ``graph.json`` means parsing the JSON, then checking and assembling every element into
NetworkX's dictionaries; at 100,000 nodes and 500,000 edges that is seconds of every CLI call.
Next to the file the store keeps ``.graph.json.snapshot``: NetworkX's own node and successor
dictionaries, exactly as reading the JSON makes them, in MessagePack. Opening decodes them in C,
every element's ``{"labels"/"type", "props"}`` map included; Python only puts back each element's
type or labels (an index into a table in the file) and ``id``. The predecessor map, which
NetworkX shares the edges' maps with, is built when first read (:mod:`graph.predecessors`).

Layout: ``MAGIC`` (8 bytes), the header's length (4 bytes, little-endian), the header, the
graph file's stamp (32 bytes), the body. The header (a MessagePack map) gives the snapshot format
and the graph file's schema version, the size and SHA-256 of the JSON bytes the snapshot was made
from, and the CRC-32 of the body (see :func:`_body` for the body). Temporal values are
MessagePack extension types whose payload is their ISO text, as in the JSON (:mod:`graph.jsonfile`).

The JSON stays the interchange format and the truth. A snapshot is used only when its format and
schema version are this nordgraph's, its body has the checksum its header gives, and the graph
file is the one it was made from: the file has the recorded stamp (inode, size, modification
and change times), or else the size and SHA-256. Hashing reads the whole JSON (130 MB at 100k
nodes: 0.1 s of CPU, and a disk read when it is not cached), so after a hash that matches, the
file's stamp is written into the snapshot, for the next open to compare instead; but only when
the file's last change (its ctime, which every write and ``utime`` set to the clock's time)
was at least :data:`SETTLED_NS` before it was opened: a write in the same clock tick as that
change, after the file was read, would leave the same stamp (git's "racy clean" problem). Any
later write gives the file a new ctime, so the stamps differ and the file is hashed again (a
clock set back by more than that, or a file server's clock running behind, defeats it, as it
does git). POSIX only: on Windows ``st_ctime`` is the creation time, so every open hashes.
Anything else (missing, stale, truncated, corrupted, another version) means reading the JSON and
writing a new snapshot, with no message: it is a cache. It is written atomically, by whoever
holds the graph file's write lock (:mod:`graph.locking`); a reader that finds the lock taken
leaves the snapshot to the writer.

Why MessagePack (the ``msgpack`` package): its C decoder builds dicts, lists and strings straight
from the bytes, interns map keys (so every node id and property name is one string object), has
depth and size limits, and runs no code: the only hook it calls is ours, which parses ISO text.
pickle and marshal were not candidates (pickle runs code from the file; marshal can crash the
interpreter on crafted bytes). Measured in CPU seconds on the 100k-node synthetic graph (500k
edges; ``bench/open.py``): JSON parse 1.0-1.5 s, then assembly 2.3 s (9 s with ``add_edge``);
MessagePack of the same node-link rows decodes in 1.7 s (slower than JSON: a dict per row, thrown
away); NetworkX's dictionaries themselves decode in 1.1 s and are linked in 0.9 s (format 1:
each element an array, its map made in Python). Format 2 decodes the elements' maps too, with
their type or labels as an index and without the ``id`` (kept as they are, they cost a string
per edge each: 100 MB), and most edges without their key (see :func:`_body`): 0.6 s to decode
and 0.4 s to finish, a peak 70 MB lower; the predecessor map is 0.22-0.36 s and 19 MB of it, for
whoever reads it. Decoding as the body is read, rather than from its bytes in memory, saves a
peak of 40 MB. Every empty list among the elements' properties is one shared list
(:data:`SHARED_EMPTY`: 43 MB less at 100k nodes). One array per node pair instead of a map keyed by edge id took 10 % longer. numpy
arrays with a string table would store ids compactly, but properties are free-form nested values
that need a second encoding anyway, and the dictionaries would still be built in Python.
"""
from __future__ import annotations

import gc
import hashlib
import os
import struct
import threading
import time
import zlib
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

import msgpack

from nordgraph.graph.errors import StoreError
from nordgraph.graph.jsonfile import SCHEMA_VERSION, atomic_write_bytes, collector_paused, parse_graph, write_graph
from nordgraph.graph.locking import remove_stale_temporaries, write_lock
from nordgraph.graph.model import KnowledgeGraph, edge_data
from nordgraph.graph.predecessors import PredecessorsOnDemand
from nordgraph.graph.temporal import KINDS, Duration, Temporal, parse_duration, parse_temporal

MAGIC = b"NGSNAP\r\n"
#: Bumped whenever the layout of the header or body changes.
FORMAT_VERSION = 2
_TEMPORAL_EXT, _DURATION_EXT = 1, 2
#: The graph file's stamp, after the header: inode, size, modification and change times (ns).
_STAMP = struct.Struct("<4Q")
#: A graph file's stamp is recorded only if its last change is older than this (ns) when it is
#: opened: a write in the same clock tick as that change would leave the same stamp.
SETTLED_NS = 1_000_000_000
#: Whether ``st_ctime`` is the time of the last change (POSIX); on Windows it is the creation
#: time, which a write does not touch, so no stamp is recorded there and every open hashes.
_CHANGE_TIMES = os.name != "nt"
#: What a snapshot that cannot be used raises while it is read (all mean: read the JSON).
_UNUSABLE = (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
             msgpack.UnpackException, StoreError)


def snapshot_path(path: Path) -> Path:
    """The snapshot of the graph file ``path``: ``.NAME.snapshot`` beside it."""
    return path.parent / f".{path.name}.snapshot"


@dataclass(frozen=True)
class Source:
    """The graph file bytes a snapshot was made from: their size and SHA-256."""

    size: int
    sha256: bytes

    @classmethod
    def of_bytes(cls, raw: bytes) -> Source:
        return cls(len(raw), hashlib.sha256(raw).digest())

    @classmethod
    def of_file(cls, handle: BinaryIO) -> Source:
        return cls(os.fstat(handle.fileno()).st_size, hashlib.file_digest(handle, "sha256").digest())


def load_graph(path: Path) -> KnowledgeGraph:
    """The graph in the file at ``path``: from its snapshot when that is fresh, else from the JSON
    (then the snapshot is written for the next time). The loaded objects are moved out of the
    garbage collector's reach (``gc.freeze``): they live as long as the command, and a full
    collection would otherwise walk millions of them in the middle of a query. Garbage cycles
    are collected first (while the heap is small), since frozen ones would never be."""
    gc.collect()
    with collector_paused():
        kg = _load(path)
        gc.freeze()
    return kg


def _load(path: Path) -> KnowledgeGraph:
    opened_at = time.time_ns()
    try:
        with open(path, "rb") as handle:
            stamp = os.fstat(handle.fileno())
            settled = _CHANGE_TIMES and stamp.st_ctime_ns < opened_at - SETTLED_NS
            found = _from_snapshot(path, handle, stamp, settled)
            if found is not None:
                return found
            handle.seek(0)
            raw = handle.read()
    except OSError as exc:
        raise StoreError(f"cannot read graph file {path}: {exc}") from exc
    kg = parse_graph(raw, path)
    _write_if_unchanged(kg, path, Source.of_bytes(raw), stamp, settled)
    return kg


def _from_snapshot(path: Path, graph_file: BinaryIO, stamp: os.stat_result, settled: bool) -> KnowledgeGraph | None:
    """The graph in the snapshot of ``path`` if it was made from the bytes of ``graph_file`` (open,
    with ``stamp`` its ``fstat`` when opened): the file's stamp is the one the snapshot recorded,
    or its SHA-256 is, and then the stamp is recorded when ``settled`` (see the module docstring)."""
    try:
        snapshot = open(snapshot_path(path), "rb")
    except OSError:
        return None
    with snapshot:
        header = _read_header(snapshot)
        if header is None or header.source.size != stamp.st_size:
            return None
        known = header.stamp == _stamp_of(stamp)
        kg = read_snapshot(header, snapshot, None if known else graph_file)
        if kg is not None and not known and settled:
            _record_stamp(path, snapshot, header, stamp)
    return kg


def save_graph(kg: KnowledgeGraph, path: Path) -> None:
    """Write ``kg`` to the graph file ``path`` (JSON, see :func:`graph.jsonfile.write_graph`) and its
    snapshot, the graph as reading that JSON gives it. Call with the file's write lock held."""
    if SHARED_EMPTY:
        raise StoreError(f"not writing {path}: the empty list that graphs opened from a snapshot share was "
                         "changed in place (a bug: property values must be replaced, not changed)")
    raw = write_graph(kg, path)
    write_snapshot(parse_graph(raw, path), path, Source.of_bytes(raw))


def _write_if_unchanged(kg: KnowledgeGraph, path: Path, source: Source, read: os.stat_result, settled: bool) -> None:
    """Write the snapshot of ``kg``, just read from ``path`` (``read``: its stamp when opened,
    recorded when ``settled``), unless a writer holds the lock (a reader does not wait) or has
    replaced the file since (its own snapshot is then the right one)."""
    try:
        with write_lock(path, timeout=0):
            now = os.stat(path)
            if (now.st_ino, now.st_size, now.st_mtime_ns) == (read.st_ino, read.st_size, read.st_mtime_ns):
                write_snapshot(kg, path, source, read if settled else None)
    except (StoreError, OSError):  # the lock is taken, or cannot be made (a read-only directory)
        pass


def write_snapshot(kg: KnowledgeGraph, path: Path, source: Source, stamp: os.stat_result | None = None) -> None:
    """Write the snapshot of ``kg``, the graph that reading the JSON bytes ``source`` gives, beside
    ``path`` atomically; with the graph file's write lock held. ``stamp``: the graph file's
    ``stat`` to record, when it is settled (see the module docstring).

    A cache that cannot be written (a value MessagePack cannot hold, such as an integer beyond
    64 bits; a read-only directory; a full disk) is not an error: the old snapshot is removed
    if it can be, and the next command reads the JSON."""
    target = snapshot_path(path)
    try:
        with collector_paused():  # _body makes a million short-lived containers and no cycles
            body = msgpack.packb(_body(kg), default=_pack_value)
        header = msgpack.packb({"format": FORMAT_VERSION, "schema": SCHEMA_VERSION,
                                "source": [source.size, source.sha256], "body": zlib.crc32(body)})
        remove_stale_temporaries(target)
        recorded = _STAMP.pack(*_stamp_of(stamp)) if stamp is not None else bytes(_STAMP.size)
        atomic_write_bytes(target, MAGIC + len(header).to_bytes(4, "little") + header + recorded + body)
    except (OverflowError, TypeError, ValueError, OSError):
        try:
            target.unlink(missing_ok=True)
        except OSError:
            pass


@dataclass(frozen=True)
class Header:
    """What a snapshot says of itself: the JSON it was made from, its body's checksum and offset,
    and the graph file's stamp (all zeros: none) and where in the snapshot that is."""

    source: Source
    body_crc32: int
    stamp: tuple[int, ...]
    stamp_offset: int

    @property
    def body_offset(self) -> int:
        return self.stamp_offset + _STAMP.size


def _header(snapshot: Path) -> Header | None:
    """The header of ``snapshot`` if it is one of this format and schema version, else None."""
    try:
        with open(snapshot, "rb") as handle:
            return _read_header(handle)
    except OSError:
        return None


def _read_header(handle: BinaryIO) -> Header | None:
    try:
        head = handle.read(len(MAGIC) + 4)
        if head[:len(MAGIC)] != MAGIC:
            return None
        length = int.from_bytes(head[len(MAGIC):], "little")
        fields = msgpack.unpackb(handle.read(length))
        stamp = _STAMP.unpack(handle.read(_STAMP.size))
        if (fields["format"], fields["schema"]) != (FORMAT_VERSION, SCHEMA_VERSION):
            return None
        (size, digest), body = fields["source"], fields["body"]
        if not (type(size) is int and type(digest) is bytes and type(body) is int):
            return None
    except (*_UNUSABLE, struct.error):
        return None
    return Header(Source(size, digest), body, stamp, len(MAGIC) + 4 + length)


def _stamp_of(stat: os.stat_result) -> tuple[int, ...]:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def _record_stamp(path: Path, snapshot: BinaryIO, header: Header, stamp: os.stat_result) -> None:
    """Write ``stamp`` over the stamp of the snapshot open as ``snapshot``, which has just been
    found made from the graph file's bytes; not while a writer holds the lock, nor when the
    snapshot has been replaced since it was opened (open, its inode cannot be reused), nor when
    it cannot be written: then the next command hashes the graph file again. A reader that
    reads the 32 bytes while they are written gets a stamp that is not the file's, so it hashes."""
    try:
        with write_lock(path, timeout=0), open(snapshot_path(path), "r+b") as rewrite:
            now, was = os.fstat(rewrite.fileno()), os.fstat(snapshot.fileno())
            if (now.st_dev, now.st_ino) == (was.st_dev, was.st_ino):
                rewrite.seek(header.stamp_offset)
                rewrite.write(_STAMP.pack(*_stamp_of(stamp)))
    except (StoreError, OSError):
        pass


def read_snapshot(header: Header, snapshot: BinaryIO, graph_file: BinaryIO | None) -> KnowledgeGraph | None:
    """The graph in ``snapshot`` (open) whose ``header`` :func:`_read_header` read, or None when its
    body is not what it was or, given ``graph_file`` (the graph file as it is now, open), it was
    not made from that file's bytes.

    The body is decoded as it is read, a chunk at a time (the whole 35 MB of it at 100k nodes is
    never in memory beside the graph it decodes to), its CRC summed on the way. Meanwhile a
    second thread hashes the graph file (hashing releases the GIL, so on two cores it adds
    nothing to the wait; 0.1 s of CPU for the 130 MB at 100k nodes); the decoded graph is dropped
    if either check fails. Decoding bytes not yet checked is safe: MessagePack's decoder bounds
    every length by the body's.
    """
    matches: list[bool] = []
    hasher = None
    if graph_file is not None:
        hasher = threading.Thread(target=lambda: matches.append(Source.of_file(graph_file) == header.source))
        hasher.start()
    try:
        size = os.fstat(snapshot.fileno()).st_size - header.body_offset
        snapshot.seek(header.body_offset)
        body = _Summed(snapshot)
        elements = _ElementLists()
        unpacker = msgpack.Unpacker(body, read_size=_CHUNK, max_buffer_size=max(size, _CHUNK),
                                    ext_hook=_unpack_value, list_hook=elements)
        decoded = _unpack_body(unpacker, elements)
        whole = unpacker.tell() == size and not body.read() and body.crc32 == header.body_crc32
        kg = _graph(decoded) if whole else None
    except _UNUSABLE:
        kg = None
    finally:
        if hasher is not None:
            hasher.join()
    return kg if hasher is None or matches == [True] else None


#: Bytes of the snapshot read at a time while decoding it.
_CHUNK = 1 << 20

#: The one empty list that every empty list among the elements' properties of a graph opened
#: from its snapshot is (the 600,000 empty ``evidence`` and 100,000 ``aliases`` lists at 100k
#: nodes: 43 MB). Nothing in nordgraph changes a property's list in place (the model and Cypher
#: replace values, Cypher's results copy them), and :func:`save_graph` refuses to write a graph
#: file while this list is not empty, so code that did could not write what it gave every
#: element into the file.
SHARED_EMPTY: list[Any] = []


class _ElementLists:
    """MessagePack's list hook: while ``sharing``, an empty list decoded is :data:`SHARED_EMPTY`
    instead (the new one is freed at once, so the peak never holds them)."""

    def __init__(self) -> None:
        self.sharing = False

    def __call__(self, decoded: list[Any]) -> list[Any]:
        return decoded if decoded or not self.sharing else SHARED_EMPTY


def _unpack_body(unpacker: msgpack.Unpacker, elements: _ElementLists) -> list[Any]:
    """The body (see :func:`_body`), part by part: empty lists are shared among the nodes' and
    successors' maps only (the metadata, for one, is the graph file's to change)."""
    parts = []
    for i in range(unpacker.read_array_header()):
        elements.sharing = i in (1, 2)
        parts.append(unpacker.unpack())
    elements.sharing = False
    if len(parts) != 6:
        raise ValueError(f"a body of {len(parts)} parts, not 6")
    return parts


class _Summed:
    """A file read through, with the CRC-32 of the bytes read so far (``crc32``)."""

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        self.crc32 = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.crc32 = zlib.crc32(chunk, self.crc32)
        return chunk


def _body(kg: KnowledgeGraph) -> list[Any]:
    """``[metadata, nodes, successors, label sets, types, property keys]``: NetworkX's node map and
    successor maps, each element's ``{"labels": ..., "props": ...}`` or ``{"type": ..., "props": ...}``
    map as it is, but with its labels or type as an index into the tables. The tables and the
    property keys are the graph's schema, which the unknown-name warnings of every query that
    names a label would otherwise take a pass over the graph to find (0.2 s at 100k nodes).

    An ``id`` property is left out where reading the JSON would have put it: last, equal to the
    element's key (not for a blank ``_:`` node); :func:`_graph` puts it back where it is missing, as
    the JSON reader does, as the key's own string object (half a million fewer strings to decode
    and keep). An element the JSON reader cannot have made (an edge without an ``id``) raises
    ValueError: no snapshot, rather than a wrong one.

    Where a pair of nodes has one edge and its key is nordgraph's own (``source|TYPE|target``,
    :func:`graph.model.edge_id`), the pair maps to the edge's map alone, whose ``type`` is an
    integer (in a map keyed by edge id every value is a map) and the key is made again when
    reading: half the file, and 0.1 s and 18 MB less at 100k nodes, than decoding and interning
    half a million 60-character keys.
    """
    label_sets: dict[tuple[str, ...], int] = {}
    types: dict[str, int] = {}

    def edge(key: str, data: dict[str, Any]) -> dict[str, Any]:
        return {"type": types.setdefault(data["type"], len(types)), "props": _without_id(data["props"], key, True)}

    def pair(source: str, target: str, keyed: dict[str, Any]) -> dict[str, Any]:
        if len(keyed) == 1:
            key, data = next(iter(keyed.items()))
            if key == f"{source}|{data['type']}|{target}":
                return edge(key, data)
        return {key: edge(key, data) for key, data in keyed.items()}

    nodes = {key: {"labels": label_sets.setdefault(data["labels"], len(label_sets)),
                   "props": _without_id(data["props"], key, not key.startswith("_:"))}
             for key, data in kg.nx._node.items()}
    succ = {source: {target: pair(source, target, keyed) for target, keyed in nbrs.items()}
            for source, nbrs in kg.nx._succ.items()}
    keys = chain.from_iterable(map(itemgetter("props"), chain(kg.nx._node.values(), edge_data(kg.nx))))
    return [kg.metadata, nodes, succ, list(label_sets), list(types), sorted(set(keys))]


def _without_id(props: dict[str, Any], key: str, own_id: bool) -> dict[str, Any]:
    """``props`` without the ``id`` that :func:`_graph` puts back (``own_id``: it puts one back
    wherever ``id`` is missing)."""
    if "id" not in props:
        if own_id:
            raise ValueError(f"element {key!r} has no 'id' property")
        return props
    if own_id and next(reversed(props)) == "id" and props["id"] == key:
        trimmed = props.copy()
        del trimmed["id"]
        return trimmed
    return props


def _graph(body: list[Any]) -> KnowledgeGraph:
    """The graph from a decoded :func:`_body`, in place: labels and types from their tables, the
    ``id`` properties put back, repeated strings shared (MessagePack interns map keys). The
    predecessor maps are left to be built when first read (:mod:`graph.predecessors`)."""
    metadata, nodes, succ, label_sets, types, keys = body
    labels = [tuple(labels) for labels in label_sets]
    for key, data in nodes.items():
        props = data["props"]
        if "id" not in props and not key.startswith("_:"):
            props["id"] = key
        data["labels"] = labels[data["labels"]]
    known = nodes.keys()
    if succ.keys() != known:
        raise ValueError("successors and nodes differ")
    for source, nbrs in succ.items():
        if not nbrs.keys() <= known:  # the predecessor map, built later, needs every end a node
            raise ValueError("an edge to a node that is not there")
        for target, keyed in nbrs.items():
            kind = keyed.get("type")
            if type(kind) is int:  # one edge with nordgraph's own key (see _body)
                kind = keyed["type"] = types[kind]
                key = f"{source}|{kind}|{target}"
                props = keyed["props"]
                if "id" not in props:
                    props["id"] = key
                nbrs[target] = {key: keyed}
                continue
            for key, data in keyed.items():
                props = data["props"]
                if "id" not in props:
                    props["id"] = key
                data["type"] = types[data["type"]]
    if type(metadata) is not dict or type(keys) is not list:
        raise ValueError("metadata is not a map or property keys not a list")
    kg = KnowledgeGraph(PredecessorsOnDemand.of(nodes, succ), metadata)
    kg.schema_at = (kg.revision, frozenset(chain.from_iterable(labels)), frozenset(types), frozenset(keys))
    return kg


def _pack_value(value: Any) -> msgpack.ExtType:
    if type(value) is Temporal:
        return msgpack.ExtType(_TEMPORAL_EXT, f"{value.kind} {value}".encode())
    if type(value) is Duration:
        return msgpack.ExtType(_DURATION_EXT, str(value).encode())
    raise TypeError(f"a snapshot cannot hold a {type(value).__name__}")


def _unpack_value(code: int, payload: bytes) -> Any:
    text = payload.decode()
    if code == _TEMPORAL_EXT:
        kind, _, iso = text.partition(" ")
        if kind in KINDS:
            return parse_temporal(kind, iso)
    elif code == _DURATION_EXT:
        return parse_duration(text)
    raise ValueError(f"unknown extension type {code}")
