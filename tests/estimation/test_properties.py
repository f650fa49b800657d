"""Invariances that any correct implementation must have."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from palermo.estimation import CaptureData, Check, EstimateSpec, Model, check, estimate


@st.composite
def tables(draw, min_lists: int = 3, max_lists: int = 5) -> CaptureData:
    t = draw(st.integers(min_lists, max_lists))
    counts = draw(st.lists(st.integers(0, 60), min_size=2**t - 1, max_size=2**t - 1).map(np.array))
    data = CaptureData(tuple(f"L{j}" for j in range(t)), counts)
    assume(check(data.counts, t, Model()) == Check.OK)
    return data


@settings(max_examples=60, deadline=None)
@given(tables(), st.randoms(use_true_random=False))
def test_permuting_lists_leaves_the_estimate_unchanged(data: CaptureData, rnd) -> None:
    order = list(range(data.n_lists))
    rnd.shuffle(order)
    other = data.permuted(order)
    for method in ("main", "stepwise"):
        spec = EstimateSpec(method=method)
        a, b = estimate(data, spec), estimate(other, spec)
        assert (a.estimate is None) == (b.estimate is None)
        if a.estimate is not None:
            assert np.isclose(a.estimate, b.estimate, rtol=1e-7)
            assert sorted(a.model) == sorted(
                ":".join(sorted(t.split(":"), key=other.list_names.index)) for t in b.model
            ) or np.isclose(a.estimate, b.estimate, rtol=1e-7)


@settings(max_examples=60, deadline=None)
@given(tables(), st.integers(2, 9))
def test_scaling_counts_scales_the_main_effects_estimate(data: CaptureData, k: int) -> None:
    spec = EstimateSpec(method="main")
    a = estimate(data, spec)
    b = estimate(data.with_counts(data.counts * k), spec)
    assert a.estimate is not None and b.estimate is not None
    assert np.isclose(b.estimate, k * a.estimate, rtol=1e-8)
