"""A seeded synthetic collaboration graph for benchmarks.

``make_graph(n)`` builds about ``n`` nodes (Country, Organisation, Project, each with a
``name``; projects with a ``start`` year and a ``budget``) and about ``5 n`` edges (LOCATED_IN,
LEADS, PARTNER_IN, and COLLABORATES_WITH between organisations with a ``since`` year) in
nordgraph's data layout (``{"labels": (...), "props": {...}}`` nodes, ``{"type": T, "props":
{...}}`` edges, stable ids from :func:`graph.model.node_id` / :func:`graph.model.edge_id`). Who leads and partners in
projects follows preferential attachment, so a few organisations are hubs with thousands of
projects while the median one has a handful, as in real funding networks; countries follow
a Zipf law; organisations that collaborate directly are drawn the same way. The graph is
written straight into ``kg.nx`` in bulk (``add_*_from``), which is what makes 100 000 nodes
take seconds, not minutes.

Other benches (``bench/query.py``, ``bench/neo4j.py``, ``bench/viz.py``) import it, so it
depends on nothing beyond nordgraph itself.
"""
from __future__ import annotations

import gc
import random
from collections import Counter
from typing import Any

from nordgraph.graph.model import KnowledgeGraph, edge_id

__all__ = ["make_graph", "organisation_degrees", "typical_and_hub"]

#: Share of the non-country nodes that are organisations (the rest are projects).
ORGANISATION_SHARE = 0.4
#: Share of draws made uniformly among the organisations so far instead of by degree: it keeps
#: the median organisation in a few projects while the hubs still reach thousands at 100k.
UNIFORM_SHARE = 0.3
#: COLLABORATES_WITH edges per node: organisation-organisation links for the analyst queries
#: that join organisations directly (country matrices, variable-length paths, shortest paths).
COLLABORATIONS_PER_NODE = 0.5
#: Mean number of partner organisations per project, chosen so edges come to about 5 n.
MEAN_PARTNERS = (4.0 - COLLABORATIONS_PER_NODE) / (1.0 - ORGANISATION_SHARE)


def _country_count(n_nodes: int) -> int:
    return max(1, min(200, n_nodes // 500))


def _node(label: str, name: str, **props: Any) -> tuple[str, dict[str, Any]]:
    # node_id(label, name) would slug the name; these names are already slugs-to-be, so the
    # id is written directly in the same "label:slug" form, which keeps 100k nodes fast.
    key = f"{label.lower()}:{name.lower().replace(' ', '-')}"
    return key, {"labels": (label,),
                 "props": {"id": key, "name": name, "aliases": [], "evidence": [], **props}}


def _edge(source: str, rel_type: str, target: str, **props: Any) -> tuple[str, str, str, dict[str, Any]]:
    key = edge_id(source, rel_type, target)
    return source, target, key, {"type": rel_type, "props": {"id": key, "evidence": [], **props}}


def make_graph(n_nodes: int, seed: int = 0) -> KnowledgeGraph:
    """A seeded graph of ``n_nodes`` nodes and about ``5 * n_nodes`` edges.

    Parameters
    ----------
    n_nodes : total number of nodes (at least 3: one of each label).
    seed : the same seed gives the same graph, ids and names included.

    Returns
    -------
    KnowledgeGraph with Country (``Country 001`` ...), Organisation (``Organisation 000001``
    ...) and Project (``Project 000001`` ..., with an integer ``start`` year and ``budget``)
    nodes; every organisation LOCATED_IN one country, every project led (LEADS) by one
    organisation and with at least one PARTNER_IN organisation; about ``n_nodes / 2``
    COLLABORATES_WITH edges between organisations, each with a ``since`` year.

    Examples
    --------
    >>> kg = make_graph(1000)
    >>> len(kg), 4000 < kg.edge_count() < 6000
    (1000, True)
    """
    if n_nodes < 3:
        raise ValueError(f"make_graph needs at least 3 nodes, got {n_nodes}")
    # The build allocates millions of small dicts and no cycles: the cyclic collector would
    # only rescan them over and over (about a third of the time at 100k nodes).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(n_nodes, seed)
    finally:
        if gc_was_enabled:
            gc.enable()


def _build(n_nodes: int, seed: int) -> KnowledgeGraph:
    rng = random.Random(seed)
    n_countries = _country_count(n_nodes)
    n_orgs = max(1, round((n_nodes - n_countries) * ORGANISATION_SHARE))
    n_projects = n_nodes - n_countries - n_orgs
    countries = [_node("Country", f"Country {i:03d}") for i in range(1, n_countries + 1)]
    orgs = [_node("Organisation", f"Organisation {i:06d}") for i in range(1, n_orgs + 1)]
    # Budgets in euros, log-uniform from 10 k to 10 M: a few large projects, many small ones.
    projects = [_node("Project", f"Project {i:06d}", start=2000 + rng.randrange(25),
                      budget=round(10 ** rng.uniform(4, 7)))
                for i in range(1, n_projects + 1)]
    country_keys = [key for key, _ in countries]
    org_keys = [key for key, _ in orgs]

    edges = []
    # Zipf over countries: a few countries host most organisations.
    weights = [1.0 / rank for rank in range(1, n_countries + 1)]
    for org, country in zip(org_keys, rng.choices(country_keys, weights, k=n_orgs)):
        edges.append(_edge(org, "LOCATED_IN", country))
    # Price's model: organisations arrive one by one as projects are created, and enter the
    # urn once, plus once per project they lead or partner in; drawing from the urn makes the
    # rich richer and gives a power-law degree tail (a few hubs, a median of a handful).
    urn: list[str] = []
    arrived = 0

    def draw() -> str:
        if rng.random() < UNIFORM_SHARE:
            return org_keys[rng.randrange(arrived)]
        return urn[rng.randrange(len(urn))]

    for number, (project, _) in enumerate(projects, start=1):
        due = max(1, number * n_orgs // n_projects)
        urn.extend(org_keys[arrived:due])
        arrived = max(arrived, due)
        leader = draw()
        edges.append(_edge(leader, "LEADS", project))
        urn.append(leader)
        wanted = min(arrived, max(1, round(rng.expovariate(1.0 / MEAN_PARTNERS))))
        partners: set[str] = set()
        while len(partners) < wanted:
            partners.add(draw())
        for org in sorted(partners):
            edges.append(_edge(org, "PARTNER_IN", project))
            urn.append(org)
    # Direct collaborations: both ends drawn from the same urn (so hubs collaborate most), one
    # edge per pair, no self-loops; the model's symmetric type runs from the smaller key.
    pairs: set[tuple[str, str]] = set()
    for _ in range(round(COLLABORATIONS_PER_NODE * n_nodes) if n_orgs > 1 else 0):
        a, b = sorted((draw(), draw()))
        if a != b and (a, b) not in pairs:
            pairs.add((a, b))
            edges.append(_edge(a, "COLLABORATES_WITH", b, since=2000 + rng.randrange(25)))

    kg = KnowledgeGraph(metadata={"synthetic": {"n_nodes": n_nodes, "seed": seed}})
    kg.nx.add_nodes_from(countries + orgs + projects)
    kg.nx.add_edges_from(edges)
    kg.touch()
    return kg


def organisation_degrees(kg: KnowledgeGraph, rel_type: str = "PARTNER_IN") -> Counter[str]:
    """Number of ``rel_type`` edges leaving each organisation (0 included)."""
    degrees: Counter[str] = Counter({key: 0 for key in kg.nodes("Organisation")})
    for source, _, _, data in kg.edges(rel_type):
        if source in degrees:
            degrees[source] += 1
    return degrees


def typical_and_hub(kg: KnowledgeGraph) -> tuple[str, str]:
    """Names of a median-degree organisation and of the largest PARTNER_IN hub.

    Ties are broken by key, so the choice is as stable as the graph.
    """
    degrees = organisation_degrees(kg)
    if not degrees:
        raise ValueError("the graph has no Organisation nodes")
    ranked = sorted(degrees, key=lambda key: (degrees[key], key))
    typical, hub = ranked[len(ranked) // 2], ranked[-1]
    return kg.name(typical), kg.name(hub)
