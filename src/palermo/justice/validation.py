"""Checking justice records as they are built: codes, countries, money and dates.

Each record's ``__post_init__`` runs one :class:`RecordCheck`, which turns codes given as
text (a database row, a form, an import) into vocabulary members and collects every
problem before raising one :class:`ValidationFailed`, so a caller learns all that is
wrong with a record at once, never half of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import pycountry

from palermo.errors import FieldProblem, UnknownCode, ValidationFailed
from palermo.vocab import get_list
from palermo.vocab.enums import VocabEnum


@cache
def _country_codes() -> frozenset[str]:
    return frozenset(member.code for member in get_list("country"))


@cache
def _htcds_list(name: str) -> type[VocabEnum]:
    return get_list(name)


def currency_problem(code: str) -> str | None:
    """Why ``code`` is not an ISO 4217 currency code, or None if it is one."""
    if not isinstance(code, str) or len(code) != 3 or not code.isupper():
        return "must be a three-letter ISO 4217 code in capitals, e.g. EUR"
    if pycountry.currencies.get(alpha_3=code) is None:
        return "is not an ISO 4217 currency"
    return None


class RecordCheck:
    """Normalise and check the fields of one frozen record, then raise all problems."""

    def __init__(self, record: Any, label: str) -> None:
        self.record = record
        self.label = label
        self.problems: list[FieldProblem] = []

    def problem(self, name: str, reason: str, value: object = None) -> None:
        shown = None if value is None else str(value)
        self.problems.append(FieldProblem(field=name, reason=reason, value=shown))

    def _set(self, name: str, value: object) -> None:
        object.__setattr__(self.record, name, value)

    def _parse(self, name: str, enum: type[VocabEnum], value: object) -> VocabEnum | None:
        if isinstance(value, enum):
            return value
        exact = enum._value2member_map_.get(value)  # the common case, without parse's fallbacks
        if exact is not None:
            return exact  # type: ignore[return-value]
        try:
            return enum.parse(value)  # type: ignore[arg-type]
        except UnknownCode as error:
            self.problem(name, f"unknown code; valid codes: {', '.join(error.valid)}", value)
            return None

    def code(self, name: str, enum: type[VocabEnum], *, optional: bool = False) -> None:
        """A single code of ``enum`` (None allowed when ``optional``)."""
        value = getattr(self.record, name)
        if value is None:
            if not optional:
                self.problem(name, "is required")
            return
        self._set(name, self._parse(name, enum, value))

    def codes(self, name: str, enum: type[VocabEnum], *, required: bool = False) -> None:
        """A tuple of codes of ``enum``, duplicates removed, order kept."""
        values = getattr(self.record, name)
        if isinstance(values, str) or not isinstance(values, Iterable):
            self.problem(name, "must be a list of codes", values)
            return
        parsed = [self._parse(name, enum, v) for v in values]
        members = tuple(dict.fromkeys(m for m in parsed if m is not None))
        if required and not members and None not in parsed:
            self.problem(name, "needs at least one code")
        self._set(name, members)

    def htcds(self, name: str, list_name: str, *, many: bool = False) -> None:
        """A code (or with ``many`` a tuple of codes) of an HTCDS list, e.g. ``gender``."""
        enum = _htcds_list(list_name)
        if many:
            self.codes(name, enum)
        else:
            self.code(name, enum, optional=True)

    def countries(self, name: str, *, many: bool = False) -> None:
        """ISO 3166-1 alpha-2 code(s); alpha-3 is accepted and turned into alpha-2."""
        values = getattr(self.record, name)
        if values is None and not many:
            return
        if many and (isinstance(values, str) or not isinstance(values, Iterable)):
            self.problem(name, "must be a list of ISO 3166-1 alpha-2 codes", values)
            return
        items = list(values) if many else [values]
        country = get_list("country")
        found = []
        for item in items:
            if item in _country_codes():
                found.append(item)
            elif (member := self._parse(name, country, item)) is not None:
                found.append(member.code)
        self._set(name, tuple(dict.fromkeys(found)) if many else (found[0] if found else None))

    def text(self, name: str, *, optional: bool = False) -> None:
        value = getattr(self.record, name)
        if value is None and optional:
            return
        if not isinstance(value, str) or not value.strip():
            self.problem(name, "must be a non-empty text", value)
        else:
            self._set(name, value.strip())

    def ids(self, name: str, *, required: bool = False) -> None:
        """A tuple of record identifiers, duplicates refused."""
        values = getattr(self.record, name)
        if isinstance(values, str) or not isinstance(values, Iterable):
            self.problem(name, "must be a list of identifiers", values)
            return
        items = tuple(values)
        if len(set(items)) != len(items):
            self.problem(name, "lists the same identifier twice", ", ".join(map(str, items)))
        if required and not items:
            self.problem(name, "needs at least one identifier")
        self._set(name, items)

    def day(self, name: str, *, optional: bool = False) -> None:
        value = getattr(self.record, name)
        if value is None:
            if not optional:
                self.problem(name, "is required")
            return
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                self.problem(name, "must be a date (YYYY-MM-DD)", value)
                return
        if not isinstance(value, date):
            self.problem(name, "must be a date (YYYY-MM-DD)", value)
            return
        self._set(name, value)

    def not_before(self, later: str, earlier: str) -> None:
        """``later`` (when both dates are known) is on or after ``earlier``."""
        a, b = getattr(self.record, later), getattr(self.record, earlier)
        if isinstance(a, date) and isinstance(b, date) and a < b:
            self.problem(later, f"is before {earlier} ({b.isoformat()})", a.isoformat())

    def amount(self, name: str, *, optional: bool = False) -> None:
        """A non-negative decimal amount (a float is refused: money is not approximate)."""
        value = getattr(self.record, name)
        if value is None:
            if not optional:
                self.problem(name, "is required")
            return
        if isinstance(value, float | bool):
            self.problem(name, "must be a decimal amount, e.g. Decimal('1500.00')", value)
            return
        try:
            amount = Decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            self.problem(name, "must be a decimal amount", value)
            return
        if not amount.is_finite() or amount < 0:
            self.problem(name, "must be zero or more", value)
            return
        self._set(name, amount)

    def months(self, name: str) -> None:
        value = getattr(self.record, name)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            self.problem(name, "must be a whole number of months, 0 or more", value)

    def age(self, name: str) -> None:
        value = getattr(self.record, name)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120
        ):
            self.problem(name, "must be a whole number of years between 0 and 120", value)

    def require(self, condition: bool, name: str, reason: str, value: object = None) -> None:
        if not condition:
            self.problem(name, reason, value)

    def done(self) -> None:
        if self.problems:
            listed = "; ".join(
                f"{p.field} {p.reason}" + (f" (got {p.value!r})" if p.value is not None else "")
                for p in self.problems
            )
            raise ValidationFailed(
                f"{self.label} is invalid: {listed}.",
                problems=self.problems,
                hint="Correct the listed fields and record it again.",
            )
