"""What the case page's Protection panel shows: consents, child protection, needs, plan and
status history."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.consent.validity import consent_status
from palermo.cases.record.age import AgeFacts, age_facts, is_child
from palermo.cases.support.plan import needs_assessments, support_plan
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import (
    Agency,
    Case,
    CaseStatusChange,
    Consent,
    ConsentOverride,
    NeedsAssessment,
    SupportPlanItem,
)


@dataclass(frozen=True)
class ProtectionView:
    """What the case page's Protection panel shows."""

    case: Case
    child: bool
    age: AgeFacts
    consents: list[tuple[Consent, str]]  # with status: valid, withdrawn, expired, future
    overrides: list[ConsentOverride]
    needs: list[NeedsAssessment]
    plan: list[SupportPlanItem]
    history: list[CaseStatusChange]
    agencies: list[Agency]


def case_protection(session: Session, *, case_id: int, actor: Actor) -> ProtectionView:
    """Consents, child protection, needs, plan and status history of one case (one read audited)."""
    access.require_role(actor, access.CASE_READERS, doing=msg("open case records"))
    case = access.load_case(session, case_id=case_id, actor=actor)
    today = clock.today()
    consents = session.scalars(
        select(Consent).where(Consent.case_id == case.id).order_by(Consent.given_on, Consent.id)
    ).all()
    overrides = session.scalars(
        select(ConsentOverride)
        .where(ConsentOverride.case_id == case.id)
        .order_by(ConsentOverride.at.desc())
    ).all()
    history = session.scalars(
        select(CaseStatusChange)
        .where(CaseStatusChange.case_id == case.id)
        .order_by(CaseStatusChange.changed_at.desc(), CaseStatusChange.id.desc())
    ).all()
    audit.record(
        session,
        actor=actor,
        action="read",
        entity="case",
        entity_id=case.id,
        fields=["consents", "child_protection", "needs", "support_plan", "status_history"],
    )
    return ProtectionView(
        case=case,
        child=is_child(case, on=today),
        age=age_facts(case, on=today),
        consents=[(c, consent_status(c, on=today)) for c in consents],
        overrides=list(overrides),
        needs=needs_assessments(session, case_id=case.id),
        plan=support_plan(session, case_id=case.id),
        history=list(history),
        agencies=list(session.scalars(select(Agency).order_by(Agency.name))),
    )
