"""The Sankey layout and the world map: geometry that matches the counts it draws."""

from __future__ import annotations

import re

from palermo.stats.sankey import OTHER, layout
from palermo.stats.worldmap import HEIGHT, WIDTH, outlines, shade, world_map

PATHS = {
    ("MD", "RO", "GB"): 40,
    ("MD", "direct", "GB"): 25,
    ("VN", "CN", "GB"): 12,
    ("VN", "RU", "GB"): 3,  # small: merged
    ("NG", "ES", "GB"): 2,  # small: merged
    ("TH", "direct", "GB"): 1,  # small: merged
}


def test_no_band_shows_fewer_than_k_and_nothing_is_lost() -> None:
    sankey = layout(PATHS, k=5)
    assert all(band.count >= 5 for band in sankey.bands)
    first = sum(b.count for b in sankey.bands if b.column == 0)
    second = sum(b.count for b in sankey.bands if b.column == 1)
    assert first == second == sum(PATHS.values()) - sankey.left_out
    assert sankey.merged + sankey.left_out == 6
    assert any(OTHER in (b.source, b.target) for b in sankey.bands)


def test_nodes_are_as_tall_as_their_persons() -> None:
    sankey = layout(PATHS, k=5)
    gb = next(n for n in sankey.nodes if n.column == 2 and n.code == "GB")
    md = next(n for n in sankey.nodes if n.column == 0 and n.code == "MD")
    assert gb.count == sum(PATHS.values()) - sankey.left_out
    assert abs(md.height / gb.height - 65 / gb.count) < 1e-6
    for node in sankey.nodes:
        assert node.y >= 0 and node.y + node.height <= sankey.height + 1e-6


def test_too_few_journeys_draw_nothing() -> None:
    sankey = layout({("MD", "direct", "GB"): 3}, k=5)
    assert sankey.bands == () and sankey.left_out == 3


def test_map_outlines_fit_the_frame_and_cover_the_countries() -> None:
    shapes = outlines()
    assert len(shapes) > 160 and {"GB", "MD", "NG", "BR", "AU"} <= set(shapes)
    numbers = [float(v) for v in re.findall(r"-?\d+\.\d", shapes["GB"])]
    xs, ys = numbers[0::2], numbers[1::2]
    # Great Britain sits left of centre in the northern half of the map.
    assert 0.4 * WIDTH < min(xs) < max(xs) < 0.55 * WIDTH
    assert 0 < min(ys) < max(ys) < 0.35 * HEIGHT


def test_map_classes_follow_counts_and_hide_small_ones() -> None:
    drawn = {s.code: s for s in world_map({"MD": 120, "GB": 3}, {"GB": True})}
    assert drawn["MD"].shade == shade(120, False) == 4
    assert drawn["GB"].shade == -1 and drawn["FR"].shade == 0
