"""Work queues: what needs doing now, for a case worker and for a service provider.

Queues hold references, states and dates, never personal data, so building one is not a
read of any case and is not audited per case; opening an item is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.consent.recording import expiring_consents
from palermo.cases.nrm.deadlines import NrmAlert, nrm_alerts
from palermo.cases.referrals.deliveries import overdue_services
from palermo.cases.referrals.listing import received_referrals, sent_referrals
from palermo.cases.referrals.states import is_overdue
from palermo.i18n import msg
from palermo.store.actor import Actor
from palermo.store.models import Agency, Case, Consent, Referral, ServiceDelivery
from palermo.vocab import ReferralState

CONSENT_WARNING_DAYS = 14


@dataclass(frozen=True)
class ReferralItem:
    id: int
    case_id: int
    case_reference: str | None
    other_agency: str
    other_country: str
    service_type: str | None
    state: str
    respond_by: date | None
    overdue: bool
    services_recorded: int = 0


@dataclass(frozen=True)
class ServiceItem:
    id: int
    case_id: int
    case_reference: str
    service_type: str
    planned_on: date | None


@dataclass(frozen=True)
class ConsentItem:
    id: int
    case_id: int
    case_reference: str
    purpose: str
    expires_on: date | None


@dataclass(frozen=True)
class Queue:
    """A case worker's page of what needs doing."""

    awaiting_answer: list[ReferralItem] = field(default_factory=list)
    overdue_referrals: list[ReferralItem] = field(default_factory=list)
    overdue_services: list[ServiceItem] = field(default_factory=list)
    nrm_alerts: list[NrmAlert] = field(default_factory=list)
    expiring_consents: list[ConsentItem] = field(default_factory=list)

    @property
    def size(self) -> int:
        return (
            len(self.awaiting_answer)
            + len(self.overdue_services)
            + len(self.nrm_alerts)
            + len(self.expiring_consents)
        )


@dataclass(frozen=True)
class ProviderQueue:
    """A service provider's page of referrals received."""

    new: list[ReferralItem] = field(default_factory=list)
    awaiting_service: list[ReferralItem] = field(default_factory=list)
    in_service: list[ReferralItem] = field(default_factory=list)


def _references(session: Session, case_ids: set[int]) -> dict[int, str]:
    if not case_ids:
        return {}
    rows = session.execute(select(Case.id, Case.reference).where(Case.id.in_(case_ids)))
    return {case_id: reference for case_id, reference in rows}


def _agencies(session: Session) -> dict[int, Agency]:
    return {a.id: a for a in session.scalars(select(Agency))}


def _item(
    referral: Referral,
    *,
    other: Agency,
    reference: str | None,
    today: date,
    services: int = 0,
) -> ReferralItem:
    return ReferralItem(
        id=referral.id,
        case_id=referral.case_id,
        case_reference=reference,
        other_agency=other.name,
        other_country=other.country,
        service_type=referral.service_type,
        state=referral.status,
        respond_by=referral.respond_by,
        overdue=is_overdue(referral, today=today),
        services_recorded=services,
    )


def caseworker_queue(session: Session, *, actor: Actor, today: date | None = None) -> Queue:
    access.require_role(actor, access.CASE_READERS, doing=msg("see the work queue"))
    today = today or clock.today()
    agencies = _agencies(session)
    waiting = sent_referrals(session, actor=actor, states=frozenset({ReferralState.in_progress}))
    refs = _references(session, {r.case_id for r in waiting})
    items = [
        _item(r, other=agencies[r.to_agency_id], reference=refs.get(r.case_id), today=today)
        for r in waiting
    ]
    late: list[ServiceDelivery] = overdue_services(session, actor=actor, today=today)
    consents: list[Consent] = expiring_consents(
        session, actor=actor, within_days=CONSENT_WARNING_DAYS
    )
    refs |= _references(session, {s.case_id for s in late} | {c.case_id for c in consents})
    return Queue(
        awaiting_answer=items,
        overdue_referrals=[i for i in items if i.overdue],
        overdue_services=[
            ServiceItem(s.id, s.case_id, refs[s.case_id], s.service_type, s.planned_on)
            for s in late
        ],
        nrm_alerts=list(nrm_alerts(session, actor=actor, today=today)),
        expiring_consents=[
            ConsentItem(c.id, c.case_id, refs[c.case_id], c.purpose, c.expires_on) for c in consents
        ],
    )


def provider_queue(session: Session, *, actor: Actor, today: date | None = None) -> ProviderQueue:
    access.require_role(actor, access.CASE_READERS, doing=msg("see referrals received"))
    today = today or clock.today()
    agencies = _agencies(session)
    received = received_referrals(
        session,
        actor=actor,
        states=frozenset({ReferralState.in_progress, ReferralState.accepted}),
    )
    refs = _references(session, {r.case_id for r in received})
    counts: dict[int, int] = {}
    ids = [r.id for r in received]
    if ids:
        for referral_id in session.scalars(
            select(ServiceDelivery.referral_id).where(
                ServiceDelivery.referral_id.in_(ids), ServiceDelivery.delivered_on.is_not(None)
            )
        ):
            if referral_id is not None:
                counts[referral_id] = counts.get(referral_id, 0) + 1
    items = [
        _item(
            r,
            other=agencies[r.from_agency_id],
            reference=refs.get(r.case_id),
            today=today,
            services=counts.get(r.id, 0),
        )
        for r in received
    ]
    accepted = [i for i in items if i.state == ReferralState.accepted]
    return ProviderQueue(
        new=[i for i in items if i.state == ReferralState.in_progress],
        awaiting_service=[i for i in accepted if i.services_recorded == 0],
        in_service=[i for i in accepted if i.services_recorded > 0],
    )
