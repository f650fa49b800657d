"""Flag families as one attribute: patterns encode and decode, rare ones stay plausible."""

from __future__ import annotations

import numpy as np

from palermo.publishing.families import Family, families_of, keep_threshold
from palermo.publishing.layout import Layout

from .conftest import YEARS


def test_patterns_round_trip() -> None:
    family = Family("form", ("isA", "isB", "isC"))
    codes = {
        "isA": np.array([1, 0, 1, 0]),
        "isB": np.array([0, 1, 1, 0]),
        "isC": np.array([0, 0, 1, 0]),
    }
    patterns = family.encode(codes)
    assert patterns.tolist() == [1, 2, 7, 0]
    assert [family.categories[p] for p in patterns] == ["100", "010", "111", "000"]
    back = family.decode(patterns)
    assert {k: v.tolist() for k, v in back.items()} == {k: v.tolist() for k, v in codes.items()}


def test_rare_patterns_are_drawn_among_those_of_few_codes() -> None:
    family = Family("form", tuple(f"is{i}" for i in range(13)))
    assert family.size == 8192
    assert len(family.plausible) == 1 + 13 + 78  # none, one code, two codes
    assert all(bin(int(p)).count("1") <= 2 for p in family.plausible)


def test_families_follow_the_layout() -> None:
    layout = Layout(
        YEARS, ("gender", "isForcedLabour", "isSexualExploitation", "typeOfSexProstitution")
    )
    families = families_of(layout, ("form", "typeOfSex"))
    # typeOfSex has one column here: it stays a flag.
    assert [f.name for f in families] == ["form"]
    assert sorted(families[0].members) == ["isForcedLabour", "isSexualExploitation"]


def test_the_threshold_grows_with_the_domain() -> None:
    scale = 10.0
    assert keep_threshold(scale, 2) == 3 * np.sqrt(2) * scale
    big = keep_threshold(scale, 8192)
    assert big > 3 * np.sqrt(2) * scale
    # Empty cells: about half of one passes on average (one-sided Laplace tail).
    rng = np.random.default_rng(0)
    noise = rng.laplace(0, scale, size=(200, 8192))
    assert 0.2 < (noise >= big).sum(axis=1).mean() < 0.9
