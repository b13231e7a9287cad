"""Where each node of a view is drawn, computed once in Python so the browser only draws.

vis-network's own layout runs in the page: its physics took 2 s for 349 nodes and stopped at
its 4 s budget, unsettled, for 1,500 (headless Chromium on a loaded 2-core machine), while an
analyst waits. igraph's Fruchterman-Reingold (C, a grid for the repulsion, so near linear per
iteration) places 1,500 nodes in well under a second; the page then starts with physics off.
It starts from :func:`initial_positions`: hubs on a sunflower spiral, most connected nearest
the centre, and every other node in a ring around its best-connected already-placed neighbour,
so clusters begin where they end and the result does not depend on a random start.
NetworkX's force-directed layouts cost a pass over all node pairs per iteration in Python
(4 s for 20 iterations of 1,500 nodes), far too slow for the graphs a page caps at.
"""
from __future__ import annotations

import math
import random

from nordgraph.graph.igraphs import indexed_graph, seeded
from nordgraph.graph.model import KnowledgeGraph

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPACING = 60.0
#: Room per node, in page pixels squared (a node is 16 to 80 across): the layout is scaled to it.
AREA_PER_NODE = 90.0 ** 2
#: The shortest typical (median) relationship, in page pixels.
EDGE_LENGTH = 120.0
#: Fruchterman-Reingold iterations: from the clustered start, enough to untangle and spread.
ITERATIONS = 300


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


def layout(kg: KnowledgeGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """``key -> (x, y)`` for every node: a force-directed layout from :func:`initial_positions`,
    scaled to a square of :data:`AREA_PER_NODE` per node (FR spaces nodes evenly, so that leaves room
    around each) or to relationships of :data:`EDGE_LENGTH`, whichever is larger. Repeatable."""
    start = initial_positions(kg, seed)
    keys = list(start)
    if len(keys) < 2:
        return start
    index = {key: i for i, key in enumerate(keys)}
    pairs = sorted({(min(index[a], index[b]), max(index[a], index[b])) for a, b in kg.nx.edges() if a != b})
    graph = indexed_graph(range(len(keys)), pairs)
    # FR's natural unit is about one relationship's length: the start is scaled to it. FR moves
    # nodes by random amounts too: seeded, a view is the same picture every time.
    with seeded(seed):
        placed = graph.layout_fruchterman_reingold(
            seed=[[x / SPACING, y / SPACING] for x, y in (start[k] for k in keys)], niter=ITERATIONS, grid="auto")
    coords = placed.coords
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    # the longer side, not the area: a chain of nodes is a line with no area to speak of
    side = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    # and never shorter relationships than the drawn nodes need (a few big nodes in a chain)
    lengths = sorted(math.dist(coords[i], coords[j]) for i, j in pairs)
    typical = lengths[len(lengths) // 2] if lengths else 0.0
    scale = max(math.sqrt(AREA_PER_NODE * len(keys)) / side, EDGE_LENGTH / typical if typical > 0 else 0.0)
    return {key: (round(coords[i][0] * scale, 1), round(coords[i][1] * scale, 1)) for key, i in index.items()}
