"""palermo publish ctdc | synthetic | utility from a simulated world on disk."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from palermo.cli import app
from palermo.simulate import WorldSpec, write_world

runner = CliRunner()


@pytest.mark.slow
def test_world_to_ctdc_to_synthetic_with_report(tmp_path: Path) -> None:
    write_world(WorldSpec(victims=1500, seed=4), tmp_path / "world", formats=("csv",))
    ctdc = tmp_path / "ctdc.csv"
    args = ["publish", "ctdc", "--world", str(tmp_path / "world"), "--years", "2018-2025"]
    done = runner.invoke(app, [*args, "--out", str(ctdc)], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    truth = pl.read_csv(tmp_path / "world" / "ground_truth.csv")
    assert pl.read_csv(ctdc).height == truth["person_id"].n_unique()

    out = tmp_path / "synthetic.csv"
    report = tmp_path / "utility.json"
    args = ["publish", "synthetic", "--input", str(ctdc), "--epsilon", "1", "--years", "2018-2025"]
    args += [
        "--out",
        str(out),
        "--report",
        str(report),
        "--columns",
        "gender,ageBroad,isForcedLabour",
    ]
    done = runner.invoke(app, args, catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert pl.read_csv(out, infer_schema=False).columns == ["gender", "ageBroad", "isForcedLabour"]
    manifest = json.loads(out.with_name("synthetic.csv.json").read_text())
    assert manifest["epsilon"] == 1.0 and manifest["remaining"]["2021"] == 1.0
    assert json.loads(report.read_text())["pairs"] == 3

    done = runner.invoke(
        app,
        [
            "publish",
            "utility",
            "--real",
            str(ctdc),
            "--synthetic",
            str(out),
            "--years",
            "2018-2025",
        ],
        catch_exceptions=False,
    )
    assert done.exit_code == 0 and "mean two-way TVD" in done.output
