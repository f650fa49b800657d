"""Malformed import files are refused or reported, never imported with exit 0 and rows lost.

Each file below made ``palermo cases import`` exit 0 while losing or garbling rows
(issue 14): a ';'-separated file, no header row, an unterminated quote, ragged rows,
a NUL byte, a 50 MB field, identical rows. Exit codes: README, "Importing cases".
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from palermo.cli import app
from palermo.store import open_store
from palermo.store.models import Case

HEADER = "record_id,prs_FirstName,prs_SecondName,prs_Birthdate,plm_IdentificationDate\n"
ROWS = "R1,Ana,Popa,1990-05,2024-01-02\nR2,Ion,Rusu,1988,2024-01-03\nR3,Eva,Lupu,,2024-01-04\n"


def _import(path: Path, agency: str, *options: str) -> Result:
    return CliRunner().invoke(app, ["cases", "import", str(path), "--agency", agency, *options])


def _cases() -> list[tuple[str | None, str | None]]:
    store = open_store()
    with store.session() as s:
        rows = s.scalars(select(Case).order_by(Case.id)).all()
        found = [(c.external_id, c.victim.given_name) for c in rows]
    store.engine.dispose()
    return found


def _errors(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def _write(tmp_path: Path, text: str, name: str = "cases.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_semicolon_file_is_read_with_its_delimiter(configured: str, tmp_path: Path) -> None:
    path = _write(tmp_path, (HEADER + ROWS).replace(",", ";"))
    result = _import(path, configured)
    assert result.exit_code == 0, result.output
    assert "';'-separated" in result.output
    assert _cases() == [("R1", "Ana"), ("R2", "Ion"), ("R3", "Eva")]


def test_file_without_header_is_refused(configured: str, tmp_path: Path) -> None:
    result = _import(_write(tmp_path, ROWS), configured)
    assert result.exit_code == 2, result.output
    assert "no header row" in result.output and "'R1', 'Ana'" in result.output
    assert _cases() == []


@pytest.mark.parametrize(
    ("body", "row", "field"),
    [
        # The quote opened in row 3 swallows row 4: two rows would merge into one name.
        ('R1,Ana,Popa,,\nR2,"Ion,Rusu,,\nR3,Eva",Lupu,,\nR4,Dan,Popa,,\n', 3, "prs_FirstName"),
        # Never closed: the rest of the file would become one value.
        ('R1,Ana,Popa,,\nR2,"Ion,Rusu,,\nR3,Eva,Lupu,,\n', 3, "quotes"),
    ],
)
def test_unterminated_quote_is_refused(
    configured: str, tmp_path: Path, body: str, row: int, field: str
) -> None:
    result = _import(_write(tmp_path, HEADER + body), configured)
    assert result.exit_code == 2, result.output
    assert [(e["row"], e["field"]) for e in _errors(tmp_path / "cases.errors.csv")] == [
        (str(row), field)
    ]
    assert _cases() == []


def test_ragged_rows_are_refused(configured: str, tmp_path: Path) -> None:
    body = "R1,Ana,Popa,1990,2024-01-02,lost cell\nR2,Ion,Rusu\nR3,Eva,Lupu,,2024-01-04,,\n"
    result = _import(_write(tmp_path, HEADER + body), configured)
    assert result.exit_code == 2, result.output
    errors = _errors(tmp_path / "cases.errors.csv")
    # Row 4's extra cells are empty: nothing there could be lost.
    assert [(e["row"], e["field"], e["value"]) for e in errors] == [
        ("2", "column 6", "lost cell"),
        ("3", "prs_Birthdate", ""),
    ]
    assert "6 cells but the header names 5" in errors[0]["reason"]
    assert _cases() == []


@pytest.mark.parametrize(("char", "words"), [("\x00", "NUL byte"), ("\x1b", "U+001B")])
def test_control_characters_are_refused(
    configured: str, tmp_path: Path, char: str, words: str
) -> None:
    result = _import(_write(tmp_path, HEADER + f"R1,An{char}a,Popa,,\nR2,Ion,Rusu,,\n"), configured)
    assert result.exit_code == 2, result.output
    (error,) = _errors(tmp_path / "cases.errors.csv")
    assert (error["row"], error["field"]) == ("2", "prs_FirstName")
    assert words in error["reason"]
    assert _cases() == []


def test_fifty_megabyte_field_is_refused_without_a_traceback(
    configured: str, tmp_path: Path
) -> None:
    big = "x" * (50 * 1024 * 1024)
    result = _import(_write(tmp_path, HEADER + f"R1,Ana,{big},,\nR2,Ion,Rusu,,\n"), configured)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    (error,) = _errors(tmp_path / "cases.errors.csv")
    assert (error["row"], error["field"]) == ("2", "prs_SecondName")
    assert "52428800 characters; the limit is 10000" in error["reason"]
    assert _cases() == []


def test_identical_rows_are_imported_and_reported(configured: str, tmp_path: Path) -> None:
    line = "R1,Ana,Popa,1990-05,2024-01-02\n"
    result = _import(_write(tmp_path, HEADER + line * 3), configured)
    assert result.exit_code == 3, result.output
    assert "3 case(s) from 3 row(s)" in result.output
    assert "row 3 repeats row 2 exactly" in result.output
    errors = _errors(tmp_path / "cases.errors.csv")
    assert [(e["row"], e["severity"], e["value"]) for e in errors] == [
        ("3", "warning", "row 2"),
        ("4", "warning", "row 2"),
    ]
    assert len(_cases()) == 3


def test_duplicates_of_existing_cases_are_found_through_the_blind_index(
    configured: str, tmp_path: Path
) -> None:
    header = "record_id,prs_FirstName,prs_SecondName,prs_Birthdate,prs_IdentityNumber\n"
    first = _write(tmp_path, header + "A1,Ana,Popa,1990-05,AB 123\nA2,Ion,Rusu,1988,\n")
    assert _import(first, configured).exit_code == 0
    again = header + (
        "B1,Elena,Moraru,1975,ab-123\n"  # same document, written differently
        "B2,ION,Rușu,1988,\n"  # same name (case and accents aside) and birth date
        "B3,Ion,Rusu,1989,\n"  # another birth date: another person
    )
    result = _import(_write(tmp_path, again, "again.csv"), configured)
    assert result.exit_code == 3, result.output
    errors = _errors(tmp_path / "again.errors.csv")
    assert [(e["row"], e["value"]) for e in errors] == [
        ("2", "PAL-001-0000001"),
        ("3", "PAL-001-0000002"),
    ]
    assert "same document number as case PAL-001-0000001" in errors[0]["reason"]
    assert "same name and birth date as case PAL-001-0000002" in errors[1]["reason"]
    assert len(_cases()) == 5


def test_misspelt_column_is_a_warning_with_a_suggestion(configured: str, tmp_path: Path) -> None:
    path = _write(tmp_path, "record_id,prs_FirstNmae\nR1,Ana\n")
    result = _import(path, configured)
    assert result.exit_code == 3, result.output
    assert "prs_FirstNmae (did you mean prs_FirstName?)" in result.output
    assert _cases() == [("R1", None)]
