"""Estimates per stratum (sex, age band, form of exploitation, year...).

Each stratum is estimated on its own with the same settings; the pooled estimate
is given beside them. Strata estimates need not add up to the pooled one: the
model may differ between strata, and heterogeneity between strata is one reason
to stratify in the first place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

from palermo.errors import FieldProblem, ValidationFailed
from palermo.estimation.api import EstimateResult, EstimateSpec, estimate
from palermo.estimation.bootstrap import Progress
from palermo.estimation.data import CaptureData, LongTable
from palermo.estimation.planning import RunPlan, about, plan


@dataclass(frozen=True)
class StratumResult:
    stratum: tuple[tuple[str, str], ...]  # (column, value) pairs
    result: EstimateResult

    @property
    def label(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.stratum)


@dataclass(frozen=True)
class StratifiedResult:
    by: tuple[str, ...]
    overall: EstimateResult
    strata: tuple[StratumResult, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "by": list(self.by),
            "overall": self.overall.to_dict(),
            "strata": [{"stratum": dict(s.stratum), **s.result.to_dict()} for s in self.strata],
        }


@dataclass(frozen=True, eq=False)
class StrataPlan:
    """``planning.RunPlan`` for the pooled data and for each stratum."""

    by: tuple[str, ...]
    overall: RunPlan
    strata: tuple[tuple[tuple[tuple[str, str], ...], RunPlan], ...]

    @property
    def units(self) -> int:
        return self.overall.units + sum(p.units for _, p in self.strata)

    @property
    def done(self) -> int:
        return self.overall.done + sum(p.done for _, p in self.strata)

    @property
    def seconds(self) -> float:
        return self.overall.seconds + sum(p.seconds for _, p in self.strata)

    def describe(self) -> str:
        return (
            f"{about(self.seconds)} in all: {self.overall.describe()} for the pooled data, "
            f"then {len(self.strata)} strata"
        )


def _columns(table: LongTable, by: str | Sequence[str]) -> tuple[str, ...]:
    columns = (by,) if isinstance(by, str) else tuple(by)
    missing = [c for c in columns if c not in table.strata_columns]
    if missing:
        raise ValidationFailed(
            f"No stratum column {', '.join(missing)} in the data.",
            problems=[FieldProblem(field=c, reason="missing column") for c in missing],
            hint=f"Columns available: {', '.join(table.strata_columns) or 'none'}.",
        )
    return columns


def _strata(
    table: LongTable, columns: tuple[str, ...]
) -> list[tuple[tuple[tuple[str, str], ...], CaptureData]]:
    values = [table.strata_values(c) for c in columns]
    out = []
    for combo in product(*values):
        where = dict(zip(columns, combo, strict=True))
        data = table.capture_data(where)
        if data.observed:
            out.append((tuple(where.items()), data))
    return out


def plan_strata(
    table: LongTable, by: str | Sequence[str], spec: EstimateSpec | None = None
) -> StrataPlan:
    """Plans (model selection, timing) for ``estimate_strata`` with the same arguments."""
    spec = spec or EstimateSpec()
    columns = _columns(table, by)
    overall = plan(table.capture_data(), spec)
    return StrataPlan(
        columns, overall, tuple((k, plan(d, spec)) for k, d in _strata(table, columns))
    )


def estimate_strata(
    table: LongTable,
    by: str | Sequence[str],
    spec: EstimateSpec | None = None,
    *,
    progress: Progress | None = None,
    plan: StrataPlan | None = None,
) -> StratifiedResult:
    """Pooled estimate plus one per combination of the values of the ``by`` columns."""
    spec = spec or EstimateSpec()
    columns = _columns(table, by)
    plans = {} if plan is None else dict(plan.strata)
    overall = estimate(
        table.capture_data(),
        spec,
        progress=progress,
        plan=None if plan is None else plan.overall,
    )
    out = []
    for key, data in _strata(table, columns):
        res = estimate(data, spec, progress=progress, plan=plans.get(key))
        out.append(StratumResult(key, res))
    return StratifiedResult(columns, overall, tuple(out))
