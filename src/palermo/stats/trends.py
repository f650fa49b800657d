"""Victims identified per year, with the multiple systems estimate of the total where one
can be made.

The estimate treats each agency as a list and needs to know who was seen by which
agencies, so it needs persons (a linkage run): without one there is no estimate, and the
trend says why. With persons, each year's capture histories (the agencies that
identified each person first identified that year) go to :func:`palermo.estimation.estimate`
(stepwise model choice, Chan, Silverman & Vincent 2021; Wald interval on the log scale);
a year whose table cannot support a model shows the estimator's own reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from palermo.estimation import EstimateSpec, estimate, from_histories
from palermo.i18n import msg
from palermo.stats.counting import PersonKeys, Unit, persons, unit_of

# Wald: one fit per model; a bootstrap per year would make the page wait minutes.
MSE_SPEC = EstimateSpec(method="stepwise", ci="wald", level=0.95)
MIN_LISTS = 2


@dataclass(frozen=True)
class YearPoint:
    year: int
    identified: int
    estimate: float | None
    lower: float | None
    upper: float | None
    lists: int  # agencies that identified someone that year
    note: str | None  # why there is no estimate, or the estimator's warning


@dataclass(frozen=True)
class Trend:
    points: tuple[YearPoint, ...]
    unit: Unit
    method: str

    @property
    def top(self) -> float:
        values: list[float] = [float(p.identified) for p in self.points]
        values += [p.upper for p in self.points if p.upper is not None]
        return max([1.0, *values])

    @property
    def has_estimates(self) -> bool:
        return any(p.estimate is not None for p in self.points)


def _estimate_year(
    people: pl.DataFrame, year: int
) -> tuple[float | None, float | None, float | None, int, str | None]:
    rows = people.filter(pl.col("year") == year)
    lists = sorted({str(a) for seen in rows["agencies"].to_list() for a in seen})
    if len(lists) < MIN_LISTS:
        return None, None, None, len(lists), None
    histories = [([str(a) for a in seen], 1) for seen in rows["agencies"].to_list()]
    result = estimate(from_histories(lists, histories), MSE_SPEC)
    note = "; ".join(w.message for w in result.warnings) or None
    return result.estimate, result.lower, result.upper, len(lists), note


def yearly_trend(
    records: pl.DataFrame,
    *,
    years: tuple[int, int],
    person_keys: PersonKeys | None,
    national: bool,
) -> Trend:
    """Identified victims per year of ``years``; the estimate only at national scope."""
    people = persons(records, person_keys=person_keys)
    counts = dict(people.group_by("year").len().iter_rows())
    agencies = (
        _agencies_per_person(records, person_keys) if person_keys is not None and national else None
    )
    points = []
    note: str | None
    for year in range(years[0], years[1] + 1):
        identified = int(counts.get(year, 0))
        if person_keys is None:
            note = msg("No estimate: it needs a linkage run to know who each agency saw.")
            points.append(YearPoint(year, identified, None, None, None, 0, note))
            continue
        if not national:
            note = msg("No estimate at agency scope: the lists are the agencies.")
            points.append(YearPoint(year, identified, None, None, None, 0, note))
            continue
        assert agencies is not None
        est, low, high, lists, note = _estimate_year(agencies, year)
        if est is None and note is None:
            note = msg("No estimate: fewer than two agencies identified anyone this year.")
        points.append(YearPoint(year, identified, est, low, high, int(lists or 0), note))
    method = msg(
        "Multiple systems estimate, agencies as lists, stepwise log-linear model, 95% interval."
    )
    return Trend(tuple(points), unit_of(person_keys), method)


def _agencies_per_person(records: pl.DataFrame, person_keys: PersonKeys | None) -> pl.DataFrame:
    """Per person: the first year identified and the agencies that identified them then."""
    keyed = persons(records, person_keys=None).with_columns(
        pl.col("case_id")
        .replace_strict(
            dict(person_keys.keys) if person_keys else {}, default=None, return_dtype=pl.String
        )
        .alias("_key")
    )
    keyed = keyed.with_columns(
        pl.coalesce(pl.col("_key"), pl.lit("case:") + pl.col("case_id").cast(pl.String)).alias(
            "_key"
        )
    )
    first = keyed.group_by("_key").agg(pl.col("year").min().alias("first"))
    joined = keyed.join(first, on="_key").filter(pl.col("year") == pl.col("first"))
    return joined.group_by("_key").agg(
        pl.col("first").first().alias("year"), pl.col("agency_id").unique().alias("agencies")
    )
