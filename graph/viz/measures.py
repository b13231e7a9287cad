"""Node measures a view can size nodes by."""
from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from nordgraph.graph.errors import UnknownNameError
from nordgraph.graph.model import KnowledgeGraph


def degree(kg: KnowledgeGraph) -> dict[str, float]:
    """Relationships per node, either direction."""
    return {key: float(d) for key, d in kg.nx.degree()}


def pagerank(kg: KnowledgeGraph) -> dict[str, float]:
    """PageRank over the relationships taken both ways (who is close to the well-connected).

    Relationships are read as undirected because their direction is grammatical (an
    organisation LEADS a project, a project is FUNDED_BY a programme), not a vote; parallel
    relationships between two nodes count once each.
    """
    if not len(kg):
        return {}
    return {key: float(rank) for key, rank in nx.pagerank(nx.MultiGraph(kg.nx)).items()}


SIZE_MEASURES: dict[str, Callable[[KnowledgeGraph], dict[str, float]]] = {"degree": degree, "pagerank": pagerank}


def measure(kg: KnowledgeGraph, name: str) -> dict[str, float]:
    """The measure called ``name`` (one of :data:`SIZE_MEASURES`) for every node."""
    if name not in SIZE_MEASURES:
        raise UnknownNameError("size measure", name, list(SIZE_MEASURES))
    return SIZE_MEASURES[name](kg)
