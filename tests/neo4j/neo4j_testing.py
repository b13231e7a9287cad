"""Shared by the Neo4j tests: a made-up graph with hostile text, and graph comparison."""
from __future__ import annotations

from typing import Any

from nordgraph.graph.model import Evidence, KnowledgeGraph


def structure(kg: KnowledgeGraph) -> dict[str, Any]:
    """Nodes (labels, properties) and edges (ends, type, properties) by key."""
    return {
        "nodes": {key: (tuple(data["labels"]), data["props"]) for key, data in kg.nx.nodes(data=True)},
        "edges": {key: (source, target, data["type"], data["props"])
                  for source, target, key, data in kg.nx.edges(keys=True, data=True)},
    }


HOSTILE = [
    "O'Brien \"the\" `tick` \\ back\\slash \\' \\\\'",
    "line\nbreak\r\ttab; DROP // comment /* block */ $param {map: 1} [list]",
    "unicode: ø æ å ü 😀 \u2028 \u200b زبان",
    "}) DETACH DELETE n //",
    "'; MATCH (n) DETACH DELETE n; //",
    "",
]


def make_sample_graph() -> KnowledgeGraph:
    """A small made-up collaboration graph with aliases, evidence, domain properties and hostile text."""
    kg = KnowledgeGraph()
    ev = [Evidence("doc-a", 0, 12, "Fjordlab leads Kelp Health.", "lead-sentence", 0.9)]
    fjord = kg.add_node("Organisation", "Fjordlab AS", aliases=["Fjordlab", "FL"], evidence=ev, country="NO",
                        url="https://fjordlab.example")
    birch = kg.add_node("Organisation", "Birch Medical Oy", aliases=["Birch"], country="FI",
                        evidence=[Evidence("doc-b", 5, 30, HOSTILE[0], "partner-list", 0.75)])
    sound = kg.add_node("Organisation", "Soundwave ApS", country="DK")
    kelp = kg.add_node("Project", "Kelp Health", aliases=["KH"], start=2023, budget=1250000.5,
                       evidence=ev + [Evidence("doc-c", 1, 2, h, "hostile", 0.5) for h in HOSTILE])
    pulse = kg.add_node("Project", "Pulse North", aliases=HOSTILE[:3])
    call = kg.add_node("Call", "Nordic Health Call 2024")
    programme = kg.add_node("Programme", "Nordic Innovation")
    norway = kg.add_node("Country", "Norway", aliases=["NO"])
    finland = kg.add_node("Country", "Finland", aliases=["FI"])
    kg.add_edge(fjord, "LEADS", kelp, evidence=ev)
    kg.add_edge(birch, "LEADS", pulse)
    kg.add_edge(birch, "PARTNER_IN", kelp, evidence=[Evidence("doc-b", 5, 30, HOSTILE[1], "partner-list")])
    kg.add_edge(sound, "PARTNER_IN", kelp)
    kg.add_edge(sound, "PARTNER_IN", pulse)
    kg.add_edge(kelp, "FUNDED_BY", call)
    kg.add_edge(call, "PART_OF", programme)
    kg.add_edge(fjord, "LOCATED_IN", norway)
    kg.add_edge(birch, "LOCATED_IN", finland)
    kg.add_edge(fjord, "COLLABORATES_WITH", birch)
    council = kg.add_node("Organisation", "Nordic Council", aliases=["NC"])
    kg.add_node("Ministry", "Nordic Council", key=council)  # a second label, sorting before the first
    kg.add_edge(programme, "FUNDED_BY", council)
    return kg
