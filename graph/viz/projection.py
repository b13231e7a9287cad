"""Derived views of the graph: one node type linked by what its members share."""
from __future__ import annotations

from collections.abc import Callable

from nordgraph.graph.errors import UnknownNameError
from nordgraph.graph.model import KnowledgeGraph, edge_id
from nordgraph.graph.projections import co_partnership_graph

CO_PARTNER = "CO_PARTNER"


def co_partners(kg: KnowledgeGraph) -> KnowledgeGraph:
    """Organisations linked by the projects they take part in together.

    The network is :func:`graph.projections.co_partnership_graph` (leading and partnering both
    count as taking part), drawn as a graph: each organisation that takes part in a project
    keeps its properties, and two that share projects get one undirected ``CO_PARTNER`` edge
    whose ``weight`` is how many and whose ``projects`` names them.
    """
    network = co_partnership_graph(kg)
    view = KnowledgeGraph(metadata={"documents": kg.documents})
    for key in sorted(network.nodes):
        view.nx.add_node(key, **kg.node(key))
    for a, b, data in sorted(network.edges(data=True), key=lambda edge: sorted(edge[:2])):
        a, b = sorted((a, b))
        key = edge_id(a, CO_PARTNER, b)
        view.nx.add_edge(a, b, key=key, type=CO_PARTNER,
                         props={"id": key, "weight": data["weight"],
                                "projects": sorted(kg.name(p) for p in data["projects"])})
    view.touch()
    return view


PROJECTIONS: dict[str, Callable[[KnowledgeGraph], KnowledgeGraph]] = {"co-partners": co_partners}


def project(kg: KnowledgeGraph, name: str) -> KnowledgeGraph:
    """Apply the projection called ``name`` (one of :data:`PROJECTIONS`)."""
    if name not in PROJECTIONS:
        raise UnknownNameError("projection", name, list(PROJECTIONS))
    return PROJECTIONS[name](kg)
