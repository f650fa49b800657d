"""Reporting periods: a year (``2025``), a half (``2025-H1``), a quarter (``2025-Q3``) or a
month (``2025-07``), each with its first and last day."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg

_PATTERN = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$")


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    code: str

    def __str__(self) -> str:
        return self.code


def _months(first: int, last: int, year: int, code: str) -> Period:
    end_day = calendar.monthrange(year, last)[1]
    return Period(date(year, first, 1), date(year, last, end_day), code)


def parse_period(text: str | None) -> Period:
    """The period a code names, or ValidationFailed saying which forms are accepted."""
    cleaned = (text or "").strip().upper()
    found = _PATTERN.match(cleaned)
    month = int(found.group(2)) if found and found.group(2) and found.group(2).isdigit() else 0
    if not found or (found.group(2) and found.group(2).isdigit() and not 1 <= month <= 12):
        raise ValidationFailed(
            msg("{text!r} is not a reporting period.", text=text or ""),
            problems=[FieldProblem("period", msg("not a period"), value=text)],
            hint=msg(
                "Use a year (2025), a half (2025-H1), a quarter (2025-Q3) or a month (2025-07)."
            ),
        )
    year = int(found.group(1))
    part = found.group(2)
    if part is None:
        return _months(1, 12, year, cleaned)
    if part.startswith("H"):
        half = int(part[1])
        return _months(6 * half - 5, 6 * half, year, cleaned)
    if part.startswith("Q"):
        quarter = int(part[1])
        return _months(3 * quarter - 2, 3 * quarter, year, cleaned)
    return _months(month, month, year, cleaned)
