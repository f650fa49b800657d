"""What crossed: the bundles sent and received, and the referrals between installations.

Read-only views for the command line and, later, the web pages. A bundle's entry holds
its id, peer, dates, digest and counts, never its content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.i18n import msg
from palermo.store.actor import Actor
from palermo.store.models import CrossBorderReferral, ExchangeBundle, ExchangePeer, Referral


@dataclass(frozen=True)
class BundleEntry:
    bundle_id: str
    direction: str  # out | in
    peer: str
    created_at: datetime
    expires_at: datetime
    digest: str
    contents: dict[str, int]
    recorded_by: str


@dataclass(frozen=True)
class CrossBorderEntry:
    exchange_key: str
    direction: str  # out: this agency referred; in: received from the peer
    peer: str
    referral_id: int
    case_id: int
    state: str
    last_bundle_id: str


def list_bundles(session: Session, *, actor: Actor) -> list[BundleEntry]:
    """Every bundle packed or imported here, newest first (administrators only)."""
    access.require_role(actor, frozenset({"admin"}), doing=msg("list exchange bundles"))
    rows = session.execute(
        select(ExchangeBundle, ExchangePeer.name)
        .join(ExchangePeer, ExchangePeer.id == ExchangeBundle.peer_id)
        .order_by(ExchangeBundle.recorded_at.desc(), ExchangeBundle.id.desc())
    ).all()
    return [
        BundleEntry(
            b.bundle_id,
            b.direction,
            name,
            b.created_at,
            b.expires_at,
            b.digest,
            dict(b.contents),
            b.recorded_by,
        )
        for b, name in rows
    ]


def list_crossborder_referrals(session: Session, *, actor: Actor) -> list[CrossBorderEntry]:
    """The cross-border referrals the actor's agency sent or received, oldest first."""
    access.require_role(actor, access.CASE_READERS, doing=msg("see referrals"))
    rows = session.execute(
        select(CrossBorderReferral, Referral, ExchangePeer.name)
        .join(Referral, Referral.id == CrossBorderReferral.referral_id)
        .join(ExchangePeer, ExchangePeer.id == CrossBorderReferral.peer_id)
        .where(
            or_(
                Referral.from_agency_id == actor.agency_id,
                Referral.to_agency_id == actor.agency_id,
            )
        )
        .order_by(CrossBorderReferral.id)
    ).all()
    return [
        CrossBorderEntry(
            link.exchange_key,
            link.direction,
            name,
            referral.id,
            referral.case_id,
            str(referral.status),
            link.last_bundle_id,
        )
        for link, referral, name in rows
    ]
