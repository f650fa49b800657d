"""The receiver's answers and the sender's revocation: a referral moving between its states."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.cases.referrals.states import GRANTING_STATES, REVOCABLE_STATES
from palermo.errors import Conflict, FieldProblem, PermissionDenied, ValidationFailed
from palermo.i18n import Msg, as_code, joined, msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Referral, utcnow
from palermo.vocab import ReferralState

# Per move: what the role check says, and who alone may make it (whole sentences).
_DOING = {
    "accept": msg("accept referrals"),
    "reject": msg("reject referrals"),
    "complete": msg("complete referrals"),
    "revoke": msg("revoke referrals"),
}
_ONLY_AGENCY: dict[str, Callable[[int], Msg]] = {
    "accept": lambda n: msg("Only the receiving agency may accept referral {id}.", id=n),
    "reject": lambda n: msg("Only the receiving agency may reject referral {id}.", id=n),
    "complete": lambda n: msg("Only the receiving agency may complete referral {id}.", id=n),
    "revoke": lambda n: msg("Only the referring agency may revoke referral {id}.", id=n),
}


def _load(session: Session, *, referral_id: int, actor: Actor) -> Referral:
    access.require_role(actor, access.CASE_READERS, doing=msg("see referrals"))
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
    also: dict[str, object] | None = None,
) -> Referral:
    (referral,) = _move_all(
        session,
        referral_ids=[referral_id],
        actor=actor,
        action=action,
        side=side,
        allowed_from=allowed_from,
        to=to,
        also=also,
    )
    return referral


def _move_all(
    session: Session,
    *,
    referral_ids: Sequence[int],
    actor: Actor,
    action: str,
    side: str,
    allowed_from: frozenset[ReferralState],
    to: ReferralState,
    also: dict[str, object] | None = None,
) -> list[Referral]:
    """Move each referral, in one flush; every one is checked before any moves."""
    access.require_role(actor, access.CASE_WRITERS, doing=_DOING[action])
    referrals = [
        _checked_move(session, n, actor, action, side, allowed_from, to) for n in referral_ids
    ]
    for referral in referrals:
        # The entry names the state reached (and what came with it), not the timestamps.
        audit.name_change(session, referral, action, fields=[str(to), *(also or {})])
        _set_state(referral, to)
        for key, value in (also or {}).items():
            setattr(referral, key, value)
    session.flush()
    return referrals


def _checked_move(
    session: Session,
    referral_id: int,
    actor: Actor,
    action: str,
    side: str,
    allowed_from: frozenset[ReferralState],
    to: ReferralState,
) -> Referral:
    referral = _load(session, referral_id=referral_id, actor=actor)
    agency = referral.to_agency_id if side == "receiver" else referral.from_agency_id
    if actor.agency_id != agency:
        raise PermissionDenied(_ONLY_AGENCY[action](referral.id), hint=msg("Ask that agency."))
    if referral.status not in allowed_from:
        wanted = joined((as_code(s) for s in sorted(allowed_from)), sep=msg(" or "))
        raise Conflict(
            msg(
                "Referral {id} is {status}; it can be {to} only when {wanted}.",
                id=referral.id,
                status=as_code(referral.status, of=ReferralState),
                to=as_code(to),
                wanted=wanted,
            ),
            hint=msg("Reload the referral to see its current state."),
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


@audit.audited
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


@audit.audited
def accept_referrals(
    session: Session, *, referral_ids: Sequence[int], actor: Actor
) -> list[Referral]:
    """Accept many referrals received by the actor's agency in one flush (bulk paths such
    as the demo's casework), each checked and audited as :func:`accept_referral` does it;
    one refused, none is accepted."""
    return _move_all(
        session,
        referral_ids=referral_ids,
        actor=actor,
        action="accept",
        side="receiver",
        allowed_from=frozenset({ReferralState.in_progress}),
        to=ReferralState.accepted,
    )


@audit.audited
def reject_referral(session: Session, *, referral_id: int, reason: str, actor: Actor) -> Referral:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            msg("Give the reason for rejecting the referral."),
            problems=[FieldProblem(field="reason", reason=msg("required"))],
        )
    referral = _move(
        session,
        referral_id=referral_id,
        actor=actor,
        action="reject",
        side="receiver",
        allowed_from=frozenset({ReferralState.in_progress}),
        to=ReferralState.rejected,
        also={"rejection_reason": reason},
    )
    # The receiver's answer no longer shows the sender's note.
    return _as_seen_by(referral, actor)


@audit.audited
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


@audit.audited
def complete_referrals(
    session: Session, *, referral_ids: Sequence[int], actor: Actor
) -> list[Referral]:
    """Complete many accepted referrals of the actor's agency in one flush, each checked and
    audited as :func:`complete_referral` does it; one refused, none is completed."""
    return _move_all(
        session,
        referral_ids=referral_ids,
        actor=actor,
        action="complete",
        side="receiver",
        allowed_from=frozenset({ReferralState.accepted}),
        to=ReferralState.done,
    )


@audit.audited
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


@audit.audited
def revoke_on_behalf(session: Session, rows: list[Referral], *, actor: Actor, why: str) -> None:
    """Revoke ``rows`` on the sender's behalf, each audited with the reason ``why``."""
    for referral in rows:
        audit.name_change(session, referral, "revoke", fields=[why])
        _set_state(referral, ReferralState.revoked)
    session.flush()


def referrals_of_case(
    session: Session, case_id: int, states: frozenset[ReferralState]
) -> list[Referral]:
    return list(
        session.scalars(
            select(Referral)
            .where(Referral.case_id == case_id, Referral.status.in_([str(s) for s in states]))
            .order_by(Referral.id)
        )
    )


# The word of each answer in URLs and the API; reject has its own call (it needs a reason).
ANSWERS = {"accept": accept_referral, "done": complete_referral, "revoke": revoke_referral}


def answer_named(word: str) -> Callable[..., Referral]:
    """The service behind a referral's action word: accept, done or revoke."""
    if word not in ANSWERS:
        raise ValidationFailed(
            f"Unknown action {word!r}; use accept, reject, done or revoke.",
            problems=[FieldProblem(field="move", reason="unknown action", value=word)],
        )
    return ANSWERS[word]
