"""Capture histories from linked records, and estimates from them (palermo estimate)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from palermo.cli import app
from palermo.estimation import EstimateSpec, estimate, from_histories
from palermo.linkage.records import LinkResult, write_outputs
from palermo.linkage.records.capture import ESTIMATION_THRESHOLD
from palermo.linkage.records.histories import load_run, overlap_table


def _estimate(clusters: pl.DataFrame, records: pl.DataFrame) -> float:
    table = overlap_table(clusters, records)
    names = [c for c in table.columns if c != "count"]
    data = from_histories(
        names, [([n for n in names if r[n]], r["count"]) for r in table.iter_rows(named=True)]
    )
    result = estimate(data, EstimateSpec(method="stepwise"))
    assert result.estimate is not None
    return result.estimate


def test_overlap_table_counts_each_person_once_per_list(
    small_records: pl.DataFrame, truth: pl.DataFrame
) -> None:
    persons = truth.select("record_id", pl.col("person_id").alias("cluster_id"))
    table = overlap_table(persons, small_records)
    assert table["count"].sum() == truth["person_id"].n_unique()
    # Every agency is a list, and each person's lists are where their records are.
    assert [c for c in table.columns if c != "count"] == sorted(truth["agency_id"].unique())
    seen = truth.group_by("person_id").agg(pl.col("agency_id").n_unique().alias("k"))
    lists = table.select(pl.sum_horizontal(pl.exclude("count")).alias("k"), "count")
    assert (lists["k"] * lists["count"]).sum() == seen["k"].sum()


def test_estimate_from_linked_records_is_close_to_the_one_from_true_persons(
    small_link: LinkResult, small_records: pl.DataFrame, truth: pl.DataFrame
) -> None:
    # Missed links inflate an estimate more than false merges shrink it, so estimation
    # wants the records joined at a lower threshold than pairwise F1 does (measured on
    # this world: +1.6% at 0.5, +2.7% at the default 0.9; the sensitivity table shows it).
    persons = truth.select("record_id", pl.col("person_id").alias("cluster_id"))
    true = _estimate(persons, small_records)
    linked = _estimate(small_link.at_threshold(0.5), small_records)
    assert abs(linked - true) / true <= 0.02
    strict = _estimate(small_link.at_threshold(0.99), small_records)
    assert strict > linked > true * 0.98  # fewer links, more persons, a larger estimate


def test_estimate_from_links_cli_shows_the_threshold_sensitivity(
    small_link: LinkResult, small_world: Path, tmp_path: Path
) -> None:
    write_outputs(small_link, tmp_path, inputs=[str(small_world)])
    run = load_run(tmp_path)
    assert run.clusters.height == small_link.records
    report = tmp_path / "estimate.html"
    out = CliRunner().invoke(
        app, ["estimate", "--from-links", str(tmp_path), "--json", "--report", str(report)]
    )
    assert out.exit_code == 0, out.output
    payload = json.loads(out.stdout[out.stdout.index("{") :])
    rows = payload["threshold_sensitivity"]
    assert [r["threshold"] for r in rows] == sorted(r["threshold"] for r in rows)
    assert len(rows) >= 4
    persons = [r["persons"] for r in rows]
    assert persons == sorted(persons)  # a stricter threshold never joins more records
    # Estimation joins records at its own default threshold (0.5), not the run's 0.9.
    at_default = small_link.at_threshold(ESTIMATION_THRESHOLD)["cluster_id"].n_unique()
    assert payload["observed"] == at_default
    assert "Sensitivity to the match threshold" in report.read_text()
    by_type = CliRunner().invoke(
        app, ["estimate", "--from-links", str(tmp_path), "--lists", "agency_type", "--json"]
    )
    assert by_type.exit_code == 0, by_type.output
    assert "police" in json.loads(by_type.stdout[by_type.stdout.index("{") :])["lists"]


def test_from_links_refuses_a_directory_that_is_not_a_run(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["estimate", "--from-links", str(tmp_path)])
    assert out.exit_code != 0
    with pytest.raises(Exception, match="not a linkage run"):
        load_run(tmp_path)
