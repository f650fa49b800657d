"""Every method side by side, for the report: the choice of model matters as much
as the interval, and showing the spread is the honest way to present it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from palermo.errors import ValidationFailed
from palermo.estimation.api import EstimateResult, EstimateSpec, estimate
from palermo.estimation.data import CaptureData

#: Above this many candidate models the comparison uses the downhill BIC search.
MAX_MODELS_IN_COMPARISON = 4096


@dataclass(frozen=True)
class MethodRow:
    label: str
    method: str
    ci: str
    model: tuple[str, ...]
    estimate: float | None
    lower: float | None
    upper: float | None
    note: str = ""


def _row(label: str, result: EstimateResult, note: str = "") -> MethodRow:
    blocking = [w.message for w in result.warnings if w.blocking]
    return MethodRow(
        label=label,
        method=result.spec.method,
        ci=result.spec.ci,
        model=result.model,
        estimate=result.estimate,
        lower=result.lower,
        upper=result.upper,
        note=note or (blocking[0] if blocking else ""),
    )


def compare_methods(
    data: CaptureData,
    *,
    level: float = 0.95,
    max_order: int = 2,
    primary: EstimateResult | None = None,
) -> list[MethodRow]:
    """Model-conditional estimates of every method (plus ``primary``, e.g. a bootstrap run)."""
    t = data.n_lists
    n_pairs = t * (t - 1) // 2
    search: Literal["all", "downhill"] = (
        "all" if max_order == 2 and 2**n_pairs <= MAX_MODELS_IN_COMPARISON else "downhill"
    )
    plans = [
        ("Main effects, Wald", EstimateSpec(method="main", ci="wald", level=level)),
        ("Main effects, profile", EstimateSpec(method="main", ci="profile", level=level)),
        ("Stepwise p<0.02 (SparseMSE), Wald", EstimateSpec(method="stepwise", level=level)),
        (
            "Stepwise p<0.02 (SparseMSE), profile",
            EstimateSpec(method="stepwise", ci="profile", level=level),
        ),
        (
            "Home Office AIC p<0.05, profile",
            EstimateSpec(method="aic", threshold=0.05, ci="profile", level=level),
        ),
        (
            f"BIC ({'all models' if search == 'all' else 'downhill search'}), Wald",
            EstimateSpec(method="bic", search=search, max_order=max_order, level=level),
        ),
    ]
    rows = []
    if primary is not None:
        rows.append(_row(f"Chosen: {primary.spec.method}, {primary.spec.ci}", primary))
    for label, spec in plans:
        try:
            rows.append(_row(label, estimate(data, spec)))
        except ValidationFailed as exc:
            rows.append(MethodRow(label, spec.method, spec.ci, (), None, None, None, exc.message))
    return rows
