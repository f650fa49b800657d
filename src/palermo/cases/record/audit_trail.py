"""A case's audit trail, for supervisors."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.i18n import msg
from palermo.store.actor import Actor
from palermo.store.models import AuditEntry


def case_audit_trail(
    session: Session, *, case_id: int, actor: Actor, quiet: bool = False
) -> list[AuditEntry]:
    """Who did what to the case and its victim's record, newest first.

    ``quiet`` returns an empty trail to roles that may not see it, instead of refusing.
    """
    if quiet and actor.role not in access.AUDIT_READERS:
        return []
    access.require_role(actor, access.AUDIT_READERS, doing=msg("see audit trails"))
    case = access.load_case(session, case_id=case_id, actor=actor)
    return list(
        session.scalars(
            select(AuditEntry)
            .where(
                or_(
                    (AuditEntry.entity == "case") & (AuditEntry.entity_id == case_id),
                    (AuditEntry.entity == "person") & (AuditEntry.entity_id == case.victim_id),
                )
            )
            .order_by(AuditEntry.id.desc())
            .limit(500)
        )
    )
