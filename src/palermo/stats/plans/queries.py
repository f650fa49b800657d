"""Named, versioned queries that compute an action plan's indicators from Palermo's data.

An indicator pins ``name@version`` when it is created, so a value computed next year
uses the same definition as this year's. A changed definition is a new version beside
the old one, never an edit of it. Every query counts over all agencies (national), for
cases by the day they were identified (``identified_on``, else the day the case was
opened) and returns its numerator and denominator with the value, so the report can show
how each figure was reached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from palermo.errors import NotFound
from palermo.i18n import msg
from palermo.store.models import Case, Referral, ServiceDelivery
from palermo.vocab import ReferralState


@dataclass(frozen=True)
class QueryValue:
    value: float | None  # None when the denominator is 0
    numerator: int
    denominator: int | None  # None for a count


@dataclass(frozen=True)
class IndicatorQuery:
    name: str
    version: int
    title: str
    unit: str
    run: Callable[[Session, date, date], QueryValue]

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"


def _identified(session: Session, start: date, end: date) -> dict[int, date]:
    """Cases identified in [start, end], with their day of identification."""
    rows = session.execute(select(Case.id, Case.identified_on, Case.created_at))
    out = {}
    for case_id, identified_on, created_at in rows:
        day = identified_on or created_at.date()
        if start <= day <= end:
            out[case_id] = day
    return out


def _victims_identified(session: Session, start: date, end: date) -> QueryValue:
    found = len(_identified(session, start, end))
    return QueryValue(float(found), found, None)


def _service_within(days: int) -> Callable[[Session, date, date], QueryValue]:
    def run(session: Session, start: date, end: date) -> QueryValue:
        cohort = _identified(session, start, end)
        first = dict(
            session.execute(
                select(ServiceDelivery.case_id, func.min(ServiceDelivery.delivered_on))
                .where(ServiceDelivery.delivered_on.is_not(None))
                .group_by(ServiceDelivery.case_id)
            ).all()
        )
        served = sum(
            1
            for case_id, day in cohort.items()
            if (seen := first.get(case_id)) is not None and seen <= day + timedelta(days=days)
        )
        share = 100.0 * served / len(cohort) if cohort else None
        return QueryValue(share, served, len(cohort))

    return run


def _referrals_accepted(session: Session, start: date, end: date) -> QueryValue:
    rows = session.execute(
        select(Referral.status, Referral.responded_at, Referral.created_at)
    ).all()
    answered = [
        r for r in rows if r.responded_at is not None and start <= r.created_at.date() <= end
    ]
    accepted = sum(1 for r in answered if r.status != ReferralState.rejected.value)
    return QueryValue(
        100.0 * accepted / len(answered) if answered else None, accepted, len(answered)
    )


QUERIES: tuple[IndicatorQuery, ...] = (
    IndicatorQuery(
        "victims_identified",
        1,
        msg("Victims identified in the period (case records, all agencies)"),
        msg("victims"),
        _victims_identified,
    ),
    IndicatorQuery(
        "service_within_30_days",
        1,
        msg(
            "Share of victims identified in the period who received a first service within "
            "30 days of identification"
        ),
        "%",
        _service_within(30),
    ),
    IndicatorQuery(
        "referrals_accepted",
        1,
        msg("Share of referrals sent in the period and answered that were accepted"),
        "%",
        _referrals_accepted,
    ),
)
_BY_REF = {q.ref: q for q in QUERIES}


def find_query(ref: str) -> IndicatorQuery:
    """The query ``name@version``, or ``name``'s latest version."""
    name, _, version = ref.strip().partition("@")
    if version:
        found = _BY_REF.get(f"{name}@{version}")
    else:
        versions = [q for q in QUERIES if q.name == name]
        found = max(versions, key=lambda q: q.version) if versions else None
    if found is None:
        raise NotFound(
            msg("No indicator query {ref!r}.", ref=ref),
            hint=msg("Queries: {names}.", names=", ".join(q.ref for q in QUERIES)),
        )
    return found
