"""The Splink record linker on a small simulated world: accuracy, outputs, reuse, guard."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest

from palermo.errors import ValidationFailed
from palermo.linkage.records import (
    OUTPUT_FILES,
    LinkResult,
    LinkSpec,
    link_records,
    score_clusters,
    write_outputs,
)


def test_links_a_small_world_with_high_accuracy(
    small_link: LinkResult, small_records: pl.DataFrame, truth: pl.DataFrame
) -> None:
    scores = score_clusters(small_link.clusters, truth)
    assert scores.records == small_records.height  # every record scored, singletons included
    assert scores.f1 >= 0.97 and scores.bcubed_f1 >= 0.98
    assert scores.precision >= 0.98
    # One person key per cluster, never derived from a name.
    assert small_link.clusters.columns == ["record_id", "cluster_id"]
    assert small_link.clusters["cluster_id"].str.contains(r"^P[0-9a-f]{24}$").all()
    persons = truth["person_id"].n_unique()
    assert abs(small_link.persons - persons) / persons < 0.03


def test_counts_are_printed_before_prediction_and_a_cap_names_the_rule(
    small_records: pl.DataFrame,
) -> None:
    lines: list[str] = []
    with pytest.raises(ValidationFailed) as refused:
        link_records(small_records, LinkSpec(max_comparisons=1000), progress=lines.append)
    assert any("comparisons from" in line for line in lines)
    assert not any(line.startswith("predicting") for line in lines)
    message = refused.value.message
    assert "over the cap of 1,000" in message and "the rule " in message
    assert "Tighten that rule" in (refused.value.hint or "")


def test_outputs_are_complete_and_the_report_works_offline(
    small_link: LinkResult, truth: pl.DataFrame, tmp_path: Path
) -> None:
    scores = score_clusters(small_link.clusters, truth)
    write_outputs(small_link, tmp_path, inputs=["x.csv"], scores=scores)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OUTPUT_FILES)
    clusters = pl.read_csv(tmp_path / "clusters.csv")
    assert clusters.columns == ["record_id", "cluster_id"]
    assert clusters.height == small_link.records
    pairs = pl.read_parquet(tmp_path / "pairs.parquet")
    assert {"match_probability", "match_weight"} <= set(pairs.columns)
    assert pairs["match_probability"].min() >= small_link.spec.pairs_floor
    html = (tmp_path / "report.html").read_text()
    # No script or style is fetched from anywhere: the libraries are inline.
    assert not re.search(r"<script[^>]+src=", html)
    assert "cdn.jsdelivr" not in html
    for chart in ("match_weights", "m_u_parameters", "waterfall", "cluster_sizes"):
        assert f'id="chart-{chart}"' in html
    assert "vegaEmbed" in html and len(html) > 500_000
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["scores"]["f1"] == pytest.approx(scores.f1, abs=1e-6)


def test_saved_model_is_reused_without_training(
    small_link: LinkResult, small_records: pl.DataFrame, tmp_path: Path, person_key: bytes
) -> None:
    write_outputs(small_link, tmp_path)
    lines: list[str] = []
    again = link_records(
        small_records,
        LinkSpec(model=tmp_path / "model.json"),
        key=person_key,
        progress=lines.append,
    )
    assert not any(line.startswith("training") for line in lines)
    assert again.clusters.sort("record_id").equals(small_link.clusters.sort("record_id"))


def test_person_keys_depend_on_the_secret(small_link: LinkResult) -> None:
    other = small_link.at_threshold(small_link.spec.threshold)
    assert other.sort("record_id").equals(small_link.clusters.sort("record_id"))
    from palermo.linkage.records import cluster_pairs, person_keys

    labels = cluster_pairs(small_link.nodes, small_link.pairs, small_link.spec.threshold).labels
    moved = person_keys(labels, b"another-secret-key-0123456789")
    assert not set(moved["cluster_id"]) & set(small_link.clusters["cluster_id"])


def test_threshold_moves_the_number_of_persons(small_link: LinkResult) -> None:
    loose = small_link.at_threshold(0.4)["cluster_id"].n_unique()
    strict = small_link.at_threshold(0.999)["cluster_id"].n_unique()
    assert loose <= small_link.persons <= strict and loose < strict
