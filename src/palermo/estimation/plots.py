"""Inline SVG charts for the report: no JavaScript, no external files, readable offline."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import numpy as np

from palermo.estimation.compare import MethodRow
from palermo.estimation.data import CaptureData

_FONT = 'font-family="system-ui, sans-serif" font-size="11"'
_BAR = "#3b6ea5"
_ACCENT = "#c0392b"


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"


def upset(data: CaptureData, max_bars: int = 40) -> str:
    """UpSet-style overlap plot: one bar per observed combination, dots show the lists."""
    hist = sorted(data.histories(), key=lambda h: (-h[1], len(h[0])))[:max_bars]
    names = data.list_names
    totals = data.list_totals()
    label_w, set_w, col_w, bar_h, row_h = 90, 110, 22, 150, 18
    width = label_w + set_w + col_w * len(hist) + 20
    height = bar_h + 30 + row_h * len(names) + 10
    top = max(c for _, c in hist) if hist else 1
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" {_FONT}>']
    x0 = label_w + set_w
    for k, (lists, c) in enumerate(hist):
        h = bar_h * c / top
        x = x0 + k * col_w + 3
        out.append(
            f'<rect x="{x}" y="{bar_h - h + 20:.1f}" width="{col_w - 6}" height="{h:.1f}" '
            f'fill="{_BAR}"><title>{escape(" & ".join(lists))}: {c}</title></rect>'
        )
        out.append(
            f'<text x="{x + (col_w - 6) / 2}" y="{bar_h - h + 16:.1f}" '
            f'text-anchor="middle">{c}</text>'
        )
    max_total = max(totals.values()) or 1
    for j, name in enumerate(names):
        y = bar_h + 30 + j * row_h + row_h / 2
        out.append(f'<text x="{label_w - 6}" y="{y + 4}" text-anchor="end">{escape(name)}</text>')
        w = (set_w - 30) * totals[name] / max_total
        out.append(
            f'<rect x="{label_w + set_w - 10 - w:.1f}" y="{y - 5}" width="{w:.1f}" '
            f'height="10" fill="#999"><title>{escape(name)}: {totals[name]}</title></rect>'
        )
        for k, (lists, _) in enumerate(hist):
            cx = x0 + k * col_w + col_w / 2
            fill = "#222" if name in lists else "#ddd"
            out.append(f'<circle cx="{cx}" cy="{y}" r="5" fill="{fill}"/>')
    for k, (lists, _) in enumerate(hist):
        idx = [names.index(n) for n in lists]
        if len(idx) > 1:
            cx = x0 + k * col_w + col_w / 2
            y1 = bar_h + 30 + min(idx) * row_h + row_h / 2
            y2 = bar_h + 30 + max(idx) * row_h + row_h / 2
            out.append(
                f'<line x1="{cx}" y1="{y1}" x2="{cx}" y2="{y2}" stroke="#222" stroke-width="2"/>'
            )
    out.append(f'<text x="{x0}" y="12">cases per combination of lists</text>')
    out.append("</svg>")
    return "".join(out)


def intervals(rows: Sequence[MethodRow], observed: int) -> str:
    """Forest plot of every method's estimate and interval, with the observed count."""
    usable = [r for r in rows if r.estimate is not None]
    label_w, plot_w, row_h = 270, 420, 24
    height = row_h * (len(rows) + 1) + 20
    finite = [v for r in usable for v in (r.lower, r.upper, r.estimate) if v and math.isfinite(v)]
    hi = max(finite + [observed]) * 1.05 if finite else observed * 2 or 1
    lo = 0.0

    def sx(v: float) -> float:
        return label_w + plot_w * (min(v, hi) - lo) / (hi - lo)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + plot_w + 20}" '
        f'height="{height}" {_FONT}>'
    ]
    ox = sx(observed)
    out.append(
        f'<line x1="{ox}" y1="5" x2="{ox}" y2="{height - 20}" stroke="#999" '
        'stroke-dasharray="4 3"/>'
    )
    out.append(f'<text x="{ox + 3}" y="{height - 8}">observed {observed:,}</text>')
    for i, r in enumerate(rows):
        y = 15 + i * row_h
        out.append(
            f'<text x="{label_w - 8}" y="{y + 4}" text-anchor="end">{escape(r.label)}</text>'
        )
        if r.estimate is None:
            out.append(f'<text x="{label_w + 4}" y="{y + 4}" fill="{_ACCENT}">no estimate</text>')
            continue
        if r.lower is not None and r.upper is not None:
            up = r.upper if math.isfinite(r.upper) else hi
            out.append(
                f'<line x1="{sx(r.lower):.1f}" y1="{y}" x2="{sx(up):.1f}" y2="{y}" '
                f'stroke="{_BAR}" stroke-width="2"/>'
            )
        out.append(
            f'<circle cx="{sx(r.estimate):.1f}" cy="{y}" r="4" fill="{_ACCENT}">'
            f"<title>{_fmt(r.estimate)}</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)


def histogram(
    replicates: np.ndarray, estimate: float, lower: float, upper: float, bins: int = 40
) -> str:
    """Bootstrap distribution with the estimate and the BCa limits marked."""
    v = replicates[np.isfinite(replicates)]
    if v.size == 0:
        return ""
    cap = float(np.quantile(v, 0.99))
    shown = np.minimum(v, cap)
    counts, edges = np.histogram(shown, bins=bins)
    w, h, pad = 640, 200, 30
    top = counts.max() or 1
    lo_e, hi_e = float(edges[0]), float(edges[-1]) if edges[-1] > edges[0] else edges[0] + 1

    def sx(x: float) -> float:
        return pad + (w - 2 * pad) * (min(max(x, lo_e), hi_e) - lo_e) / (hi_e - lo_e)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h + 40}" {_FONT}>']
    for c, a, b in zip(counts, edges[:-1], edges[1:], strict=True):
        bh = (h - 20) * c / top
        out.append(
            f'<rect x="{sx(a):.1f}" y="{h - bh:.1f}" width="{max(sx(b) - sx(a) - 1, 1):.1f}" '
            f'height="{bh:.1f}" fill="{_BAR}"/>'
        )
    for x, label, color in (
        (estimate, "estimate", _ACCENT),
        (lower, "lower", "#222"),
        (upper, "upper", "#222"),
    ):
        if x is not None and math.isfinite(x):
            out.append(
                f'<line x1="{sx(x):.1f}" y1="10" x2="{sx(x):.1f}" y2="{h}" stroke="{color}" '
                'stroke-width="2"/>'
            )
            out.append(f'<text x="{sx(x) + 3:.1f}" y="20" fill="{color}">{label} {_fmt(x)}</text>')
    out.append(f'<text x="{pad}" y="{h + 16}">{_fmt(lo_e)}</text>')
    out.append(
        f'<text x="{w - pad}" y="{h + 16}" text-anchor="end">{_fmt(hi_e)}'
        f"{' (top 1% grouped)' if cap < v.max() else ''}</text>"
    )
    out.append("</svg>")
    return "".join(out)
