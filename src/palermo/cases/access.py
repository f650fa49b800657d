"""Who may see and change which case.

Every route, API call and job reaches cases through these checks. A full case is
visible to its own agency only (``readable_cases``, ``load_case``). Another agency sees
part of a case only through a grant (an open referral today, a sharing agreement later),
read with ``palermo.cases.sharing.read_shared_case``, never through these functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn, TypeVar

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from palermo.errors import NotFound, PermissionDenied
from palermo.i18n import Msg, joined, msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case

T = TypeVar("T")

CASE_READERS = frozenset({"admin", "supervisor", "caseworker", "investigator"})
CASE_WRITERS = frozenset({"admin", "supervisor", "caseworker", "investigator"})
AUDIT_READERS = frozenset({"admin", "supervisor"})
CASE_DELETERS = frozenset({"admin", "supervisor"})

# Role names inside a sentence (the catalogue has them for the audit trail too).
ROLE_WORDS: dict[str, Msg] = {
    "admin": msg("admin"),
    "supervisor": msg("supervisor"),
    "caseworker": msg("caseworker"),
    "investigator": msg("investigator"),
    "analyst": msg("analyst"),
    "national_coordinator": msg("national coordinator"),
}


def role_word(role: str) -> str:
    """A role as a sentence names it: its code in English, its name in other languages."""
    return ROLE_WORDS.get(role, role)


# What a refusal says for each kind of record (a label or an audit entity), as whole
# sentences so that each reads naturally once translated.
_NOT_IN_AGENCY: dict[str, tuple[Callable[[int | None], Msg], Msg]] = {
    "case": (
        lambda n: msg("No case {id} in your agency.", id=n),
        msg("Check the case number."),
    ),
    "consent": (
        lambda n: msg("No consent {id} in your agency.", id=n),
        msg("Check the consent number."),
    ),
    "referral": (
        lambda n: msg("No referral {id} in your agency.", id=n),
        msg("Check the referral number."),
    ),
    "service": (
        lambda n: msg("No service {id} in your agency.", id=n),
        msg("Check the service number."),
    ),
    "support plan item": (
        lambda n: msg("No support plan item {id} in your agency.", id=n),
        msg("Check the support plan item number."),
    ),
    "tracing match": (
        lambda n: msg("No tracing match {id} in your agency.", id=n),
        msg("Check the tracing match number."),
    ),
    "tracing request": (
        lambda n: msg("No tracing request {id} in your agency.", id=n),
        msg("Check the tracing request number."),
    ),
}
_NO_RECORD: tuple[Callable[[int | None], Msg], Msg] = (
    lambda n: msg("No record {id} in your agency.", id=n),
    msg("Check the record number."),
)


def require_role(actor: Actor, allowed: frozenset[str], *, doing: str) -> None:
    if actor.role not in allowed:
        raise PermissionDenied(
            msg("Your role ({role}) may not {doing}.", role=role_word(actor.role), doing=doing),
            hint=msg(
                "Ask a user with one of these roles: {roles}.",
                roles=joined(role_word(role) for role in sorted(allowed)),
            ),
        )


def readable_cases(actor: Actor) -> ColumnElement[bool]:
    """SQL condition selecting the cases ``actor`` may see."""
    return Case.agency_id == actor.agency_id


def load_case(session: Session, *, case_id: int, actor: Actor, doing: str = "read") -> Case:
    """The case if ``actor`` may see it; otherwise NotFound, and the attempt is audited.

    NotFound rather than Forbidden: another agency must not learn that a case exists.
    """
    case = session.get(Case, case_id)
    if case is None or case.agency_id != actor.agency_id:
        deny_unseen(session, actor=actor, doing=doing, case_id=case_id)
    return case


def load_case_record(
    session: Session,
    model: type[T],
    record_id: int,
    *,
    actor: Actor,
    doing: str,
    entity: str,
    label: str,
    case_id_of: Callable[[T], int | None] = lambda row: row.case_id,  # type: ignore[attr-defined]
) -> T:
    """A record that belongs to a case (consent, plan item, tracing request...), if ``actor``
    may see that case; otherwise NotFound, audited.

    A record of another agency and a record that does not exist answer with the same
    message, naming only the record asked for: neither its existence nor the number of
    the case it belongs to may reach another agency. The denial is audited on the case
    (as ``load_case`` does), or on the record asked for when it does not exist.
    """
    row = session.get(model, record_id)
    case_id = case_id_of(row) if row is not None else None
    case = session.get(Case, case_id) if case_id is not None else None
    if case is None or case.agency_id != actor.agency_id:
        # Audited on the case when there is one, so its own trail shows the attempt.
        deny_unseen(
            session,
            actor=actor,
            doing=doing,
            case_id=case.id if case is not None else record_id,
            entity="case" if case is not None else entity,
            message=_NOT_IN_AGENCY.get(label, _NO_RECORD)[0](record_id),
            hint=_NOT_IN_AGENCY.get(label, _NO_RECORD)[1],
        )
    assert row is not None  # a missing row was denied above
    return row


def deny_unseen(
    session: Session,
    *,
    actor: Actor,
    doing: str,
    case_id: int | None,
    entity: str = "case",
    message: str | None = None,
    hint: str | None = None,
) -> NoReturn:
    """Audit a denied attempt on a record the actor may not know of, then raise NotFound.

    The request fails, so its unit of work is rolled back first: nothing it had pending
    is committed with the denial, which is kept in a transaction of its own.
    """
    session.rollback()
    audit.record(
        session, actor=actor, action=doing, entity=entity, entity_id=case_id, outcome="denied"
    )
    session.commit()
    words = _NOT_IN_AGENCY.get(entity, _NO_RECORD)
    raise NotFound(message or words[0](case_id), hint=hint or words[1])
