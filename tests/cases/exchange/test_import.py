"""Importing HTCDS files and simulator records: counts, bad rows, atomic mode, file types."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import func, select

from palermo.cases.exchange import import_cases, import_simulated_agency, read_rows
from palermo.cases.record.casefile import case_to_create
from palermo.errors import PermissionDenied, ValidationFailed
from palermo.simulate import WorldSpec, iter_agency_records
from palermo.store import Store
from palermo.store.models import AuditEntry, Case
from tests.factories import make_agency_user

HEADER = [
    "record_id",
    "prs_FirstName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Citizenship",
    "vic_AgeWhenTrafficked",
    "vic_TypeOfExploitation",
    "hte_Country__Recruitment",
    "hte_Date__Recruitment",
    "plm_IdentificationDate",
]
GOOD = ["R1", "Ana", "Popa", "1990", "MD;RO", "19", "SexualExploitation", "MD", "2020-02-01", ""]


def _cases(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count(Case.id))) or 0


def _write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _bad_rows() -> list[list[str]]:
    rows = [list(GOOD) for _ in range(5)]
    rows[1][4] = "MD;ZZ"  # row 3: unknown country code
    rows[2][9] = "2023-02-30"  # row 4: no such date
    rows[3][5] = "-4"  # row 5: negative age
    rows[3][7] = "Atlantis"  # row 5 again: unknown event country
    return rows


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_simulator_agency_file_imports_every_record(
    store: Store, world_dir: Path, suffix: str
) -> None:
    actor = make_agency_user(store)
    path = world_dir / f"A01{suffix}"
    expected = pl.read_csv(world_dir / "A01.csv", infer_schema=False).height
    rows = read_rows(path)
    assert len(rows) == expected > 0
    with store.session() as s:
        report = import_cases(s, rows=rows, actor=actor)
    assert report.problems == ()
    assert report.warnings == ()  # agency_id and plm_IdentificationYear are known columns
    assert report.imported == report.rows == expected == _cases(store)
    with store.session() as s:
        case = s.get(Case, report.case_ids[0])
        data = case_to_create(case)
        first = rows[0]
        assert data.external_id == first["record_id"]
        assert data.person.given_name == first["prs_FirstName"]
        assert [e.type for e in data.events][:1] == ["Recruitment"]
        assert data.citizenship == first["prs_Citizenship"].split(";")


def test_simulator_python_records(store: Store, world_spec: WorldSpec) -> None:
    actor = make_agency_user(store)
    every = [r for chunk in iter_agency_records(world_spec) for r in chunk]
    records = [r for r in every if r["agency_id"] == "A02"]
    assert any(isinstance(r["vic_MethodsOfControl"], list) for r in records)
    with store.session() as s:
        report = import_simulated_agency(s, records=records, actor=actor)
    assert report.problems == ()
    assert report.imported == len(records) == _cases(store)


def test_bad_rows_are_reported_and_good_rows_kept(store: Store, tmp_path: Path) -> None:
    actor = make_agency_user(store)
    path = _write_csv(tmp_path / "in.csv", _bad_rows())
    with store.session() as s:
        report = import_cases(s, rows=read_rows(path), actor=actor)
    assert report.imported == 2 == _cases(store)
    assert report.rejected == 3
    found = {(p.row, p.field) for p in report.problems}
    assert found == {
        (3, "prs_Citizenship"),
        (4, "plm_IdentificationDate"),
        (5, "vic_AgeWhenTrafficked"),
        (5, "hte_Country__Recruitment"),
    }
    by_field = {p.field: p for p in report.problems}
    assert by_field["prs_Citizenship"].value == "ZZ"
    assert "unknown code" in by_field["prs_Citizenship"].reason
    assert "greater than or equal to 0" in by_field["vic_AgeWhenTrafficked"].reason
    assert by_field["plm_IdentificationDate"].value == "2023-02-30"


def test_atomic_import_changes_nothing(store: Store, tmp_path: Path) -> None:
    actor = make_agency_user(store)
    path = _write_csv(tmp_path / "in.csv", _bad_rows())
    with store.session() as s:
        audit_before = s.scalar(select(func.count(AuditEntry.id)))
    with pytest.raises(ValidationFailed) as caught, store.session() as s:
        import_cases(s, rows=read_rows(path), actor=actor, atomic=True)
    assert {p.row for p in caught.value.problems} == {3, 4, 5}
    assert _cases(store) == 0
    with store.session() as s:
        assert s.scalar(select(func.count(AuditEntry.id))) == audit_before
    # The same file without its bad rows goes in whole.
    good = _write_csv(tmp_path / "good.csv", [list(GOOD), list(GOOD)])
    with store.session() as s:
        report = import_cases(s, rows=read_rows(good), actor=actor, atomic=True)
    assert report.imported == 2 == _cases(store)


def test_unknown_columns_warn_once_and_blank_rows_keep_numbers(
    store: Store, tmp_path: Path
) -> None:
    actor = make_agency_user(store)
    bad = list(GOOD)
    bad[3] = "1990-13"
    path = _write_csv(
        tmp_path / "in.csv",
        [[*GOOD, "x"], [""] * 11, [*bad, "y"]],
        header=[*HEADER, "favourite_colour"],
    )
    path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")  # Excel BOM
    with store.session() as s:
        report = import_cases(s, rows=read_rows(path), actor=actor)
    assert len(report.warnings) == 1 and "favourite_colour" in report.warnings[0]
    assert report.blank == 1 and report.imported == 1
    assert [(p.row, p.field) for p in report.problems] == [(4, "prs_Birthdate")]


def test_xlsx_import(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    actor = make_agency_user(store)
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["R1", "Ana", "Popa", "1990-05", "MD", 19, "SexualExploitation", "md",
                  datetime(2020, 2, 1), datetime(2021, 3, 4)])  # fmt: skip
    sheet.append(["R2", "Ion", "Rusu", 1985, "MD", 24.0, "Nope", "MD", None, None])
    path = tmp_path / "in.xlsx"
    book.save(path)
    with store.session() as s:
        report = import_cases(s, rows=read_rows(path), actor=actor)
        assert [(p.row, p.field, p.value) for p in report.problems] == [
            (3, "vic_TypeOfExploitation", "Nope")
        ]
        data = case_to_create(s.get(Case, report.case_ids[0]))
    assert report.imported == 1
    assert data.person.birth_date == "1990-05"
    assert data.age_when_trafficked == 19
    assert data.identified_on is not None and data.identified_on.isoformat() == "2021-03-04"
    assert data.events[0].country == "MD"  # codes are stored in their canonical spelling
    assert str(data.events[0].started_on) == "2020-02-01"


def test_unreadable_files_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="unknown file type"):
        read_rows(tmp_path / "cases.txt")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("prs_FirstName\nJos\xe9\n".encode("latin-1"))
    with pytest.raises(ValidationFailed, match="not UTF-8"):
        read_rows(latin)


def test_import_needs_a_writer_of_an_agency(store: Store) -> None:
    analyst = make_agency_user(store, role="analyst")
    with pytest.raises(PermissionDenied), store.session() as s:
        import_cases(s, rows=[dict(zip(HEADER, GOOD, strict=True))], actor=analyst)
