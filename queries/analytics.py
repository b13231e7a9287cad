"""Network analytics on the co-partnership graph, with NetworkX (and igraph for Louvain, betweenness and eigenvector).

Organisations are linked when they take part (lead or partner) in the same project, weighted
by the number of projects they share. The functions take a :class:`~graph.model.KnowledgeGraph`
first, like NetworkX's own; the registered canned queries ``central-organisations`` and
``communities`` wrap them so that ``nordgraph run`` returns rows on any store (a Neo4j store
hands over its graph through ``store.graph()``).
"""
from __future__ import annotations

import math
import random
import warnings
from collections.abc import Callable
from typing import Any

import networkx as nx

from nordgraph.graph.errors import QueryError
from nordgraph.graph.igraphs import indexed_graph, louvain
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.projections import co_partnership_graph  # re-exported: it lived here first
from nordgraph.graph.store import QueryResult
from nordgraph.queries.registry import Parameter, Progress, register_analytics

__all__ = ["DEFAULT_SAMPLE", "MEASURES", "METHODS", "SAMPLE_ABOVE", "betweenness_sources", "centrality",
           "co_partnership_graph", "communities"]

MEASURES = ("degree", "betweenness", "eigenvector", "pagerank")
METHODS = ("louvain", "greedy")
#: Above this many organisations betweenness is estimated unless the exact value is asked for:
#: exact betweenness takes time in proportion to organisations times ties (about 50 ms an
#: organisation on the eunets network of 35,871 organisations and 800,000 ties, in igraph).
SAMPLE_ABOVE = 500
#: How many organisations the routes of a default estimate start from (seeded, so repeatable);
#: on a 976-organisation network it finds 19 of the exact top 20, in a fifth of the time.
DEFAULT_SAMPLE = 200


def betweenness_sources(organisations: int, sample: int = 0, exact: bool = False) -> int | None:
    """How many organisations betweenness starts its routes from; ``None``: all of them (exact).

    ``sample`` asks for that many (0: the default, :data:`DEFAULT_SAMPLE` above
    :data:`SAMPLE_ABOVE` organisations); ``exact`` asks for all; a sample that covers every
    organisation is exact too.
    """
    if exact and sample:
        raise QueryError(f"exact and sample={sample} contradict each other; give one")
    wanted = 0 if exact else sample or (DEFAULT_SAMPLE if organisations > SAMPLE_ABOVE else 0)
    return wanted if 0 < wanted < organisations else None


def centrality(kg: KnowledgeGraph, measure: str = "degree", limit: int = 20,
               sample: int = 0, exact: bool = False, progress: Progress | None = None) -> list[tuple[str, float]]:
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
        drawn with a fixed seed (repeatable), instead of from all of them. 0: the default, an
        estimate from :data:`DEFAULT_SAMPLE` organisations on networks of more than
        :data:`SAMPLE_ABOVE`, else exact (see :func:`betweenness_sources`).
    exact : bool
        For betweenness only: from every organisation, however long it takes.
    progress : callable, optional
        ``progress(done, total)`` as betweenness works through the organisations it starts from.

    Returns
    -------
    list of (str, float)
        ``(organisation key, score)``, highest score first, ties by key.

    Raises
    ------
    QueryError
        For an unknown measure, a negative limit or sample, a sample or exact with another
        measure than betweenness, both sample and exact, or a measure that cannot be computed.

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
    graph = co_partnership_graph(kg)
    return _ranked(graph, measure, limit, _sources(graph, measure, sample, exact), progress)


def _sources(graph: nx.Graph, measure: str, sample: int, exact: bool) -> int | None:
    """The organisations betweenness starts from (``None``: all), after checking the request."""
    if measure not in MEASURES:
        raise QueryError(f"unknown centrality measure {measure!r}; known: {', '.join(MEASURES)}")
    if sample < 0:
        raise QueryError(f"sample must be zero or more, got {sample}")
    if (sample or exact) and measure != "betweenness":
        raise QueryError(f"{'sample' if sample else 'exact'} applies to betweenness only, not {measure} "
                         "(always exact)")
    return betweenness_sources(graph.number_of_nodes(), sample, exact) if measure == "betweenness" else None


def _ranked(graph: nx.Graph, measure: str, limit: int, sources: int | None,
            progress: Progress | None) -> list[tuple[str, float]]:
    if limit < 0:
        raise QueryError(f"limit must be zero or more, got {limit}")
    if graph.number_of_nodes() == 0:
        return []
    if measure == "betweenness":
        return _top(_betweenness(graph, sources, progress), limit)
    return _top(_SCORES[measure](graph), limit)


def _top(scores: dict[str, float], limit: int) -> list[tuple[str, float]]:
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [(key, float(score)) for key, score in ranked[:limit]]


def _as_igraph(graph: nx.Graph, nodes: list[str], weigh: Callable[[int], float] = float) -> Any:
    """The co-partnership network as an igraph graph whose vertex ``i`` is ``nodes[i]``, each tie
    weighted ``weigh(shared projects)`` (igraph's C does what NetworkX's Python does too slowly)."""
    ties = list(graph.edges(data="weight"))
    return indexed_graph(nodes, [(a, b) for a, b, _ in ties], [weigh(shared) for _, _, shared in ties])


def _betweenness(graph: nx.Graph, sources: int | None = None, progress: Progress | None = None) -> dict[str, float]:
    """Normalised betweenness, from every organisation or estimated from ``sources`` of them
    (drawn with a fixed seed from the sorted keys, so every store gives the same).

    igraph computes it (C): NetworkX's pure-Python routes took 208 s for the 200-organisation
    estimate on the eunets network (35,871 organisations, about 800,000 ties); igraph takes
    seconds. Both sum the same dependencies (equal on integer distances); igraph also counts as
    ties the routes whose lengths ``1/w`` differ only by rounding, which NetworkX's exact float
    comparison splits. The routes are taken from about a hundred batches of starting
    organisations, so that ``progress(done, total)`` can follow a long run; an estimate scales
    its sums up by the share of organisations it started from.
    """
    nodes = sorted(graph)
    n = len(nodes)
    network = _as_igraph(graph, nodes, lambda shared: 1.0 / shared)
    index = {key: i for i, key in enumerate(nodes)}
    starts = nodes if sources is None else random.Random(0).sample(nodes, sources)
    sums = [0.0] * n
    batch = max(1, len(starts) // 100)
    for first in range(0, len(starts), batch):
        part = network.betweenness(directed=False, weights="weight",
                                   sources=[index[key] for key in starts[first:first + batch]])
        sums = [total + value for total, value in zip(sums, part, strict=True)]
        if progress is not None:
            progress(min(first + batch, len(starts)), len(starts))
    if n < 3:
        return dict(zip(nodes, sums, strict=True))
    # the subset sums count each pair once; normalised betweenness divides by the ordered pairs
    scale = 2 / ((n - 1) * (n - 2)) * n / len(starts)
    return {node: value * scale for node, value in zip(nodes, sums, strict=True)}


def _eigenvector(graph: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality weighted by shared projects, scaled to unit length as NetworkX's.

    igraph computes it (ARPACK, C): NetworkX's power iteration took 7.4 s on the eunets network
    (35,871 organisations, about 800,000 ties), igraph 0.2 s (1 s with handing the network over);
    the two agree to 2e-4 there, with the same top 20. igraph warns that a disconnected
    network's smaller components score near zero: that is what the measure means here (as in
    NetworkX, which does not say so), so the warning is not passed on.
    """
    import igraph

    nodes = list(graph)
    network = _as_igraph(graph, nodes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            scores = network.eigenvector_centrality(weights="weight" if network.ecount() else None)
    except igraph.InternalError as exc:  # ARPACK did not converge
        raise QueryError(f"eigenvector centrality could not be computed on this network ({exc}); "
                         "try pagerank") from None
    length = math.sqrt(sum(score * score for score in scores)) or 1.0
    return {node: score / length for node, score in zip(nodes, scores, strict=True)}


_SCORES = {
    "degree": nx.degree_centrality,
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
        The Louvain method (igraph's ``community_multilevel``, randomised, made repeatable by
        ``seed``; the default: 0.5 s for 14,000 organisations with 245,000 ties, where
        NetworkX's took 7-10 s) or NetworkX's greedy modularity maximisation (deterministic);
        both weigh ties by shared projects.
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
        ties = list(graph.edges(data="weight"))
        return louvain(list(graph.nodes), [(a, b) for a, b, _ in ties], [w for _, _, w in ties], seed)
    else:
        raise QueryError(f"unknown community method {method!r}; known: {', '.join(METHODS)}")
    groups = [sorted(group) for group in found]
    return sorted(groups, key=lambda group: (-len(group), group[0]))


# -- canned queries (``nordgraph run``) ------------------------------------------------------------
def _stages(progress: Progress | None, stages: int) -> list[Progress | None]:
    """One callback per stage of a run, each putting its own ``(done, total)`` on its share of
    one scale of ``100 * stages`` steps, so that one progress bar follows every stage."""
    if progress is None:
        return [None] * stages
    return [lambda done, total, first=100 * stage: progress(first + 100 * done // max(total, 1), 100 * stages)
            for stage in range(stages)]


@register_analytics(
    "central-organisations",
    "The most central organisations of the co-partnership network (organisations linked by shared projects).",
    [Parameter("measure", "string", f"one of {', '.join(MEASURES)}", "betweenness", "degree"),
     Parameter("limit", "integer", "how many organisations to list", "10", 20),
     Parameter("sample", "integer", "betweenness only: estimate it from routes starting at this many "
               f"organisations (seeded, repeatable); 0 = {DEFAULT_SAMPLE} on networks of more than "
               f"{SAMPLE_ABOVE} organisations, else exact", "100", 0),
     Parameter("exact", "boolean", "betweenness only: from every organisation, however large the network",
               "true", False)],
)
def central_organisations(kg: KnowledgeGraph, measure: str, limit: int, sample: int, exact: bool,
                          progress: Progress | None = None) -> QueryResult:
    """Rows ``rank, organisation, id, score, projects, partners`` for :func:`centrality`, and a
    note saying how many organisations an estimated betweenness started from.

    ``progress`` follows the whole run on one scale: making the network, then the measure
    (betweenness step by step; the others, one library call each, at their end)."""
    projecting, measuring = _stages(progress, 2)
    graph = co_partnership_graph(kg, projecting)
    sources = _sources(graph, measure, sample, exact)
    ranked = _ranked(graph, measure, limit, sources, measuring)
    if measuring is not None:
        measuring(1, 1)
    rows = [(rank, kg.name(key), key, round(score, 6), graph.nodes[key]["projects"], graph.degree(key))
            for rank, (key, score) in enumerate(ranked, start=1)]
    notes = [] if sources is None else [
        f"Betweenness estimated from routes starting at {sources:,} of {graph.number_of_nodes():,} organisations "
        "(a seeded sample); exact=true gives the exact value, sample=N another sample size."]
    return QueryResult(["rank", "organisation", "id", "score", "projects", "partners"], rows, notes=notes)


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
