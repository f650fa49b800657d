"""Birth dates as agencies write them: full, year-month, year only, or not at all.

:func:`birth_date_parts` splits a recorded date into year, month and day parts
(``None`` where not recorded), which is what comparisons and encoders use: a
'1990' record agrees with '1990-07-15' on the year and says nothing of the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$")


@dataclass(frozen=True)
class BirthDate:
    """A recorded birth date: ``month`` and ``day`` are None when not recorded."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', as precise as recorded."""
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


@lru_cache(maxsize=100_000)
def birth_date_parts(text: str | None, *, strict: bool = True) -> BirthDate | None:
    """Parse 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or 'DD.MM.YYYY' / 'DD/MM/YYYY'.

    Returns None for an empty value; raises ValueError for text that is not a
    date, so that a caller can report the row and field. With ``strict`` a day
    that does not exist in its month (31 February) is refused too; without, a
    mistyped date keeps the parts that can be read, which still agree with the
    true date (linkers want that evidence; a register does not want the date).
    """
    if text is None or not str(text).strip():
        return None
    raw = str(text)
    found = _ISO.match(raw)
    if found:
        y, m, d = (int(g) if g else None for g in found.groups())
    else:
        dmy = _DMY.match(raw)
        if not dmy:
            raise ValueError(f"not a date: {raw!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")
        d, m, y = (int(g) for g in dmy.groups())
    assert y is not None
    if not strict:
        # A mistyped part is dropped (93 April -> April); a month over 12 written
        # before a day of 12 or less is read as day and month swapped.
        d = d if d is not None and 1 <= d <= 31 else None
        if m is not None and m > 12:
            m, d = (d, m) if d is not None and d <= 12 and m <= 31 else (None, None)
        m = m if m is not None and m >= 1 else None
        return BirthDate(y, m, d if m is not None else None)
    if m is not None and not 1 <= m <= 12:
        raise ValueError(f"month {m} does not exist in {raw!r}")
    if m is not None and d is not None:
        date(y, m, d)  # raises ValueError for 31 February and the like
    return BirthDate(y, m, d)
