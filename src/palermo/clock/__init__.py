"""One clock for all of Palermo: UTC, injectable.

Stored timestamps are naive UTC (``palermo.store.models.base.utcnow``), so "today" is the
UTC date everywhere: comparing a UTC timestamp with a local ``date.today()`` is off by one
around midnight. Services call :func:`today` and :func:`now`; tests and simulations that
need another day swap the clock with :func:`use_clock` (or the ``frozen_clock`` context
manager) instead of passing dates through every call.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Annotated, Protocol

from pydantic import AfterValidator


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class FixedClock:
    """A clock stopped at ``at`` (a date means its midnight, UTC)."""

    at: datetime

    @classmethod
    def on(cls, day: date) -> FixedClock:
        return cls(datetime.combine(day, time(12, 0), tzinfo=UTC))

    def now(self) -> datetime:
        return self.at if self.at.tzinfo else self.at.replace(tzinfo=UTC)


_clock: Clock = SystemClock()


def use_clock(clock: Clock) -> Clock:
    """Make ``clock`` the process's clock; returns the one it replaces."""
    global _clock
    previous, _clock = _clock, clock
    return previous


@contextmanager
def frozen_clock(day: date | datetime) -> Iterator[Clock]:
    """Within the block, :func:`today` is ``day`` (noon UTC when a date is given)."""
    clock = FixedClock(day) if isinstance(day, datetime) else FixedClock.on(day)
    previous = use_clock(clock)
    try:
        yield clock
    finally:
        use_clock(previous)


def now() -> datetime:
    """Now, in UTC, timezone-aware."""
    return _clock.now()


def utcnow_naive() -> datetime:
    """Now in UTC without tzinfo: the form stored timestamps take."""
    return _clock.now().astimezone(UTC).replace(tzinfo=None)


def today() -> date:
    """Today's date in UTC: the one "today" of consents, deadlines and reports."""
    return _clock.now().astimezone(UTC).date()


def as_utc(value: datetime) -> datetime:
    """A stored (naive UTC) or aware timestamp as an aware UTC one."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# A timestamp as the API shows it: with its time zone (stored ones are naive UTC).
UtcDateTime = Annotated[datetime, AfterValidator(as_utc)]
