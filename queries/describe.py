"""One entity in full (``nordgraph show``): found by id, name or alias, on any store.

Everything is read with parameterised Cypher, so the same code serves the embedded store and
Neo4j. Evidence is stored as JSON text on both (see ``graph.values.storable``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.errors import NordgraphError
from graph.store import GraphStore
from graph.values import NodeValue, parse_evidence

FIND = """
MATCH (n)
WHERE n.id = $name OR toLower(n.name) = toLower($name)
   OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) = toLower($name))
RETURN n
ORDER BY n.id
LIMIT 25
"""
SUGGEST = """
MATCH (n)
WHERE toLower(n.name) CONTAINS toLower($name)
RETURN n.name AS name, labels(n)[0] AS label
ORDER BY name
LIMIT 10
"""
NEIGHBOURS = """
MATCH (n {id: $id})-[r]->(m)
RETURN 'out' AS direction, type(r) AS type, labels(m)[0] AS label, m.name AS name, r.evidence AS evidence
UNION ALL
MATCH (n {id: $id})<-[r]-(m)
RETURN 'in' AS direction, type(r) AS type, labels(m)[0] AS label, m.name AS name, r.evidence AS evidence
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

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.key, "label": self.label, "name": self.name, "aliases": self.aliases,
                "properties": self.properties, "evidence": self.evidence, "neighbours": self.neighbours}

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
    """The entity called ``name`` (id, name or alias; case-insensitive) with its neighbourhood."""
    found = [row[0] for row in store.query(FIND, {"name": name}).rows if isinstance(row[0], NodeValue)]
    if not found:
        suggestions = store.query(SUGGEST, {"name": name}).rows
        hint = "; did you mean: " + ", ".join(f"{n} ({l})" for n, l in suggestions) if suggestions else ""
        raise NordgraphError(f"no entity named {name!r}{hint}")
    if len(found) > 1:
        options = ", ".join(str(n.properties.get("id", n.key)) for n in found)
        raise NordgraphError(f"{name!r} names {len(found)} entities; give one id: {options}")
    node = found[0]
    props = dict(node.properties)
    key = str(props.pop("id", node.key))
    detail = EntityDetail(
        key=key,
        label=node.labels[0] if node.labels else "",
        name=str(props.pop("name", key)),
        aliases=list(props.pop("aliases", []) or []),
        evidence=parse_evidence(props.pop("evidence", None)),
        properties=props,
    )
    for direction, rel_type, label, other, evidence in store.query(NEIGHBOURS, {"id": key}).rows:
        detail.neighbours.append({"direction": direction, "type": rel_type, "label": label,
                                  "name": other, "evidence": parse_evidence(evidence)})
    return detail
