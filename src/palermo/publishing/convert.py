"""HTCDS-shaped case records to CTDC rows, one per person.

The privacy unit of every release is the person, so records are first brought together
by a person key: the simulator's ground truth in tests and benchmarks, the linkage
person key in a deployment. Several records of one person become one row:

- ``yearOfRegistration`` is the year of the person's first identification;
- a single-valued field takes its most frequent recorded value (ties: the first code in
  vocabulary order), ``citizenship`` the first citizenship listed, ``ageBroad`` the CTDC
  band of the most frequent recorded age when trafficked;
- a multi-valued picklist sets the flag of every code any record holds.
"""

from __future__ import annotations

import polars as pl

from palermo.errors import FieldProblem, ValidationFailed
from palermo.publishing.layout import CATEGORICAL, GROUPS, UNKNOWN, YEAR, Layout, validate_frame
from palermo.vocab import AgeBand

_YEAR_FIELD = "plm_IdentificationYear"


def _as_list(frame: pl.DataFrame, field: str) -> pl.Expr:
    if isinstance(frame.schema[field], pl.List):
        return pl.col(field)
    return pl.col(field).cast(pl.String).str.split(";")


def _band_expr(age: pl.Expr) -> pl.Expr:
    expr: pl.Expr = pl.lit(None, dtype=pl.String)
    for band in AgeBand:
        expr = pl.when(age >= band.minimum).then(pl.lit(band.code)).otherwise(expr)
    return pl.when(age.is_null() | (age < 0)).then(None).otherwise(expr)


def ctdc_rows(records: pl.DataFrame, *, person_key: str, layout: Layout) -> pl.DataFrame:
    """One CTDC row per distinct ``person_key`` of ``records``, validated against ``layout``.

    ``records`` carries HTCDS columns (multi-valued picklists as lists of codes or as
    ';'-separated text) and the key column. A code outside the vocabulary is refused.
    """
    needed = [
        person_key,
        _YEAR_FIELD,
        *(f for _, f, _ in CATEGORICAL),
        *(g.htcds_field for g in GROUPS),
    ]
    missing = [c for c in needed if c not in records.columns]
    if missing:
        raise ValidationFailed(
            f"The records lack fields: {', '.join(missing)}.",
            problems=[FieldProblem(m, "field missing") for m in missing],
            hint="Give HTCDS-shaped records (see palermo.simulate) and the person key column.",
        )
    if records[person_key].null_count():
        raise ValidationFailed(
            f"{records[person_key].null_count()} records have no {person_key}.",
            problems=[FieldProblem(person_key, "empty person key")],
            hint="Every record needs the person it belongs to (run linkage first).",
        )
    key = pl.col(person_key)
    base = records.select(
        key,
        pl.col(_YEAR_FIELD).cast(pl.Int64),
        pl.col("prs_Gender").alias("gender"),
        _band_expr(pl.col("vic_AgeWhenTrafficked").cast(pl.Int64)).alias("ageBroad"),
        _as_list(records, "prs_Citizenship").list.first().alias("citizenship"),
        pl.col("hte_Country__Exploitation").alias("CountryOfExploitation"),
        pl.col("vic_RelationshipToTrafficker").alias("recruiterRelationship"),
        pl.col("vic_ForcedLabourIndustry").alias("typeOfLabour"),
        *(_as_list(records, g.htcds_field).alias(g.name) for g in GROUPS),
    )
    out = base.group_by(person_key).agg(pl.col(_YEAR_FIELD).min().alias(YEAR))
    for name, _, _ in CATEGORICAL:
        out = out.join(_mode(base, person_key, name), on=person_key, how="left")
    for group in GROUPS:
        codes = base.select(key, pl.col(group.name)).explode(group.name).drop_nulls().unique()
        unknown = codes.filter(~pl.col(group.name).is_in(pl.Series(group.codes).implode()))
        if unknown.height:
            values = sorted(set(unknown[group.name].to_list()))[:8]
            raise ValidationFailed(
                f"{group.htcds_field} holds codes outside the vocabulary: {', '.join(values)}.",
                problems=[FieldProblem(group.htcds_field, "unknown code", value=v) for v in values],
                hint="Use HTCDS codes (`palermo vocab list`).",
            )
        held = codes.group_by(person_key).agg(pl.col(group.name))
        flags = held.select(
            key,
            *(
                pl.col(group.name).list.contains(pl.lit(col.code)).cast(pl.Int8).alias(col.name)
                for col in group.columns()
            ),
        )
        out = out.join(flags, on=person_key, how="left")
    out = out.with_columns(pl.col(c.name).fill_null(0) for g in GROUPS for c in g.columns()).sort(
        person_key
    )
    return validate_frame(out, layout)


def _mode(base: pl.DataFrame, key: str, name: str) -> pl.DataFrame:
    """Most frequent non-empty value per person; ties go to the smallest code."""
    counted = (
        base.select(key, name)
        .filter(pl.col(name).is_not_null() & (pl.col(name) != UNKNOWN))
        .group_by(key, name)
        .len()
        .sort([key, "len", name], descending=[False, True, False])
    )
    return counted.group_by(key, maintain_order=True).first().select(key, name)
