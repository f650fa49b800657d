"""A world map of counts per country, drawn server-side as SVG from offline geometry.

The outlines are Natural Earth's 1:110m countries as TopoJSON (shipped in
``stats/data/countries-110m.json``, from the world-atlas package; see its NOTICE),
decoded here (quantised, delta-encoded arcs), projected with the Equal Earth projection
(equal-area, so no country looks larger than its share of the world) and turned into
one SVG path per ISO 3166-1 alpha-2 code. Decoding happens once per process.

The colour classes of :func:`shade` are fixed steps, not quantiles of the data, so two
maps of different years read the same way.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

WIDTH = 800
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
_X_MAX = 2.7064  # Equal Earth x at longitude 180
_SKIPPED = {"010"}  # Antarctica: no one is trafficked there, and it takes a fifth of the map


def _equal_earth(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(max(-90.0, min(90.0, lat)))
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


# The map shows latitudes 84 N to 57 S: nothing is drawn further south once Antarctica is out.
_TOP = _equal_earth(0, 84)[1]
_BOTTOM = _equal_earth(0, -57)[1]
_SCALE = WIDTH / (2 * _X_MAX)
HEIGHT = round((_TOP - _BOTTOM) * _SCALE)


def _to_svg(x: float, y: float) -> tuple[float, float]:
    return (x + _X_MAX) * _SCALE, (_TOP - y) * _SCALE


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (kx, ky), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * kx + tx, y * ky + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> str:
    points: list[tuple[float, float]] = []
    for index in indices:
        # A negative index is the arc ~index, walked backwards; arcs share their end points.
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    # Rings that cross the antimeridian (Russia, Fiji) jump by ~360 degrees; unwrapped,
    # they run past the map's edge, where the SVG clips them, instead of across the map.
    unwrapped = []
    shift = 0.0
    previous = None
    for lon, lat in points:
        if previous is not None and abs(lon + shift - previous) > 180:
            shift -= math.copysign(360, lon + shift - previous)
        previous = lon + shift
        unwrapped.append(_to_svg(*_equal_earth(lon + shift, lat)))
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in unwrapped) + "Z"


@cache
def outlines() -> dict[str, str]:
    """SVG path data per ISO alpha-2 country code."""
    raw = resources.files("palermo.stats").joinpath("data", "countries-110m.json").read_text()
    topology = json.loads(raw)
    arcs = _decode_arcs(topology)
    paths: dict[str, str] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if numeric is None or numeric in _SKIPPED:
            continue
        country = pycountry.countries.get(numeric=numeric)
        if country is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        d = "".join(_ring(arcs, ring) for polygon in polygons for ring in polygon)
        paths[country.alpha_2] = paths.get(country.alpha_2, "") + d
    return paths


STEPS = (1, 10, 50, 100, 500, 1000)  # lower bounds of the colour classes


@dataclass(frozen=True)
class Shape:
    code: str
    path: str
    count: int
    hidden: bool
    shade: int  # colour class: 0 none, 1..len(STEPS) by STEPS, -1 hidden (under k)


def shade(count: int, hidden: bool) -> int:
    if hidden:
        return -1
    return sum(1 for step in STEPS if count >= step)


def world_map(counts: Mapping[str, int], hidden: Mapping[str, bool]) -> tuple[Shape, ...]:
    """Every country's outline with its count and colour class."""
    return tuple(
        Shape(
            code,
            path,
            counts.get(code, 0),
            hidden.get(code, False),
            shade(counts.get(code, 0), hidden.get(code, False)),
        )
        for code, path in sorted(outlines().items())
    )
