"""Counting calendar and working days for NRM deadlines and referral answers.

Working days are Monday to Friday. Public holidays are not counted out yet: a deadline
spanning a holiday shows one day early, which errs on the side of acting sooner.
"""

from __future__ import annotations

from datetime import date, timedelta


def working_days_between(start: date, end: date) -> int:
    """Working days (Mon-Fri) after ``start`` up to and including ``end``; 0 if none."""
    if end <= start:
        return 0
    weeks, extra = divmod((end - start).days, 7)
    count = weeks * 5
    for i in range(1, extra + 1):
        if (start + timedelta(days=i)).weekday() < 5:
            count += 1
    return count


def add_days(start: date, days: int, *, working_days: bool) -> date:
    """``start`` plus ``days`` calendar days, or plus ``days`` working days (Mon-Fri).

    Friday + 1 working day is Monday; a weekend start counts from the next Monday.
    """
    if not working_days:
        return start + timedelta(days=days)
    current = start
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def add_working_days(start: date, days: int) -> date:
    """``days`` working days after ``start``."""
    return add_days(start, days, working_days=True)
