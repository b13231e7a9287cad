"""Node measures a view can size nodes by.

PageRank is computed here in plain Python because NetworkX's ``pagerank`` needs SciPy, which
nordgraph does not depend on; on the graphs a page can show (a few thousand nodes) the power
iteration takes well under a second.
"""
from __future__ import annotations

from collections.abc import Callable

from graph.errors import UnknownNameError
from graph.model import KnowledgeGraph


def degree(kg: KnowledgeGraph) -> dict[str, float]:
    """Relationships per node, either direction."""
    return {key: float(d) for key, d in kg.nx.degree()}


def pagerank(kg: KnowledgeGraph, damping: float = 0.85, tol: float = 1e-8, max_iter: int = 200) -> dict[str, float]:
    """PageRank over the relationships taken both ways (who is close to the well-connected).

    Relationships are read as undirected because their direction is grammatical (an
    organisation LEADS a project, a project is FUNDED_BY a programme), not a vote.
    """
    nodes = list(kg.nx.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    neighbours: dict[str, list[str]] = {key: [] for key in nodes}
    for source, target in kg.nx.edges():
        neighbours[source].append(target)
        neighbours[target].append(source)
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = damping * sum(rank[k] for k in nodes if not neighbours[k]) / n
        new = dict.fromkeys(nodes, (1.0 - damping) / n + dangling)
        for key in nodes:
            if neighbours[key]:
                share = damping * rank[key] / len(neighbours[key])
                for other in neighbours[key]:
                    new[other] += share
        if sum(abs(new[k] - rank[k]) for k in nodes) < tol * n:
            return new
        rank = new
    return rank


SIZE_MEASURES: dict[str, Callable[[KnowledgeGraph], dict[str, float]]] = {"degree": degree, "pagerank": pagerank}


def measure(kg: KnowledgeGraph, name: str) -> dict[str, float]:
    """The measure called ``name`` (one of :data:`SIZE_MEASURES`) for every node."""
    if name not in SIZE_MEASURES:
        raise UnknownNameError("size measure", name, list(SIZE_MEASURES))
    return SIZE_MEASURES[name](kg)
