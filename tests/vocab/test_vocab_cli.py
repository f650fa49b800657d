"""``palermo vocab list`` and ``palermo vocab export``."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from palermo.cli import app

runner = CliRunner()


def test_list_names_lists_with_source_count_and_deprecation() -> None:
    result = runner.invoke(app, ["vocab", "list"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split() for line in result.output.splitlines()[1:]}
    assert lines["trafficking_status"][1:] == ["htcds", "3", "no"]
    assert lines["vulnerabilities"][1:] == ["htcds", "12", "yes"]
    assert lines["agency_type"][1:] == ["htcds", "17", "no"]
    assert lines["country"][1] == "iso3166"


def test_export_csv_has_every_list_and_known_htcds_values() -> None:
    result = runner.invoke(app, ["vocab", "export", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["list", "code", "label_en", "label_fr", "extension"]
    by_key = {(row["list"], row["code"]): row for row in rows}
    debt = by_key[("methods_of_control", "DebtBondage")]
    assert debt["label_en"] == "Debt bondage"
    assert debt["label_fr"] == "Servitude pour dettes"
    assert debt["extension"] == "false"
    assert by_key[("agency_type", "LabourInspectorate")]["extension"] == "true"
    # a label with a comma and a semicolon survives CSV quoting
    water = by_key[("forced_labour_industry", "E_WaterSupplySewerageWasteManagement")]
    assert water["label_en"] == "Water supply; sewerage, waste management and remediation"
    assert {row["list"] for row in rows} >= {"user_role", "age_band", "language", "country"}


def test_export_json_for_one_list() -> None:
    result = runner.invoke(app, ["vocab", "export", "--format", "json", "--list", "user_role"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert [r["code"] for r in records] == [
        "admin",
        "supervisor",
        "caseworker",
        "investigator",
        "analyst",
        "trial_monitor",
        "national_coordinator",
    ]
    assert all(r["extension"] is True and r["label_fr"] for r in records)
