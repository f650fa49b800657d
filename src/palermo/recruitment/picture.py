"""A picture of a network's shared-entity graph, written as a self-contained SVG.

The layout is networkx's spring layout (seeded, so the same network gives the same
picture); the drawing is plain SVG written here, because matplotlib is not a
dependency of Palermo and an SVG opens in any browser, offline. Ads are small grey
dots (red when screened ``high``), phones, e-mails and handles are larger coloured
dots with their value, template ties are thin lines. Big networks are drawn with a
sample of their ads (all contacts kept) and say so in the caption.
"""

from __future__ import annotations

import random
from html import escape
from pathlib import Path
from typing import Any

MAX_ADS = 250
COLOURS = {
    "ad": "#9aa0a6",
    "high": "#c5221f",
    "phone": "#1a73e8",
    "email": "#188038",
    "handle": "#e37400",
}


def _sample(graph: Any, seed: int) -> tuple[Any, int]:
    ads = [n for n, d in graph.nodes(data=True) if d.get("kind") == "ad"]
    if len(ads) <= MAX_ADS:
        return graph, len(ads)
    keep = set(random.Random(seed).sample(ads, MAX_ADS))
    others = [n for n, d in graph.nodes(data=True) if d.get("kind") != "ad"]
    return graph.subgraph(keep | set(others)).copy(), len(ads)


def network_svg(
    graph: Any, *, title: str, risks: dict[str, str] | None = None, seed: int = 1
) -> str:
    import networkx as nx

    drawn, total = _sample(graph, seed)
    width, height, margin = 900, 700, 40
    pos = nx.spring_layout(drawn, seed=seed, k=None, iterations=60) if len(drawn) else {}
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0

    def at(node: Any) -> tuple[float, float]:
        x, y = pos[node]
        return (
            margin + (x - min(xs)) / span_x * (width - 2 * margin),
            margin + 30 + (y - min(ys)) / span_y * (height - 2 * margin - 40),
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{margin}" y="24" font-size="15">{escape(title)}</text>',
    ]
    for a, b, data in drawn.edges(data=True):
        (x1, y1), (x2, y2) = at(a), at(b)
        stroke = "#dadce0" if data.get("kind") == "template" else "#80868b"
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" '
            'stroke-width="0.8"/>'
        )
    for node, data in drawn.nodes(data=True):
        x, y = at(node)
        kind = data.get("kind", "ad")
        if kind == "ad":
            colour = COLOURS["high"] if (risks or {}).get(node) == "high" else COLOURS["ad"]
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" '
                f'fill="{colour}"><title>{escape(str(node))}</title></circle>'
            )
        else:
            label = escape(str(node).split(":", 1)[-1])
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{COLOURS.get(kind, "#5f6368")}"/>'
            )
            parts.append(f'<text x="{x + 9:.1f}" y="{y + 4:.1f}">{label}</text>')
    shown = f"{MAX_ADS} of {total} ads drawn" if total > MAX_ADS else f"{total} ads"
    legend = (
        "grey: ad, red: ad screened high, blue: phone, green: e-mail, orange: handle; "
        "light lines: same template"
    )
    parts.append(
        f'<text x="{margin}" y="{height - 12}" fill="#5f6368">{escape(shown)}. '
        f"{escape(legend)}.</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def write_network_svg(
    graph: Any, path: Path, *, title: str, risks: dict[str, str] | None = None
) -> Path:
    path.write_text(network_svg(graph, title=title, risks=risks), encoding="utf-8")
    return path
