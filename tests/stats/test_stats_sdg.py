"""The SDG 16.2.2 report from the store: rates from exact or DP counts, XLSX and HTML."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from palermo.cli import app
from palermo.justice import JusticeDataset, VictimRef
from palermo.justice.glotip import GlotipSpec, glotip_tables
from palermo.publishing import read_population
from palermo.publishing.sdg import EXAMPLE
from palermo.stats.privacy_ledger import StoreLedger
from palermo.stats.publication import DATASET
from palermo.stats.records import victim_records
from palermo.stats.sdg_export import write_report
from palermo.stats.sdg_report import sdg_report

YEAR = 2022


@pytest.fixture(scope="module")
def population():  # noqa: ANN201
    return read_population(EXAMPLE, country="GB", year=YEAR)


def test_exact_rates_follow_the_counts_and_hide_small_ones(stats_world, population) -> None:  # noqa: ANN001
    report = sdg_report(stats_world.store, actor=stats_world.national, year=YEAR,
                        population=population)  # fmt: skip
    with stats_world.store.session() as session:
        records = victim_records(session).filter(pl.col("year") == YEAR)
    total = report.rates.row(0, named=True)
    assert total["victims"] == records.height
    expected = records.height * 100_000 / total["population"]
    assert total["per_100k"] == pytest.approx(expected, abs=5e-4)  # rates keep 3 decimals
    by_age = report.rates.filter((pl.col("form") == "") & (pl.col("ageBroad") != ""))
    shown = by_age.filter(pl.col("victims").is_not_null())
    assert (shown["victims"].filter(shown["victims"] > 0) >= 5).all()
    assert by_age.filter(pl.col("victims").is_null())["per_100k"].is_null().all()
    women = records.filter(pl.col("gender") == "Feminine").height
    assert by_age.filter(pl.col("sex") == "female")["victims"].fill_null(0).sum() <= women
    assert report.rule is not None and report.epsilon is None


def test_dp_rates_are_charged_to_the_store_ledger(stats_world, population) -> None:  # noqa: ANN001
    ledger = StoreLedger(stats_world.store, actor=stats_world.national)
    before = ledger.spent(dataset=DATASET, year=YEAR)
    report = sdg_report(stats_world.store, actor=stats_world.national, year=YEAR,
                        population=population, epsilon=0.3)  # fmt: skip
    assert ledger.spent(dataset=DATASET, year=YEAR) == pytest.approx(before + 0.3)
    assert (report.rates["margin"] > 0).all()


def _justice() -> object:
    victim = VictimRef("V1", date(YEAR, 3, 1), "Feminine", 25, ("RO",), ("SexualExploitation",),
                       exploited_in="GB")  # fmt: skip
    return glotip_tables(JusticeDataset(victims=(victim,)), GlotipSpec("GB", year=YEAR))


def test_xlsx_and_html_say_what_was_counted(stats_world, population, tmp_path: Path) -> None:  # noqa: ANN001
    report = sdg_report(stats_world.store, actor=stats_world.national, year=YEAR,
                        population=population, justice=_justice())  # fmt: skip
    book = load_workbook(write_report(report, tmp_path / "sdg.xlsx"))
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert "Records, not persons" in about["What is counted"]
    sheet = list(book["SDG 16.2.2"].iter_rows(values_only=True))
    assert sheet[0][0] == "Sex" and sheet[1][3] == report.rates.row(0, named=True)["victims"]
    assert len(book.sheetnames) > 2  # the justice tables joined
    french = write_report(report, tmp_path / "sdg.html", locale="fr")
    html = french.read_text()
    assert "Victimes détectées pour 100 000 habitants" in html
    assert "Femmes" in html or "Féminin" in html


def test_no_justice_tables_is_said(stats_world, population, tmp_path: Path) -> None:  # noqa: ANN001
    report = sdg_report(stats_world.store, actor=stats_world.national, year=YEAR,
                        population=population)  # fmt: skip
    book = load_workbook(write_report(report, tmp_path / "sdg.xlsx"))
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert "not in this installation's store yet" in about["Justice tables"]
    assert book.sheetnames == ["About", "SDG 16.2.2"]


def test_cli_writes_the_report(cli_env, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "sdg.html"
    result = CliRunner().invoke(
        app, ["report", "sdg", "--year", str(YEAR), "--population", str(EXAMPLE), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "per 100,000" in result.output and out.exists()
    again = CliRunner().invoke(
        app, ["report", "sdg", "--year", str(YEAR), "--population", str(EXAMPLE), "--out", str(out)]
    )
    assert again.exit_code != 0
