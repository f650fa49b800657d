"""Opening a bundle from a peer installation and importing it through the case services.

``palermo.linkage.envelope.open_bundle`` decrypts and verifies it (signature of a known
peer, addressed to this installation, not expired, id never seen). Then, in the
caller's one transaction, new referrals become a case of the agency standing for the
peer, its consents and a referral to the named local agency (``open_case``,
``record_consent``, ``refer``), and answers move this installation's referrals
(``accept_referral``, ``reject_referral``, ``complete_referral``, ``record_service``).
Any refusal rolls everything back, is audited on its own, and imports nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.record.casefile import open_case
from palermo.cases.referrals import answers as moves
from palermo.cases.referrals.deliveries import record_service
from palermo.cases.referrals.field_groups import check_groups
from palermo.cases.referrals.sending import refer
from palermo.cases.referrals.states import REVOCABLE_STATES
from palermo.cases.workflow import withdraw_consent
from palermo.cooperate.crossborder.encodings import ReceivedEncoding, received_encodings
from palermo.cooperate.crossborder.installations import (
    ADMINS,
    list_peers,
    peer_actor,
    peer_keys,
)
from palermo.cooperate.crossborder.packing import BODY_KIND, IN, OUT, digest
from palermo.cooperate.crossborder.shared_record import (
    check_extras,
    record_extras,
    record_to_case,
)
from palermo.errors import PalermoError, ValidationFailed
from palermo.i18n import msg
from palermo.linkage.envelope import InstallationKeys, open_bundle
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


@dataclass(frozen=True)
class UnpackResult:
    bundle_id: str
    sender: str
    referrals: int  # referrals received
    answers: int  # answers that changed a referral of ours
    revocations: int  # referrals received before and revoked now by their sender
    encodings: tuple[ReceivedEncoding, ...]  # PPRL files for the receiver to write


class _StoredIds:
    """Bundle ids already recorded here (sent or received): a second arrival is a replay."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def has_seen(self, bundle_id: str) -> bool:
        found = select(ExchangeBundle.id).where(ExchangeBundle.bundle_id == bundle_id)
        return self.session.scalar(found) is not None


def _day(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _record_consents(
    session: Session, case_id: int, consent: dict[str, Any], target: int, who: Actor
) -> None:
    for purpose, doc, agency in (
        (ConsentPurpose.referral, consent.get("referral"), None),
        (ConsentPurpose.sharing, consent.get("sharing"), target),
    ):
        if not doc:
            continue
        data = ConsentCreate(
            purpose=purpose,
            given_by=doc["given_by"],
            guardian_name=doc.get("guardian_name"),
            informed_of=doc.get("informed_of") or [],
            given_on=_day(doc["given_on"]) or clock.today(),
            expires_on=_day(doc.get("expires_on")),
            shared_with_agency_id=agency,
        )
        record_consent(session, case_id=case_id, data=data, actor=who)


def _receive_referral(
    session: Session, peer: ExchangePeer, item: dict[str, Any], bundle_id: str
) -> int:
    key = str(item["exchange_key"])
    if not key.startswith(f"{peer.name}:"):
        raise ValidationFailed(
            msg("Peer {peer} sent a referral that another installation made.", peer=peer.name)
        )
    if session.scalar(
        select(CrossBorderReferral.id).where(CrossBorderReferral.exchange_key == key)
    ):
        return 0  # received before, in another bundle: nothing changes
    target = session.scalar(select(Agency).where(Agency.name == item["to_agency"]))
    if target is None or target.id == peer.agency_id:
        raise ValidationFailed(
            msg(
                "The bundle refers a case to {agency!r}, which is no agency here.",
                agency=item["to_agency"],
            ),
            hint=msg("The sender must refer to the agency by its name in this installation."),
        )
    groups = check_groups(list(item["shared_fields"]))
    extras = dict(item.get("extras") or {})
    check_extras(extras, groups)
    who = peer_actor(peer)
    case = open_case(session, data=record_to_case(dict(item["record"]), groups), actor=who)
    record_extras(session, case.id, extras, who)
    _record_consents(session, case.id, dict(item["consent"]), target.id, who)
    respond_by = _day(item.get("respond_by"))
    referral = refer(
        session,
        case_id=case.id,
        to_agency_id=target.id,
        service=item.get("service"),
        shared_fields=groups,
        note=item.get("note"),
        respond_by=respond_by if respond_by and respond_by >= clock.today() else None,
        actor=who,
    )
    session.add(
        CrossBorderReferral(
            exchange_key=key,
            direction=IN,
            peer_id=peer.id,
            referral_id=referral.id,
            last_bundle_id=bundle_id,
            services_seen=[],
        )
    )
    return 1


def _apply_answer(
    session: Session, peer: ExchangePeer, item: dict[str, Any], bundle_id: str
) -> int:
    link = session.scalar(
        select(CrossBorderReferral).where(
            CrossBorderReferral.exchange_key == str(item["exchange_key"]),
            CrossBorderReferral.direction == OUT,
            CrossBorderReferral.peer_id == peer.id,
        )
    )
    if link is None:
        raise ValidationFailed(
            msg("The bundle answers a referral that was never sent to {peer}.", peer=peer.name)
        )
    referral = session.get(Referral, link.referral_id)
    assert referral is not None  # the link's foreign key cascades with the referral
    who, remote, before = peer_actor(peer), ReferralState(item["state"]), referral.status
    if referral.status == ReferralState.revoked:
        return 0  # withdrawn here meanwhile: the answer comes too late to change anything
    if (
        remote in (ReferralState.accepted, ReferralState.done)
        and before == ReferralState.in_progress
    ):
        moves.accept_referral(session, referral_id=referral.id, actor=who)
    if remote == ReferralState.done and referral.status == ReferralState.accepted:
        moves.complete_referral(session, referral_id=referral.id, actor=who)
    if remote == ReferralState.rejected and referral.status == ReferralState.in_progress:
        reason = item.get("rejection_reason") or msg(
            "No reason was given by the other installation."
        )
        moves.reject_referral(session, referral_id=referral.id, reason=str(reason), actor=who)
    seen = list(link.services_seen or [])
    for service in item.get("services") or []:
        if service["id"] in seen:
            continue
        record_service(
            session,
            referral_id=referral.id,
            service_type=service["service_type"],
            planned_on=_day(service.get("planned_on")),
            delivered_on=_day(service.get("delivered_on")),
            outcome=None,
            actor=who,
        )
        seen.append(service["id"])
    changed = referral.status != before or seen != list(link.services_seen or [])
    link.services_seen, link.last_bundle_id = seen, bundle_id
    return int(changed)


def _withdraw_copies(
    session: Session, peer: ExchangePeer, referral: Referral, withdrawn: list[dict[str, Any]]
) -> None:
    """Withdraw this side's copies of the consents the person withdrew at the sender."""
    for item in withdrawn:
        purpose = ConsentPurpose(str(item["purpose"]))
        query = select(Consent).where(
            Consent.case_id == referral.case_id,
            Consent.purpose == purpose,
            Consent.withdrawn_on.is_(None),
        )
        if purpose == ConsentPurpose.sharing:
            query = query.where(Consent.shared_with_agency_id == referral.to_agency_id)
        on = _day(item.get("withdrawn_on"))
        note = f"Withdrawn at {peer.name}" + (f" on {on.isoformat()}." if on else ".")
        for consent in session.scalars(query.order_by(Consent.id)).all():
            withdraw_consent(session, consent_id=consent.id, note=note, actor=peer_actor(peer))


def _apply_revocation(session: Session, peer: ExchangePeer, item: dict[str, Any]) -> int:
    link = session.scalar(
        select(CrossBorderReferral).where(
            CrossBorderReferral.exchange_key == str(item["exchange_key"]),
            CrossBorderReferral.direction == IN,
            CrossBorderReferral.peer_id == peer.id,
        )
    )
    if link is None:
        return 0  # never received here (it may travel in a bundle still on its way)
    referral = session.get(Referral, link.referral_id)
    if referral is None:
        return 0
    revoked = 0
    if referral.status in REVOCABLE_STATES:
        moves.revoke_referral(session, referral_id=referral.id, actor=peer_actor(peer))
        revoked = 1
    # Even a referral already done: what the withdrawn consent allowed ends here too.
    _withdraw_copies(session, peer, referral, list(item.get("withdrawn") or []))
    return revoked


def _refused(session: Session, actor: Actor, error: PalermoError) -> None:
    """Roll the bundle's work back and keep only the refusal, in its own transaction."""
    session.rollback()
    audit.record(
        session,
        actor=actor,
        action="unpack",
        entity="exchange_bundle",
        entity_id=None,
        fields=[getattr(error, "reason", type(error).__name__)],
        outcome="denied",
    )
    session.commit()


@audit.audited
def unpack_bundle(
    session: Session,
    *,
    bundle: str,
    keys: InstallationKeys,
    actor: Actor,
    encodings_allowed: bool = True,
) -> UnpackResult:
    """Verify a bundle and import all of it, or refuse it and import nothing.

    A bundle is the installation's, whichever of its agencies it concerns: its
    administrators import it. Without ``encodings_allowed`` (the web pages, which have
    nowhere to write them) a bundle carrying PPRL encodings is refused.
    """
    access.require_role(actor, ADMINS, doing=msg("import bundles from abroad"))
    peers = list_peers(session)
    try:
        opened = open_bundle(
            bundle.strip(),
            keys=keys,
            peers=[peer_keys(p) for p in peers],
            seen=_StoredIds(session),
            now=clock.now(),
        )
        peer = next(p for p in peers if p.name == opened.header.sender)
        body = opened.body
        if body.get("kind") != BODY_KIND:
            raise ValidationFailed(msg("The bundle holds no cross-border referrals or answers."))
        bundle_id = opened.header.bundle_id
        if body.get("encodings") and not encodings_allowed:
            raise ValidationFailed(
                msg("The bundle carries PPRL encodings files, which only the command line writes."),
                hint=msg(
                    "Import it on the server: palermo exchange unpack FILE --encodings-dir DIR."
                ),
            )
        try:
            received = sum(
                _receive_referral(session, peer, i, bundle_id) for i in body["referrals"]
            )
            answered = sum(_apply_answer(session, peer, i, bundle_id) for i in body["answers"])
            revoked = sum(_apply_revocation(session, peer, i) for i in body.get("revocations", []))
            clks = received_encodings(list(body.get("encodings", [])))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValidationFailed(
                msg("The bundle's content is malformed ({error}).", error=str(exc))
            ) from exc
        session.add(
            ExchangeBundle(
                bundle_id=bundle_id,
                direction=IN,
                peer_id=peer.id,
                created_at=opened.header.created.replace(tzinfo=None),
                expires_at=opened.header.expires.replace(tzinfo=None),
                digest=digest(bundle.strip()),
                contents={
                    "referrals": received,
                    "answers": answered,
                    "revocations": revoked,
                    "encodings": len(clks),
                },
                recorded_by=actor.username,
            )
        )
        session.flush()
    except PalermoError as exc:
        _refused(session, actor, exc)
        raise
    return UnpackResult(bundle_id, peer.name, received, answered, revoked, clks)
