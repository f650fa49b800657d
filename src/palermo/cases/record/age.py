"""Age and childhood: who counts as a child on a given day (presumption of minority)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

ADULT_AGE = 18


class AgedPerson(Protocol):
    @property
    def birth_date(self) -> str | None: ...


class AgedCase(Protocol):
    """What the age rules read of a case: a loaded ``Case``, or the few columns of one that
    a list selected on their own (``palermo.cases.record.search``)."""

    @property
    def age_at_identification(self) -> int | None: ...
    @property
    def identified_on(self) -> date | None: ...
    @property
    def created_at(self) -> datetime | None: ...
    @property
    def victim(self) -> AgedPerson | None: ...


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


def is_child(case: AgedCase, *, on: date) -> bool:
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


def _earliest_birth_date(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _years_between(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def identification_day(case: AgedCase) -> date | None:
    """The day the person was identified: recorded, else the day the case was opened."""
    if case.identified_on is not None:
        return case.identified_on
    return case.created_at.date() if case.created_at is not None else None


def age_on(case: AgedCase, *, on: date) -> int | None:
    """The person's age in whole years on ``on``: from the birth date (a partial one counts
    from its latest possible day, so the youngest age it allows), else from the age recorded
    at identification counted forward. None when neither is known."""
    born = _latest_birth_date(case.victim.birth_date) if case.victim else None
    if born is not None:
        return max(0, _years_between(born, on))
    since = identification_day(case)
    if case.age_at_identification is None or since is None:
        return None
    return case.age_at_identification + max(0, _years_between(since, on))


def age_at_identification(case: AgedCase) -> int | None:
    """The age recorded at identification, else computed from the birth date on the day of
    identification (the youngest age a partial birth date allows)."""
    if case.age_at_identification is not None:
        return case.age_at_identification
    since = identification_day(case)
    born = _latest_birth_date(case.victim.birth_date) if case.victim else None
    if since is None or born is None:
        return None
    return max(0, _years_between(born, since))


def birth_year(text: str | None) -> int | None:
    """The year of a full or partial birth date ("1990", "1990-07", "1990-07-05")."""
    if not text:
        return None
    return _earliest_birth_date(text).year


@dataclass(frozen=True)
class AgeFacts:
    """What pages show of a person's age: now, at identification, and whether a child."""

    now: int | None
    at_identification: int | None
    child: bool
    birth_year: int | None


def age_facts(case: AgedCase, *, on: date) -> AgeFacts:
    return AgeFacts(
        now=age_on(case, on=on),
        at_identification=age_at_identification(case),
        child=is_child(case, on=on),
        birth_year=birth_year(case.victim.birth_date if case.victim else None),
    )
