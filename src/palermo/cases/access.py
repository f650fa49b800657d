"""Who may see and change which case.

Every route, API call and job reaches cases through these checks. Today a case is
visible to its own agency only; sharing (referrals, agreements) will widen
``readable_cases`` here, in one place, without touching callers.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from palermo.errors import NotFound, PermissionDenied
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case

CASE_READERS = frozenset({"admin", "supervisor", "caseworker", "investigator"})
CASE_WRITERS = frozenset({"admin", "supervisor", "caseworker", "investigator"})
AUDIT_READERS = frozenset({"admin", "supervisor"})
CASE_DELETERS = frozenset({"admin", "supervisor"})


def require_role(actor: Actor, allowed: frozenset[str], *, doing: str) -> None:
    if actor.role not in allowed:
        wanted = ", ".join(sorted(allowed))
        raise PermissionDenied(
            f"Your role ({actor.role}) may not {doing}.",
            hint=f"Ask a user with one of these roles: {wanted}.",
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
        # The denial must be kept although the request fails, so it is committed now. Services
        # call load_case before changing anything, so nothing half-done is committed with it.
        audit.record(
            session, actor=actor, action=doing, entity="case", entity_id=case_id, outcome="denied"
        )
        session.commit()
        raise NotFound(f"No case {case_id} in your agency.", hint="Check the case number.")
    return case
