"""Protect reports for one agency and period: services, time to first service, referrals.

Aggregates only (counts, medians, rates), so analysts may read them too. Definitions:

* Services planned: support plan lines of the agency's cases created in the period.
  Services delivered: deliveries for the agency's cases with ``delivered_on`` in the
  period, whoever provided them; "by us": deliveries the agency itself provided, for
  any case (a shelter's work for other agencies' cases).
* Time to first service: for the agency's cases identified in the period (identified_on,
  else the day the case was opened), days from identification to the first service
  delivered. Median, 90th percentile (nearest rank: the smallest value with at least
  90% of values at or below it), n; cases with no service yet are counted apart.
* Referrals sent (and received): created in the period. Answered: the receiver gave an
  answer (``responded_at`` is set), whatever happened after: a referral accepted and
  later revoked by the sender, or done, still counts as answered and accepted.
  Accepted = answered and not rejected; acceptance rate = accepted / answered; time to
  answer in days, median. Waiting: no answer yet. Revoked before any answer: counted
  apart, in neither the answered nor the waiting ones.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case, Referral, ServiceDelivery, SupportPlanItem

REPORT_READERS = access.CASE_READERS | {"analyst"}


@dataclass(frozen=True)
class ServiceCount:
    service_type: str
    planned: int
    delivered: int
    delivered_by_us: int


@dataclass(frozen=True)
class DurationStats:
    """Days: median and 90th percentile over ``n`` values (None when n is 0)."""

    n: int
    median: float | None
    p90: float | None
    without: int = 0  # in the cohort but with no value yet (no service, no answer)


@dataclass(frozen=True)
class ReferralStats:
    sent: int
    answered: int
    accepted: int
    rejected: int
    acceptance_rate: float | None
    time_to_answer: DurationStats
    waiting: int = 0  # no answer yet
    revoked_unanswered: int = 0  # revoked by the sender before any answer


@dataclass(frozen=True)
class ProtectReport:
    agency_id: int
    date_from: date
    date_to: date
    services: list[ServiceCount]
    time_to_first_service: DurationStats
    referrals_sent: ReferralStats
    referrals_received: ReferralStats

    @property
    def max_service_count(self) -> int:
        return max([1, *(max(s.planned, s.delivered, s.delivered_by_us) for s in self.services)])


def percentile_nearest_rank(values: list[float], pct: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def duration_stats(values: list[float], *, without: int = 0) -> DurationStats:
    if not values:
        return DurationStats(0, None, None, without)
    return DurationStats(
        len(values),
        float(statistics.median(values)),
        percentile_nearest_rank(values, 90),
        without,
    )


def _bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    if date_to < date_from:
        raise ValidationFailed(
            msg("The period ends before it starts."),
            problems=[FieldProblem(field="to", reason=msg("before from"))],
            hint=msg("Give a 'to' date on or after the 'from' date."),
        )
    return datetime.combine(date_from, time.min), datetime.combine(
        date_to + timedelta(days=1), time.min
    )


def _service_counts(
    session: Session, agency_id: int, start: datetime, end: datetime, date_from: date, date_to: date
) -> list[ServiceCount]:
    planned = session.execute(
        select(SupportPlanItem.service_type, func.count())
        .join(Case, Case.id == SupportPlanItem.case_id)
        .where(
            Case.agency_id == agency_id,
            SupportPlanItem.created_at >= start,
            SupportPlanItem.created_at < end,
        )
        .group_by(SupportPlanItem.service_type)
    ).all()
    in_period = (ServiceDelivery.delivered_on >= date_from, ServiceDelivery.delivered_on <= date_to)
    delivered = session.execute(
        select(ServiceDelivery.service_type, func.count())
        .join(Case, Case.id == ServiceDelivery.case_id)
        .where(Case.agency_id == agency_id, *in_period)
        .group_by(ServiceDelivery.service_type)
    ).all()
    by_us = session.execute(
        select(ServiceDelivery.service_type, func.count())
        .where(ServiceDelivery.provider_agency_id == agency_id, *in_period)
        .group_by(ServiceDelivery.service_type)
    ).all()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for column, rows in enumerate((planned, delivered, by_us)):
        for service_type, n in rows:
            counts[service_type][column] = n
    return [ServiceCount(t, *counts[t]) for t in sorted(counts)]


def _time_to_first_service(
    session: Session, agency_id: int, date_from: date, date_to: date
) -> DurationStats:
    cases = session.execute(
        select(Case.id, Case.identified_on, Case.created_at).where(Case.agency_id == agency_id)
    ).all()
    cohort = {}
    for case_id, identified_on, created_at in cases:
        start = identified_on or created_at.date()
        if date_from <= start <= date_to:
            cohort[case_id] = start
    if not cohort:
        return DurationStats(0, None, None, 0)
    first = dict(
        session.execute(
            select(ServiceDelivery.case_id, func.min(ServiceDelivery.delivered_on))
            .join(Case, Case.id == ServiceDelivery.case_id)
            .where(Case.agency_id == agency_id, ServiceDelivery.delivered_on.is_not(None))
            .group_by(ServiceDelivery.case_id)
        ).all()
    )
    days = [
        float((delivered - start).days)
        for c, start in cohort.items()
        if (delivered := first.get(c)) is not None
    ]
    return duration_stats(days, without=len(cohort) - len(days))


def _referral_stats(
    session: Session, column: Any, agency_id: int, start: datetime, end: datetime
) -> ReferralStats:
    rows = session.execute(
        select(Referral.status, Referral.created_at, Referral.responded_at).where(
            column == agency_id, Referral.created_at >= start, Referral.created_at < end
        )
    ).all()
    answered = [r for r in rows if r.responded_at is not None]
    rejected = sum(1 for r in answered if r.status == "rejected")
    accepted = len(answered) - rejected
    unanswered = [r for r in rows if r.responded_at is None]
    waiting = sum(1 for r in unanswered if r.status == "in_progress")
    revoked = sum(1 for r in unanswered if r.status == "revoked")
    waits = [(r.responded_at - r.created_at).total_seconds() / 86400 for r in answered]
    return ReferralStats(
        sent=len(rows),
        answered=len(answered),
        accepted=accepted,
        rejected=rejected,
        acceptance_rate=accepted / len(answered) if answered else None,
        time_to_answer=duration_stats(waits, without=waiting),
        waiting=waiting,
        revoked_unanswered=revoked,
    )


def protect_report(
    session: Session, *, date_from: date, date_to: date, actor: Actor
) -> ProtectReport:
    """The Protect report of the actor's own agency for the period (both days included)."""
    access.require_role(actor, REPORT_READERS, doing=msg("read Protect reports"))
    if actor.agency_id is None:
        raise ValidationFailed(msg("Reports are per agency; this account has none."))
    start, end = _bounds(date_from, date_to)
    agency_id = actor.agency_id
    report = ProtectReport(
        agency_id=agency_id,
        date_from=date_from,
        date_to=date_to,
        services=_service_counts(session, agency_id, start, end, date_from, date_to),
        time_to_first_service=_time_to_first_service(session, agency_id, date_from, date_to),
        referrals_sent=_referral_stats(session, Referral.from_agency_id, agency_id, start, end),
        referrals_received=_referral_stats(session, Referral.to_agency_id, agency_id, start, end),
    )
    audit.record(session, actor=actor, action="read", entity="protect_report", entity_id=agency_id)
    return report
