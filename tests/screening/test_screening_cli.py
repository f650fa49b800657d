"""``palermo screen``: text and JSON output, and errors for unknown codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from palermo.cli import app
from palermo.errors import UnknownCode, ValidationFailed
from palermo.screening import parse_facts

runner = CliRunner()


@pytest.fixture()
def cases_file(shared_reference: Path) -> Path:
    return shared_reference / "screening" / "cases.yaml"


def test_text_summary_shows_outcomes_reasons_and_questions(cases_file: Path) -> None:
    result = runner.invoke(app, ["screen", str(cases_file)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    out = result.output
    for needle in (
        "dev-01",
        "dev-14",
        "trafficking_indicated",
        "smuggling_indicated",
        "Ask next",
        "Means: Deception",
        "verified=no",
        "Screened 14",
    ):
        assert needle in out
    assert "not a victim" not in out.lower()


def test_french_labels(cases_file: Path) -> None:
    result = runner.invoke(app, ["screen", "--lang", "fr", str(cases_file)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "Indices de traite des personnes" in result.output
    assert "Qu'a-t-on obligé la personne à faire" in result.output


def test_json_output_matches_expected(cases_file: Path) -> None:
    result = runner.invoke(app, ["screen", "--json", str(cases_file)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    expected = yaml.safe_load(cases_file.read_text("utf-8"))
    assert [r["id"] for r in rows] == [c["id"] for c in expected]
    for row, case in zip(rows, expected, strict=True):
        assert set(row) == {"id", "outcome", "also", "reasons", "ask_next"}
        assert row["outcome"] == case["expected"]
        assert row["also"] == case.get("also", [])
    hotline = next(r for r in rows if r["id"] == "dev-09")
    assert hotline["ask_next"][:2] == ["acts", "exploitation"]


def test_bare_facts_mapping(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text("age: 15\nacts: [recruitment]\nexploitation: [forced_begging]\n")
    result = runner.invoke(app, ["screen", "--json", str(path)])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    assert row["outcome"] == "trafficking_indicated"
    assert row["id"] is None


def test_unknown_code_names_it_and_lists_valid_ones(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("- id: x\n  facts: {acts: [kidnapping]}\n")
    result = runner.invoke(app, ["screen", str(path)])
    assert isinstance(result.exception, UnknownCode)
    assert result.exception.code == "kidnapping"
    assert "recruitment" in result.exception.message


def test_main_prints_the_error_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("control: [Beatings]\n")
    proc = subprocess.run(
        [sys.executable, "-c", "from palermo.cli import main; main()", "screen", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Beatings" in proc.stderr and "WithholdsDocuments" in proc.stderr


def test_parse_facts_errors() -> None:
    with pytest.raises(UnknownCode) as info:
        parse_facts({"entry": "by_boat"})
    assert info.value.valid == ["regular", "irregular"]
    with pytest.raises(UnknownCode) as info:
        parse_facts({"agee": 3})
    assert "age" in info.value.valid
    with pytest.raises(ValidationFailed):
        parse_facts({"age": "old"})
    with pytest.raises(ValidationFailed):
        parse_facts(["age"])  # type: ignore[arg-type]
    assert parse_facts(None).acts is None
    # Unknown is not empty, and not false.
    facts = parse_facts({"acts": [], "free_to_leave": None})
    assert facts.acts == () and facts.free_to_leave is None and facts.control is None
