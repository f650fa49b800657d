"""Referrals: a case (or one service for it) sent from one agency to another.

States: ``in_progress`` → ``accepted`` or ``rejected`` (with a reason) → ``done``; the sender
may ``revoke`` a referral that is ``in_progress``, ``accepted`` or ``done`` (ending the access
a done referral still grants). The receiver answers, the sender revokes; everything else is a
Conflict naming the current state. Every change is audited with the state names only. While a
referral grants access (see ``palermo.cases.sharing``) the receiving agency sees the groups of
fields it shares, and nothing else; the groups only while the sharing consent naming it is
valid (or a supervisor overrode it when referring).

Consent is not checked once and forgotten: withdrawing a sharing consent revokes the referrals
that share fields with that agency, withdrawing the referral consent revokes the case's open
referrals, and closing a case revokes its open referrals; each revocation is audited with the
reason (``consent_withdrawn``, ``case_closed``). Once a referral no longer grants access, the
receiving agency still sees its state and dates, but not the sender's note.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.cases import access, sharing
from palermo.cases.consent import has_consent, has_override, require_consent
from palermo.cases.support_plan import ServiceType
from palermo.errors import Conflict, FieldProblem, PermissionDenied, ValidationFailed
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, Consent, Referral, utcnow


class ReferralState(StrEnum):
    in_progress = "in_progress"
    accepted = "accepted"
    rejected = "rejected"
    done = "done"
    revoked = "revoked"


STATE_LABELS: dict[ReferralState, tuple[str, str]] = {
    ReferralState.in_progress: ("Waiting for an answer", "En attente de réponse"),
    ReferralState.accepted: ("Accepted", "Acceptée"),
    ReferralState.rejected: ("Rejected", "Refusée"),
    ReferralState.done: ("Done", "Terminée"),
    ReferralState.revoked: ("Revoked", "Retirée"),
}

# States in which the receiving agency may read what the referral shares (see sharing.py).
GRANTING_STATES = frozenset({ReferralState.in_progress, ReferralState.accepted, ReferralState.done})
# States in which the referral is still being worked on (an answer or the work awaited).
OPEN_STATES = frozenset({ReferralState.in_progress, ReferralState.accepted})
# States the sender may revoke from: all that grant access.
REVOCABLE_STATES = GRANTING_STATES
# Working days the receiver has to answer when the sender gives no date.
DEFAULT_ANSWER_DAYS = 5


def state_label(state: str, locale: str = "en") -> str:
    en, fr = STATE_LABELS[ReferralState(state)]
    return fr if locale == "fr" else en


def add_working_days(start: date, days: int) -> date:
    """``days`` working days (Monday to Friday) after ``start``; public holidays not counted."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def is_overdue(referral: Referral, *, today: date | None = None) -> bool:
    """Still waiting for an answer after its respond-by date."""
    today = today or date.today()
    return (
        referral.status == ReferralState.in_progress
        and referral.respond_by is not None
        and referral.respond_by < today
    )


def agencies_to_refer_to(session: Session, *, actor: Actor) -> list[Agency]:
    """Every agency except the actor's own, by country then name (for the refer form)."""
    return list(
        session.scalars(
            select(Agency).where(Agency.id != actor.agency_id).order_by(Agency.country, Agency.name)
        )
    )


def sharing_override_action(agency_id: int) -> str:
    """The action of a supervisor's override of the sharing consent for a referral to one agency.

    The override names the agency so that the grant can rest on it later (``may_share``).
    """
    return f"refer to agency {agency_id}"


def may_share(session: Session, referral: Referral, *, on: date | None = None) -> bool:
    """Whether the referral's field groups may reach its receiver on ``on`` (today).

    Yes while a valid sharing consent names the receiving agency (a guardian's, for a
    child: ``consent.has_consent`` decides), or when a supervisor overrode that consent to
    refer the case to that agency.
    """
    on = on or date.today()
    return has_consent(
        session,
        case_id=referral.case_id,
        purpose="sharing",
        on=on,
        to_agency_id=referral.to_agency_id,
    ) or has_override(
        session,
        case_id=referral.case_id,
        purpose="sharing",
        action=sharing_override_action(referral.to_agency_id),
    )


def _check_service(service: str | None) -> str | None:
    if service in (None, ""):
        return None
    return str(ServiceType.parse(service))


def refer(
    session: Session,
    *,
    case_id: int,
    to_agency_id: int,
    service: str | None,
    shared_fields: list[str],
    note: str | None,
    respond_by: date | None,
    actor: Actor,
    override_reason: str | None = None,
) -> Referral:
    """Refer a case of the actor's agency to another agency, after checking consent.

    The case needs consent for the referral, and consent to share with that agency when any
    personal field group is shared; without it ConsentMissing is raised and nothing changes
    (unless a supervisor gives ``override_reason``, which the consent service records).
    """
    access.require_role(actor, access.CASE_WRITERS, doing="refer cases")
    case = access.load_case(session, case_id=case_id, actor=actor, doing="refer")
    service_type = _check_service(service)
    groups = sharing.check_groups(shared_fields)
    target = session.get(Agency, to_agency_id)
    if target is None or target.id == actor.agency_id:
        raise ValidationFailed(
            "Choose another agency to refer to.",
            problems=[FieldProblem(field="to_agency_id", reason="unknown or own agency")],
            hint="A referral goes to an agency other than your own.",
        )
    if respond_by is not None and respond_by < date.today():
        raise ValidationFailed(
            "The answer date is in the past.",
            problems=[FieldProblem(field="respond_by", reason="in the past")],
        )
    require_consent(
        session,
        case_id=case.id,
        purpose="referral",
        actor=actor,
        action="refer",
        override_reason=override_reason,
    )
    if groups:
        require_consent(
            session,
            case_id=case.id,
            purpose="sharing",
            actor=actor,
            to_agency_id=target.id,
            action=sharing_override_action(target.id),
            override_reason=override_reason,
        )
    referral = Referral(
        case_id=case.id,
        from_agency_id=case.agency_id,
        to_agency_id=target.id,
        service_type=service_type,
        status=ReferralState.in_progress,
        shared_fields=groups,
        note=(note or "").strip() or None,
        respond_by=respond_by or add_working_days(date.today(), DEFAULT_ANSWER_DAYS),
        created_by_id=actor.user_id,
        created_by=actor.username,
    )
    session.add(referral)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="referral",
        entity_id=referral.id,
        fields=[str(ReferralState.in_progress)],
    )
    if groups:
        # Which fields crossed to which record: names only, on the case's own trail.
        audit.record(
            session,
            actor=actor,
            action="share",
            entity="case",
            entity_id=case.id,
            fields=[f for g in groups for f in sharing.SHARE_GROUPS[g][2]],
        )
    return referral


def _load(session: Session, *, referral_id: int, actor: Actor) -> Referral:
    access.require_role(actor, access.CASE_READERS, doing="see referrals")
    referral = session.get(Referral, referral_id)
    if referral is None or actor.agency_id not in (
        referral.from_agency_id,
        referral.to_agency_id,
    ):
        access.deny_unseen(
            session, actor=actor, doing="read", case_id=referral_id, entity="referral"
        )
    return referral


def _as_seen_by(referral: Referral, actor: Actor) -> Referral:
    """The referral as ``actor`` may see it.

    The receiving agency loses the sender's note when the referral stops granting access
    (revoked, rejected): it gets a detached copy without the note, which is never saved.
    State and dates stay visible.
    """
    if actor.agency_id != referral.to_agency_id or referral.status in GRANTING_STATES:
        return referral
    columns = {a.key: getattr(referral, a.key) for a in sa_inspect(Referral).column_attrs}
    copy = Referral(**columns)
    copy.note = None
    return copy


def get_referral(session: Session, *, referral_id: int, actor: Actor) -> Referral:
    """The referral if the actor's agency sent or received it; otherwise NotFound (audited).

    For the receiving agency of a referral that no longer grants access, a read-only copy
    without the note (see ``_as_seen_by``).
    """
    return _as_seen_by(_load(session, referral_id=referral_id, actor=actor), actor)


def _move(
    session: Session,
    *,
    referral_id: int,
    actor: Actor,
    action: str,
    side: str,
    allowed_from: frozenset[ReferralState],
    to: ReferralState,
    extra_fields: tuple[str, ...] = (),
) -> Referral:
    access.require_role(actor, access.CASE_WRITERS, doing=f"{action} referrals")
    referral = _load(session, referral_id=referral_id, actor=actor)
    agency = referral.to_agency_id if side == "receiver" else referral.from_agency_id
    if actor.agency_id != agency:
        who = "receiving" if side == "receiver" else "referring"
        raise PermissionDenied(
            f"Only the {who} agency may {action} referral {referral.id}.",
            hint="Ask that agency.",
        )
    if referral.status not in allowed_from:
        wanted = " or ".join(sorted(allowed_from))
        raise Conflict(
            f"Referral {referral.id} is {referral.status}; it can be {to} only when {wanted}.",
            hint="Reload the referral to see its current state.",
        )
    _set_state(referral, to)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="referral",
        entity_id=referral.id,
        fields=[str(to), *extra_fields],
    )
    return referral


def _set_state(referral: Referral, to: ReferralState) -> None:
    referral.status = to
    now = utcnow()
    if to in (ReferralState.accepted, ReferralState.rejected):
        referral.responded_at = now
    elif to == ReferralState.done:
        referral.done_at = now
    elif to == ReferralState.revoked:
        referral.revoked_at = now


def accept_referral(session: Session, *, referral_id: int, actor: Actor) -> Referral:
    return _move(
        session,
        referral_id=referral_id,
        actor=actor,
        action="accept",
        side="receiver",
        allowed_from=frozenset({ReferralState.in_progress}),
        to=ReferralState.accepted,
    )


def reject_referral(session: Session, *, referral_id: int, reason: str, actor: Actor) -> Referral:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            "Give the reason for rejecting the referral.",
            problems=[FieldProblem(field="reason", reason="required")],
        )
    referral = _move(
        session,
        referral_id=referral_id,
        actor=actor,
        action="reject",
        side="receiver",
        allowed_from=frozenset({ReferralState.in_progress}),
        to=ReferralState.rejected,
        extra_fields=("rejection_reason",),
    )
    referral.rejection_reason = reason
    session.flush()
    # The receiver's answer no longer shows the sender's note.
    return _as_seen_by(referral, actor)


def complete_referral(session: Session, *, referral_id: int, actor: Actor) -> Referral:
    return _move(
        session,
        referral_id=referral_id,
        actor=actor,
        action="complete",
        side="receiver",
        allowed_from=frozenset({ReferralState.accepted}),
        to=ReferralState.done,
    )


def revoke_referral(session: Session, *, referral_id: int, actor: Actor) -> Referral:
    """The sender withdraws the referral; a done one too, which ends the access it grants."""
    return _move(
        session,
        referral_id=referral_id,
        actor=actor,
        action="revoke",
        side="sender",
        allowed_from=REVOCABLE_STATES,
        to=ReferralState.revoked,
    )


def _end(session: Session, rows: list[Referral], *, actor: Actor, why: str) -> None:
    """Revoke ``rows`` on the sender's behalf, each audited with the reason ``why``."""
    for referral in rows:
        _set_state(referral, ReferralState.revoked)
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="revoke",
            entity="referral",
            entity_id=referral.id,
            fields=[why],
        )


def _of_case(session: Session, case_id: int, states: frozenset[ReferralState]) -> list[Referral]:
    return list(
        session.scalars(
            select(Referral)
            .where(Referral.case_id == case_id, Referral.status.in_([str(s) for s in states]))
            .order_by(Referral.id)
        )
    )


def end_with_consent(session: Session, *, consent: Consent, actor: Actor) -> list[Referral]:
    """End what a consent just withdrawn allowed; returns the referrals revoked.

    A sharing consent: the referrals that share field groups with its agency (``done`` ones
    too), unless another valid sharing consent still names that agency. The referral consent:
    the case's open referrals, unless another valid referral consent remains. The caller
    (``consent.withdraw_consent``) has checked the actor may update the case.
    """
    today = date.today()
    case_id = consent.case_id
    if consent.purpose == "sharing" and consent.shared_with_agency_id is not None:
        agency_id = consent.shared_with_agency_id
        if has_consent(
            session, case_id=case_id, purpose="sharing", on=today, to_agency_id=agency_id
        ):
            return []
        rows = [
            r
            for r in _of_case(session, case_id, GRANTING_STATES)
            if r.to_agency_id == agency_id and r.shared_fields
        ]
    elif consent.purpose == "referral":
        if has_consent(session, case_id=case_id, purpose="referral", on=today):
            return []
        rows = _of_case(session, case_id, OPEN_STATES)
    else:
        return []
    _end(session, rows, actor=actor, why="consent_withdrawn")
    return rows


def end_on_close(
    session: Session, *, case_id: int, actor: Actor, referred_to_agency_id: int | None = None
) -> list[Referral]:
    """Revoke the open referrals of a case being closed; returns them.

    A case closed as referred to a named agency keeps its open referrals to that agency: the
    work goes on there. The caller (``lifecycle.close_case``) has loaded the case for update.
    """
    rows = [
        r
        for r in _of_case(session, case_id, OPEN_STATES)
        if referred_to_agency_id is None or r.to_agency_id != referred_to_agency_id
    ]
    _end(session, rows, actor=actor, why="case_closed")
    return rows


def case_referrals(session: Session, *, case_id: int, actor: Actor) -> list[Referral]:
    """Referrals of a case of the actor's agency, newest first."""
    access.require_role(actor, access.CASE_READERS, doing="see referrals")
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
