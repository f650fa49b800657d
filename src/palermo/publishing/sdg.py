"""SDG indicator 16.2.2: victims of trafficking detected per 100,000 population.

The denominators come from a population CSV in the layout of the UN World Population
Prospects single-age files (``WPP..._PopulationBySingleAgeSex...csv``): one row per
country, year and age with ``ISO2_code``, ``Time``, ``AgeGrpStart``, ``AgeGrpSpan`` (1, or
-1 for the open top age), ``PopMale``, ``PopFemale`` and ``PopTotal`` in thousands. The
user supplies it; Palermo ships only a small synthetic example for tests.

Rates are computed from published counts (a DP release's tables, so they stay private
at no extra cost): victims by sex x CTDC age band and by form. Sex follows HTCDS gender:
Feminine -> female, Masculine -> male; persons of other genders count in the totals only,
since WPP has no population for them. Each rate carries the margin of its count scaled
the same way; a suppressed count gives no rate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from palermo.errors import FieldProblem, ValidationFailed
from palermo.publishing.tables import TablesResult
from palermo.vocab import AgeBand, get_list

REQUIRED = ("ISO2_code", "Time", "AgeGrpStart", "AgeGrpSpan", "PopMale", "PopFemale", "PopTotal")
SEX_OF_GENDER = {"Feminine": "female", "Masculine": "male"}
EXAMPLE = Path(__file__).with_name("data") / "wpp_single_age_SYNTHETIC_example.csv"
SDG_TABLES: tuple[tuple[str, ...], ...] = (
    ("yearOfRegistration",),
    ("gender", "ageBroad"),
    ("gender", "ageBroad", "form"),
)


@dataclass(frozen=True)
class Population:
    """Persons (not thousands) per sex and single age for one country and year."""

    country: str
    year: int
    frame: pl.DataFrame  # age, male, female, total

    def by_band(self) -> pl.DataFrame:
        """Population per CTDC age band (columns ageBroad, male, female, total)."""
        rows = []
        for band in AgeBand:
            top = band.maximum if band.maximum is not None else 10_000
            part = self.frame.filter(pl.col("age").is_between(band.minimum, top))
            rows.append({"ageBroad": band.code, **{s: float(part[s].sum()) for s in SEXES}})
        return pl.DataFrame(rows)


SEXES = ("male", "female", "total")


def _number(raw: str | None, field: str, row: int, problems: list[FieldProblem]) -> float | None:
    try:
        value = float(raw) if raw not in (None, "") else None
    except ValueError:
        value = None
    if value is None or value < 0:
        problems.append(FieldProblem(field, "must be a number of thousands >= 0", row, raw))
        return None
    return value


def read_population(path: Path, *, country: str, year: int) -> Population:
    """Read and check the WPP-layout CSV, keeping ``country`` and ``year``.

    Refuses missing columns, bad numbers, unknown country codes, ages other than single
    years, duplicate ages and a gap in the ages 0..top, naming rows (header = row 1).
    """
    try:
        raw = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise ValidationFailed(f"Cannot read the population file {path}: {exc}.") from exc
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise ValidationFailed(
            f"The population file lacks the WPP columns {', '.join(missing)}.",
            problems=[FieldProblem(c, "column missing") for c in missing],
            hint="Use the UN WPP single-age-and-sex CSV layout (populations in thousands).",
        )
    countries = {m.code for m in get_list("country")}
    problems: list[FieldProblem] = []
    kept: dict[int, tuple[float, float, float]] = {}
    for i, rec in enumerate(raw.select(REQUIRED).iter_rows(named=True), start=2):
        code = (rec["ISO2_code"] or "").strip().upper()
        if code not in countries:
            problems.append(FieldProblem("ISO2_code", "not an ISO 3166-1 alpha-2 code", i, code))
            continue
        try:
            time, start, span = int(rec["Time"]), int(rec["AgeGrpStart"]), int(rec["AgeGrpSpan"])
        except (TypeError, ValueError):
            problems.append(FieldProblem("Time/AgeGrpStart/AgeGrpSpan", "not whole numbers", i))
            continue
        if code != country or time != year:
            continue
        if start < 0 or span not in (1, -1):
            problems.append(
                FieldProblem("AgeGrpSpan", "single ages only (span 1, or -1 for the top)", i)
            )
            continue
        values = [_number(rec[f], f, i, problems) for f in ("PopMale", "PopFemale", "PopTotal")]
        if any(v is None for v in values):
            continue
        male, female, total = (float(v or 0) for v in values)
        if abs(male + female - total) > max(0.01, 0.005 * total):
            problems.append(FieldProblem("PopTotal", "differs from PopMale + PopFemale", i))
        if start in kept:
            problems.append(FieldProblem("AgeGrpStart", "age given twice", i, str(start)))
        kept[start] = (male * 1000, female * 1000, total * 1000)
    if not problems and not kept:
        problems.append(FieldProblem("ISO2_code/Time", f"no rows for {country} in {year}"))
    if kept and not problems:
        gaps = sorted(set(range(max(kept) + 1)) - set(kept))
        if gaps:
            problems.append(FieldProblem("AgeGrpStart", f"ages missing: {gaps[:10]}"))
    if problems:
        shown = "; ".join(
            f"{'row ' + str(p.row) + ' ' if p.row else ''}{p.field}: {p.reason}"
            for p in problems[:8]
        )
        raise ValidationFailed(
            f"The population file {path} cannot be used: {shown}.", problems=problems
        )
    ages = sorted(kept)
    frame = pl.DataFrame(
        {
            "age": ages,
            "male": [kept[a][0] for a in ages],
            "female": [kept[a][1] for a in ages],
            "total": [kept[a][2] for a in ages],
        }
    )
    return Population(country, year, frame)


def _rate(count: pl.Expr, population: pl.Expr) -> pl.Expr:
    return pl.when(population > 0).then(count * 100_000 / population).otherwise(None)


def victims_per_100k(release: TablesResult, population: Population) -> pl.DataFrame:
    """SDG 16.2.2 rows from a release holding :data:`SDG_TABLES`.

    Columns: ``sex`` (total, female, male), ``ageBroad`` (empty = all ages), ``form``
    (empty = all forms), ``victims``, ``margin``, ``population``, ``per_100k`` and
    ``per_100k_margin``.
    """
    tables = {t.dimensions: t.frame for t in release.tables}
    absent = [d for d in SDG_TABLES if d not in tables]
    if absent:
        raise ValidationFailed(
            "The release lacks the tables SDG 16.2.2 needs: "
            + ", ".join(" x ".join(d) for d in absent)
            + ".",
            hint="Release palermo.publishing.sdg.SDG_TABLES.",
        )
    return rates_from_counts(tables, year=release.spec.year, population=population)


def rates_from_counts(
    tables: Mapping[tuple[str, ...], pl.DataFrame], *, year: int, population: Population
) -> pl.DataFrame:
    """SDG 16.2.2 rows from count tables keyed by the dimensions of :data:`SDG_TABLES`.

    Each frame has its dimension columns (CTDC names), ``count`` (null when suppressed)
    and ``margin`` (0 for exact counts). Noisy DP tables and exact, small-cell-protected
    tables go through the same arithmetic.
    """
    if year != population.year:
        raise ValidationFailed(f"The counts are for {year}, the population for {population.year}.")
    bands = population.by_band()
    total_pop = float(population.frame["total"].sum())
    head = tables[("yearOfRegistration",)].filter(pl.col("yearOfRegistration") == str(year))
    rows = [
        pl.DataFrame(
            {
                "sex": ["total"],
                "ageBroad": [""],
                "form": [""],
                "victims": head["count"],
                "margin": head["margin"],
                "population": [total_pop],
            }
        )
    ]
    for dims, by in ((("gender", "ageBroad"), []), (("gender", "ageBroad", "form"), ["form"])):
        cells = tables[dims].with_columns(
            pl.col("gender").replace_strict(SEX_OF_GENDER, default=None).alias("sex")
        )
        cells = cells.filter(pl.col("sex").is_not_null() & (pl.col("ageBroad") != ""))
        long = bands.unpivot(index="ageBroad", variable_name="sex", value_name="population")
        joined = cells.join(long, on=["sex", "ageBroad"], how="left")
        if not by:
            joined = joined.with_columns(pl.lit("").alias("form"))
        rows.append(
            joined.select(
                "sex", "ageBroad", "form", pl.col("count").alias("victims"), "margin", "population"
            )
        )
    out = pl.concat(rows, how="vertical_relaxed")
    return out.with_columns(
        _rate(pl.col("victims"), pl.col("population")).round(3).alias("per_100k"),
        _rate(pl.col("margin"), pl.col("population")).round(3).alias("per_100k_margin"),
    )
