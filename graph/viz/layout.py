"""Starting positions for the browser's layout, computed in linear time.

vis-network's own start (random, or its "improved" Kamada-Kawai clustering, which took 28 s
for 500 nodes) leaves the physics a long way to go. Here hubs go on a sunflower spiral, most
connected nearest the centre, and every other node starts in a ring around its best-connected
already-placed neighbour, so clusters begin where they end and a short, bounded stabilisation
is enough. NetworkX's force-directed layouts cost a pass over all node pairs per iteration,
far too slow for the graphs a page caps at.
"""
from __future__ import annotations

import math
import random

from nordgraph.graph.model import KnowledgeGraph

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPACING = 60.0


def initial_positions(kg: KnowledgeGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """``key -> (x, y)`` for every node: hubs spread out, the rest near their biggest neighbour."""
    rnd = random.Random(seed)
    graph = kg.nx.to_undirected(as_view=True)
    degree = dict(graph.degree())
    placed: dict[str, tuple[float, float]] = {}
    hubs = 0
    for key in sorted(degree, key=lambda k: (-degree[k], k)):
        anchors = [n for n in graph.neighbors(key) if n in placed]
        if anchors:
            anchor = max(anchors, key=lambda n: (degree[n], n))
            angle = rnd.uniform(0, 2 * math.pi)
            # uniform over a disc whose area grows with the anchor's degree
            radius = SPACING * (1 + 0.8 * math.sqrt(degree[anchor] * rnd.random()))
            ax, ay = placed[anchor]
            placed[key] = (round(ax + radius * math.cos(angle), 1), round(ay + radius * math.sin(angle), 1))
        else:
            radius = 4 * SPACING * math.sqrt(hubs)
            placed[key] = (round(radius * math.cos(hubs * GOLDEN_ANGLE), 1),
                           round(radius * math.sin(hubs * GOLDEN_ANGLE), 1))
            hubs += 1
    return placed
