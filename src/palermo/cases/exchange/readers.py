"""Read an import file into rows (dicts keyed by column), chosen by the file's extension.

Every reader keeps one dict per data row, blank rows included, so that the n-th
dict is spreadsheet row n + 1 and the problems an import reports point at the
right row. Trailing blank rows (spreadsheets often carry some) are dropped.

Whatever the format, a file is refused whole (``ValidationFailed`` listing each
problem by row and column) when reading it would lose or garble values: no header
row Palermo knows, rows that do not line up with the header, a quote left open,
control characters, or a cell over ``MAX_CELL_CHARS`` (see ``cell_checks``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from palermo.cases.exchange.cell_checks import refuse_if_broken, require_header, rows_problems
from palermo.cases.exchange.csv_reading import parse_csv
from palermo.cases.exchange.formulas import restore
from palermo.errors import ValidationFailed
from palermo.i18n import msg

Row = dict[str, Any]


@dataclass(frozen=True)
class Table:
    """The data rows of a file, and the delimiter a CSV file was read with."""

    rows: list[Row]
    delimiter: str | None = None


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
    require_header(header, path)
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


def read_csv(path: Path) -> Table:
    # utf-8-sig reads plain UTF-8 too and drops the byte-order mark Excel writes.
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            msg("{name} is not UTF-8 text (byte {start}).", name=path.name, start=exc.start),
            hint=msg("Save it as 'CSV UTF-8' from your spreadsheet program."),
        ) from exc
    if not text.strip():
        raise ValidationFailed(
            msg("{name} is empty.", name=path.name), hint=msg("Row 1 must name the columns.")
        )
    parsed = parse_csv(text)
    header = _header(parsed.header, path)
    rows = [
        # csv yields [] for an empty line; it still counts as a row the user sees.
        {h: (restore(cells[i]) if i < len(cells) else None) for i, h in enumerate(header) if h}
        for cells in parsed.rows
    ]
    refuse_if_broken(path, [*parsed.problems, *rows_problems(rows)])
    return Table(_trim(rows), parsed.delimiter)


def read_xlsx(path: Path) -> Table:
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
        {h: _restored(cells[i]) if i < len(cells) else None for i, h in enumerate(header) if h}
        for cells in values[1:]
    ]
    return _checked(path, _trim(rows))


def _restored(value: Any) -> Any:
    """A text cell as exported before neutralising (``formulas``); other cells as they are."""
    return restore(value) if isinstance(value, str) else value


def _checked(path: Path, rows: list[Row]) -> Table:
    refuse_if_broken(path, rows_problems(rows))
    return Table(rows)


def _keys(rows: list[Row], path: Path) -> None:
    """Typed formats have no header row: their column names are the rows' keys."""
    names = list(dict.fromkeys(str(k) for row in rows for k in row))
    if rows:
        require_header(names, path)


def read_parquet(path: Path) -> Table:
    import polars as pl

    try:
        rows = _trim(pl.read_parquet(path).to_dicts())
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise ValidationFailed(
            msg("{name} is not a readable Parquet file ({exc}).", name=path.name, exc=exc)
        ) from exc
    _keys(rows, path)
    return _checked(path, rows)


def read_json(path: Path) -> Table:
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
    _keys(data, path)
    return _checked(path, data)


READERS: dict[str, Callable[[Path], Table]] = {
    ".csv": read_csv,
    ".xlsx": read_xlsx,
    ".parquet": read_parquet,
    ".json": read_json,
}


def read_table(path: Path) -> Table:
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


def read_rows(path: Path) -> list[Row]:
    """The data rows of ``path``, as ``read_table`` reads them."""
    return read_table(path).rows
