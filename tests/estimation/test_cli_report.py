"""The ``palermo estimate`` command and the HTML report."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from palermo.cli import app

runner = CliRunner()


def test_cli_json_has_the_promised_fields(shared_reference: Path) -> None:
    path = shared_reference / "mse" / "NewOrl.csv"
    res = runner.invoke(app, ["estimate", str(path), "--method", "stepwise", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert {"estimate", "lower", "upper", "model", "observed"} <= out.keys()
    assert round(out["estimate"], 1) == 1183.7
    assert out["model"] == ["D:E"]
    assert out["observed"] == 185


def test_cli_bca_with_report(shared_reference: Path, tmp_path: Path) -> None:
    path = shared_reference / "mse" / "Korea.csv"
    target = tmp_path / "report.html"
    res = runner.invoke(
        app,
        [
            "estimate",
            str(path),
            "--method",
            "bic",
            "--ci",
            "bca",
            "--boot",
            "100",
            "--seed",
            "3",
            "--json",
            "--report",
            str(target),
        ],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["bootstrap"]["replicates"] == 100
    # said before the run: 100 resamples + the jackknife of Korea's 6 observed histories
    assert "Estimated run time:" in res.stderr
    assert "100 resamples + 6 jackknife tables" in res.stderr
    html = target.read_text()
    assert html.count("<svg") >= 3  # overlap plot, intervals, bootstrap distribution
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html
    assert "Bootstrap distribution" in html and "b:c" in html


def test_cli_no_overlap_exits_non_zero(tmp_path: Path) -> None:
    path = tmp_path / "disjoint.csv"
    path.write_text("A,B,count\n1,0,5\n0,1,4\n")
    res = runner.invoke(app, ["estimate", str(path)])
    assert res.exit_code == 1
    assert "no-overlap" in res.output


def test_cli_stratified_long_format(tmp_path: Path) -> None:
    rows = ["id,lists,sex"]
    for i in range(60):
        lists = ["police", "ngo", "police;ngo", "ngo;labour", "labour", "police;labour"][i % 6]
        rows.append(f"{i},{lists},{'F' if i % 2 else 'M'}")
    path = tmp_path / "people.csv"
    path.write_text("\n".join(rows) + "\n")
    res = runner.invoke(app, ["estimate", str(path), "--method", "main", "--by", "sex", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert [s["stratum"]["sex"] for s in out["strata"]] == ["F", "M"]
    assert out["overall"]["observed"] == 60
