"""Derived networks of the knowledge graph, shared by the analytics (``queries.analytics``)
and the network view (``graph.viz``): here in ``graph/`` because the view may not import
``queries``.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx

from nordgraph.graph.model import KnowledgeGraph

__all__ = ["TAKING_PART", "co_partnership_graph"]

#: Relations by which an organisation takes part in a project.
TAKING_PART = ("LEADS", "PARTNER_IN")


def co_partnership_graph(kg: KnowledgeGraph) -> nx.Graph:
    """Organisations linked by the projects they share.

    Parameters
    ----------
    kg : KnowledgeGraph
        The knowledge graph.

    Returns
    -------
    networkx.Graph
        One node per organisation that takes part in at least one project (attributes ``name``
        and ``projects``, the number it takes part in); an edge between two organisations that
        share projects, with ``weight`` (how many) and ``projects`` (their keys, sorted).

    Examples
    --------
    >>> kg = KnowledgeGraph()
    >>> a, b = kg.add_node("Organisation", "A"), kg.add_node("Organisation", "B")
    >>> p = kg.add_node("Project", "P")
    >>> _ = kg.add_edge(a, "LEADS", p), kg.add_edge(b, "PARTNER_IN", p)
    >>> co_partnership_graph(kg).edges[a, b]["weight"]
    1
    """
    members: dict[str, set[str]] = defaultdict(set)
    for source, target, _, data in kg.edges():
        if (data["type"] in TAKING_PART and "Organisation" in kg.node(source)["labels"]
                and "Project" in kg.node(target)["labels"]):
            members[target].add(source)
    taking_part: Counter[str] = Counter()
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for project in sorted(members):
        orgs = sorted(members[project])
        taking_part.update(orgs)
        for pair in combinations(orgs, 2):
            shared[pair].append(project)
    graph = nx.Graph()
    graph.add_nodes_from((org, {"name": kg.name(org), "projects": n}) for org, n in sorted(taking_part.items()))
    graph.add_edges_from((a, b, {"weight": len(projects), "projects": projects})
                         for (a, b), projects in shared.items())
    return graph
