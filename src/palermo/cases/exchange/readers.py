"""Read an import file into rows (dicts keyed by column), chosen by the file's extension.

Every reader keeps one dict per data row, blank rows included, so that the n-th
dict is spreadsheet row n + 1 and the problems an import reports point at the
right row. Trailing blank rows (spreadsheets often carry some) are dropped.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from palermo.errors import ValidationFailed
from palermo.i18n import msg

Row = dict[str, Any]


def _trim(rows: list[Row]) -> list[Row]:
    while rows and all(v is None or v == "" for v in rows[-1].values()):
        rows.pop()
    return rows


def _header(cells: list[Any], path: Path) -> list[str]:
    header = ["" if c is None else str(c).strip() for c in cells]
    named = [h for h in header if h]
    if not named:
        raise ValidationFailed(
            msg("{name} has no header row.", name=path.name),
            hint=msg("Row 1 must name the columns with HTCDS field names (prs_FirstName, ...)."),
        )
    duplicates = sorted({h for h in named if named.count(h) > 1})
    if duplicates:
        raise ValidationFailed(
            msg(
                "{name} names column(s) {columns} more than once.",
                name=path.name,
                columns=", ".join(duplicates),
            ),
            hint=msg("Keep one column per field."),
        )
    return header


def read_csv(path: Path) -> list[Row]:
    # utf-8-sig reads plain UTF-8 too and drops the byte-order mark Excel writes.
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            msg("{name} is not UTF-8 text (byte {start}).", name=path.name, start=exc.start),
            hint=msg("Save it as 'CSV UTF-8' from your spreadsheet program."),
        ) from exc
    if not lines:
        raise ValidationFailed(
            msg("{name} is empty.", name=path.name), hint=msg("Row 1 must name the columns.")
        )
    header = _header(lines[0], path)
    rows = []
    for cells in lines[1:]:
        # csv yields [] for an empty line; it still counts as a row the user sees.
        rows.append({h: (cells[i] if i < len(cells) else None) for i, h in enumerate(header) if h})
    return _trim(rows)


def read_xlsx(path: Path) -> list[Row]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise ValidationFailed(
            msg("{name} is not a readable XLSX workbook ({exc}).", name=path.name, exc=exc),
            hint=msg("Save it as .xlsx (Excel 2007 or later)."),
        ) from exc
    try:
        values = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    if not values:
        raise ValidationFailed(
            msg("{name} has an empty first sheet.", name=path.name), hint=msg("Put cases there.")
        )
    header = _header(list(values[0]), path)
    rows = [
        {h: (cells[i] if i < len(cells) else None) for i, h in enumerate(header) if h}
        for cells in values[1:]
    ]
    return _trim(rows)


def read_parquet(path: Path) -> list[Row]:
    import polars as pl

    try:
        return _trim(pl.read_parquet(path).to_dicts())
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise ValidationFailed(
            msg("{name} is not a readable Parquet file ({exc}).", name=path.name, exc=exc)
        ) from exc


def read_json(path: Path) -> list[Row]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed(
            msg("{name} is not UTF-8 JSON ({exc}).", name=path.name, exc=exc)
        ) from exc
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValidationFailed(
            msg("{name} must hold a list of objects, one per case.", name=path.name),
            hint=msg("Use the shape `palermo cases export --format json` writes."),
        )
    return data


READERS: dict[str, Callable[[Path], list[Row]]] = {
    ".csv": read_csv,
    ".xlsx": read_xlsx,
    ".parquet": read_parquet,
    ".json": read_json,
}


def read_rows(path: Path) -> list[Row]:
    """The data rows of ``path`` (.csv, .xlsx, .parquet or .json), header excluded."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ValidationFailed(
            msg(
                "Cannot import {name}: unknown file type {suffix!r}.",
                name=path.name,
                suffix=path.suffix or "(none)",
            ),
            hint=msg("Use one of: {valid}.", valid=", ".join(READERS)),
        )
    if not path.is_file():
        raise ValidationFailed(msg("No file at {path}.", path=path), hint=msg("Check the path."))
    return reader(path)
