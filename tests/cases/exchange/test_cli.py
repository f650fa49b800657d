"""``palermo cases import`` / ``export`` through Typer's runner, on a real configured store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from palermo.cli import app

HEADER = "record_id,prs_FirstName,prs_Citizenship,vic_AgeWhenTrafficked,plm_IdentificationDate\n"
GOOD = "R{n},Ana,MD,20,2024-01-02\n"


def _file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "cases.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def test_import_all_good_then_export(configured: str, tmp_path: Path) -> None:
    runner = CliRunner()
    path = _file(tmp_path, GOOD.format(n=1), GOOD.format(n=2))
    result = runner.invoke(app, ["cases", "import", str(path), "--agency", configured])
    assert result.exit_code == 0, result.output
    assert "Imported 2 case(s) from 2 row(s); 0 row(s) rejected" in result.output
    assert not (tmp_path / "cases.errors.csv").exists()
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["cases", "export", "--agency", "1", "--format", "json",
                                 "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [item["plm_ExternalId"] for item in json.loads(out.read_text())] == ["R1", "R2"]


def test_import_with_bad_rows_writes_errors_file(configured: str, tmp_path: Path) -> None:
    path = _file(tmp_path, GOOD.format(n=1), "R2,Ion,XX,20,2024-01-02\n", "R3,Eva,MD,-1,\n")
    errors = tmp_path / "bad.csv"
    result = CliRunner().invoke(
        app, ["cases", "import", str(path), "--agency", configured, "--errors", str(errors)]
    )
    assert result.exit_code == 1, result.output
    assert "Imported 1 case(s) from 3 row(s); 2 row(s) rejected" in result.output
    rows = list(csv.DictReader(errors.open(encoding="utf-8")))
    assert [(r["row"], r["field"], r["value"]) for r in rows] == [
        ("3", "prs_Citizenship", "XX"),
        ("4", "vic_AgeWhenTrafficked", "-1"),
    ]


def test_atomic_failure_exits_2_and_imports_nothing(configured: str, tmp_path: Path) -> None:
    runner = CliRunner()
    path = _file(tmp_path, GOOD.format(n=1), "R2,Ion,XX,20,2024-01-02\n")
    result = runner.invoke(app, ["cases", "import", str(path), "--agency", configured, "--atomic"])
    assert result.exit_code == 2, result.output
    assert (tmp_path / "cases.errors.csv").exists()
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["cases", "export", "--agency", configured, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1  # the header only


def test_unknown_agency_and_file_type(configured: str, tmp_path: Path) -> None:
    runner = CliRunner()
    path = _file(tmp_path, GOOD.format(n=1))
    result = runner.invoke(app, ["cases", "import", str(path), "--agency", "Nobody"])
    assert result.exit_code == 2 and "No agency 'Nobody'" in result.output
    result = runner.invoke(app, ["cases", "import", str(tmp_path / "x.pdf"), "--agency", "1"])
    assert result.exit_code == 2 and "unknown file type" in result.output
