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
from palermo.estimation.data import LongTable


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


def estimate_strata(
    table: LongTable,
    by: str | Sequence[str],
    spec: EstimateSpec | None = None,
    *,
    progress: Progress | None = None,
) -> StratifiedResult:
    """Pooled estimate plus one per combination of the values of the ``by`` columns."""
    spec = spec or EstimateSpec()
    columns = (by,) if isinstance(by, str) else tuple(by)
    missing = [c for c in columns if c not in table.strata_columns]
    if missing:
        raise ValidationFailed(
            f"No stratum column {', '.join(missing)} in the data.",
            problems=[FieldProblem(field=c, reason="missing column") for c in missing],
            hint=f"Columns available: {', '.join(table.strata_columns) or 'none'}.",
        )
    overall = estimate(table.capture_data(), spec, progress=progress)
    values = [table.strata_values(c) for c in columns]
    out = []
    for combo in product(*values):
        where = dict(zip(columns, combo, strict=True))
        data = table.capture_data(where)
        if data.observed == 0:
            continue
        out.append(StratumResult(tuple(where.items()), estimate(data, spec, progress=progress)))
    return StratifiedResult(columns, overall, tuple(out))
