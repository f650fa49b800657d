"""Compensation ordered for victims and what was paid, per currency.

Counted: the orders made by ``as_of`` and the payments made by ``as_of`` (everything
when None); amounts in different currencies are never added. *Fully paid*: nothing
outstanding on ``as_of``. *Without payment*: nothing paid by ``as_of``. *Overdue*: made
``unpaid_after_days`` or more before ``as_of`` and not fully paid on ``as_of`` (None
without ``as_of``: the delay needs a date to run to).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from palermo.justice.dataset import JusticeDataset
from palermo.justice.remedies import Compensation


@dataclass(frozen=True)
class CompensationTotal:
    currency: str
    orders: int
    victims: int
    ordered: Decimal
    paid: Decimal
    fully_paid: int
    without_payment: int
    overdue: int | None  # None without an as_of date to measure the delay from


def compensation_totals(
    data: JusticeDataset,
    *,
    victim_ids: Collection[str] | None = None,
    as_of: date | None = None,
    unpaid_after_days: int = 180,
) -> tuple[CompensationTotal, ...]:
    """Orders and payments per currency, for ``victim_ids`` (every victim when None)."""
    on = as_of
    grouped: dict[str, list[Compensation]] = {}
    for comp in data.compensations:
        if (victim_ids is None or comp.victim_id in victim_ids) and (
            on is None or comp.ordered_on <= on
        ):
            grouped.setdefault(comp.ordered.currency, []).append(comp)
    totals = []
    for currency, orders in sorted(grouped.items()):
        late = on - timedelta(days=unpaid_after_days) if on else None
        totals.append(
            CompensationTotal(
                currency=currency,
                orders=len(orders),
                victims=len({o.victim_id for o in orders}),
                ordered=sum((o.ordered.amount for o in orders), Decimal(0)),
                paid=sum((o.paid(on) for o in orders), Decimal(0)),
                fully_paid=sum(1 for o in orders if o.outstanding(on) == 0),
                without_payment=sum(1 for o in orders if o.paid(on) == 0),
                overdue=None
                if late is None
                else sum(1 for o in orders if o.ordered_on <= late and o.outstanding(on) > 0),
            )
        )
    return tuple(totals)
