"""The one way national statistics count victims: records, or persons through linkage.

Every count of :mod:`palermo.stats` goes through :func:`count`. Given a mapping from
case id to a pseudonymous person key (the latest linkage run), records of one person
become one person first (:func:`persons`): the year is the first year identified, a
single value the most frequent one recorded (ties: the smallest code), a list the union
of every record's codes. Without a mapping each record counts as one, and the result
says so: ``unit`` is ``records``, never presented as persons.

A record the linkage run does not cover stays a person of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from palermo.i18n import msg

LIST_COLUMNS = frozenset(
    {"citizenships", "forms", "sex_forms", "recruitment", "control", "vulnerabilities"}
)
_KEY = "_person"


@dataclass(frozen=True)
class Unit:
    """What a count counts: ``records`` or ``persons`` (de-duplicated by ``run``)."""

    deduplicated: bool
    run: str | None = None

    @property
    def code(self) -> str:
        return "persons" if self.deduplicated else "records"

    @property
    def label(self) -> str:
        if self.deduplicated:
            return msg("Persons, de-duplicated across agencies by linkage run {run}.", run=self.run)
        return msg(
            "Records, not persons: no linkage run yet, so a person known to two agencies "
            "counts twice."
        )


@dataclass(frozen=True)
class PersonKeys:
    """A linkage run's pseudonymous person key per case id."""

    run: str
    keys: Mapping[int, str]


def unit_of(person_keys: PersonKeys | None) -> Unit:
    if person_keys is None:
        return Unit(False)
    return Unit(True, person_keys.run)


def _keyed(records: pl.DataFrame, person_keys: PersonKeys | None) -> pl.DataFrame:
    if person_keys is None:
        return records.with_columns(pl.col("case_id").cast(pl.String).alias(_KEY))
    mapping = pl.DataFrame(
        {"case_id": list(person_keys.keys), _KEY: list(person_keys.keys.values())},
        schema={"case_id": pl.Int64, _KEY: pl.String},
    )
    joined = records.join(mapping, on="case_id", how="left", maintain_order="left")
    return joined.with_columns(
        pl.coalesce(pl.col(_KEY), pl.lit("case:") + pl.col("case_id").cast(pl.String)).alias(_KEY)
    )


def _mode(name: str) -> pl.Expr:
    """Most frequent non-null value; ties go to the smallest."""
    values = pl.col(name).drop_nulls()
    counts = values.value_counts(sort=False)
    ranked = counts.sort_by(
        [counts.struct.field("count"), counts.struct.field(name)], descending=[True, False]
    )
    return ranked.first().struct.field(name).alias(name)


def persons(
    records: pl.DataFrame,
    *,
    person_keys: PersonKeys | None,
    within: Sequence[str] = (),
) -> pl.DataFrame:
    """One row per person (per person and ``within`` group, e.g. per agency)."""
    keyed = _keyed(records, person_keys)
    if person_keys is None:
        return keyed
    group = [_KEY, *within]
    aggregations = []
    for name in records.columns:
        if name in group:
            continue
        if name in LIST_COLUMNS:
            aggregations.append(
                pl.col(name)
                .list.explode(keep_nulls=False, empty_as_null=False)
                .drop_nulls()
                .unique()
                .sort()
                .alias(name)
            )
        elif name in ("year", "identified_on", "case_id"):
            aggregations.append(pl.col(name).min())
        else:
            aggregations.append(_mode(name))
    return keyed.group_by(group, maintain_order=True).agg(aggregations)


@dataclass(frozen=True)
class Counted:
    """Counts per cell of ``by`` (one row per combination present), and their unit."""

    by: tuple[str, ...]
    frame: pl.DataFrame  # by columns + count
    unit: Unit
    total: int  # persons (or records) in scope, each once


def count(
    records: pl.DataFrame,
    *,
    by: Sequence[str],
    person_keys: PersonKeys | None = None,
    within: Sequence[str] = (),
) -> Counted:
    """Count records or persons by the columns ``by``.

    A list column (forms, recruitment methods...) counts a person once under each code
    they have, and once under an empty value when they have none; its cells therefore
    add up to more than the total. ``within`` counts persons separately per group (an
    agency's persons): keep it in ``by`` to see the groups.
    """
    people = persons(records, person_keys=person_keys, within=within)
    frame = people
    for name in by:
        if name in LIST_COLUMNS:
            frame = frame.with_columns(
                pl.when(pl.col(name).list.len() > 0)
                .then(pl.col(name))
                .otherwise(pl.lit([None], dtype=pl.List(pl.String)))
                .alias(name)
            ).explode(name)
    if by:
        counted = frame.group_by(list(by)).agg(pl.col(_KEY).n_unique().alias("count"))
        counted = counted.sort(list(by), nulls_last=True)
    else:
        counted = pl.DataFrame({"count": [people.height]})
    return Counted(tuple(by), counted, unit_of(person_keys), people.height)
