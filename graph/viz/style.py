"""How labels and relationship types look: colour, shape and line style.

Colours are the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies; its yellow darkened to show on white),
and every label also gets its own shape, so the legend does not rest on colour alone. Shapes
are ones vis-network draws with the label outside, because the page draws labels itself.
"""
from __future__ import annotations

from dataclasses import dataclass

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#B59F00", "#000000")
SHAPES = ("dot", "square", "diamond", "triangle", "star", "hexagon", "triangleDown")

_LABELS = ("Organisation", "Project", "Call", "Programme", "Ministry", "Country", "Person")
_TYPES = ("LEADS", "PARTNER_IN", "FUNDED_BY", "PART_OF", "LOCATED_IN", "COLLABORATES_WITH",
          "WORKS_FOR", "CO_PARTNER")
#: Types drawn dashed: structure (where, part of what) rather than collaboration.
_DASHED = frozenset({"PART_OF", "LOCATED_IN", "WORKS_FOR"})
#: Types drawn without arrows because their direction means nothing.
_UNDIRECTED = frozenset({"COLLABORATES_WITH", "CO_PARTNER"})


@dataclass(frozen=True)
class NodeStyle:
    color: str
    shape: str


@dataclass(frozen=True)
class EdgeStyle:
    color: str
    dashes: bool
    arrows: bool


def _slot(name: str, known: tuple[str, ...], others: list[str]) -> int:
    """Known names keep fixed slots across views; unknown ones follow in sorted order."""
    return known.index(name) if name in known else len(known) + sorted(others).index(name)


def node_styles(labels: list[str]) -> dict[str, NodeStyle]:
    others = [lab for lab in labels if lab not in _LABELS]
    return {lab: NodeStyle(PALETTE[i % len(PALETTE)], SHAPES[i % len(SHAPES)])
            for lab in labels for i in [_slot(lab, _LABELS, others)]}


def edge_styles(types: list[str]) -> dict[str, EdgeStyle]:
    others = [t for t in types if t not in _TYPES]
    return {t: EdgeStyle(PALETTE[i % len(PALETTE)], t in _DASHED, t not in _UNDIRECTED)
            for t in types for i in [_slot(t, _TYPES, others)]}
