"""One entity in full (``nordgraph show``): found by :func:`graph.lookup.resolve_entity`, on any store.

Everything is read with parameterised Cypher, so the same code serves the embedded store and
Neo4j. Evidence is stored as JSON text on both (see ``graph.values.storable``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nordgraph.graph.lookup import resolve_entity
from nordgraph.graph.store import GraphStore
from nordgraph.graph.values import parse_evidence

NEIGHBOURS = """
MATCH (n {id: $id})-[r]->(m)
RETURN 'out' AS direction, type(r) AS type, labels(m)[0] AS label, m.name AS name, r.evidence AS evidence, m.id AS id
UNION ALL
MATCH (n {id: $id})<-[r]-(m)
RETURN 'in' AS direction, type(r) AS type, labels(m)[0] AS label, m.name AS name, r.evidence AS evidence, m.id AS id
"""


@dataclass
class EntityDetail:
    key: str
    label: str
    name: str
    aliases: list[str]
    properties: dict[str, Any]
    evidence: list[dict[str, Any]]
    neighbours: list[dict[str, Any]] = field(default_factory=list)
    #: Which names of documents were joined with this table's node, and why (``resolution``).
    resolution: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.key, "label": self.label, "name": self.name, "aliases": self.aliases,
                "properties": self.properties, "resolution": self.resolution, "evidence": self.evidence,
                "neighbours": self.neighbours}

    def fields(self) -> list[tuple[str, Any]]:
        rows: list[tuple[str, Any]] = [("id", self.key), ("label", self.label), ("name", self.name),
                                       ("aliases", ", ".join(self.aliases))]
        rows += sorted(self.properties.items())
        return rows

    def neighbour_rows(self) -> list[tuple[Any, ...]]:
        return [(n["direction"], n["type"], n["label"], n["name"], _first_quote(n["evidence"]))
                for n in self.neighbours]

    def evidence_rows(self) -> list[tuple[Any, ...]]:
        return [(e.get("doc"), e.get("rule"), e.get("confidence"), e.get("quote")) for e in self.evidence]


def _first_quote(evidence: list[dict[str, Any]]) -> str:
    return str(evidence[0].get("quote", "")) if evidence else ""


def describe(store: GraphStore, name: str) -> EntityDetail:
    """The entity called ``name`` (see :func:`graph.lookup.resolve_entity`) with its neighbourhood."""
    node = resolve_entity(store, name)
    props = dict(node.properties)
    key = str(props.pop("id", node.key))
    detail = EntityDetail(
        key=key,
        label=node.labels[0] if node.labels else "",
        name=str(props.pop("name", key)),
        aliases=list(props.pop("aliases", []) or []),
        evidence=parse_evidence(props.pop("evidence", None)),
        resolution=list(props.pop("resolution", []) or []),
        properties=props,
    )
    for direction, rel_type, label, other, evidence, other_id in store.query(NEIGHBOURS, {"id": key}).rows:
        detail.neighbours.append({"direction": direction, "type": rel_type, "label": label,
                                  "name": other, "id": other_id, "evidence": parse_evidence(evidence)})
    return detail
