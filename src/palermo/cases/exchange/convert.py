"""Turn one file row into a ``CaseCreate`` (with every problem found) and a case back into a row.

Rows come from CSV (all text), XLSX (numbers, datetimes), Parquet and JSON (typed,
lists) and the simulator's Python records (lists): cells are normalised here so
that the rest of the import sees one shape.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from palermo.cases.exchange.columns import (
    COLUMNS,
    EVENT_FIELDS,
    EVENT_TYPES,
    IGNORED,
    PERPETRATOR_FIELDS,
    Slot,
    event_column,
    perpetrator_column,
    slot_for,
)
from palermo.cases.record.casefile import check_case_codes, problems_from_pydantic
from palermo.cases.record.codes import code_problem
from palermo.cases.record.schemas import CaseCreate
from palermo.errors import FieldProblem, UnknownCode
from palermo.vocab import HTCDS_FIELD_LISTS, get_list

Cell = str | int | list[str] | None


@dataclass(frozen=True)
class Layout:
    """How the columns of one file map onto a case; ``unknown`` columns are skipped."""

    slots: tuple[Slot, ...]
    unknown: tuple[str, ...]

    @classmethod
    def of(cls, columns: list[str]) -> Layout:
        slots, unknown = [], []
        for column in columns:
            if column is None or not str(column).strip() or str(column).strip() in IGNORED:
                continue
            slot = slot_for(str(column))
            if slot is None:
                unknown.append(str(column))
            else:
                slots.append(slot)
        return cls(tuple(slots), tuple(unknown))


def normalise(value: Any, kind: str) -> Cell:
    """One cell as text, an int-like text, a list of texts or None (empty)."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            # Spreadsheets store ages and ID numbers as floats: 25.0 means 25.
            value = int(value)
    if kind in {"codes", "texts"}:
        items = value if isinstance(value, list | tuple) else str(value).split(";")
        cleaned = [str(i).strip() for i in items if i is not None and str(i).strip()]
        return cleaned or None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value) or None
    text = str(value).strip()
    return text or None


def _canonical(htcds: str, code: str) -> str | None:
    """The code as the vocabulary spells it, or None when it is not a code of the list."""
    try:
        return str(get_list(HTCDS_FIELD_LISTS[htcds]).parse(code).value)
    except UnknownCode:
        return None


@dataclass
class _Draft:
    case: dict[str, Any] = field(default_factory=lambda: {"person": {}})
    events: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    perpetrators: dict[int, dict[str, Any]] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # schema path -> column
    problems: list[FieldProblem] = field(default_factory=list)


def _codes(slot: Slot, value: Cell, row: int, draft: _Draft) -> Cell:
    if slot.htcds is None or value is None:
        return value
    values = value if isinstance(value, list) else [value]
    good = []
    for code in values:
        canonical = _canonical(slot.htcds, str(code))
        if canonical is None:
            problem = code_problem(slot.column, slot.htcds, str(code), row=row)
            if problem:
                draft.problems.append(problem)
        else:
            good.append(canonical)
    return good if isinstance(value, list) else (good[0] if good else None)


def _place(slot: Slot, value: Cell, draft: _Draft) -> None:
    if slot.group == "case":
        head, _, tail = slot.field.partition(".")
        if tail:
            draft.case[head][tail] = value
        else:
            draft.case[head] = value
        draft.columns[slot.field] = slot.column
    elif slot.group == "event":
        assert isinstance(slot.key, tuple)
        draft.events.setdefault(slot.key, {})[slot.field] = (value, slot.column)
    else:
        assert isinstance(slot.key, int)
        draft.perpetrators.setdefault(slot.key, {})[slot.field] = (value, slot.column)


def _assemble(draft: _Draft) -> dict[str, Any]:
    """Events in HTCDS type order then number; perpetrators by number; map paths to columns."""
    events: list[dict[str, Any]] = []
    for event_type, n in sorted(draft.events, key=lambda k: (EVENT_TYPES.index(k[0]), k[1])):
        cells = draft.events[(event_type, n)]
        i = len(events)
        events.append({"type": event_type, **{f: v for f, (v, _) in cells.items()}})
        for f, (_, column) in cells.items():
            draft.columns[f"events.{i}.{f}"] = column
        draft.columns[f"events.{i}"] = next(iter(cells.values()))[1]
    perpetrators: list[dict[str, Any]] = []
    for n in sorted(draft.perpetrators):
        cells = draft.perpetrators[n]
        i = len(perpetrators)
        perpetrators.append({f: v for f, (v, _) in cells.items()})
        for f, (_, column) in cells.items():
            draft.columns[f"perpetrators.{i}.{f}"] = column
    return {**draft.case, "events": events, "perpetrators": perpetrators}


def _column_of(path: str, columns: dict[str, str]) -> str:
    """The file column behind a schema path such as ``events.0.started_on`` (longest match)."""
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        column = columns.get(".".join(parts[:end]))
        if column:
            return column
    return path


def row_to_case(
    row: Mapping[str, Any], *, layout: Layout, row_number: int
) -> tuple[CaseCreate | None, list[FieldProblem]]:
    """The case a row describes, or None and why not. A blank row gives (None, [])."""
    draft = _Draft()
    for slot in layout.slots:
        value = normalise(row.get(slot.column), slot.kind)
        if value is None:
            continue
        if slot.kind in {"code", "codes"}:
            value = _codes(slot, value, row_number, draft)
        _place(slot, value, draft)
    if not draft.columns and not draft.events and not draft.perpetrators and not draft.problems:
        return None, []
    payload = _assemble(draft)
    try:
        data = CaseCreate.model_validate(payload)
    except ValidationError as exc:
        found = problems_from_pydantic(exc, row=row_number)
        draft.problems.extend(
            FieldProblem(_column_of(p.field, draft.columns), p.reason, p.row, p.value)
            for p in found
        )
        return None, draft.problems
    if draft.problems:
        return None, draft.problems
    # Safety net: the service's own code check, in case a coded field escaped the table.
    late = check_case_codes(data, row=row_number)
    if late:
        return None, [
            FieldProblem(_column_of(p.field, draft.columns), p.reason, p.row, p.value) for p in late
        ]
    return data, []


def _export_value(value: Any) -> Cell:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [str(v) for v in value]
    return value


def case_to_row(data: CaseCreate) -> dict[str, Cell]:
    """The case as HTCDS columns (lists stay lists; the writer joins them for CSV)."""
    dumped = data.model_dump()
    row: dict[str, Cell] = {}
    for col in COLUMNS:
        head, _, tail = col.target.partition(".")
        value = dumped[head][tail] if tail else dumped[head]
        row[col.name] = _export_value(value)
    seen: dict[str, int] = {}
    for event in dumped["events"]:
        n = seen[event["type"]] = seen.get(event["type"], 0) + 1
        for name, (target, _, _) in EVENT_FIELDS.items():
            row[event_column(name, event["type"], n)] = _export_value(event[target])
    for n, perp in enumerate(dumped["perpetrators"], start=1):
        for name, (target, _, _) in PERPETRATOR_FIELDS.items():
            row[perpetrator_column(name, n)] = _export_value(perp[target])
    return row


def export_header(rows: list[dict[str, Cell]]) -> list[str]:
    """Every column any row uses, in a stable order; the common event columns always."""
    present = {key for row in rows for key in row}
    header = [col.name for col in COLUMNS]
    for event_type in EVENT_TYPES:
        n = 1
        while n == 1 or event_column("Country", event_type, n) in present:
            header.extend(event_column(name, event_type, n) for name in EVENT_FIELDS)
            n += 1
    n = 1
    while perpetrator_column("FirstName", n) in present:
        header.extend(perpetrator_column(name, n) for name in PERPETRATOR_FIELDS)
        n += 1
    return header
