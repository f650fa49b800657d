"""A Sankey diagram of flows origin → transit → destination, laid out for server-side SVG.

Three columns of nodes (countries of origin, of transit, of destination); each node's
height is proportional to the persons through it; each flow is a band from its node in
one column to its node in the next, as wide as its count. The template draws the shapes
and a table beside them says the same in numbers. No JavaScript.

Small flows are not drawn one by one: a flow of fewer than ``k`` persons joins the
"other" node of its columns (the small-cell rule of :mod:`palermo.stats.disclosure`), so
no band shows a count under ``k``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

OTHER = "other"  # node of the flows too small to show apart
DIRECT = "direct"  # no transit country recorded
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Node:
    column: int
    code: str
    count: int
    x: float
    y: float
    height: float


@dataclass(frozen=True)
class Band:
    source: str
    target: str
    column: int  # of the source
    count: int
    path: str  # SVG path of the band, a closed shape
    hidden: bool = False  # part of a merged small flow


@dataclass(frozen=True)
class Sankey:
    width: int
    height: int
    nodes: tuple[Node, ...]
    bands: tuple[Band, ...]
    merged: int  # persons whose flows joined an "other" node
    left_out: int  # persons in flows too small to show even together


def _merge_small(
    paths: Mapping[tuple[str, str, str], int], k: int
) -> tuple[dict[tuple[str, str, str], int], int, int]:
    """Paths whose count is under ``k`` give their countries up to ``other``: first the
    transit, then the origin, then the destination, until the merged path reaches ``k``.

    Returns the flows to draw, the persons merged into "other" nodes, and the persons
    left out because even all their small flows together stay under ``k``.
    """
    kept: dict[tuple[str, str, str], int] = defaultdict(int)
    small = {p: c for p, c in paths.items() if c < k}
    merged = 0
    for path, c in paths.items():
        if c >= k:
            kept[path] += c
    for order in ((1,), (1, 0), (1, 0, 2)):
        grouped: dict[tuple[str, str, str], int] = defaultdict(int)
        for path, c in small.items():
            p = list(path)
            for i in order:
                p[i] = OTHER
            grouped[(p[0], p[1], p[2])] += c
        small = {}
        for path, c in grouped.items():
            if c >= k:
                kept[path] += c
                merged += c
            else:
                small[path] = c
    return dict(kept), merged, sum(small.values())


def layout(
    paths: Mapping[tuple[str, str, str], int],
    *,
    k: int,
    width: int = 720,
    height: int = 420,
    node_width: int = 14,
    gap: int = 6,
) -> Sankey:
    """Positions of nodes and bands for flows ``(origin, transit, destination) -> count``."""
    flows, merged, left_out = _merge_small(paths, k)
    if not flows:
        return Sankey(width, height, (), (), merged, left_out)
    totals: list[dict[str, int]] = [defaultdict(int) for _ in range(3)]
    links: list[dict[tuple[str, str], int]] = [defaultdict(int), defaultdict(int)]
    for (o, t, d), c in flows.items():
        for col, code in enumerate((o, t, d)):
            totals[col][code] += c
        links[0][(o, t)] += c
        links[1][(t, d)] += c
    grand = sum(flows.values())
    most_nodes = max(len(t) for t in totals)
    scale = (height - gap * (most_nodes - 1)) / grand
    xs = (0.0, (width - node_width) / 2, float(width - node_width))
    nodes: dict[tuple[int, str], Node] = {}
    for col in range(3):
        order = sorted(totals[col], key=lambda c: (c == OTHER, -totals[col][c], c))
        y = 0.0
        for code in order:
            h = totals[col][code] * scale
            nodes[(col, code)] = Node(col, code, totals[col][code], xs[col], y, h)
            y += h + gap
    bands = []
    for col in range(2):
        out_y = {code: nodes[(col, code)].y for code in totals[col]}
        in_y = {code: nodes[(col + 1, code)].y for code in totals[col + 1]}
        ordered = sorted(
            links[col].items(),
            key=lambda item: (nodes[(col, item[0][0])].y, nodes[(col + 1, item[0][1])].y),
        )
        for (src, dst), c in ordered:
            h = c * scale
            x0 = xs[col] + node_width
            x1 = xs[col + 1]
            y0, y1 = out_y[src], in_y[dst]
            out_y[src] += h
            in_y[dst] += h
            mid = (x0 + x1) / 2
            path = (
                f"M{x0:.1f},{y0:.1f} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f} "
                f"L{x1:.1f},{y1 + h:.1f} C{mid:.1f},{y1 + h:.1f} {mid:.1f},{y0 + h:.1f} "
                f"{x0:.1f},{y0 + h:.1f} Z"
            )
            bands.append(Band(src, dst, col, c, path, OTHER in (src, dst)))
    return Sankey(width, height, tuple(nodes.values()), tuple(bands), merged, left_out)
