"""``palermo link records`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from palermo.cli import app
from palermo.errors import ValidationFailed


def test_link_records_writes_the_run_and_scores_it(small_world: Path, tmp_path: Path) -> None:
    key = tmp_path / "link.key"
    key.write_bytes(b"0123456789abcdef0123456789abcdef")
    out = tmp_path / "run"
    args = ["link", "records", str(small_world), "--out", str(out), "--key-file", str(key)]
    result = CliRunner().invoke(
        app, [*args, "--truth", str(small_world / "ground_truth.csv"), "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout[result.stdout.index("{") :])
    assert summary["scores"]["f1"] >= 0.97 and summary["records"] > 0
    assert pl.read_csv(out / "clusters.csv").columns == ["record_id", "cluster_id"]
    # The same key gives the same person keys on a second run with the saved model.
    again = CliRunner().invoke(
        app, [*args[:-4], "--out", str(tmp_path / "again"), "--key-file", str(key),
              "--model", str(out / "model.json")],
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    first = pl.read_csv(out / "clusters.csv").sort("record_id")
    assert first.equals(pl.read_csv(tmp_path / "again" / "clusters.csv").sort("record_id"))


def test_bad_input_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "a.csv"
    bad.write_text("record_id,prs_Birthdate\nA1,1990-01-01\nA2,yesterday\n", encoding="utf-8")
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["link", "records", str(bad), "--out", str(out)])
    assert result.exit_code != 0
    assert isinstance(result.exception, ValidationFailed)
    assert "row 3" in result.exception.message
    assert result.exception.problems[0].field == "prs_Birthdate"
    assert not out.exists() or not any(out.iterdir())
    short = tmp_path / "short.key"
    short.write_bytes(b"abc")
    keyed = CliRunner().invoke(
        app, ["link", "records", str(bad), "--out", str(out), "--key-file", str(short)]
    )
    assert keyed.exit_code != 0 and "at least 16" in str(keyed.exception)
