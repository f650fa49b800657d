"""Export an agency's cases as HTCDS CSV, XLSX or JSON.

Cases are chosen and checked by the case services' access rules
(``access.readable_cases``, readers' roles only) and rebuilt with
``case_to_create``, so an export shows exactly what the case page would.

Audit: every exported case gets its own entry (action ``export``, entity
``case``, the case id, no field values), because an export copies personal data
out of Palermo and each case's audit trail should say so. One entry per job
would hide which cases left.

CSV and XLSX cells that a spreadsheet would run as a formula are neutralised
(``formulas``); JSON is data for programs and keeps every value as it is.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from palermo.cases import access
from palermo.cases.exchange.columns import REFERENCE_COLUMN
from palermo.cases.exchange.convert import Cell, case_to_row, export_header
from palermo.cases.exchange.formulas import neutralise
from palermo.cases.record.casefile import case_to_create
from palermo.errors import ValidationFailed
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case, Perpetrator

FORMATS = ("csv", "xlsx", "json")
BATCH = 500  # cases loaded at a time: bounded memory, few queries


def _cases(session: Session, actor: Actor) -> Iterator[Case]:
    ids = list(
        session.scalars(select(Case.id).where(access.readable_cases(actor)).order_by(Case.id))
    )
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        yield from session.scalars(
            select(Case)
            .where(Case.id.in_(chunk))
            .order_by(Case.id)
            .options(
                selectinload(Case.victim),
                selectinload(Case.codes),
                selectinload(Case.events),
                selectinload(Case.perpetrators).selectinload(Perpetrator.person),
            )
        )


def export_records(session: Session, *, actor: Actor) -> list[dict[str, Cell]]:
    """The actor's readable cases as HTCDS rows (lists as lists), each export audited."""
    access.require_role(actor, access.CASE_READERS, doing=msg("export cases"))
    rows = []
    for case in _cases(session, actor):
        row: dict[str, Cell] = {REFERENCE_COLUMN: case.reference}
        row.update(case_to_row(case_to_create(case)))
        rows.append(row)
        audit.record(session, actor=actor, action="export", entity="case", entity_id=case.id)
    return rows


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return neutralise(";".join(value))
    return neutralise(str(value)) if isinstance(value, str) else str(value)


def to_csv(rows: list[dict[str, Cell]]) -> str:
    header = [REFERENCE_COLUMN, *export_header(rows)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in header])
    return out.getvalue()


def to_xlsx(rows: list[dict[str, Cell]]) -> bytes:
    from openpyxl import Workbook

    header = [REFERENCE_COLUMN, *export_header(rows)]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("cases")
    sheet.append(header)
    for row in rows:
        values = [row.get(column) for column in header]
        # Texts as texts: openpyxl would store a value starting with "=" as a formula.
        sheet.append([_csv_cell(v) if isinstance(v, str | list) else v for v in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_json(rows: list[dict[str, Cell]]) -> str:
    # Same keys on every object, in the CSV's order, so both formats read alike.
    header = [REFERENCE_COLUMN, *export_header(rows)]
    shaped = [{column: row.get(column) for column in header} for row in rows]
    return json.dumps(shaped, ensure_ascii=False, indent=1) + "\n"


def export_cases(
    session: Session,
    *,
    actor: Actor,
    format: str = "csv",  # noqa: A002
) -> str | bytes:
    """The actor's agency's cases as HTCDS CSV or JSON text, or XLSX bytes (see ``columns``)."""
    if format not in FORMATS:
        raise ValidationFailed(
            msg("Unknown export format {format!r}.", format=format),
            hint=msg("Use one of: {valid}.", valid=", ".join(FORMATS)),
        )
    rows = export_records(session, actor=actor)
    if format == "xlsx":
        return to_xlsx(rows)
    return to_csv(rows) if format == "csv" else to_json(rows)
