"""Capture histories from linked records: on which lists each person was seen.

Multiple systems estimation needs, for every combination of lists, the number of
persons seen on exactly those lists. Lists are agencies, or kinds of agency
(``lists="agency_type"``: police, shelters...), read from an ``agency_type``
column of the records or from the ``world.json`` the simulator writes beside
its files. :func:`overlap_table` returns the table in the wide form the
estimation engine reads (one 0/1 column per list and ``count``), optionally with
stratum columns (``by``). A linkage run written by :mod:`.outputs` is read back
with :func:`load_run`, which also re-clusters at other thresholds, so that the
sensitivity of an estimate to the match threshold can be shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import polars as pl

from palermo.errors import ValidationFailed
from palermo.linkage.records.clusters import NODE_COLUMNS, cluster_pairs
from palermo.linkage.records.features import prepare_features
from palermo.linkage.records.inputs import read_records

ListKind = Literal["agency", "agency_type"]
#: Thresholds of the sensitivity analysis (match probabilities).
SENSITIVITY_THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.99)


@dataclass(frozen=True, eq=False)
class LinkRun:
    """A linkage run read back from its directory, with the records it linked."""

    directory: Path
    records: pl.DataFrame = field(repr=False)
    clusters: pl.DataFrame = field(repr=False)
    pairs: pl.DataFrame = field(repr=False)
    threshold: float
    inputs: tuple[str, ...]
    pairs_floor: float = 0.0  # pairs at or above it were kept (run.json)

    def clusters_at(self, threshold: float) -> pl.DataFrame:
        """record_id, cluster (number) when pairs at ``threshold`` join records."""
        nodes = prepare_features(self.records).select(NODE_COLUMNS)
        labels = cluster_pairs(nodes, self.pairs, threshold).labels
        return labels.select(
            pl.col("unique_id").alias("record_id"), pl.col("cluster").cast(pl.String)
        ).rename({"cluster": "cluster_id"})


def load_run(directory: str | Path) -> LinkRun:
    """Read ``clusters.csv``, ``pairs.parquet`` and ``run.json`` and the input records."""
    path = Path(directory)
    needed = ("clusters.csv", "pairs.parquet", "run.json")
    missing = [n for n in needed if not (path / n).is_file()]
    if missing:
        raise ValidationFailed(
            f"{path} is not a linkage run: {', '.join(missing)} missing.",
            hint="Give the --out directory of 'palermo link records'.",
        )
    run = json.loads((path / "run.json").read_text(encoding="utf-8"))
    inputs = tuple(run.get("inputs") or ())
    absent = [p for p in inputs if not Path(p).exists()]
    if not inputs or absent:
        raise ValidationFailed(
            f"The records this run linked are not at {', '.join(absent) or '(not recorded)'}.",
            hint="Put the input files back where they were linked from, or link again.",
        )
    records = read_records(inputs)
    clusters = pl.read_csv(path / "clusters.csv", infer_schema=False)
    unknown = clusters.join(records.select("record_id"), on="record_id", how="anti")
    if unknown.height or clusters.height != records.height:
        raise ValidationFailed(
            f"clusters.csv does not match the records ({clusters.height} clusters rows, "
            f"{records.height} records, {unknown.height} unknown record ids).",
            hint="The input files changed since the run: link them again.",
        )
    pairs = pl.read_parquet(path / "pairs.parquet")
    floor = run.get("pairs_floor")
    if floor is None:  # a run written before run.json recorded it
        floor = float(pairs["match_probability"].min() or 0.0) if pairs.height else 0.0  # type: ignore[arg-type]
    return LinkRun(path, records, clusters, pairs, float(run["threshold"]), inputs, float(floor))


def _agency_types(records: pl.DataFrame, inputs: tuple[str, ...]) -> dict[str, str]:
    if "agency_type" in records.columns:
        pairs = records.select("agency_id", "agency_type").unique().drop_nulls()
        return dict(pairs.iter_rows())
    for raw in inputs:
        base = Path(raw)
        world = (base if base.is_dir() else base.parent) / "world.json"
        if world.is_file():
            agencies = json.loads(world.read_text(encoding="utf-8")).get("agencies", [])
            return {a["agency_id"]: a["kind"] for a in agencies}
    raise ValidationFailed(
        "No agency types: the records have no agency_type column and no world.json.",
        hint="Add an agency_type column to the records, or use agencies as lists.",
    )


def overlap_table(
    clusters: pl.DataFrame,
    records: pl.DataFrame,
    *,
    lists: ListKind = "agency",
    by: tuple[str, ...] = (),
    inputs: tuple[str, ...] = (),
) -> pl.DataFrame:
    """Persons per capture history: one 0/1 column per list, ``by`` columns, ``count``.

    A person's stratum value (``by``, e.g. prs_Gender) is the one most of their
    records give. Records of one person at one list count once.
    """
    frame = records.join(clusters.select("record_id", "cluster_id"), on="record_id")
    if lists == "agency_type":
        types = _agency_types(records, inputs)
        frame = frame.with_columns(
            pl.col("agency_id").replace_strict(types, default=None).alias("_list")
        )
        if frame["_list"].null_count():
            raise ValidationFailed(
                "Some agencies have no type.", hint="Give every agency an agency_type."
            )
    else:
        frame = frame.with_columns(pl.col("agency_id").alias("_list"))
    names = sorted(frame["_list"].unique().to_list())
    if len(names) < 2:
        raise ValidationFailed(
            f"Estimation needs at least 2 lists; the records have {len(names)}.",
            hint="Link records of two or more agencies.",
        )
    seen = frame.group_by("cluster_id").agg(
        *(pl.col("_list").eq(n).any().cast(pl.Int8).alias(n) for n in names),
        *(pl.col(c).drop_nulls().mode().sort().first().alias(c) for c in by),
    )
    return seen.group_by([*names, *by]).len("count").sort([*names, *by])


@dataclass(frozen=True)
class ThresholdOverlap:
    """The capture histories had the records been joined at ``threshold``."""

    threshold: float
    persons: int
    table: pl.DataFrame = field(repr=False)


def overlaps_by_threshold(
    run: LinkRun,
    thresholds: tuple[float, ...] = SENSITIVITY_THRESHOLDS,
    *,
    lists: ListKind = "agency",
) -> list[ThresholdOverlap]:
    """Overlap tables at each threshold: false merges shrink an estimate, missed links
    inflate it, and this shows by how much the threshold moves it."""
    floor = float(run.pairs["match_probability"].min() or 0.0) if run.pairs.height else 0.0  # type: ignore[arg-type]
    out = []
    for t in sorted(thresholds):
        if t < floor:
            continue  # pairs below the run's floor were not kept
        clusters = run.clusters_at(t)
        table = overlap_table(clusters, run.records, lists=lists, inputs=run.inputs)
        out.append(ThresholdOverlap(t, clusters["cluster_id"].n_unique(), table))
    return out
