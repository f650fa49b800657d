"""The CTDC column layout: one row per person, every column over a domain known in advance.

Column names follow the Counter Trafficking Data Collaborative's person-level data
(``yearOfRegistration``, ``gender``, ``ageBroad``, ``citizenship``, ``meansOfControl...``,
``is...`` per form of exploitation, ``typeOfSex...``, ``recruiterRelationship``...). Values
are Palermo's vocabulary codes (HTCDS v2.0 codes, ISO 3166-1 alpha-2 countries, CTDC age
bands), not CTDC's display labels. A categorical value may be empty (not recorded); a flag
is 1 when any record of the person holds that code, else 0.

Every domain comes from :mod:`palermo.vocab` or from the years the publisher states, never
from the data: the mere presence of a category in a release would tell that someone has it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import polars as pl

from palermo.errors import FieldProblem, ValidationFailed
from palermo.vocab import get_list

UNKNOWN = ""  # label of the "not recorded" category of a categorical column


@dataclass(frozen=True)
class Column:
    """One CTDC column and its known domain.

    ``codes`` are the recorded values; categorical columns also have an "unknown" category
    (empty value), which always comes last in :attr:`categories`. ``group`` names the
    family a 0/1 flag belongs to (``form`` for ``isForcedLabour``...), ``code`` its code.
    """

    name: str
    codes: tuple[str, ...]
    flag: bool = False
    group: str | None = None
    code: str | None = None

    @property
    def categories(self) -> tuple[str, ...]:
        return self.codes if self.flag else (*self.codes, UNKNOWN)

    @property
    def size(self) -> int:
        return len(self.categories)

    @cached_property
    def allowed(self) -> pl.Series:
        return pl.Series(self.categories, dtype=pl.String)


@dataclass(frozen=True)
class Group:
    """A multi-valued HTCDS picklist spread over one 0/1 column per code."""

    name: str
    htcds_field: str
    prefix: str
    list_name: str

    def columns(self) -> tuple[Column, ...]:
        return tuple(
            Column(self.prefix + code[0].upper() + code[1:], ("0", "1"), True, self.name, code)
            for code in _codes(self.list_name)
        )

    @property
    def codes(self) -> tuple[str, ...]:
        return _codes(self.list_name)


def _codes(list_name: str) -> tuple[str, ...]:
    return tuple(member.code for member in get_list(list_name))


GROUPS: tuple[Group, ...] = (
    Group("form", "vic_TypeOfExploitation", "is", "type_of_exploitation"),
    Group("meansOfControl", "vic_MethodsOfControl", "meansOfControl", "methods_of_control"),
    Group("typeOfSex", "vic_TypeOfSexExploitation", "typeOfSex", "type_of_sex_exploitation"),
    Group("recruitment", "vic_MethodOfRecruitment", "recruitedThrough", "method_of_recruitment"),
)
GROUP_BY_NAME = {g.name: g for g in GROUPS}

# Single-valued columns, their HTCDS source field and list (years are stated per release).
CATEGORICAL: tuple[tuple[str, str, str], ...] = (
    ("gender", "prs_Gender", "gender"),
    ("ageBroad", "vic_AgeWhenTrafficked", "age_band"),
    ("citizenship", "prs_Citizenship", "country"),
    ("CountryOfExploitation", "hte_Country__Exploitation", "country"),
    ("recruiterRelationship", "vic_RelationshipToTrafficker", "relationship_to_trafficker"),
    ("typeOfLabour", "vic_ForcedLabourIndustry", "forced_labour_industry"),
)
YEAR = "yearOfRegistration"


def year_codes(years: tuple[int, int]) -> tuple[str, ...]:
    first, last = years
    if first > last:
        raise ValidationFailed(
            f"The year range {first}-{last} is empty.",
            problems=[FieldProblem("years", "first year after last", value=f"{first}-{last}")],
            hint="Give the years as FIRST-LAST, e.g. 2019-2024.",
        )
    return tuple(str(y) for y in range(first, last + 1))


@dataclass(frozen=True)
class Layout:
    """The CTDC columns for registrations in ``years`` (first, last), in file order.

    ``only`` keeps a subset of the columns (all when empty).
    """

    years: tuple[int, int]
    only: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        known = {c.name for c in _all_columns(self.years)}
        unknown = [n for n in self.only if n not in known]
        if unknown:
            raise ValidationFailed(
                f"No CTDC columns {', '.join(unknown)}.",
                problems=[FieldProblem("columns", "unknown column", value=n) for n in unknown],
                hint=f"Columns: {', '.join(sorted(known))}.",
            )

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        cols = _all_columns(self.years)
        return tuple(c for c in cols if c.name in self.only) if self.only else cols

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @cached_property
    def _by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    def column(self, name: str) -> Column:
        if name in self._by_name:
            return self._by_name[name]
        raise ValidationFailed(
            f"No CTDC column {name!r}.",
            problems=[FieldProblem("column", "unknown column", value=name)],
            hint=f"Columns: {', '.join(self.names)}; groups: {', '.join(GROUP_BY_NAME)}.",
        )


@lru_cache(maxsize=16)
def _all_columns(years: tuple[int, int]) -> tuple[Column, ...]:
    cols = [Column(YEAR, year_codes(years))]
    cols += [Column(name, _codes(list_name)) for name, _, list_name in CATEGORICAL]
    for group in GROUPS:
        cols += group.columns()
    return tuple(cols)


def validate_frame(frame: pl.DataFrame, layout: Layout) -> pl.DataFrame:
    """The frame with every layout column as text, or :class:`ValidationFailed`.

    Refuses a missing column, a value outside its column's domain (naming the first rows
    and values) and a year outside the stated range. Extra columns are dropped.
    """
    missing = [n for n in layout.names if n not in frame.columns]
    if missing:
        raise ValidationFailed(
            f"The input lacks CTDC columns: {', '.join(missing)}.",
            problems=[FieldProblem(m, "column missing") for m in missing],
            hint="Convert records with `palermo publish ctdc` or supply every CTDC column.",
        )
    out = frame.select(
        pl.col(n).cast(pl.String).fill_null(UNKNOWN).str.strip_chars() for n in layout.names
    )
    inside = out.select(
        pl.col(c.name).is_in(c.allowed.implode()).all() for c in layout.columns
    ).row(0)
    if all(inside):
        return out
    problems: list[FieldProblem] = []
    for col in layout.columns:
        bad = out.with_row_index("row").filter(~pl.col(col.name).is_in(col.allowed.implode()))
        for row, value in bad.select("row", col.name).head(5).iter_rows():
            reason = "year outside the stated range" if col.name == YEAR else "not in its domain"
            problems.append(FieldProblem(col.name, reason, row=row + 2, value=value))
    if problems:
        shown = "; ".join(f"row {p.row} {p.field}={p.value!r}: {p.reason}" for p in problems[:8])
        raise ValidationFailed(
            f"The CTDC input has values outside the known domains: {shown}.",
            problems=problems,
            hint="Use Palermo vocabulary codes (`palermo vocab list`), 0/1 for flags, and a "
            "year range (--years) that covers every registration.",
        )
    return out


def read_ctdc(path: str, layout: Layout) -> pl.DataFrame:
    """Read and validate a CTDC CSV (every value as text)."""
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise ValidationFailed(
            f"Cannot read the CTDC file {path}: {exc}.",
            hint="Give a CSV with a header row of CTDC column names.",
        ) from exc
    return validate_frame(frame, layout)


def flag_columns(layout: Layout, group: str) -> Sequence[Column]:
    return [c for c in layout.columns if c.group == group]
