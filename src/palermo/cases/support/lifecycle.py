"""A case's life: child protection, closure with a reason, reopening, and its status history.

A closed case stays readable; closing and reopening each keep a CaseStatusChange (who,
when, why) beside the audit entry, so the history reads in words on the case page.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.clock import UtcDateTime
from palermo.errors import Conflict, FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, Case, CaseStatusChange
from palermo.vocab import CaseClosureReason, get_list

CaseStatus = get_list("case_status")

OPEN_STATUSES = frozenset({CaseStatus("Active").value, CaseStatus("FollowUp").value})

CLOSED = CaseStatus("Closed")

CLOSED_REFERRED = CaseStatus("ClosedReferred")

ACTIVE = CaseStatus("Active")


class ChildProtectionUpdate(BaseModel):
    """Only the fields given change."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    age_at_identification: int | None = Field(default=None, ge=0, le=120)
    guardian_name: str | None = Field(default=None, max_length=200)
    guardian_contact: str | None = Field(default=None, max_length=500)
    best_interests_flag: bool | None = None


class StatusChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    case_id: int
    from_status: str
    to_status: str
    reason_code: str | None
    changed_by: str
    changed_at: UtcDateTime


CHILD_FIELDS = ("age_at_identification", "guardian_name", "guardian_contact", "best_interests_flag")


@audit.audited
def update_child_protection(
    session: Session, *, case_id: int, data: ChildProtectionUpdate, actor: Actor
) -> Case:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("edit child protection"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    changed = []
    for field in CHILD_FIELDS:
        if field not in data.model_fields_set:
            continue
        value = getattr(data, field)
        if field in ("guardian_name", "guardian_contact"):
            value = value or None
        if field == "best_interests_flag":
            value = bool(value)
        if getattr(case, field) != value:
            setattr(case, field, value)
            changed.append(field)
    if changed:
        session.flush()
    return case


def _status_change(
    session: Session, case: Case, *, to: str, code: str | None, reason: str | None, actor: Actor
) -> CaseStatusChange:
    change = CaseStatusChange(
        case_id=case.id,
        from_status=case.status,
        to_status=to,
        reason_code=code,
        reason=reason,
        changed_by=actor.username,
    )
    session.add(change)
    case.status = to
    session.flush()
    return change


@audit.audited
def close_case_record(
    session: Session,
    *,
    case_id: int,
    reason_code: str,
    note: str | None,
    actor: Actor,
    referred_to_agency_id: int | None = None,
) -> tuple[CaseStatusChange, Case, CaseClosureReason]:
    """Mark the case closed with its reason (as referred when an agency is named, or for
    that reason); returns the status change, the case and the reason.

    What closing ends (referrals, consents) is ``palermo.cases.workflow.close_case``'s.
    """
    access.require_role(actor, access.CASE_WRITERS, doing=msg("close cases"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    if case.status not in OPEN_STATUSES:
        raise Conflict(
            msg("Case {reference} is already closed.", reference=case.reference),
            hint=msg("Reopen it with a reason if work on it continues."),
        )
    reason = CaseClosureReason.parse(reason_code)
    note = (note or "").strip() or None
    referred = referred_to_agency_id is not None or reason == CaseClosureReason.referred_elsewhere
    if referred_to_agency_id is not None:
        agency = session.get(Agency, referred_to_agency_id)
        if agency is None:
            raise ValidationFailed(
                msg("No agency {id}.", id=referred_to_agency_id),
                problems=[FieldProblem("referred_to_agency_id", msg("no such agency"))],
            )
        # case_status_change has no agency column yet: the receiving agency is kept in words.
        note = f"Referred to {agency.name}." + (f" {note}" if note else "")
    to = CLOSED_REFERRED if referred else CLOSED
    audit.name_change(session, case, "close", fields=["status", "closure_reason"])
    case.closure_reason = note or reason.label("en")
    change = _status_change(session, case, to=to.value, code=reason.value, reason=note, actor=actor)
    return change, case, reason


@audit.audited
def reopen_case(session: Session, *, case_id: int, reason: str, actor: Actor) -> CaseStatusChange:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("reopen cases"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    if case.status in OPEN_STATUSES:
        raise Conflict(
            msg(
                "Case {reference} is open; only a closed case can be reopened.",
                reference=case.reference,
            ),
            hint=msg("Nothing to do."),
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            msg("Say why the case is reopened."), problems=[FieldProblem("reason", msg("required"))]
        )
    audit.name_change(session, case, "reopen", fields=["status", "closure_reason"])
    case.closure_reason = None
    change = _status_change(session, case, to=ACTIVE.value, code=None, reason=reason, actor=actor)
    return change


def is_closed(case: Case) -> bool:
    return case.status not in OPEN_STATUSES
