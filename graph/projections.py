"""Derived networks of the knowledge graph, shared by the analytics (``queries.analytics``)
and the network view (``graph.viz``): here in ``graph/`` because the view may not import
``queries``.

A projection is kept per graph until the graph changes (its ``revision``, as the Cypher engine
keeps its indexes), since one chart or analytics request may ask for it twice and it takes
seconds on a large graph (3.4 s for 14,000 organisations with 245,000 ties).
"""
from __future__ import annotations

import weakref
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import combinations

import networkx as nx

from nordgraph.graph.model import KnowledgeGraph

__all__ = ["TAKING_PART", "co_partnership_graph"]

#: Relations by which an organisation takes part in a project.
TAKING_PART = ("LEADS", "PARTNER_IN")

_PROJECTED: weakref.WeakKeyDictionary[KnowledgeGraph, tuple[int, nx.Graph]] = weakref.WeakKeyDictionary()


def co_partnership_graph(kg: KnowledgeGraph, progress: Callable[[int, int], None] | None = None) -> nx.Graph:
    """Organisations linked by the projects they share.

    Parameters
    ----------
    kg : KnowledgeGraph
        The knowledge graph.
    progress : callable, optional
        ``progress(done, total)`` in about a hundred steps over the projects, when the network is
        made rather than taken from the cache (4 s for the eunets graph's 31,452 projects).

    Returns
    -------
    networkx.Graph
        One node per organisation that takes part in at least one project (attributes ``name``
        and ``projects``, the number it takes part in); an edge between two organisations that
        share projects, with ``weight`` (how many) and ``projects`` (their keys, sorted).
        Shared by every caller until ``kg`` changes: read it, do not change it.

    Examples
    --------
    >>> kg = KnowledgeGraph()
    >>> a, b = kg.add_node("Organisation", "A"), kg.add_node("Organisation", "B")
    >>> p = kg.add_node("Project", "P")
    >>> _ = kg.add_edge(a, "LEADS", p), kg.add_edge(b, "PARTNER_IN", p)
    >>> co_partnership_graph(kg).edges[a, b]["weight"]
    1
    """
    cached = _PROJECTED.get(kg)
    if cached is None or cached[0] != kg.revision:
        cached = (kg.revision, _project(kg, progress))
        _PROJECTED[kg] = cached
    return cached[1]


def _project(kg: KnowledgeGraph, progress: Callable[[int, int], None] | None) -> nx.Graph:
    members: dict[str, set[str]] = defaultdict(set)
    for source, target, _, data in kg.edges():
        if (data["type"] in TAKING_PART and "Organisation" in kg.node(source)["labels"]
                and "Project" in kg.node(target)["labels"]):
            members[target].add(source)
    taking_part: Counter[str] = Counter()
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    projects = sorted(members)
    step = max(1, len(projects) // 100)
    for done, project in enumerate(projects, start=1):
        orgs = sorted(members[project])
        taking_part.update(orgs)
        for pair in combinations(orgs, 2):
            shared[pair].append(project)
        if progress is not None and (done % step == 0 or done == len(projects)):
            progress(done, len(projects))
    graph = nx.Graph()
    graph.add_nodes_from((org, {"name": kg.name(org), "projects": n}) for org, n in sorted(taking_part.items()))
    graph.add_edges_from((a, b, {"weight": len(projects), "projects": projects})
                         for (a, b), projects in shared.items())
    return graph
