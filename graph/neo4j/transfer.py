"""Push a :class:`KnowledgeGraph` to a Bolt server and pull it back, structure intact.

``push`` writes the schema first (a uniqueness constraint, else an index, on ``id`` per label,
whichever the server supports), then nodes, then relationships, each as
``UNWIND $rows AS row MERGE ... SET ...`` in batches grouped by label or type. Nodes merge on
their key, relationships on their key between their two end nodes, and ``SET x = props``
replaces what was there, so pushing the same graph twice leaves the database as it was.
Values always travel as parameters; only checked labels, types and property keys are written
into query text.

A server with a small request limit (see ``ServerProfile.max_message_bytes``) gets batches sized
in bytes, and a property too large for one request is written in pieces that are concatenated
server-side.
"""
from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from nordgraph.graph.errors import NordgraphError, StoreError
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.neo4j.connection import BoltTimeoutError, packed_size
from nordgraph.graph.neo4j.convert import (
    graph_props,
    name_token,
    ordered_labels,
    property_token,
    refuse_unstorable_temporals,
    store_props,
)
from nordgraph.graph.neo4j.store import Neo4jStore

#: ``progress(done, total, phase)`` after each batch; ``phase`` is "nodes" or "relationships".
Progress = Callable[[int, int, str], None]

DEFAULT_BATCH_SIZE = 1000
DELETE_RELATIONSHIPS = "MATCH ()-[r]->() WITH r LIMIT $limit DELETE r"
DELETE_NODES = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n"
#: Nodes, then relationships, per request of a pull: a large graph is never one giant result.
#: Pages follow the server's own ids (``{ref}``: elementId, or id where there is none).
PULL_PAGE = 1000
PULL_NODES = """MATCH (n) WHERE {ref} > $after WITH n ORDER BY {ref} LIMIT $page
RETURN {ref} AS ref, labels(n) AS labels, properties(n) AS props, CASE WHEN n.id IS NULL THEN n END AS bare"""
PULL_RELATIONSHIPS = """MATCH (a)-[r]->(b) WHERE {ref} > $after WITH a, r, b ORDER BY {ref} LIMIT $page
RETURN {ref} AS ref, type(r) AS type, properties(r) AS props, a.id AS source, b.id AS target,
       CASE WHEN a.id IS NULL THEN a END AS bare_source, CASE WHEN b.id IS NULL THEN b END AS bare_target,
       CASE WHEN r.id IS NULL THEN r END AS bare"""


@dataclass
class PushSummary:
    """What a push did."""

    nodes: int = 0
    relationships: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    nodes_deleted: int = 0
    relationships_deleted: int = 0
    batches: int = 0
    seconds: float = 0.0
    #: label -> how ``id`` is indexed there ("unique constraint", "index", or why there is none)
    schema: dict[str, str] = field(default_factory=dict)
    #: Graph-level data of the file that Neo4j has no place for (it holds nodes and relationships only).
    not_stored: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A short human summary."""
        out = [f"Pushed {self.nodes} nodes ({self.nodes_created} new) and {self.relationships} "
               f"relationships ({self.relationships_created} new) in {self.batches} batches, "
               f"{self.seconds:.1f} s"]
        if self.nodes_deleted or self.relationships_deleted:
            out.append(f"Replaced: deleted {self.nodes_deleted} nodes and "
                       f"{self.relationships_deleted} relationships first")
        for label, how in sorted(self.schema.items()):
            out.append(f"  {label}.id: {how}")
        for what in self.not_stored:
            out.append(f"Not stored (Neo4j keeps nodes and relationships only): {what}")
        return out


@dataclass(frozen=True)
class _Statement:
    """One batched write: its Cypher text and how to address one row for piecewise writes."""

    text: str
    locate: str  # MATCH clause binding ``x`` from $id (and $source, $target)
    address: tuple[str, ...]  # row fields the locate clause needs


def push(kg: KnowledgeGraph, store: Neo4jStore, batch_size: int = DEFAULT_BATCH_SIZE,
         replace: bool = False, progress: Progress | None = None) -> PushSummary:
    """Write ``kg`` into ``store``: merge by key, or (``replace``) delete everything first.

    Without ``replace``, what the database holds beyond ``kg`` stays; each node and
    relationship of ``kg`` ends up with exactly ``kg``'s properties.

    Raises :class:`StoreError` before touching the database when a label, type or property
    cannot be stored. A push that fails half-way raises :class:`PushIncompleteError`, which says
    how much the database now holds; pushing again completes it (every write merges by id).
    """
    if batch_size < 1:
        raise StoreError(f"batch size must be at least 1, got {batch_size}")
    started = time.monotonic()
    if not store.profile.temporal_values:
        refuse_unstorable_temporals(kg, store.profile.product)
    nodes = node_groups(kg)
    edges = edge_groups(kg)
    summary = PushSummary(nodes=len(kg), relationships=kg.edge_count(), not_stored=_graph_level(kg))
    written = {"nodes": 0, "relationships": 0}
    emptying = replace
    try:
        if replace:
            summary.relationships_deleted = _delete_all(store, DELETE_RELATIONSHIPS, batch_size,
                                                        "relationships_deleted")
            summary.nodes_deleted = _delete_all(store, DELETE_NODES, batch_size, "nodes_deleted")
            emptying = False
        for label in sorted({labels[0] for labels in nodes if labels}):
            summary.schema[label] = ensure_id_index(store, label)
        for statement, rows in [(node_statement(labels), rows) for labels, rows in nodes.items()] + [
            (edge_statement(*group), rows) for group, rows in edges.items()
        ]:
            phase = "nodes" if statement.address == ("id",) else "relationships"
            for batch in _batches(store, statement, rows, batch_size):
                counters = _write_batch(store, statement, batch)
                summary.batches += 1
                summary.nodes_created += counters.nodes_created
                summary.relationships_created += counters.relationships_created
                written[phase] += len(batch)
                if progress:
                    progress(sum(written.values()), summary.nodes + summary.relationships, phase)
    except NordgraphError as exc:
        raise PushIncompleteError(f"{exc}; {_so_far(summary, written, replace, emptying, exc)}") from None
    summary.seconds = time.monotonic() - started
    return summary


class PushIncompleteError(StoreError):
    """A push failed after it began to change the database."""


def _so_far(summary: PushSummary, written: dict[str, int], replace: bool, emptying: bool,
            exc: NordgraphError) -> str:
    """What a failed push left in the database, and how to finish it, in words."""
    if emptying:
        return ("the database was being emptied and now holds part of what it held (none of the graph); "
                "'push --replace' again completes it")
    in_flight = " (and perhaps the batch it was writing)" if isinstance(exc, BoltTimeoutError) else ""
    return (f"the database holds part of the graph: {'after emptying it, ' if replace else ''}wrote "
            f"{written['nodes']:,} of {summary.nodes:,} nodes and {written['relationships']:,} of "
            f"{summary.relationships:,} relationships before the failure{in_flight}; pushing again completes it "
            "(it merges by id)")


def _graph_level(kg: KnowledgeGraph) -> list[str]:
    """What ``kg`` holds besides nodes and relationships, said in words."""
    out = []
    if kg.documents:
        out.append(f"the list of {len(kg.documents)} source documents (titles, paths); "
                   "evidence still names each document by id")
    out += [f"graph property {key!r}" for key in sorted(kg.metadata) if key != "documents"]
    return out


def pull(store: Neo4jStore, page_size: int = PULL_PAGE) -> KnowledgeGraph:
    """The whole database as a :class:`KnowledgeGraph` (keys from the ``id`` property), read in
    pages of ``page_size`` nodes or relationships, each one request bounded by the timeout.

    Raises :class:`StoreError` when two nodes, or two relationships between the same nodes,
    share an ``id``: the graph could not hold both, and dropping one would lose data silently;
    and when a relationship ends at a node the pull did not see (the database changed while it
    was read page by page).
    """
    kg = KnowledgeGraph()
    for record in _pages(store, PULL_NODES, "n", page_size):
        props = graph_props(record["props"])
        key = str(props["id"]) if "id" in props else record["bare"].element_id
        if key in kg.nx:
            raise StoreError(f"{store.description} holds two nodes with id {key!r}; nordgraph needs unique ids")
        kg.nx.add_node(key, labels=ordered_labels(key, record["labels"]), props=props)
    for record in _pages(store, PULL_RELATIONSHIPS, "r", page_size):
        props = graph_props(record["props"])
        source = str(record["source"]) if record["source"] is not None else record["bare_source"].element_id
        target = str(record["target"]) if record["target"] is not None else record["bare_target"].element_id
        key = str(props["id"]) if "id" in props else record["bare"].element_id
        if source not in kg.nx or target not in kg.nx:
            raise StoreError(f"{store.description} changed during the pull (relationship {key!r} ends at a node "
                             "that was not there when the nodes were read); pull again")
        if kg.nx.has_edge(source, target, key):
            raise StoreError(f"{store.description} holds two relationships with id {key!r} from {source!r} "
                             f"to {target!r}; nordgraph needs unique ids")
        kg.nx.add_edge(source, target, key=key, type=record["type"], props=props)
    kg.touch()
    return kg


def _pages(store: Neo4jStore, text: str, variable: str, page_size: int) -> Iterator[Any]:
    """The records of ``text`` page by page: each page starts after the last one's ``ref``."""
    if page_size < 1:
        raise StoreError(f"page size must be at least 1, got {page_size}")
    ref = f"elementId({variable})" if store.has_element_id else f"id({variable})"
    text = text.format(ref=ref)
    after: Any = "" if store.has_element_id else -1
    while True:
        records = store.records(text, {"after": after, "page": page_size}).records
        yield from records
        if len(records) < page_size:
            return
        after = records[-1]["ref"]


def ensure_id_index(store: Neo4jStore, label: str) -> str:
    """Make ``id`` unique (or at least indexed) on ``label``; say which one it got.

    Tries, in order, what Neo4j 5 offers (a named uniqueness constraint, a named range index,
    both ``IF NOT EXISTS``), then the older anonymous index syntax other Bolt servers accept.
    """
    token = name_token(label)
    if store.probe(constraint_statement(label)):
        return "unique constraint"
    if store.probe(f"CREATE INDEX nordgraph_{label.lower()}_id IF NOT EXISTS FOR (n:{token}) ON (n.id)"):
        return "index"
    if _listed_index(store, label):
        return "index"
    if store.probe(f"CREATE INDEX FOR (n:{token}) ON (n.id)"):
        return "index"
    return "none: the server accepted no constraint or index syntax nordgraph knows"


def constraint_statement(label: str) -> str:
    """Neo4j 5's named uniqueness constraint on ``label.id`` (a no-op when it exists)."""
    return (f"CREATE CONSTRAINT nordgraph_{label.lower()}_id IF NOT EXISTS "
            f"FOR (n:{name_token(label)}) REQUIRE n.id IS UNIQUE")


def _listed_index(store: Neo4jStore, label: str) -> bool:
    """Whether the older ``db.indexes()`` procedure lists an index on ``label.id``."""
    try:
        records = store.records("CALL db.indexes() YIELD label, properties RETURN label, properties").records
    except StoreError:
        return False
    return any(r["label"] == label and "id" in (r["properties"] or []) for r in records)


def _delete_all(store: Neo4jStore, text: str, batch_size: int, counter: str) -> int:
    deleted = 0
    while True:
        counters = store.records(text, {"limit": batch_size}, write=True).counters
        step = getattr(counters, counter)
        deleted += step
        if not step:
            return deleted


# -- rows ------------------------------------------------------------------------------------
def _own_key(key: str, props: dict[str, Any], what: str) -> dict[str, Any]:
    if "id" in props and str(props["id"]) != key:
        raise StoreError(f"{what} {key!r} has id property {props['id']!r}; they must agree to round-trip")
    return {**props, "id": key}


def node_groups(kg: KnowledgeGraph) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    """Node rows (``{id, props}``, properties storable) grouped by label tuple; checks labels."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for key, data in kg.nx.nodes(data=True):
        labels = tuple(data["labels"])
        for label in labels:
            name_token(label)
        props = _own_key(str(key), store_props(data["props"], f"node {key!r}"), "node")
        groups[labels].append({"id": str(key), "props": props})
    return groups


def edge_groups(kg: KnowledgeGraph) -> dict[tuple[str, str | None, str | None], list[dict[str, Any]]]:
    """Relationship rows grouped by (type, first label of the source, of the target)."""
    groups: dict[tuple[str, str | None, str | None], list[dict[str, Any]]] = defaultdict(list)
    for source, target, key, data in kg.nx.edges(keys=True, data=True):
        name_token(data["type"], "relationship type")
        props = _own_key(str(key), store_props(data["props"], f"relationship {key!r}"), "relationship")
        group = (data["type"], _primary(kg, source), _primary(kg, target))
        groups[group].append({"source": str(source), "target": str(target), "id": str(key), "props": props})
    return groups


def _primary(kg: KnowledgeGraph, key: str) -> str | None:
    labels = kg.nx.nodes[key]["labels"]
    return labels[0] if labels else None


def _pattern(variable: str, label: str | None, key_param: str) -> str:
    return f"({variable}{':' + name_token(label) if label else ''} {{id: {key_param}}})"


def node_statement(labels: tuple[str, ...], rows: str = "$rows") -> _Statement:
    """Merge the nodes in ``rows`` (``{id, props}`` maps) that carry exactly ``labels``."""
    primary = labels[0] if labels else None
    extra = "".join(f":{name_token(label)}" for label in labels[1:])
    text = f"UNWIND {rows} AS row MERGE {_pattern('x', primary, 'row.id')} SET x = row.props"
    if extra:
        text += f", x{extra}"
    return _Statement(text, f"MATCH {_pattern('x', primary, '$id')}", ("id",))


def edge_statement(rel_type: str, source_label: str | None, target_label: str | None,
                   rows: str = "$rows") -> _Statement:
    """Merge the relationships in ``rows`` (``{source, target, id, props}`` maps) of one type
    between nodes whose first labels are ``source_label`` and ``target_label``."""
    token = name_token(rel_type, "relationship type")
    text = (f"UNWIND {rows} AS row MATCH {_pattern('a', source_label, 'row.source')} "
            f"MATCH {_pattern('b', target_label, 'row.target')} "
            f"MERGE (a)-[x:{token} {{id: row.id}}]->(b) SET x = row.props")
    locate = (f"MATCH {_pattern('a', source_label, '$source')}-[x:{token} {{id: $id}}]->"
              f"{_pattern('b', target_label, '$target')}")
    return _Statement(text, locate, ("id", "source", "target"))


# -- batches ---------------------------------------------------------------------------------
def _batches(store: Neo4jStore, statement: _Statement, rows: list[dict[str, Any]],
             batch_size: int) -> Iterator[list[dict[str, Any]]]:
    """Rows in batches of at most ``batch_size`` rows and (on small servers) bytes."""
    limit = store.profile.max_message_bytes
    room = None if limit is None else limit - store.request_size(statement.text, {"rows": []})
    batch: list[dict[str, Any]] = []
    used = 0
    for row in rows:
        size = packed_size(store.wire_value(row))
        if batch and (len(batch) >= batch_size or (room is not None and used + size > room)):
            yield batch
            batch, used = [], 0
        batch.append(row)
        used += size
    if batch:
        yield batch


def _write_batch(store: Neo4jStore, statement: _Statement, batch: list[dict[str, Any]]) -> Any:
    limit = store.profile.max_message_bytes
    if limit is None or len(batch) > 1 or store.request_size(statement.text, {"rows": batch}) <= limit:
        return store.records(statement.text, {"rows": batch}, write=True).counters
    return _write_in_pieces(store, statement, batch[0], limit)


def _write_in_pieces(store: Neo4jStore, statement: _Statement, row: dict[str, Any], limit: int) -> Any:
    """Write one row too large for a request: small properties first, then large ones piecewise."""
    address = {name: row[name] for name in statement.address}
    room = limit - store.request_size(statement.text, {"rows": [{**row, "props": {}}]})
    small: dict[str, Any] = {}
    large: list[tuple[str, Any]] = []
    def wire(value: Any) -> int:
        return packed_size(store.wire_value(value))

    for key, value in sorted(row["props"].items(), key=lambda item: wire(item[1])):
        size = wire(key) + wire(value)
        if size <= room:
            small[key] = value
            room -= size
        else:
            large.append((key, value))
    counters = store.records(statement.text, {"rows": [{**row, "props": small}]}, write=True).counters
    for key, value in large:
        prop = f"x.{property_token(key)}"
        first = f"{statement.locate} SET {prop} = $part"
        rest = f"{statement.locate} SET {prop} = {prop} + $part"
        space = limit - store.request_size(rest, {**address, "part": ""}) - wire(key)
        for i, part in enumerate(_pieces(value, space, key, wire)):
            store.records(rest if i else first, {**address, "part": part}, write=True)
    return counters


def _pieces(value: Any, room: int, key: str, wire: Callable[[Any], int]) -> Iterator[Any]:
    """``value`` (text or a list) cut into parts that each take at most ``room`` bytes as sent
    (``wire`` measures a value as sent)."""
    if isinstance(value, str):
        part: list[str] = []
        used = 5
        for char in value:
            size = wire(char) - 5
            if part and used + size > room:
                yield "".join(part)
                part, used = [], 5
            part.append(char)
            used += size
        yield "".join(part)
        return
    if isinstance(value, list):
        items: list[Any] = []
        used = 5
        for item in value:
            size = wire(item)
            if size + 5 > room:
                raise StoreError(f"an item of property {key!r} takes {size} bytes; the server accepts {room}")
            if items and used + size > room:
                yield items
                items, used = [], 5
            items.append(item)
            used += size
        yield items
        return
    raise StoreError(f"property {key!r} is too large for one request to this server")
