"""Files written by write_world and `palermo simulate`: complete and reproducible."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from palermo.simulate import WorldSpec, write_world


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_same_seed_same_files_different_seed_different(tmp_path):
    spec = WorldSpec(victims=2_500, agencies=4, seed=11, chunk_size=1_000)
    write_world(spec, tmp_path / "a")
    write_world(spec, tmp_path / "b")
    write_world(WorldSpec(victims=2_500, agencies=4, seed=12, chunk_size=1_000), tmp_path / "c")
    a, b, c = _digest(tmp_path / "a"), _digest(tmp_path / "b"), _digest(tmp_path / "c")
    assert a == b
    assert {k for k in a if a[k] != c[k]} >= {"A01.csv", "A01.parquet", "ground_truth.csv"}


def test_files_agree_with_each_other(tmp_path):
    summary = write_world(WorldSpec(victims=2_000, agencies=3, seed=4, chunk_size=700), tmp_path)
    world = json.loads((tmp_path / "world.json").read_text())
    assert world["true_total"] == 2_000 == summary.true_total
    assert sum(world["overlap"]["counts"].values()) == 2_000
    truth = pl.read_csv(tmp_path / "ground_truth.csv")
    for agency in world["agencies"]:
        csv = pl.read_csv(tmp_path / f"{agency['agency_id']}.csv", infer_schema_length=0)
        parquet = pl.read_parquet(tmp_path / f"{agency['agency_id']}.parquet")
        assert csv.height == parquet.height == agency["records"]
        assert csv["record_id"].to_list() == parquet["record_id"].to_list()
        assert (truth["agency_id"] == agency["agency_id"]).sum() == agency["records"]
    persons = pl.read_csv(tmp_path / "persons.csv", infer_schema_length=0)
    assert persons.height == 2_000
    assert truth["person_id"].is_in(persons["person_id"].implode()).all()
    # Multi-valued picklists are ';'-separated codes in files.
    parquet = pl.read_parquet(tmp_path / "A01.parquet")
    assert parquet["vic_MethodsOfControl"].dtype == pl.String
    assert parquet["vic_MethodsOfControl"].str.contains(";").any()


def test_cli_writes_the_world(tmp_path):
    from palermo.cli import app

    result = CliRunner().invoke(
        app,
        [
            "simulate",
            "--victims",
            "1500",
            "--agencies",
            "3",
            "--seed",
            "9",
            "--out",
            str(tmp_path),
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    assert {"A01.csv", "A02.csv", "A03.csv", "ground_truth.csv", "world.json"} <= names
    assert "A01.parquet" not in names
    assert json.loads((tmp_path / "world.json").read_text())["seed"] == 9
