"""Lists of referrals: of a case, sent and received by an agency."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.i18n import msg
from palermo.store.actor import Actor
from palermo.store.models import Referral
from palermo.vocab import ReferralState


def case_referrals(session: Session, *, case_id: int, actor: Actor) -> list[Referral]:
    """Referrals of a case of the actor's agency, newest first."""
    access.require_role(actor, access.CASE_READERS, doing=msg("see referrals"))
    access.load_case(session, case_id=case_id, actor=actor)
    return list(
        session.scalars(
            select(Referral).where(Referral.case_id == case_id).order_by(Referral.id.desc())
        )
    )


def sent_referrals(
    session: Session, *, actor: Actor, states: frozenset[ReferralState] | None = None
) -> list[Referral]:
    stmt = select(Referral).where(Referral.from_agency_id == actor.agency_id)
    if states:
        stmt = stmt.where(Referral.status.in_([str(s) for s in states]))
    return list(session.scalars(stmt.order_by(Referral.respond_by, Referral.id)))


def received_referrals(
    session: Session, *, actor: Actor, states: frozenset[ReferralState] | None = None
) -> list[Referral]:
    stmt = select(Referral).where(Referral.to_agency_id == actor.agency_id)
    if states:
        stmt = stmt.where(Referral.status.in_([str(s) for s in states]))
    return list(session.scalars(stmt.order_by(Referral.respond_by, Referral.id)))
