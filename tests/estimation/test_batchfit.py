"""The fast paths give the answers of the plain ones: batched lattice fits equal
``fit.fit``, ``check_many`` equals ``check``, the null-space existence test equals
Fienberg & Rinaldo's linear program, pruned re-selection equals refitting every
candidate, and the lock-step downhill searches equal one search at a time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palermo.estimation import read_capture_data
from palermo.estimation.batchfit import declared, fit_lattice, on_lattice, structure_rows
from palermo.estimation.bic import DownhillSearch, downhill, hierarchical_models, rank_all
from palermo.estimation.bootstrap import resample
from palermo.estimation.existence import (
    Check,
    check,
    check_many,
    clear_cache,
    mle_exists,
    mle_exists_by_lp,
)
from palermo.estimation.fit import design, fit, structure
from palermo.estimation.reselect import Reselection


@st.composite
def tables_and_models(draw):
    t = draw(st.integers(3, 5))
    zeros = draw(st.floats(0.0, 0.6))
    counts = np.array(
        [0 if draw(st.floats(0, 1)) < zeros else draw(st.integers(1, 80)) for _ in range(2**t - 1)]
    )
    models = list(hierarchical_models(t, draw(st.integers(2, t - 1))))
    picks = draw(st.lists(st.integers(0, len(models) - 1), min_size=1, max_size=12))
    return t, counts, [models[i] for i in picks]


@settings(max_examples=25, deadline=None)
@given(tables_and_models())
def test_batched_fits_equal_one_by_one_fits(case) -> None:
    t, counts, models = case
    if counts.sum() == 0:
        return
    y = np.repeat(on_lattice(counts), len(models), axis=0)
    params, kept, _ = structure_rows(y, declared(t, models), t)
    batch = fit_lattice(y, params, kept, t)
    for i, model in enumerate(models):
        if check(counts, t, model) != Check.OK:
            continue  # no MLE: both fits drift towards minus infinity, at their own pace
        one = fit(counts, t, model)
        assert batch.intercept[i] == pytest.approx(one.intercept, rel=1e-7, abs=1e-7)
        assert batch.loglik[i] == pytest.approx(one.loglik, rel=1e-9, abs=1e-7)


@settings(max_examples=20, deadline=None)
@given(tables_and_models())
def test_check_many_equals_check(case) -> None:
    t, counts, models = case
    clear_cache()
    many = check_many(counts, t, models)
    clear_cache()
    assert many == [check(counts, t, m) for m in models]


def test_pruned_reselection_equals_refitting_every_model(shared_reference: Path) -> None:
    data = read_capture_data(shared_reference / "mse" / "Western.csv")
    t = data.n_lists
    ranked = rank_all(data.counts, t, 2)
    fast = Reselection(data.counts, t, ranked, 2)
    assert fast.pruned and len(ranked) == 1024
    tables = resample(data.counts, 30, 99)
    tables = np.vstack([tables, data.counts - np.eye(2**t - 1, dtype=np.int64)[data.counts > 0]])
    full = Reselection(data.counts, t, ranked, 2)
    full.pruned = False
    # the same model on every table (a different one would differ by far more)
    np.testing.assert_allclose(fast.many(tables), full.many(tables), rtol=1e-10)


def test_lock_step_downhill_equals_one_search_at_a_time(shared_reference: Path) -> None:
    data = read_capture_data(shared_reference / "mse" / "Western.csv")
    tables = resample(data.counts, 12, 5)
    together = DownhillSearch(data.n_lists, 3).many(tables)
    alone = [downhill(c, data.n_lists, 3)[1] for c in tables]
    np.testing.assert_allclose(together, alone, rtol=1e-10)


@settings(max_examples=30, deadline=None)
@given(tables_and_models())
def test_null_space_existence_test_equals_the_linear_program(case) -> None:
    t, counts, models = case
    for model in models:
        params, _, kept = structure(counts, t, model)
        x, y = design(t, params, kept), counts[kept].astype(np.float64)
        assert mle_exists(x, y) == mle_exists_by_lp(x, y), model


@pytest.mark.slow
def test_pruned_reselection_is_exact_on_the_sparse_uk_table(shared_reference: Path) -> None:
    # 6 lists, 38 of 63 histories empty, pairs that never overlap: bounds from models
    # with terms at minus infinity are the delicate case
    data = read_capture_data(shared_reference / "mse" / "UKdat.csv")
    ranked = rank_all(data.counts, 6, 2)
    fast = Reselection(data.counts, 6, ranked, 2)
    assert fast.pruned and len(ranked) == 32768
    tables = np.vstack([resample(data.counts, 2, 11), data.counts - np.eye(63, dtype=np.int64)[6]])
    full = Reselection(data.counts, 6, ranked, 2)
    full.pruned = False
    # the same model on every table (a different one would differ by far more)
    np.testing.assert_allclose(fast.many(tables), full.many(tables), rtol=1e-10)
