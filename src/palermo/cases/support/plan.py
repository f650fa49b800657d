"""Needs assessment and the support plan: what the person needs, and the plan to meet it.

``ServiceType`` is the one list of kinds of support in Palermo: the HTCDS support plan
types (``spl_Type``) plus the services the Palermo conference named (§28) that HTCDS
does not list. Referrals and services delivered use the same list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.errors import FieldProblem, UnknownCode, ValidationFailed
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import NeedsAssessment, SupportPlanItem
from palermo.vocab import ServiceType


class PlanItemCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    service_type: ServiceType
    objectives: str | None = Field(default=None, max_length=4000)
    action_plan: str | None = Field(default=None, max_length=4000)
    planned_end: date | None = None
    actual_end: date | None = None


class PlanItemUpdate(BaseModel):
    """Only the fields given change; give ``null`` to clear a date."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    service_type: ServiceType | None = None
    objectives: str | None = Field(default=None, max_length=4000)
    action_plan: str | None = Field(default=None, max_length=4000)
    planned_end: date | None = None
    actual_end: date | None = None


class NeedsRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int
    assessed_on: date
    needs: list[str]
    assessed_by: str


class PlanItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int
    service_type: str
    objectives: str | None
    action_plan: str | None
    planned_end: date | None
    actual_end: date | None


PLAN_FIELDS = ("service_type", "objectives", "action_plan", "planned_end", "actual_end")


def parse_needs(needs: list[str]) -> list[ServiceType]:
    """Service types for ``needs``, each once, in the order given; unknown codes are refused."""
    problems = []
    found: list[ServiceType] = []
    for code in needs:
        try:
            found.append(ServiceType.parse(code))
        except UnknownCode:
            problems.append(FieldProblem("needs", msg("unknown service type"), value=str(code)))
    if problems:
        valid = ", ".join(t.value for t in ServiceType)
        raise ValidationFailed(
            msg("Some needs are not service types."),
            problems=problems,
            hint=msg("Use one of: {valid}.", valid=valid),
        )
    return list(dict.fromkeys(found))


@audit.audited
def assess_needs(
    session: Session,
    *,
    case_id: int,
    needs: list[str],
    notes: str | None,
    actor: Actor,
    assessed_on: date | None = None,
) -> NeedsAssessment:
    """Record a needs assessment. Each one is kept: needs change over the person's recovery."""
    access.require_role(actor, access.CASE_WRITERS, doing=msg("assess needs"))
    row = _new_assessment(session, case_id, needs, notes, actor, assessed_on)
    session.add(row)
    session.flush()
    return row


@audit.audited
def assess_needs_all(
    session: Session, *, items: Sequence[tuple[int, list[str], date | None]], actor: Actor
) -> list[NeedsAssessment]:
    """Many needs assessments (case id, needs, date) of the actor's agency's cases in one
    flush (bulk paths such as the demo's casework), each checked and audited as
    :func:`assess_needs` does it; one refused, none is recorded."""
    access.require_role(actor, access.CASE_WRITERS, doing=msg("assess needs"))
    made = [
        _new_assessment(session, case_id, needs, None, actor, assessed_on)
        for case_id, needs, assessed_on in items
    ]
    session.add_all(made)
    session.flush()
    return made


def _new_assessment(
    session: Session,
    case_id: int,
    needs: list[str],
    notes: str | None,
    actor: Actor,
    assessed_on: date | None,
) -> NeedsAssessment:
    """The assessment row (not yet added), after its checks."""
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    types = parse_needs(needs)
    notes = (notes or "").strip() or None
    if not types and not notes:
        raise ValidationFailed(
            msg("The needs assessment is empty."),
            problems=[FieldProblem("needs", msg("tick at least one need, or write notes"))],
        )
    assessed_on = assessed_on or clock.today()
    if assessed_on > clock.today():
        raise ValidationFailed(
            msg("The assessment date is in the future."),
            problems=[FieldProblem("assessed_on", msg("is in the future"), value=str(assessed_on))],
        )
    return NeedsAssessment(
        case_id=case.id,
        assessed_on=assessed_on,
        needs=[t.value for t in types],
        notes=notes,
        assessed_by_id=actor.user_id,
        assessed_by=actor.username,
    )


def _check_dates(actual_end: date | None) -> None:
    if actual_end is not None and actual_end > clock.today():
        raise ValidationFailed(
            msg("The actual end date is in the future."),
            problems=[FieldProblem("actual_end", msg("is in the future"), value=str(actual_end))],
            hint=msg("Use the planned end date for a date still to come."),
        )


@audit.audited
def add_plan_item(
    session: Session, *, case_id: int, data: PlanItemCreate, actor: Actor
) -> SupportPlanItem:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("edit support plans"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    _check_dates(data.actual_end)
    item = SupportPlanItem(case_id=case.id, **data.model_dump())
    session.add(item)
    session.flush()
    return item


def _load_item(session: Session, *, item_id: int, actor: Actor) -> SupportPlanItem:
    # Another agency's item answers like a missing one (audited, no case number).
    return access.load_case_record(
        session,
        SupportPlanItem,
        item_id,
        actor=actor,
        doing="update",
        entity="support_plan_item",
        label="support plan item",
    )


@audit.audited
def update_plan_item(
    session: Session, *, item_id: int, data: PlanItemUpdate, actor: Actor
) -> SupportPlanItem:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("edit support plans"))
    item = _load_item(session, item_id=item_id, actor=actor)
    given = data.model_fields_set
    if "service_type" in given and data.service_type is None:
        raise ValidationFailed(
            msg("A support plan item needs a service type."),
            problems=[FieldProblem("service_type", msg("required"))],
        )
    if "actual_end" in given:
        _check_dates(data.actual_end)
    changed = []
    for field in PLAN_FIELDS:
        if field in given and getattr(item, field) != getattr(data, field):
            setattr(item, field, getattr(data, field))
            changed.append(field)
    if changed:
        session.flush()
    return item


@audit.audited
def remove_plan_item(session: Session, *, item_id: int, actor: Actor) -> None:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("edit support plans"))
    item = _load_item(session, item_id=item_id, actor=actor)
    session.delete(item)
    session.flush()


def support_plan(session: Session, *, case_id: int) -> list[SupportPlanItem]:
    """The plan of a case already loaded through the access checks (no audit of its own)."""
    stmt = select(SupportPlanItem).where(SupportPlanItem.case_id == case_id)
    return list(session.scalars(stmt.order_by(SupportPlanItem.id)))


def needs_assessments(session: Session, *, case_id: int) -> list[NeedsAssessment]:
    """Assessments of a case already loaded through the access checks, newest first."""
    stmt = select(NeedsAssessment).where(NeedsAssessment.case_id == case_id)
    return list(
        session.scalars(
            stmt.order_by(NeedsAssessment.assessed_on.desc(), NeedsAssessment.id.desc())
        )
    )
