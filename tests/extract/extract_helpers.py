"""Shared helpers for the extraction tests (imported by name: conftest modules collide)."""
from __future__ import annotations

from nordgraph.graph.model import KnowledgeGraph


def facts(kg: KnowledgeGraph) -> set[tuple[str, str, str]]:
    """Every edge as (source name, type, target name)."""
    return {(kg.name(s), d["type"], kg.name(t)) for s, t, _, d in kg.edges()}


def entities(kg: KnowledgeGraph) -> dict[str, str]:
    """Node name -> label."""
    return {kg.name(k): kg.label(k) for k in kg.nodes()}
