"""The privacy-budget ledger refuses a release over budget, in the API and the CLI."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import polars as pl
import pytest

from palermo.cli import main
from palermo.publishing import BudgetExceeded, FileLedger, TablesSpec, publish_tables

from .conftest import YEARS


def test_default_budget_is_two_and_an_overdraft_is_refused(tmp_path: Path) -> None:
    ledger = FileLedger(tmp_path / "ledger.json")
    assert ledger.remaining(dataset="gb", year=2021) == 2.0
    ledger.charge(dataset="gb", years=[2021], epsilon=1.5, release="first")
    with pytest.raises(BudgetExceeded) as caught:
        ledger.charge(dataset="gb", years=[2021], epsilon=1.0, release="second")
    assert caught.value.remaining == pytest.approx(0.5)
    assert "0.5 left" in caught.value.message
    # The refused charge left no trace; other years and datasets keep their own budget.
    assert ledger.spent(dataset="gb", year=2021) == pytest.approx(1.5)
    assert ledger.remaining(dataset="gb", year=2022) == 2.0
    assert ledger.remaining(dataset="ng", year=2021) == 2.0
    ledger.charge(dataset="gb", years=[2021], epsilon=0.5, release="exactly the rest")
    assert ledger.remaining(dataset="gb", year=2021) == 0.0


def test_charge_over_several_years_is_all_or_nothing(tmp_path: Path) -> None:
    ledger = FileLedger(tmp_path / "ledger.json", default_budget=1.0)
    ledger.charge(dataset="gb", years=[2020], epsilon=0.8, release="tables 2020")
    with pytest.raises(BudgetExceeded, match="2020"):
        ledger.charge(dataset="gb", years=[2019, 2020, 2021], epsilon=0.5, release="synthetic")
    assert ledger.spent(dataset="gb", year=2019) == 0.0
    ledger.set_budget(dataset="gb", year=2020, epsilon=1.5)
    ledger.charge(dataset="gb", years=[2019, 2020, 2021], epsilon=0.5, release="synthetic")
    assert [c.release for c in ledger.charges(dataset="gb", year=2020)] == [
        "tables 2020",
        "synthetic",
    ]


def test_ledger_file_is_private_and_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    ledger = FileLedger(path)
    ledger.charge(dataset="gb", years=[2021], epsilon=0.25, release="r")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["charges"][0]["epsilon"] == 0.25
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ledger-")] == []
    # A fresh object over the same file sees the same account.
    assert FileLedger(path).remaining(dataset="gb", year=2021) == pytest.approx(1.75)
    path.write_text("not json")
    with pytest.raises(Exception, match="cannot be read"):
        FileLedger(path).remaining(dataset="gb", year=2021)


def test_refused_release_writes_nothing(persons: pl.DataFrame, tmp_path: Path) -> None:
    ledger = FileLedger(tmp_path / "ledger.json")
    spec = TablesSpec(year=2021, epsilon=1.5, years=YEARS, tables=(("gender", "ageBroad"),))
    published = publish_tables(persons, spec, ledger=ledger, dataset="gb", out=tmp_path / "r1")
    assert published.remaining == {2021: pytest.approx(0.5)}
    assert sorted(p.name for p in (tmp_path / "r1").iterdir()) == [
        "gender_by_ageBroad.csv",
        "release.json",
    ]
    with pytest.raises(BudgetExceeded):
        publish_tables(persons, spec, ledger=ledger, dataset="gb", out=tmp_path / "r2")
    assert not (tmp_path / "r2").exists()


def test_cli_refuses_over_budget_with_non_zero_exit(
    persons: pl.DataFrame,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "ctdc.csv"
    persons.write_csv(source)
    ledger = tmp_path / "ledger.json"

    def publish(out: str, epsilon: str) -> int:
        argv = ["palermo", "publish", "tables", "--input", str(source), "--year", "2022"]
        argv += ["--epsilon", epsilon, "--years", "2018-2025", "--out", str(tmp_path / out)]
        monkeypatch.setattr(sys, "argv", [*argv, "--ledger", str(ledger)])
        try:
            main()
        except SystemExit as exc:
            return int(exc.code or 0)
        return 0

    assert publish("first", "1.2") == 0
    table = pl.read_csv(tmp_path / "first" / "gender_by_ageBroad_by_form_by_citizenship.csv")
    assert table.columns == [
        "gender",
        "ageBroad",
        "form",
        "citizenship",
        "count",
        "margin",
        "suppressed",
    ]
    assert publish("second", "1") == 2
    err = capsys.readouterr().err
    assert "only 0.8 left" in err and "year 2022" in err
    assert not (tmp_path / "second").exists()
