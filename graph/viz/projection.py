"""Derived views of the graph: one node type linked by what its members share."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from itertools import combinations

from graph.errors import UnknownNameError
from graph.model import KnowledgeGraph, edge_id

#: Relationship types by which an organisation takes part in a project.
TAKING_PART = ("PARTNER_IN", "LEADS")
CO_PARTNER = "CO_PARTNER"


def co_partners(kg: KnowledgeGraph) -> KnowledgeGraph:
    """Organisations linked by the projects they take part in together.

    Every organisation that leads or partners in at least one project is a node; two of them
    are linked by one undirected ``CO_PARTNER`` edge whose ``weight`` is the number of
    projects they share (leading counts as taking part) and whose ``projects`` names them.
    """
    members: dict[str, set[str]] = defaultdict(set)
    for source, target, _, data in kg.edges():
        if data["type"] in TAKING_PART and "Organisation" in kg.node(source)["labels"]:
            members[target].add(source)
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for project, orgs in members.items():
        for pair in combinations(sorted(orgs), 2):
            shared[pair].add(project)
    view = KnowledgeGraph(metadata={"documents": kg.documents})
    for key in sorted({org for orgs in members.values() for org in orgs}):
        view.nx.add_node(key, **kg.node(key))
    for (a, b), projects in sorted(shared.items()):
        key = edge_id(a, CO_PARTNER, b)
        names = sorted(kg.name(p) for p in projects)
        view.nx.add_edge(a, b, key=key, type=CO_PARTNER,
                         props={"id": key, "weight": len(projects), "projects": names})
    view.touch()
    return view


PROJECTIONS: dict[str, Callable[[KnowledgeGraph], KnowledgeGraph]] = {"co-partners": co_partners}


def project(kg: KnowledgeGraph, name: str) -> KnowledgeGraph:
    """Apply the projection called ``name`` (one of :data:`PROJECTIONS`)."""
    if name not in PROJECTIONS:
        raise UnknownNameError("projection", name, list(PROJECTIONS))
    return PROJECTIONS[name](kg)
