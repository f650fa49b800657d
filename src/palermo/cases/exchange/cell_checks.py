"""Checks every import file passes before any row is read as a case.

A file whose structure is broken (no header row, control characters, oversized
cells, rows that do not line up with the header) is refused whole: reading it
row by row would import values in the wrong columns or cut them silently, and
the person fixing the file needs every problem at once, by row and column.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from palermo.cases.exchange.columns import COLUMNS, IGNORED, slot_for
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg

# Longest cell accepted, in characters. The longest legitimate values (an event's
# description, an address) stay far below it; anything longer is a broken file or an
# attempt to fill the database.
MAX_CELL_CHARS = 10_000
# Most problems listed in one refusal: enough to fix a file, short enough to read.
MAX_LISTED = 200
FIRST_DATA_ROW = 2  # row 1 is the header
# Fields whose values may span several lines (free text); a line break anywhere else is
# the mark of an unclosed quote that swallowed the rows after it.
MULTILINE_FIELDS = frozenset({"person.address", "description", "role_details", "closure_reason"})
# Control characters a text may hold: tab everywhere, line breaks in free text only.
_ALWAYS_ALLOWED = frozenset({"\t"})
_LINE_BREAKS = frozenset({"\n", "\r", "\u2028", "\u2029"})
_KNOWN = {c.name.lower() for c in COLUMNS} | {a.lower() for c in COLUMNS for a in c.aliases}


def is_known(column: str) -> bool:
    name = column.strip()
    return name in IGNORED or slot_for(name) is not None


def suggestion(column: str) -> str | None:
    """The known column a misspelt header most likely meant (``prs_FirstNmae``)."""
    close = difflib.get_close_matches(column.strip().lower(), _KNOWN, n=1, cutoff=0.8)
    if not close:
        return None
    return next(n for c in COLUMNS for n in (c.name, *c.aliases) if n.lower() == close[0])


def require_header(header: Iterable[Any], path: Path) -> None:
    """Refuse a file whose first row names no column Palermo reads: it has no header row,
    or a header from another format, and every row would import as an empty case."""
    names = ["" if c is None else str(c).strip() for c in header]
    if any(is_known(n) for n in names if n):
        return
    shown = ", ".join(repr(n) for n in names[:6] if n) or "—"
    raise ValidationFailed(
        msg(
            "{name} has no header row Palermo can read: row 1 holds {cells}, "
            "and none of them is a column name Palermo knows.",
            name=path.name,
            cells=shown,
        ),
        problems=[FieldProblem(field="header", reason=msg("no known column name"), row=1)],
        hint=msg(
            "Make row 1 name the columns with HTCDS field names (prs_FirstName, "
            "prs_SecondName, prs_Birthdate, ...), as `palermo cases export` writes them."
        ),
    )


def _control_problem(text: str, multiline: bool) -> str | None:
    for char in text:
        if char in _ALWAYS_ALLOWED or (multiline and char in _LINE_BREAKS):
            continue
        if char in _LINE_BREAKS:
            return msg(
                "holds a line break, which this column may not: a quote left open here "
                "swallows the rows after it into one value; close the quote or remove "
                "the line break"
            )
        if unicodedata.category(char) == "Cc":
            if char == "\x00":
                return msg(
                    "holds a NUL byte (often a file saved as UTF-16); save the file as "
                    "UTF-8 and remove the character"
                )
            return msg(
                "holds the control character U+{code:04X}, which no text should contain; remove it",
                code=ord(char),
            )
    return None


def _shown(text: str) -> str:
    """A bad value as the errors file shows it: short, with control characters visible."""
    short = text[:60] + ("…" if len(text) > 60 else "")
    return short.encode("unicode_escape").decode("ascii") if not short.isprintable() else short


def cell_problems(value: Any, *, column: str, row: int) -> list[FieldProblem]:
    """Problems of one cell: oversized, or holding characters no value should hold."""
    slot = slot_for(column)
    if slot is None:
        return []  # an unknown column is skipped (and warned about), never stored
    items = value if isinstance(value, list | tuple) else [value]
    multiline = slot.field in MULTILINE_FIELDS
    for item in items:
        if not isinstance(item, str):
            continue
        if len(item) > MAX_CELL_CHARS:
            return [
                FieldProblem(
                    field=column,
                    reason=msg(
                        "holds {size} characters; the limit is {limit}: shorten the value "
                        "(long documents belong in the case file, not in an import)",
                        size=len(item),
                        limit=MAX_CELL_CHARS,
                    ),
                    row=row,
                    value=_shown(item),
                )
            ]
        reason = _control_problem(item, multiline)
        if reason:
            return [FieldProblem(field=column, reason=reason, row=row, value=_shown(item))]
    return []


def rows_problems(rows: Iterable[Mapping[str, Any]]) -> list[FieldProblem]:
    found: list[FieldProblem] = []
    for number, row in enumerate(rows, start=FIRST_DATA_ROW):
        for column, value in row.items():
            if column:
                found.extend(cell_problems(value, column=str(column), row=number))
    return found


def refuse_if_broken(path: Path, problems: list[FieldProblem]) -> None:
    """Refuse the whole file, listing its problems (the first ``MAX_LISTED``)."""
    if not problems:
        return
    rows = len({p.row for p in problems})
    raise ValidationFailed(
        msg(
            "{name} was not imported: {count} problem(s) in {rows} row(s) would lose or "
            "garble values.",
            name=path.name,
            count=len(problems),
            rows=rows,
        ),
        problems=problems[:MAX_LISTED],
        hint=msg(
            "Correct the rows listed (row numbers as a spreadsheet shows them) and import "
            "the file again; nothing was written."
        ),
    )
