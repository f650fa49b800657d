"""The justice work queues: hearings this week, victims due to testify, and compensation
still unpaid after a delay.

* **Hearings**: hearings of the agency's proceedings still to be held from ``today`` for
  ``days`` days (a week by default), soonest first.
* **Victims due to testify**: at those hearings, the victims called as witnesses who have
  neither testified nor withdrawn. Their support worker is the agency holding their case:
  it sees the date in its own queue (``clients_testifying``) where the victim's consent
  to cooperate with law enforcement still holds, and only then (``support_informed``).
* **Unpaid compensation**: orders made ``unpaid_after_days`` or more before ``today``
  (the setting ``compensation_unpaid_days``, 180 by default) and not fully paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.justice.services.redress import paid_total
from palermo.justice.services.victims import case_reference, link_in_force
from palermo.justice.services.visibility import require_staff, visible_proceedings
from palermo.store.actor import Actor
from palermo.store.models import (
    Case,
    JusticeCompensation,
    JusticeHearing,
    JusticeParticipation,
    JusticeProceeding,
    JusticeVictimLink,
)


@dataclass(frozen=True)
class DueWitness:
    participation_id: int
    link_id: int
    case_reference: str
    support_informed: bool


@dataclass(frozen=True)
class HearingDue:
    hearing_id: int
    proceeding_id: int
    court: str
    court_case_number: str | None
    held_on: date
    public: bool
    witnesses: tuple[DueWitness, ...]


@dataclass(frozen=True)
class UnpaidOrder:
    compensation_id: int
    proceeding_id: int
    case_reference: str
    ordered_on: date
    ordered: Decimal
    paid: Decimal
    currency: str
    days: int


@dataclass(frozen=True)
class ClientTestifying:
    """A victim of the reader's agency due to testify (what their support worker sees)."""

    case_id: int
    case_reference: str
    held_on: date
    court: str


@dataclass(frozen=True)
class JusticeWork:
    today: date
    days: int
    unpaid_after_days: int
    hearings: tuple[HearingDue, ...]
    unpaid: tuple[UnpaidOrder, ...]
    clients_testifying: tuple[ClientTestifying, ...]

    @property
    def witnesses(self) -> tuple[tuple[HearingDue, DueWitness], ...]:
        return tuple((h, w) for h in self.hearings for w in h.witnesses)


def _due_hearings(session: Session, stmt, start: date, end: date):  # type: ignore[no-untyped-def]
    return session.execute(
        stmt.where(
            JusticeHearing.held_on >= start,
            JusticeHearing.held_on < end,
            JusticeHearing.outcome.is_(None),
        ).order_by(JusticeHearing.held_on, JusticeHearing.id)
    ).all()


def _witnesses(session: Session, proceeding_ids: set[int]) -> dict[int, list[JusticeParticipation]]:
    found: dict[int, list[JusticeParticipation]] = {}
    if not proceeding_ids:
        return found
    for part in session.scalars(
        select(JusticeParticipation)
        .where(
            JusticeParticipation.proceeding_id.in_(proceeding_ids),
            JusticeParticipation.witness.is_(True),
            JusticeParticipation.testified.is_(False),
            JusticeParticipation.withdrew_on.is_(None),
        )
        .order_by(JusticeParticipation.id)
    ):
        found.setdefault(part.proceeding_id, []).append(part)
    return found


def justice_work(
    session: Session,
    *,
    actor: Actor,
    today: date | None = None,
    days: int = 7,
    unpaid_after_days: int = 180,
) -> JusticeWork:
    """The agency's justice queues (see the module docstring)."""
    require_staff(actor, doing=msg("see the justice work queues"))
    if not 1 <= days <= 366 or not 0 <= unpaid_after_days <= 3650:
        raise ValidationFailed(
            msg("The queue's window is out of range."),
            problems=[FieldProblem("days", msg("1 to 366 days; unpaid after 0 to 3650 days"))],
        )
    today = today or clock.today()
    end = today + timedelta(days=days)
    base = select(JusticeHearing, JusticeProceeding).join(
        JusticeProceeding, JusticeProceeding.id == JusticeHearing.proceeding_id
    )
    rows = _due_hearings(session, base.where(visible_proceedings(actor)), today, end)
    witnesses = _witnesses(session, {p.id for _, p in rows})
    hearings = tuple(
        HearingDue(
            h.id,
            p.id,
            p.court,
            p.court_case_number,
            h.held_on,
            h.public,
            tuple(
                DueWitness(
                    w.id,
                    w.link_id,
                    case_reference(session, w.link),
                    link_in_force(session, w.link, on=today),
                )
                for w in witnesses.get(p.id, [])
            ),
        )
        for h, p in rows
    )
    late = today - timedelta(days=unpaid_after_days)
    unpaid = []
    for comp in session.scalars(
        select(JusticeCompensation)
        .join(JusticeProceeding, JusticeProceeding.id == JusticeCompensation.proceeding_id)
        .where(visible_proceedings(actor), JusticeCompensation.ordered_on <= late)
        .order_by(JusticeCompensation.ordered_on, JusticeCompensation.id)
    ):
        paid = sum((Decimal(p.amount) for p in comp.payments if p.paid_on <= today), Decimal(0))
        if paid < Decimal(comp.amount):
            link = session.get(JusticeVictimLink, comp.link_id)
            unpaid.append(
                UnpaidOrder(
                    comp.id,
                    comp.proceeding_id,
                    case_reference(session, link) if link else "—",
                    comp.ordered_on,
                    Decimal(comp.amount),
                    paid,
                    comp.currency,
                    (today - comp.ordered_on).days,
                )
            )
    return JusticeWork(
        today,
        days,
        unpaid_after_days,
        hearings,
        tuple(unpaid),
        _clients(session, actor, today, end),
    )


def _clients(
    session: Session, actor: Actor, start: date, end: date
) -> tuple[ClientTestifying, ...]:
    """The reader's agency's victims due to testify, where their consent allows it."""
    stmt = (
        select(JusticeHearing, JusticeProceeding, JusticeParticipation, JusticeVictimLink, Case)
        .join(JusticeProceeding, JusticeProceeding.id == JusticeHearing.proceeding_id)
        .join(JusticeParticipation, JusticeParticipation.proceeding_id == JusticeProceeding.id)
        .join(JusticeVictimLink, JusticeVictimLink.id == JusticeParticipation.link_id)
        .join(Case, Case.id == JusticeVictimLink.case_id)
        .where(
            Case.agency_id == actor.agency_id,
            JusticeParticipation.witness.is_(True),
            JusticeParticipation.testified.is_(False),
            JusticeParticipation.withdrew_on.is_(None),
        )
    )
    found = []
    for h, p, _part, link, case in _due_hearings(session, stmt, start, end):
        if link_in_force(session, link, on=start):
            found.append(ClientTestifying(case.id, case.reference, h.held_on, p.court))
    return tuple(dict.fromkeys(found))


__all__ = ["JusticeWork", "justice_work", "paid_total"]
