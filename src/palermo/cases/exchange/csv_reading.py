"""Read CSV text strictly: find the delimiter from the header, refuse what would lose rows.

Python's ``csv`` module in its default mode repairs what it cannot parse: a quote left
open swallows the rest of the file into one value, cells beyond the header vanish, and
a ``;``-separated file reads as one column. Here the delimiter is chosen as the one
that makes the header name the most columns Palermo knows, the reader runs in strict
mode, and every row must have as many cells as the header, so nothing is dropped or
merged without the person importing being told where.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from palermo.cases.exchange.cell_checks import FIRST_DATA_ROW, is_known
from palermo.errors import FieldProblem
from palermo.i18n import msg

DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class ParsedCsv:
    header: list[str]
    rows: list[list[str]]  # data rows; [] for a blank line
    delimiter: str
    problems: list[FieldProblem]


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits row 1 into the most known column names (``,`` on a tie)."""
    first = text.split("\n", 1)[0].rstrip("\r")

    def known(delimiter: str) -> int:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        return sum(1 for cell in cells if cell.strip() and is_known(cell))

    return max(DELIMITERS, key=lambda d: (known(d), d == ","))


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    # The csv module's limit is process-wide; it is raised for this read only, so that an
    # oversized cell is reported by row and column (cell_checks) instead of a traceback.
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _column_name(header: list[str], index: int) -> str:
    if index < len(header) and header[index]:
        return header[index]
    return msg("column {n}", n=index + 1)


def _ragged(header: list[str], cells: list[str], row: int) -> FieldProblem | None:
    width = len(header)
    if len(cells) == width or not cells:
        return None
    if len(cells) > width:
        extra = [i for i in range(width, len(cells)) if cells[i].strip()]
        if not extra:
            return None  # trailing empty cells hold nothing that could be lost
        return FieldProblem(
            field=_column_name(header, extra[0]),
            reason=msg(
                "the row has {cells} cells but the header names {width} columns: the "
                "values past the last column would be lost; add the missing column "
                "names to row 1 or remove the extra cells (a delimiter inside a value "
                "needs quotes)",
                cells=len(cells),
                width=width,
            ),
            row=row,
            value=cells[extra[0]][:60],
        )
    return FieldProblem(
        field=_column_name(header, len(cells)),
        reason=msg(
            "the row has {cells} cells but the header names {width} columns: its values "
            "may have shifted into the wrong columns; give every row one cell per column",
            cells=len(cells),
            width=width,
        ),
        row=row,
    )


def _quote_problem(error: csv.Error, row: int, start_line: int, end_line: int) -> FieldProblem:
    if "unexpected end of data" in str(error):
        reason = msg(
            "a quoted value opened on line {line} is never closed, so the rest of the file "
            "would be read as one value; add the closing quote",
            line=start_line,
        )
    else:
        reason = msg(
            "a quote on line {line} ends a value but is followed by more text; double a "
            'quote inside a quoted value ("") or quote the whole value',
            line=end_line,
        )
    return FieldProblem(field=msg("quotes"), reason=reason, row=row)


def parse_csv(text: str) -> ParsedCsv:
    """Header and data rows of CSV ``text``; structural problems are listed, not repaired."""
    delimiter = sniff_delimiter(text)
    problems: list[FieldProblem] = []
    rows: list[list[str]] = []
    header: list[str] | None = None
    with _field_limit(max(len(text) + 1, csv.field_size_limit())):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        line = 0
        while True:
            row = 1 if header is None else len(rows) + FIRST_DATA_ROW
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                problems.append(_quote_problem(exc, row, line + 1, reader.line_num))
                break  # after a quoting error the parser's position means nothing
            line = reader.line_num
            if header is None:
                header = [c.strip() for c in cells]
                continue
            found = _ragged(header, cells, row)
            if found:
                problems.append(found)
            rows.append(cells)
    return ParsedCsv(header or [], rows, delimiter, problems)
