"""Bulk commands: reading feeds (with clear errors) and the files they write."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from palermo.cli import app
from palermo.errors import ValidationFailed
from palermo.recruitment import read_feed


@pytest.fixture(scope="module")
def feed_files(tmp_path_factory, feed) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("feed")
    frame = feed["frame"].head(400)
    frame.write_csv(folder / "ads.csv")
    frame.write_parquet(folder / "ads.parquet")
    frame.write_ndjson(folder / "ads.jsonl")
    pl.DataFrame(
        [r.__dict__ | {"status": r.status.value} for r in feed["registry"].records]
    ).write_csv(folder / "agencies.csv")
    return folder


def test_the_three_formats_read_the_same_feed(feed_files: Path) -> None:
    frames = [read_feed(feed_files / f"ads.{ext}") for ext in ("csv", "parquet", "jsonl")]
    assert frames[0].equals(frames[1]) and frames[1].equals(frames[2])


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        ([{"ad_id": "a", "txt": "x"}], "text"),
        ([{"ad_id": "a", "text": "x"}, {"ad_id": "a", "text": "y"}], "ad_id"),
        ([{"ad_id": "a", "text": " ", "contract": None}], "text"),
        ([{"ad_id": "a", "text": "x", "country": "France"}], "country"),
    ],
)
def test_bad_feeds_are_refused_naming_the_problem(
    tmp_path: Path, rows: list[dict], field: str
) -> None:
    path = tmp_path / "feed.jsonl"
    pl.DataFrame(rows).write_ndjson(path)
    with pytest.raises(ValidationFailed) as err:
        read_feed(path)
    assert field in {p.field for p in err.value.problems}


def test_unknown_file_types_are_refused(tmp_path: Path) -> None:
    (tmp_path / "feed.xlsx").write_text("x")
    with pytest.raises(ValidationFailed, match="unknown file type"):
        read_feed(tmp_path / "feed.xlsx")


def test_ads_screen_and_networks_write_their_files(feed_files: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "ads",
            "screen",
            str(feed_files / "ads.csv"),
            "--out",
            str(out),
            "--registry",
            str(feed_files / "agencies.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    screening = pl.read_csv(out / "screening.csv")
    assert (
        screening.columns == ["ad_id", "risk", "score", "language", "flags"]
        and screening.height == 400
    )
    assert set(screening["risk"]) <= {"no_flags_found", "caution", "high"}
    flags = pl.read_csv(out / "flags.csv")
    assert flags.columns == ["ad_id", "code", "category", "weight", "evidence"]
    assert "unlicensed_agency" in set(flags["code"])
    assert json.loads((out / "summary.json").read_text())["ads"] == 400
    result = runner.invoke(
        app,
        ["ads", "networks", str(feed_files / "ads.parquet"), "--out", str(out), "--pictures", "2"],
    )
    assert result.exit_code == 0, result.output
    networks = pl.read_csv(out / "networks.csv")
    assert networks.columns == ["ad_id", "network_id"] and networks.height > 0
    assert len(list((out / "pictures").glob("*.svg"))) == 2
    detail = json.loads((out / "networks.json").read_text())["networks"]
    assert {n["network_id"] for n in detail} == set(networks["network_id"])


def test_ads_check_prints_the_public_json(tmp_path: Path) -> None:
    offer = tmp_path / "offer.txt"
    offer.write_text(
        "URGENT! Votre passeport sera gardé par l'employeur. Frais de dossier de 300 euros.",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["ads", "check", str(offer), "--country", "SN"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["risk"] == "high"
    assert any(
        "passeport" in f["explanation"] for f in payload["flags"]
    )  # French: the text's language


def test_an_unknown_engine_is_an_error(feed_files: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["ads", "screen", str(feed_files / "ads.csv"), "--out", str(tmp_path), "--engine", "dask"],
    )
    assert result.exit_code != 0 and "Unknown engine" in str(result.exception)
