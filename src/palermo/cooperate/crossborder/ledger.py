"""What crossed: the bundles sent and received, and the referrals between installations.

Read-only views for the command line and the web pages. A bundle's entry holds its id,
peer, dates, digest and counts, never its content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.cooperate.crossborder.installations import ADMINS, peer_named
from palermo.cooperate.crossborder.packing import outgoing_referrals
from palermo.i18n import msg
from palermo.store.actor import Actor
from palermo.store.models import (
    Agency,
    Case,
    CrossBorderReferral,
    ExchangeBundle,
    ExchangePeer,
    Referral,
    ServiceDelivery,
)


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
    rejection_reason: str | None = None
    services: tuple[tuple[str, date | None], ...] = ()  # (service type, delivered on)


@dataclass(frozen=True)
class WaitingReferral:
    """A referral of the actor's agency to a peer's agency, not sent yet."""

    referral_id: int
    case_reference: str
    to_agency: str
    service: str | None
    shared_fields: tuple[str, ...]
    created_at: datetime


@dataclass(frozen=True)
class OutgoingView:
    peers: tuple[str, ...]
    peer: str | None
    waiting: tuple[WaitingReferral, ...]


def list_bundles(
    session: Session, *, actor: Actor, bundle_id: str | None = None
) -> list[BundleEntry]:
    """Every bundle packed or imported here (or the one ``bundle_id``), newest first
    (administrators only)."""
    access.require_role(actor, ADMINS, doing=msg("list exchange bundles"))
    query = select(ExchangeBundle, ExchangePeer.name).join(
        ExchangePeer, ExchangePeer.id == ExchangeBundle.peer_id
    )
    if bundle_id is not None:
        query = query.where(ExchangeBundle.bundle_id == bundle_id)
    rows = session.execute(
        query.order_by(ExchangeBundle.recorded_at.desc(), ExchangeBundle.id.desc())
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
    mine = or_(Referral.from_agency_id == actor.agency_id, Referral.to_agency_id == actor.agency_id)
    return _entries(session, mine)


def bundle_referrals(session: Session, *, bundle_id: str, actor: Actor) -> list[CrossBorderEntry]:
    """The cross-border referrals a bundle last changed here (administrators only: a
    bundle is the installation's, whichever agencies its referrals concern)."""
    access.require_role(actor, ADMINS, doing=msg("list exchange bundles"))
    return _entries(session, CrossBorderReferral.last_bundle_id == bundle_id)


def _entries(session: Session, where: object) -> list[CrossBorderEntry]:
    rows = session.execute(
        select(CrossBorderReferral, Referral, ExchangePeer.name)
        .join(Referral, Referral.id == CrossBorderReferral.referral_id)
        .join(ExchangePeer, ExchangePeer.id == CrossBorderReferral.peer_id)
        .where(where)  # type: ignore[arg-type]
        .order_by(CrossBorderReferral.id)
    ).all()
    services: dict[int, list[tuple[str, date | None]]] = {}
    ids = [referral.id for _, referral, _ in rows]
    for s in session.scalars(
        select(ServiceDelivery)
        .where(ServiceDelivery.referral_id.in_(ids))
        .order_by(ServiceDelivery.id)
    ):
        services.setdefault(s.referral_id or 0, []).append((s.service_type, s.delivered_on))
    return [
        CrossBorderEntry(
            link.exchange_key,
            link.direction,
            name,
            referral.id,
            referral.case_id,
            str(referral.status),
            link.last_bundle_id,
            referral.rejection_reason,
            tuple(services.get(referral.id, [])),
        )
        for link, referral, name in rows
    ]


def outgoing_view(session: Session, *, actor: Actor, peer_name: str | None) -> OutgoingView:
    """The peers, and the chosen peer's referrals from the actor's agency waiting to go."""
    access.require_role(actor, access.CASE_WRITERS, doing=msg("send bundles abroad"))
    peers = tuple(session.scalars(select(ExchangePeer.name).order_by(ExchangePeer.name)))
    if not peer_name:
        return OutgoingView(peers, None, ())
    peer = peer_named(session, peer_name)
    waiting = []
    for referral in outgoing_referrals(session, peer, actor, None):
        case, agency = session.get(Case, referral.case_id), session.get(Agency, peer.agency_id)
        waiting.append(
            WaitingReferral(
                referral.id,
                case.reference if case else "?",
                agency.name if agency else "?",
                referral.service_type,
                tuple(referral.shared_fields or []),
                referral.created_at,
            )
        )
    return OutgoingView(peers, peer.name, tuple(waiting))
