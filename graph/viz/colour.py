"""What a view's node colours mean: the label (default), the country, the community, or any property.

Shape always follows the label, so colour is free to carry a second fact. Groups are ranked by
how many drawn nodes they hold; the largest take the palette's colours (Okabe-Ito, as for
labels) and the rest share one grey the legend names as "other", because more hues than that
cannot be told apart. Communities are the Louvain method (igraph's, as ``run communities``
uses) on the view as drawn (every node, links of any type, a fixed seed): the groups the
picture itself shows.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from nordgraph.graph.errors import NordgraphError
from nordgraph.graph.igraphs import louvain
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.viz.style import PALETTE

#: Colour-by words with a meaning of their own; any other word names a node property.
COLOUR_BY = ("label", "country", "community")
OTHER_COLOUR = "#BBBBBB"
NONE = "(none)"
COMMUNITY_SEED = 7


@dataclass(frozen=True)
class Colouring:
    """Each node's group, and each group's colour and size (largest first) for the legend."""

    by: str
    #: node key -> group name
    group: dict[str, str]
    #: group name -> colour
    colours: dict[str, str]
    #: what the legend lists: the coloured groups, the rest as one "other", then (none) and the like
    legend: list[dict[str, Any]]


def countries(kg: KnowledgeGraph, key: str) -> list[str]:
    """Where a node is: its LOCATED_IN targets in the view, and those its selection brought along
    (``countries`` node attribute, see :func:`graph.viz.select.attach_countries`)."""
    found = {kg.name(target) for _, target, data in kg.nx.out_edges(key, data=True) if data["type"] == "LOCATED_IN"}
    return sorted(found | set(kg.node(key).get("countries", ())))


def node_groups(kg: KnowledgeGraph, by: str) -> dict[str, str]:
    """``key -> group name`` for colouring by ``by`` (see :data:`COLOUR_BY`; else a property).

    Raises
    ------
    NordgraphError
        When ``by`` names a property no node in the view has (listing the ones they have).
    """
    if by == "label":
        return {key: data["labels"][0] if data["labels"] else "(no label)" for key, data in kg.nx.nodes(data=True)}
    if by == "country":
        return {key: _country_group(kg, key) for key in kg.nx.nodes}
    if by == "community":
        return _communities(kg)
    present = sorted({prop for _, data in kg.nx.nodes(data=True) for prop in data["props"]} - {"evidence"})
    if by not in present:
        raise NordgraphError(f"cannot colour by {by!r}: no node in the view has that property; colour by "
                             f"{', '.join(COLOUR_BY)} or a property: {', '.join(present) or '(none)'}")
    return {key: _text(data["props"].get(by)) for key, data in kg.nx.nodes(data=True)}


def colouring(kg: KnowledgeGraph, by: str) -> Colouring:
    """Groups for ``by`` with their colours: the largest groups first (colouring by label, the
    page keeps each label's own colour from :mod:`graph.viz.style` instead)."""
    group = node_groups(kg, by)
    sizes = Counter(group.values())
    # "(none)", "(several)", "(alone)" are not groups of their own: grey, listed last
    real = sorted((g for g in sizes if not g.startswith("(")), key=lambda g: (-sizes[g], g))
    special = sorted(g for g in sizes if g.startswith("("))
    colours = {g: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, g in enumerate(real)}
    colours.update({g: OTHER_COLOUR for g in special})
    legend = [{"name": g, "color": colours[g], "count": sizes[g]} for g in real[:len(PALETTE)]]
    rest = real[len(PALETTE):]
    if rest:
        legend.append({"name": f"{len(rest)} other groups", "color": OTHER_COLOUR,
                       "count": sum(sizes[g] for g in rest)})
    legend += [{"name": g, "color": OTHER_COLOUR, "count": sizes[g]} for g in special]
    return Colouring(by, group, colours, legend)


def _country_group(kg: KnowledgeGraph, key: str) -> str:
    if "Country" in kg.node(key)["labels"]:
        return kg.name(key)
    found = countries(kg, key)
    return found[0] if len(found) == 1 else "(several)" if found else NONE


def _communities(kg: KnowledgeGraph) -> dict[str, str]:
    # Louvain's result depends on the order it meets nodes and edges in: sort them, so the same
    # view gets the same communities in every process (set order varies with the hash seed)
    ties = sorted({tuple(sorted((s, t))) for s, t in kg.nx.edges() if s != t})
    ranked = louvain(sorted(kg.nx.nodes), ties, seed=COMMUNITY_SEED)
    return {key: f"community {i}" if len(members) > 1 else "(alone)"
            for i, members in enumerate(ranked, start=1) for key in members}


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return NONE
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)
