"""Age and childhood: who counts as a child on a given day (presumption of minority)."""

from __future__ import annotations

import calendar
from datetime import date

from palermo.store.models import Case

ADULT_AGE = 18


def _latest_birth_date(text: str | None) -> date | None:
    # A partial birth date ("2008", "2008-05") is read as its latest possible day, so that
    # someone who may still be a child is treated as one (presumption of minority).
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return date(year, month, day)


def _years_after(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 1 March (the later of the two)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def is_child(case: Case, *, on: date) -> bool:
    """Under 18 on ``on``, by the age at identification or by the birth date.

    The age at identification counts forward from the identification date (the case's
    creation when that is missing), as if the person turned that age on that day: the latest
    birthday possible, so that someone who may still be a child is treated as one. A partial
    birth date counts from its latest possible day for the same reason. Either one saying
    "child" is enough.
    """
    if case.age_at_identification is not None and case.age_at_identification < ADULT_AGE:
        created = case.created_at.date() if case.created_at is not None else None
        since = case.identified_on or created or on
        if on < _years_after(since, ADULT_AGE - case.age_at_identification):
            return True
    born = _latest_birth_date(case.victim.birth_date) if case.victim else None
    if born is None:
        return False
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return age < ADULT_AGE
