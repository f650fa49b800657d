"""Who holds a case: its owner, and handing it over to a colleague (audited as "assign").

The owner is the case worker answerable for the case: the one who opened it, until it is
handed over. Only a colleague of the same agency, active and allowed to work on cases,
can receive it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case, User


@dataclass(frozen=True)
class Colleague:
    id: int
    display_name: str
    role: str


def colleagues(session: Session, *, actor: Actor) -> list[Colleague]:
    """The active users of the actor's agency who may work on cases, by name."""
    rows = session.scalars(
        select(User)
        .where(
            User.agency_id == actor.agency_id,
            User.active.is_(True),
            User.role.in_(sorted(access.CASE_WRITERS)),
        )
        .order_by(User.display_name)
    )
    return [Colleague(u.id, u.display_name, u.role) for u in rows]


def owner_name(session: Session, case: Case) -> str | None:
    if case.owner_id is None:
        return None
    return session.scalar(select(User.display_name).where(User.id == case.owner_id))


@audit.audited
def assign_case(
    session: Session, *, case_id: int, to_user_id: int, actor: Actor, note: str | None = None
) -> Case:
    """Hand the case over to ``to_user_id``, a colleague of the same agency."""
    access.require_role(actor, access.CASE_WRITERS, doing=msg("hand over cases"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    allowed = {c.id for c in colleagues(session, actor=actor)}
    if to_user_id not in allowed:
        raise ValidationFailed(
            msg("User {id} is not a colleague who can take this case.", id=to_user_id),
            problems=[FieldProblem("to_user_id", msg("choose a colleague of your agency"))],
            hint=msg("Choose an active case worker, supervisor or investigator of your agency."),
        )
    if case.owner_id != to_user_id:
        audit.name_change(session, case, "assign", fields=["owner_id"])
        case.owner_id = to_user_id
        session.flush()
    return case
