"""Values between nordgraph and the driver: rows for pushing, results and pulled graphs back.

Going out, every property passes through :func:`graph.values.storable` (evidence becomes
canonical JSON text, aliases a list of strings), and temporal values (:mod:`graph.temporal`, in
properties and parameters alike) become the driver's :mod:`neo4j.time` types, so Neo4j stores a
real Date, Time, DateTime or Duration. Pulled graphs get them back as :mod:`graph.temporal`
values (:func:`graph_props`), so push and pull round-trip them. Query results are rows: there
driver nodes, relationships and paths become :mod:`graph.values` objects keyed by their ``id``
property (the element id when a node has none), temporal values become ISO text and points maps,
so rows look the same whichever store answered.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pytz
from neo4j import graph as neo4j_graph
from neo4j import spatial
from neo4j import time as neo4j_time

from nordgraph.graph.errors import StoreError
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.temporal import TEMPORAL_TYPES, Duration, Temporal
from nordgraph.graph.values import NodeValue, PathValue, RelationshipValue, storable

#: Properties kept as JSON text in the store and parsed back when a graph is pulled.
JSON_PROPERTIES = ("evidence",)

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

#: The driver's write counters under the names the embedded engine uses (openCypher TCK style).
STAT_NAMES = {
    "nodes_created": "+nodes", "nodes_deleted": "-nodes",
    "relationships_created": "+relationships", "relationships_deleted": "-relationships",
    "properties_set": "+properties", "labels_added": "+labels", "labels_removed": "-labels",
    "indexes_added": "+indexes", "indexes_removed": "-indexes",
    "constraints_added": "+constraints", "constraints_removed": "-constraints",
}


def name_token(name: str, what: str = "label") -> str:
    """``name`` backtick-quoted for Cypher text, after checking it is a plain identifier.

    Labels and relationship types cannot be query parameters, so they are the one thing written
    into query text; anything but ``[A-Za-z_][A-Za-z0-9_]*`` is refused.
    """
    if not isinstance(name, str) or not _IDENTIFIER.match(name):
        raise StoreError(f"cannot store {what} {name!r}: {what}s must match [A-Za-z_][A-Za-z0-9_]*")
    return f"`{name}`"


def property_token(key: str) -> str:
    """A property key quoted for Cypher text: any string, backticks doubled."""
    if not isinstance(key, str) or not key:
        raise StoreError(f"cannot store property key {key!r}")
    return "`" + key.replace("`", "``") + "`"


def store_props(props: Mapping[str, Any], owner: str) -> dict[str, Any]:
    """``props`` as Neo4j can hold them: storable values, nulls dropped, lists of one type."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        value = storable(value)
        if value is None:
            continue
        if isinstance(value, list) and len({_scalar_kind(v) for v in value}) > 1:
            raise StoreError(f"property {key!r} of {owner} mixes value types ({value!r}); "
                             "Neo4j stores only lists of one type")
        out[str(key)] = value
    return out


def _scalar_kind(value: Any) -> str:
    if isinstance(value, TEMPORAL_TYPES):
        return value.kind if isinstance(value, Temporal) else "duration"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number" if isinstance(value, float) else "integer"
    return "string"


def graph_props(props: Mapping[str, Any]) -> dict[str, Any]:
    """Stored properties back to nordgraph's form (evidence parsed from its JSON text, temporal
    values as :mod:`graph.temporal` objects)."""
    out = {key: plain(engine_value(value)) for key, value in props.items()}
    for key in JSON_PROPERTIES:
        value = out.get(key)
        if isinstance(value, str):
            try:
                out[key] = json.loads(value)
            except json.JSONDecodeError:
                pass  # text that is not ours to parse stays text
    return out


def ordered_labels(key: str, labels: Iterable[str]) -> tuple[str, ...]:
    """A node's labels with its primary one first.

    Neo4j keeps a node's labels as a set, so their order does not survive the store. nordgraph
    keys start with the primary label (``organisation:...``, see :func:`graph.model.node_id`);
    that label goes first, the others follow in the order the server gave.
    """
    labels = list(labels)
    primary = [label for label in labels if key.startswith(label.lower() + ":")]
    if len(primary) == 1:
        labels.remove(primary[0])
        labels.insert(0, primary[0])
    return tuple(labels)


def stats_of(counters: Any) -> dict[str, int]:
    """Non-zero write counters of a query summary."""
    stats = {}
    for attribute, name in STAT_NAMES.items():
        value = getattr(counters, attribute, 0)
        if value:
            stats[name] = int(value)
    return stats


class ResultConverter:
    """Turns the driver's values of one result into :mod:`graph.values` objects.

    A relationship's end nodes arrive as bare element ids unless the same result also carries
    those nodes; their keys are then looked up with one extra query (``lookup``) at the end.
    """

    def __init__(self, lookup: Callable[[list[neo4j_graph.Node]], dict[str, str]]):
        self._lookup = lookup
        self._known: dict[str, str] = {}
        self._unknown: dict[str, neo4j_graph.Node] = {}
        self._pending: dict[int, tuple[RelationshipValue, str, str]] = {}

    def rows(self, records: Iterable[Any]) -> list[tuple[Any, ...]]:
        converted = [tuple(self.value(v) for v in record.values()) for record in records]
        if not self._pending:
            return converted
        self._known.update(self._lookup(list(self._unknown.values())))
        fixed = {
            ident: RelationshipValue(rel.key, rel.type, self._known.get(start, start),
                                     self._known.get(end, end), rel.properties)
            for ident, (rel, start, end) in self._pending.items()
        }
        return [tuple(_replace(v, fixed) for v in row) for row in converted]

    def value(self, value: Any) -> Any:
        if isinstance(value, neo4j_graph.Node):
            return self.node(value)
        if isinstance(value, neo4j_graph.Relationship):
            return self.relationship(value)
        if isinstance(value, neo4j_graph.Path):
            nodes = tuple(self.node(n) for n in value.nodes)
            rels = tuple(self.relationship(r) for r in value.relationships)
            return PathValue(nodes, rels)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return plain(value)

    def node(self, node: neo4j_graph.Node) -> NodeValue:
        props = {k: plain(v) for k, v in node.items()}
        key = str(props.get("id", node.element_id))
        self._known[node.element_id] = key
        return NodeValue(key, ordered_labels(key, sorted(node.labels)), props)

    def relationship(self, rel: neo4j_graph.Relationship) -> RelationshipValue:
        props = {k: plain(v) for k, v in rel.items()}
        key = str(props.get("id", rel.element_id))
        ends = []
        for node in (rel.start_node, rel.end_node):
            assert node is not None  # the driver always hydrates both ends
            if node.element_id not in self._known and (len(node) or node.labels):
                self.node(node)  # carried in full by this result
            if node.element_id not in self._known:
                self._unknown[node.element_id] = node
            ends.append(node.element_id)
        value = RelationshipValue(key, rel.type, self._known.get(ends[0], ends[0]),
                                  self._known.get(ends[1], ends[1]), props)
        if any(end not in self._known for end in ends):
            self._pending[id(value)] = (value, ends[0], ends[1])
        return value


def _replace(value: Any, fixed: dict[int, RelationshipValue]) -> Any:
    if isinstance(value, RelationshipValue):
        return fixed.get(id(value), value)
    if isinstance(value, PathValue):
        return PathValue(value.nodes, tuple(fixed.get(id(r), r) for r in value.relationships))
    if isinstance(value, list):
        return [_replace(v, fixed) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, fixed) for k, v in value.items()}
    return value


def plain(value: Any) -> Any:
    """A driver scalar as a plain Python value: temporal values as ISO text, points as maps."""
    if isinstance(value, (neo4j_time.Date, neo4j_time.DateTime, neo4j_time.Time)):
        return value.iso_format()
    if isinstance(value, neo4j_time.Duration):
        return value.iso_format()
    if isinstance(value, spatial.Point):
        return {"srid": value.srid, **dict(zip(("x", "y", "z"), tuple(value)))}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


# -- temporal values -------------------------------------------------------------------------
def driver_value(value: Any) -> Any:
    """``value`` (a parameter or property) with every :mod:`graph.temporal` value, also inside
    lists and maps, as the :mod:`neo4j.time` value the driver sends as a Bolt temporal."""
    if isinstance(value, Temporal):
        return _driver_temporal(value)
    if isinstance(value, Duration):
        return neo4j_time.Duration(months=value.months, days=value.days, seconds=value.seconds,
                                   nanoseconds=value.nanos)
    if isinstance(value, list):
        return [driver_value(v) for v in value]
    if isinstance(value, dict):
        return {k: driver_value(v) for k, v in value.items()}
    return value


def _driver_temporal(value: Temporal) -> Any:
    if value.kind == "date":
        assert value.date is not None
        return neo4j_time.Date(value.date.year, value.date.month, value.date.day)
    if value.offset is not None and value.offset % 60:
        raise StoreError(f"cannot send {value}: the Neo4j driver takes UTC offsets in whole minutes only")
    seconds, nanos = divmod(value.nanos, 10**9)
    clock = (seconds // 3600, seconds // 60 % 60, seconds % 60, nanos)
    offset = dt.timezone(dt.timedelta(seconds=value.offset)) if value.offset is not None else None
    if value.date is None:
        return neo4j_time.Time(*clock, tzinfo=offset)
    day = (value.date.year, value.date.month, value.date.day)
    if not value.zone:
        return neo4j_time.DateTime(*day, *clock, tzinfo=offset)
    local = neo4j_time.DateTime(*day, *clock)
    # A named zone as pytz, the driver's own choice: ``zoneinfo`` objects read neo4j's DateTime
    # as if it were a ``datetime`` and answer wrong offsets (or crash). In the hour a clock
    # goes back, the offset the value already has picks which of the two times it is.
    zone, wanted = pytz.timezone(value.zone), dt.timedelta(seconds=value.offset or 0)
    zoned = zone.localize(local, is_dst=False)
    return zoned if zoned.utcoffset() == wanted else zone.localize(local, is_dst=True)


def engine_value(value: Any) -> Any:
    """A driver value with every :mod:`neo4j.time` value (also inside lists) as the
    :mod:`graph.temporal` value the embedded engine keeps: the inverse of :func:`driver_value`."""
    if isinstance(value, neo4j_time.DateTime):
        return _engine_temporal("datetime", dt.date(value.year, value.month, value.day), value)
    if isinstance(value, neo4j_time.Date):
        return Temporal("date", dt.date(value.year, value.month, value.day), 0, None)
    if isinstance(value, neo4j_time.Time):
        return _engine_temporal("time", None, value)
    if isinstance(value, neo4j_time.Duration):
        return Duration(value.months, value.days, value.seconds, value.nanoseconds)
    if isinstance(value, list):
        return [engine_value(v) for v in value]
    return value


def _engine_temporal(kind: str, date: dt.date | None, value: Any) -> Temporal:
    nanos = ((value.hour * 60 + value.minute) * 60 + value.second) * 10**9 + value.nanosecond
    offset = value.utcoffset()
    if offset is None:
        return Temporal("local" + kind, date, nanos, None)
    zone = getattr(value.tzinfo, "key", None) or getattr(value.tzinfo, "zone", None)
    return Temporal(kind, date, nanos, int(offset.total_seconds()), zone if isinstance(zone, str) else None)


def has_temporal(value: Any) -> bool:
    """Whether ``value`` is or holds (in lists and maps) a :mod:`graph.temporal` value."""
    if isinstance(value, TEMPORAL_TYPES):
        return True
    if isinstance(value, (list, tuple)):
        return any(has_temporal(v) for v in value)
    if isinstance(value, dict):
        return any(has_temporal(v) for v in value.values())
    return False


def refuse_unstorable_temporals(kg: KnowledgeGraph, product: str) -> None:
    """Raise :class:`StoreError` naming the first temporal property of ``kg``: for a server that
    cannot store temporal values (FalkorDB crashes on them), checked before anything is written."""
    owners = [(f"node {key!r}", data["props"]) for key, data in kg.nx.nodes(data=True)]
    owners += [(f"relationship {key!r}", data["props"]) for _, _, key, data in kg.nx.edges(keys=True, data=True)]
    for owner, props in owners:
        for key, value in props.items():
            if has_temporal(value):
                raise StoreError(f"property {key!r} of {owner} holds a temporal value ({value}); {product} "
                                 "cannot store temporal values. Store them as text (toString) or push to Neo4j")
