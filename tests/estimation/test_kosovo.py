"""Kosovo (4 lists, 4,400 cases): the 2024 BIC bootstrap over all 113 order-3 models.

Published values: Silverman, Chan & Vincent (2024), Tables 2 and 6 (see data/README.md).
Resamples are R's own (seed 1234, ``tidy_lists`` order), so the limits are compared
closely: to the published rounding (Table 2, nearest 100) or within 0.1% (Table 6).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from palermo.estimation import EstimateResult, EstimateSpec, estimate, plan, read_capture_data

DATA = Path(__file__).resolve().parent / "data" / "Kosovo.csv"
SPEC = EstimateSpec(method="bic", max_order=3, ci="bca", boot=1000, seed=1234)


def run(ntop: int | None = None) -> EstimateResult:
    return _run(ntop)


@cache
def _run(ntop: int | None) -> EstimateResult:
    return estimate(read_capture_data(DATA), replace(SPEC, ntop=ntop))


def test_data_is_the_published_table() -> None:
    data = read_capture_data(DATA)
    assert data.list_names == ("EXH", "ABA", "OSCE", "HRW")
    assert data.observed == 4400 and (data.counts > 0).all()


def test_all_113_models_and_the_published_point_estimate() -> None:
    res = run()
    assert len(res.candidates) == 113
    assert round(res.estimate) == 10357
    assert res.model == ("EXH:ABA", "EXH:OSCE", "EXH:HRW", "ABA:OSCE", "OSCE:HRW", "EXH:ABA:OSCE")


def test_all_model_limits_match_table_6() -> None:
    res = run()
    assert res.lower == pytest.approx(6947, rel=1e-3)
    assert res.upper == pytest.approx(18010, rel=1e-3)


@pytest.mark.parametrize(
    ("ntop", "ci80", "ci95"),
    [
        (1, (9500, 11300), (9100, 12000)),
        (10, (7400, 12200), (6900, 18000)),
        (None, (7400, 12200), (6900, 18000)),
    ],
)
def test_limits_round_to_table_2(ntop, ci80, ci95) -> None:
    res = run(ntop)
    assert res.bootstrap is not None and res.estimate is not None
    lo80, hi80 = res.bootstrap.limits(res.estimate, (0.1, 0.9))
    assert (round(lo80, -2), round(hi80, -2)) == ci80
    assert (round(res.lower, -2), round(res.upper, -2)) == ci95


def test_order_2_point_estimate_matches_table_6() -> None:
    data = read_capture_data(DATA)
    res = estimate(data, replace(SPEC, max_order=2, ci="wald"))
    assert round(res.estimate) == 14342
    assert len(res.candidates) == 64


def test_plan_predicts_the_work_and_is_reused() -> None:
    data = read_capture_data(DATA)
    spec = replace(SPEC, boot=300)
    p = plan(data, spec)
    assert p.units == 300 + 15 and p.models == 113
    assert 0 < p.pilot.size <= 300 and p.seconds > 0
    assert "300 resamples + 15 jackknife tables" in p.describe()
    ticks: list[int] = []
    res = estimate(data, spec, plan=p, progress=ticks.append)
    assert sum(ticks) + p.done == p.units and p.done == p.pilot.size
    alone = estimate(data, spec)
    assert (res.lower, res.upper) == pytest.approx((alone.lower, alone.upper), rel=1e-12)
    with pytest.raises(ValueError, match="other data or settings"):
        estimate(data, replace(spec, seed=1), plan=p)
