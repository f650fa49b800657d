"""Lists of referrals: of a case, sent and received by an agency."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.cases.referrals.states import is_overdue
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


def referral_to_dict(r: Referral) -> dict[str, Any]:
    """The referral as JSON-ready values (API)."""
    return {
        "id": r.id,
        "case_id": r.case_id,
        "from_agency_id": r.from_agency_id,
        "to_agency_id": r.to_agency_id,
        "service_type": r.service_type,
        "state": r.status,
        "shared_fields": list(r.shared_fields or []),
        "note": r.note,
        "rejection_reason": r.rejection_reason,
        "respond_by": r.respond_by,
        "overdue": is_overdue(r),
        "created_at": r.created_at,
        "responded_at": r.responded_at,
        "done_at": r.done_at,
        "revoked_at": r.revoked_at,
    }
