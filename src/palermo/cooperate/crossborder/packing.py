"""Packing a bundle for a peer installation: new referrals to it and answers to its referrals.

What goes in is chosen by the actor's agency: its referrals to the agency standing for
the peer that were not sent yet (each with the case cut to its shared field groups and
the consents it rests on), and its answers to referrals that came from that peer, when
they changed since the last bundle. The bundle is sealed with
``palermo.linkage.envelope`` (JWS Ed25519 inside JWE X25519); only its id and digest
are kept here.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.consent.enforcement import has_consent
from palermo.cases.consent.validity import valid_consent_clause
from palermo.cases.referrals.deliveries import referral_services
from palermo.cases.referrals.field_groups import fields_of
from palermo.cases.referrals.grants import may_share
from palermo.cooperate.crossborder.encodings import attach_encodings
from palermo.cooperate.crossborder.installations import peer_keys, peer_named
from palermo.cooperate.crossborder.shared_record import shared_extras, shared_record
from palermo.errors import ConsentMissing, ValidationFailed
from palermo.i18n import msg
from palermo.linkage.envelope import InstallationKeys, seal_bundle
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import (
    Agency,
    Consent,
    CrossBorderReferral,
    ExchangeBundle,
    ExchangePeer,
    Referral,
)
from palermo.vocab import ConsentPurpose, ReferralState

BODY_KIND = "palermo.crossborder.v1"
OUT, IN = "out", "in"
REVOKED = "revoked"  # the news of a referral revoked by its sender


@dataclass(frozen=True)
class PackResult:
    bundle: str
    bundle_id: str
    peer: str
    referrals: int
    answers: int
    revocations: int
    encodings: int


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _consent_doc(consent: Consent | None) -> dict[str, Any] | None:
    if consent is None:
        return None
    return {
        "given_by": consent.given_by,
        "guardian_name": consent.guardian_name,
        "informed_of": list(consent.informed_of or []),
        "given_on": consent.given_on.isoformat(),
        "expires_on": consent.expires_on.isoformat() if consent.expires_on else None,
    }


def _consent(session: Session, case_id: int, purpose: str, agency_id: int | None) -> Consent | None:
    query = select(Consent).where(
        Consent.case_id == case_id,
        Consent.purpose == purpose,
        valid_consent_clause(clock.today()),
    )
    if agency_id is not None:
        query = query.where(Consent.shared_with_agency_id == agency_id)
    return session.scalars(query.order_by(Consent.given_on.desc(), Consent.id.desc())).first()


def _referral_item(
    session: Session, referral: Referral, *, sender: str, actor: Actor
) -> dict[str, Any]:
    case = access.load_case(session, case_id=referral.case_id, actor=actor, doing="share")
    groups = list(referral.shared_fields or [])
    to_referral = _consent(session, case.id, ConsentPurpose.referral, None)
    to_share = _consent(session, case.id, ConsentPurpose.sharing, referral.to_agency_id)
    # Abroad, a supervisor's override does not travel: the person's own consent must.
    if to_referral is None or (groups and (to_share is None or not may_share(session, referral))):
        raise ConsentMissing(
            msg(
                "Referral {id} cannot go abroad: case {case} lacks a valid consent to refer "
                "and to share with that agency.",
                id=referral.id,
                case=case.reference,
            ),
            purpose=ConsentPurpose.referral if to_referral is None else ConsentPurpose.sharing,
            hint=msg("Record the person's consent naming the agency; nothing was packed."),
        )
    extras = shared_extras(session, case, groups)
    audit.record(
        session,
        actor=actor,
        action="send_abroad",
        entity="case",
        entity_id=case.id,
        fields=fields_of(groups),
    )
    to_agency = session.get(Agency, referral.to_agency_id)
    return {
        "exchange_key": f"{sender}:{referral.id}",
        "to_agency": to_agency.name if to_agency else None,
        "service": referral.service_type,
        "shared_fields": groups,
        "note": referral.note,
        "respond_by": referral.respond_by.isoformat() if referral.respond_by else None,
        "record": shared_record(case, groups),
        "extras": extras,
        "consent": {
            "referral": _consent_doc(to_referral),
            "sharing": _consent_doc(to_share) if groups else None,
        },
    }


def outgoing_referrals(
    session: Session, peer: ExchangePeer, actor: Actor, referral_ids: list[int] | None
) -> list[Referral]:
    """The agency's open referrals to the peer not sent yet (``referral_ids``: only these;
    an empty list: none, for a bundle of answers only)."""
    if referral_ids is not None and not referral_ids:
        return []
    sent = select(CrossBorderReferral.referral_id)
    query = select(Referral).where(
        Referral.from_agency_id == actor.agency_id,
        Referral.to_agency_id == peer.agency_id,
        Referral.status == ReferralState.in_progress,
        Referral.id.not_in(sent),
    )
    if referral_ids is not None:
        query = query.where(Referral.id.in_(referral_ids))
    rows = list(session.scalars(query.order_by(Referral.id)))
    missing = sorted(set(referral_ids or []) - {r.id for r in rows})
    if missing:
        raise ValidationFailed(
            msg(
                "Referral(s) {ids} are not open referrals of your agency to {peer} waiting to be "
                "sent.",
                ids=", ".join(map(str, missing)),
                peer=peer.name,
            ),
            hint=msg("Refer the case to the peer's agency first; a referral is sent once."),
        )
    return rows


def answer_of(session: Session, referral: Referral, *, key: str, actor: Actor) -> dict[str, Any]:
    services = referral_services(session, referral_id=referral.id, actor=actor)
    return {
        "exchange_key": key,
        "state": str(referral.status),
        "rejection_reason": referral.rejection_reason,
        "services": [
            {
                "id": s.id,
                "service_type": s.service_type,
                "planned_on": s.planned_on.isoformat() if s.planned_on else None,
                "delivered_on": s.delivered_on.isoformat() if s.delivered_on else None,
            }
            for s in services
        ],
    }


def _answers(
    session: Session, peer: ExchangePeer, actor: Actor, bundle_id: str
) -> list[dict[str, Any]]:
    links = session.execute(
        select(CrossBorderReferral, Referral)
        .join(Referral, Referral.id == CrossBorderReferral.referral_id)
        .where(
            CrossBorderReferral.direction == IN,
            CrossBorderReferral.peer_id == peer.id,
            Referral.to_agency_id == actor.agency_id,
        )
        .order_by(CrossBorderReferral.id)
    ).all()
    answers = []
    for link, referral in links:
        answer = answer_of(session, referral, key=link.exchange_key, actor=actor)
        if answer["state"] == ReferralState.in_progress and not answer["services"]:
            continue
        sealed = digest(json.dumps(answer, sort_keys=True))
        if sealed == link.news_sent:
            continue
        link.news_sent, link.last_bundle_id = sealed, bundle_id
        answers.append(answer)
    return answers


def _withdrawn(session: Session, referral: Referral) -> list[dict[str, str]]:
    """The consents the referral rested on that the person withdrew, none in force since:
    the peer withdraws its copies of them too."""
    found = []
    for purpose, agency in (
        (ConsentPurpose.referral, None),
        (ConsentPurpose.sharing, referral.to_agency_id),
    ):
        query = select(Consent.withdrawn_on).where(
            Consent.case_id == referral.case_id,
            Consent.purpose == purpose,
            Consent.withdrawn_on.is_not(None),
        )
        if agency is not None:
            query = query.where(Consent.shared_with_agency_id == agency)
        last = session.scalars(query.order_by(Consent.withdrawn_on.desc())).first()
        today = clock.today()
        if last and not has_consent(
            session, case_id=referral.case_id, purpose=purpose, on=today, to_agency_id=agency
        ):
            found.append({"purpose": str(purpose), "withdrawn_on": last.isoformat()})
    return found


def _revocations(
    session: Session, peer: ExchangePeer, actor: Actor, bundle_id: str
) -> list[dict[str, Any]]:
    """Referrals sent to the peer and revoked here since (by hand, or by a withdrawn
    consent, which the news names)."""
    rows = session.execute(
        select(CrossBorderReferral, Referral)
        .join(Referral, Referral.id == CrossBorderReferral.referral_id)
        .where(
            CrossBorderReferral.direction == OUT,
            CrossBorderReferral.peer_id == peer.id,
            Referral.from_agency_id == actor.agency_id,
            Referral.status == ReferralState.revoked,
            or_(CrossBorderReferral.news_sent.is_(None), CrossBorderReferral.news_sent != REVOKED),
        )
        .order_by(CrossBorderReferral.id)
    ).all()
    news = []
    for link, referral in rows:
        link.news_sent, link.last_bundle_id = REVOKED, bundle_id
        news.append({"exchange_key": link.exchange_key, "withdrawn": _withdrawn(session, referral)})
    return news


@audit.audited
def pack_bundle(
    session: Session,
    *,
    keys: InstallationKeys,
    peer_name: str,
    actor: Actor,
    referral_ids: list[int] | None = None,
    valid_for: timedelta = timedelta(days=7),
    encodings: list[Path] | None = None,
) -> PackResult:
    """Seal the actor's agency's new referrals, changed answers and revocations for
    ``peer_name``, with any PPRL ``encodings`` files given."""
    access.require_role(actor, access.CASE_WRITERS, doing=msg("send bundles abroad"))
    peer = peer_named(session, peer_name)
    bundle_id = str(uuid.uuid4())
    referrals = outgoing_referrals(session, peer, actor, referral_ids)
    items = [_referral_item(session, r, sender=keys.name, actor=actor) for r in referrals]
    answers = _answers(session, peer, actor, bundle_id)
    revoked = _revocations(session, peer, actor, bundle_id)
    clks = attach_encodings(encodings or [])
    if not items and not answers and not revoked and not clks:
        raise ValidationFailed(
            msg(
                "Nothing to send to {peer}: no new referral, answer or revocation.",
                peer=peer.name,
            )
        )
    for referral, item in zip(referrals, items, strict=True):
        session.add(
            CrossBorderReferral(
                exchange_key=item["exchange_key"],
                direction=OUT,
                peer_id=peer.id,
                referral_id=referral.id,
                last_bundle_id=bundle_id,
                services_seen=[],
            )
        )
    now = clock.now()
    valid = timedelta(days=7) if valid_for is None else valid_for
    body = {
        "kind": BODY_KIND,
        "referrals": items,
        "answers": answers,
        "revocations": revoked,
        "encodings": clks,
    }
    bundle = seal_bundle(
        body, sender=keys, recipient=peer_keys(peer), valid_for=valid, now=now, bundle_id=bundle_id
    )
    session.add(
        ExchangeBundle(
            bundle_id=bundle_id,
            direction=OUT,
            peer_id=peer.id,
            created_at=now.replace(tzinfo=None),
            expires_at=(now + valid).replace(tzinfo=None),
            digest=digest(bundle),
            contents={
                "referrals": len(items),
                "answers": len(answers),
                "revocations": len(revoked),
                "encodings": len(clks),
            },
            recorded_by=actor.username,
        )
    )
    session.flush()
    return PackResult(
        bundle, bundle_id, peer.name, len(items), len(answers), len(revoked), len(clks)
    )
