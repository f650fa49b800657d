"""How each row of reference_estimates.csv is reproduced and compared.

Interpretation of the rows (see the final comparison table in the issue note):

* ``computed`` rows come from the R packages: point within 0.5; model-conditional
  bounds (Wald, profile) within 1%; bootstrap bounds within 5%.
* ``published`` rows are rounded: the point must round to the published integer
  (within 0.5), model-conditional bounds within 1%, bootstrap bounds within 5%.
* The UK "10000-13000 (range)" row is the Home Office summary of the profile
  interval of the p<0.05 model rounded to the nearest thousand: our limits must
  round to 10000 and 13000 and our point must lie inside.
* Bootstrap bounds: our bootstrap draws its resamples with R's random-number stream
  (``palermo.estimation.rrandom``) in R's category order, so with R's seed (1234)
  the resamples are R's own. The SparseMSE rows (NewOrl, Western) are reproduced to
  the printed digit, the 2024 published Korea rows to their rounding, and the
  MultipleSystemsEstimation ``vary_ntop_bca`` Korea row within 1%. No Monte Carlo
  allowance is needed: every bootstrap bound is held to the issue's 5%.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from palermo.estimation import EstimateResult, EstimateSpec, estimate, read_capture_data


@dataclass(frozen=True)
class Case:
    row: int
    dataset: str
    method: str
    status: str
    point: str
    bounds: dict[str, float]  # lo95, hi95, lo80, hi80 present in the row
    spec: EstimateSpec
    kind: str  # "conditional", "bootstrap", "range"


def _spec_for(row: dict[str, str]) -> tuple[EstimateSpec, str]:
    m, s = row["method"], row["settings"]
    if "10000-13000" in row["point"]:
        return EstimateSpec(method="aic", threshold=0.05, ci="profile"), "range"
    if "BHS" in m:
        th = 0.001 if "0.001" in m else 0.05
        return EstimateSpec(method="aic", threshold=th, ci="profile"), "conditional"
    if m.startswith("main effects + profile"):
        return EstimateSpec(method="main", ci="profile"), "conditional"
    if m.startswith("main effects"):
        return EstimateSpec(method="main", ci="wald"), "conditional"
    if "downhill BIC" in m:
        return EstimateSpec(method="bic", search="downhill", max_order=5, ci="bca"), "bootstrap"
    if "ntop=1" in m:
        return EstimateSpec(method="bic", ci="bca", ntop=1), "bootstrap"
    if "BIC all models" in m:
        return EstimateSpec(method="bic", ci="bca", max_order=2), "bootstrap"
    if "BCa" in m:
        return EstimateSpec(method="stepwise", threshold=0.02, ci="bca"), "bootstrap"
    if "stepwise" in m:
        assert "0.02" in s or "Wald" in m or s.startswith("pthresh")
        return EstimateSpec(method="stepwise", threshold=0.02, ci="wald"), "conditional"
    raise AssertionError(f"no interpretation for reference row {row}")


def load_cases(reference: Path) -> list[Case]:
    path = reference / "mse" / "reference_estimates.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for i, row in enumerate(rows, start=1):
        spec, kind = _spec_for(row)
        bounds = {k: float(row[k]) for k in ("lo95", "hi95", "lo80", "hi80") if row[k]}
        out.append(
            Case(i, row["dataset"], row["method"], row["status"], row["point"], bounds, spec, kind)
        )
    return out


@cache
def run(reference: Path, dataset: str, spec: EstimateSpec) -> EstimateResult:
    data = read_capture_data(reference / "mse" / f"{dataset}.csv")
    return estimate(data, spec)


@cache
def run80(reference: Path, dataset: str, spec: EstimateSpec) -> EstimateResult:
    from dataclasses import replace

    return run(reference, dataset, replace(spec, level=0.8))


def bound_of(reference: Path, case: Case, key: str) -> float:
    res = run(reference, case.dataset, case.spec)
    if key.endswith("80") and res.bootstrap is not None and res.estimate is not None:
        # the 80% limits of the same resamples, as estimate(level=0.8) computes them
        a = (1 - 0.8) / 2
        lo, hi = res.bootstrap.limits(res.estimate, (a, 1 - a))
        return float(lo if key.startswith("lo") else hi)
    if key.endswith("80"):
        res = run80(reference, case.dataset, case.spec)
    return float(res.lower if key.startswith("lo") else res.upper)


def compare(reference: Path, case: Case) -> list[tuple[str, float, float, bool, str]]:
    """(quantity, reference, ours, ok, note) for the point and each bound of the row."""
    res = run(reference, case.dataset, case.spec)
    assert res.estimate is not None
    out = []
    ours_point = res.interval_center if case.spec.ci == "profile" else res.estimate
    assert ours_point is not None
    if case.kind == "range":
        lo, hi = (float(x) for x in case.point.split(" ")[0].split("-"))
        assert res.lower is not None and res.upper is not None
        out.append(
            ("point in range", lo, ours_point, lo <= ours_point <= hi, f"range {case.point}")
        )
        out.append(("lo95 (thousands)", lo, res.lower, round(res.lower, -3) == lo, "rounded"))
        out.append(("hi95 (thousands)", hi, res.upper, round(res.upper, -3) == hi, "rounded"))
        return out
    ref_point = float(case.point)
    out.append(("point", ref_point, ours_point, abs(ours_point - ref_point) <= 0.5, ""))
    tol = 0.01 if case.kind == "conditional" else 0.05
    for key, ref in case.bounds.items():
        ours = bound_of(reference, case, key)
        ok = math.isfinite(ours) and abs(ours - ref) <= tol * abs(ref)
        note = f"{abs(ours - ref) / ref:.2%}"
        out.append((key, ref, ours, ok, note))
    return out
