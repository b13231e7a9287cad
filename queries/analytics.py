"""Network analytics on the co-partnership graph, with NetworkX.

Organisations are linked when they take part (lead or partner) in the same project, weighted
by the number of projects they share. The functions take a :class:`~graph.model.KnowledgeGraph`
first, like NetworkX's own; the registered canned queries ``central-organisations`` and
``communities`` wrap them so that ``nordgraph run`` returns rows on any store (a Neo4j store
hands over its graph through ``store.graph()``).
"""
from __future__ import annotations

import networkx as nx

from nordgraph.graph.errors import QueryError
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.projections import co_partnership_graph  # re-exported: it lived here first
from nordgraph.graph.store import QueryResult
from nordgraph.queries.registry import Parameter, register_analytics

__all__ = ["MEASURES", "METHODS", "centrality", "co_partnership_graph", "communities"]

MEASURES = ("degree", "betweenness", "eigenvector", "pagerank")
METHODS = ("louvain", "greedy")


def centrality(kg: KnowledgeGraph, measure: str = "degree", limit: int = 20,
               sample: int = 0) -> list[tuple[str, float]]:
    """The most central organisations of the co-partnership network.

    Parameters
    ----------
    kg : KnowledgeGraph
        The knowledge graph.
    measure : {"degree", "betweenness", "eigenvector", "pagerank"}
        ``degree``: share of the other organisations one has partnered with; ``betweenness``:
        how often one lies on the shortest routes between others (a tie of ``w`` shared
        projects counts as distance ``1/w``); ``eigenvector`` and ``pagerank``: importance
        from being tied, strongly, to important organisations (weighted by shared projects).
    limit : int
        How many organisations to return.
    sample : int
        For betweenness only: estimate it from routes starting at this many organisations
        drawn with a fixed seed (repeatable), instead of from all of them. Exact betweenness
        takes time in proportion to organisations times ties (about 50 s for 1 000
        organisations with 45 000 ties); 0 means exact.

    Returns
    -------
    list of (str, float)
        ``(organisation key, score)``, highest score first, ties by key.

    Raises
    ------
    QueryError
        For an unknown measure, a negative limit or sample, a sample with another measure
        than betweenness, or a measure that cannot be computed.

    Examples
    --------
    >>> kg = KnowledgeGraph()
    >>> hub = kg.add_node("Organisation", "Hub")
    >>> for n in "ABC":
    ...     p = kg.add_node("Project", f"P{n}")
    ...     _ = kg.add_edge(hub, "LEADS", p), kg.add_edge(kg.add_node("Organisation", n), "PARTNER_IN", p)
    >>> centrality(kg, "degree", limit=1)
    [('organisation:hub', 1.0)]
    """
    return _ranked(co_partnership_graph(kg), measure, limit, sample)


def _ranked(graph: nx.Graph, measure: str, limit: int, sample: int) -> list[tuple[str, float]]:
    if measure not in MEASURES:
        raise QueryError(f"unknown centrality measure {measure!r}; known: {', '.join(MEASURES)}")
    if limit < 0 or sample < 0:
        raise QueryError(f"limit and sample must be zero or more, got {limit} and {sample}")
    if sample and measure != "betweenness":
        raise QueryError(f"sample applies to betweenness only, not {measure}")
    if sample and sample < graph.number_of_nodes():
        return _top(_betweenness(graph, sample), limit)
    if graph.number_of_nodes() == 0:
        return []
    return _top(_SCORES[measure](graph), limit)


def _top(scores: dict[str, float], limit: int) -> list[tuple[str, float]]:
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [(key, float(score)) for key, score in ranked[:limit]]


def _betweenness(graph: nx.Graph, sample: int | None = None) -> dict[str, float]:
    for _, _, data in graph.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    return nx.betweenness_centrality(graph, k=sample, weight="distance", seed=0)


def _eigenvector(graph: nx.Graph) -> dict[str, float]:
    try:
        return nx.eigenvector_centrality(graph, weight="weight", max_iter=1000)
    except nx.PowerIterationFailedConvergence as exc:
        raise QueryError(f"eigenvector centrality did not converge on this network ({exc}); "
                         "try pagerank") from None


_SCORES = {
    "degree": nx.degree_centrality,
    "betweenness": _betweenness,
    "eigenvector": _eigenvector,
    "pagerank": lambda graph: nx.pagerank(graph, weight="weight"),
}


def communities(kg: KnowledgeGraph, method: str = "louvain", seed: int = 0) -> list[list[str]]:
    """Groups of organisations that partner more among themselves than with the rest.

    Parameters
    ----------
    kg : KnowledgeGraph
        The knowledge graph.
    method : {"louvain", "greedy"}
        NetworkX's Louvain method (randomised, made repeatable by ``seed``; the default, as it
        is several times faster on large networks) or greedy modularity maximisation
        (deterministic); both weigh ties by shared projects.
    seed : int
        Random seed for Louvain.

    Returns
    -------
    list of list of str
        Organisation keys per community, each sorted; largest community first, then by first key.

    Examples
    --------
    >>> kg = KnowledgeGraph()
    >>> for team, names in (("P", "AB"), ("Q", "CD")):
    ...     p = kg.add_node("Project", team)
    ...     for n in names:
    ...         _ = kg.add_edge(kg.add_node("Organisation", n), "PARTNER_IN", p)
    >>> communities(kg)
    [['organisation:a', 'organisation:b'], ['organisation:c', 'organisation:d']]
    """
    graph = co_partnership_graph(kg)
    if graph.number_of_nodes() == 0:
        return []
    if method == "greedy":
        found = nx.community.greedy_modularity_communities(graph, weight="weight")
    elif method == "louvain":
        found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    else:
        raise QueryError(f"unknown community method {method!r}; known: {', '.join(METHODS)}")
    groups = [sorted(group) for group in found]
    return sorted(groups, key=lambda group: (-len(group), group[0]))


# -- canned queries (``nordgraph run``) ------------------------------------------------------------
@register_analytics(
    "central-organisations",
    "The most central organisations of the co-partnership network (organisations linked by shared projects).",
    [Parameter("measure", "string", f"one of {', '.join(MEASURES)}", "betweenness", "degree"),
     Parameter("limit", "integer", "how many organisations to list", "10", 20),
     Parameter("sample", "integer", "betweenness only: estimate it from this many organisations "
               "(seeded, repeatable) instead of all; 0 = exact, slow on large networks", "200", 0)],
)
def central_organisations(kg: KnowledgeGraph, measure: str, limit: int, sample: int) -> QueryResult:
    """Rows ``rank, organisation, id, score, projects, partners`` for :func:`centrality`."""
    graph = co_partnership_graph(kg)
    rows = [(rank, kg.name(key), key, round(score, 6), graph.nodes[key]["projects"], graph.degree(key))
            for rank, (key, score) in enumerate(_ranked(graph, measure, limit, sample), start=1)]
    return QueryResult(["rank", "organisation", "id", "score", "projects", "partners"], rows)


@register_analytics(
    "communities",
    "Communities of organisations that partner more among themselves than with the rest (modularity).",
    [Parameter("method", "string", f"one of {', '.join(METHODS)}", "greedy", "louvain")],
)
def community_rows(kg: KnowledgeGraph, method: str) -> QueryResult:
    """Rows ``community, size, organisations`` for :func:`communities`."""
    rows = [(number, len(group), [kg.name(key) for key in group])
            for number, group in enumerate(communities(kg, method), start=1)]
    return QueryResult(["community", "size", "organisations"], rows)
