"""The demo's investigations and trials, read back by the CLI: the funnel is non-empty at
every stage and never increases, and ``palermo report glotip`` writes a workbook that
openpyxl reads, whose totals agree with ``palermo report attrition --json``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from palermo import clock
from palermo.cli import app
from palermo.config import Settings, get_settings
from palermo.demo import build_demo
from palermo.store import open_store
from palermo.store.keys import new_keyring, write_keyring

TODAY = date(2026, 6, 30)
runner = CliRunner()


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("justice-demo")
    ring = new_keyring()
    write_keyring(ring, folder / "palermo.keys")
    url = f"sqlite:///{folder / 'demo.db'}"
    store = open_store(Settings(database_url=url), keyring=ring)
    summary = build_demo(store, victims=300, seed=11, today=TODAY, casework=False, justice_share=1)
    store.engine.dispose()
    assert summary.justice is not None and summary.justice.refused == []
    roles = {(login.agency, login.role) for login in summary.logins}
    assert ("Prosecutor's Office", "caseworker") in roles and (
        "Trial Watch",
        "trial_monitor",
    ) in roles
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PALERMO_DATABASE_URL", url)
        patch.setenv("PALERMO_KEY_FILE", str(folder / "palermo.keys"))
        patch.delenv("PALERMO_KEYS", raising=False)
        get_settings.cache_clear()
        yield folder
    get_settings.cache_clear()


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _sheet_total(path: Path, name: str) -> int:
    sheet = load_workbook(path, read_only=True)[name]
    rows = list(sheet.iter_rows(values_only=True))
    total_row = next(r for r in reversed(rows) if r and r[0] == "Total")
    return int(total_row[len([c for c in total_row if c is not None]) - 1])


@pytest.mark.slow  # builds a demo world (300 victims) through every service
def test_the_demo_funnel_is_full_and_never_increases(demo_env: Path) -> None:
    payload = json.loads(_cli("report", "attrition", "--json", "--as-of", str(TODAY)))
    assert list(payload)[:2] == ["victims", "suspects"]
    assert [r["stage"] for r in payload["victims"]] == [
        "identified",
        "investigation",
        "prosecution",
        "conviction",
    ]
    assert [r["stage"] for r in payload["suspects"]] == ["suspected", "prosecuted", "convicted"]
    for key in ("victims", "suspects"):
        counts = [r["count"] for r in payload[key]]
        assert all(n > 0 for n in counts), (key, counts)
        assert counts == sorted(counts, reverse=True), (key, counts)


@pytest.mark.slow
def test_glotip_workbook_totals_agree_with_the_attrition_json(demo_env: Path) -> None:
    out = demo_env / "glotip.xlsx"
    printed = _cli("report", "glotip", "--out", str(out), "--as-of", str(TODAY))
    assert "Wrote 10 tables" in printed
    funnel = json.loads(_cli("report", "attrition", "--json", "--as-of", str(TODAY)))
    victims = {r["stage"]: r["count"] for r in funnel["victims"]}
    suspects = {r["stage"]: r["count"] for r in funnel["suspects"]}
    # Every year: each person once, so the tables' totals are the funnel's stages.
    for sheet, expected in (
        ("victims_sex_age", victims["identified"]),
        ("victims_citizenship", victims["identified"]),
        ("victims_form_sex", victims["identified"]),
        ("investigated_sex_age", suspects["suspected"]),
        ("prosecuted_sex_age", suspects["prosecuted"]),
        ("convicted_citizenship", suspects["convicted"]),
    ):
        assert _sheet_total(out, sheet) == expected, sheet
    workbook = load_workbook(out, read_only=True)
    assert "About" in workbook.sheetnames and len(workbook.sheetnames) == 11
    assert "Distinct" in str(workbook["convicted_sex_age"]["A2"].value)  # its definition
    # One year: the victims detected that year are the cohort the funnel follows.
    year = str(TODAY.year - 1)
    out_year = demo_env / "glotip-year.xlsx"
    _cli("report", "glotip", "--year", year, "--out", str(out_year), "--as-of", str(TODAY))
    cohort = json.loads(
        _cli("report", "attrition", "--json", "--year", year, "--as-of", str(TODAY))
    )
    assert _sheet_total(out_year, "victims_sex_age") == cohort["victims"][0]["count"] > 0


@pytest.mark.slow
def test_the_sdg_report_takes_the_justice_tables_of_the_store(demo_env: Path) -> None:
    from palermo.stats.justice_source import justice_tables

    year = TODAY.year - 1
    out = demo_env / "glotip-sdg.xlsx"
    _cli("report", "glotip", "--year", str(year), "--out", str(out), "--country", "GB",
         "--as-of", str(TODAY))  # fmt: skip
    store = open_store()
    with clock.frozen_clock(TODAY), store.session() as session:
        tables = justice_tables(session, country="GB", year=year)
    store.engine.dispose()
    assert tables is not None
    totals = {table.key: table.total for table in tables.tables}
    assert totals["prosecuted_sex_age"] == _sheet_total(out, "prosecuted_sex_age")
    assert totals["victims_sex_age"] == _sheet_total(out, "victims_sex_age") > 0
