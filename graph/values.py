"""Values that query results carry, the same whichever store answered.

The embedded Cypher engine and the Neo4j store both return rows made of plain Python values
(None, bool, int, float, str, list, dict) and the three graph values below, so that renderers,
tests and the differential test never ask which store they talk to. Stored properties may also
hold :mod:`graph.temporal` values; every output renders them as their ISO text.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from nordgraph.graph.temporal import TEMPORAL_TYPES

#: What a terminal may act on: C0 controls but tab and newline, DEL, C1 (U+009B is a one-character
#: CSI) and the bidirectional overrides and isolates that make text display in another order.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: What ``json.dumps(..., ensure_ascii=False)`` leaves raw although a terminal acts on it (it
#: escapes C0 itself), plus the line and paragraph separators that end a JavaScript line.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control characters (ANSI escapes, terminal title codes, bidi overrides) made
    visible as replacement characters, newlines and tabs kept: document text made safe for a message."""
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)


def json_text(data: Any, indent: int | None = None, allow_nan: bool = True) -> str:
    """``data`` as JSON that is safe to print: readable UTF-8, but every control character
    (DEL and C1 too, which ``json.dumps`` passes through) written as a ``\\uXXXX`` escape, so the
    text reads back unchanged and a terminal showing it acts on nothing. ``allow_nan=False``
    refuses NaN and infinities (ValueError), which strict JSON readers reject."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=allow_nan)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True)
class NodeValue:
    """A node in a result: its store key, labels and properties."""

    key: str
    labels: tuple[str, ...]
    properties: dict[str, Any] = field(hash=False, compare=False)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NodeValue) and self.key == other.key

    def __hash__(self) -> int:
        return hash(("node", self.key))


@dataclass(frozen=True)
class RelationshipValue:
    """A relationship in a result: its key, type, end keys and properties."""

    key: str
    type: str
    start: str
    end: str
    properties: dict[str, Any] = field(hash=False, compare=False)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RelationshipValue) and self.key == other.key

    def __hash__(self) -> int:
        return hash(("rel", self.key))


@dataclass(frozen=True)
class PathValue:
    """An alternating walk: ``nodes[0], relationships[0], nodes[1], ...``."""

    nodes: tuple[NodeValue, ...]
    relationships: tuple[RelationshipValue, ...]


_SCALARS = (bool, int, float, str, *TEMPORAL_TYPES)


def storable(value: Any) -> Any:
    """Return ``value`` in a form a Neo4j property can hold.

    Neo4j properties hold scalars (temporal values among them, see :mod:`graph.temporal`) and
    homogeneous lists of scalars only. Richer values (nordgraph's evidence lists of maps) are
    stored as canonical JSON text, and the embedded Cypher engine presents them the same way, so
    one query gives one answer on either store.
    """
    if value is None or isinstance(value, _SCALARS):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, _SCALARS) for v in value):
        return list(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def to_jsonable(value: Any) -> Any:
    """Render a result value as JSON-ready data (used by every JSON/CSV/table output)."""
    if isinstance(value, NodeValue):
        return {"labels": list(value.labels), "properties": _props(value.properties)}
    if isinstance(value, RelationshipValue):
        return {"type": value.type, "properties": _props(value.properties)}
    if isinstance(value, PathValue):
        out: list[Any] = []
        for i, node in enumerate(value.nodes):
            out.append(to_jsonable(node))
            if i < len(value.relationships):
                out.append(to_jsonable(value.relationships[i]))
        return out
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return "NaN"
    if isinstance(value, TEMPORAL_TYPES):
        return str(value)  # ISO 8601 text, as Neo4j's own tools print it
    return value


def _props(props: dict[str, Any]) -> dict[str, Any]:
    return {k: to_jsonable(storable(v)) for k, v in sorted(props.items())}


def parse_evidence(value: Any) -> list[dict[str, Any]]:
    """Evidence as stored (JSON text, or already a list) to a list of maps."""
    if value is None:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return [{"quote": value}]
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []
