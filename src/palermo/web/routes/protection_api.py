"""The JSON API of a case's protection: consent, closure and reopening, needs, the plan."""

from __future__ import annotations

from fastapi import APIRouter

from palermo.cases.consent.recording import (
    ConsentCreate,
    ConsentRead,
    list_consents,
    record_consent,
)
from palermo.cases.support.lifecycle import StatusChangeRead, reopen_case
from palermo.cases.support.plan import (
    NeedsRead,
    PlanItemCreate,
    PlanItemRead,
    PlanItemUpdate,
    add_plan_item,
    assess_needs,
    update_plan_item,
)
from palermo.cases.workflow import close_case, withdraw_consent
from palermo.store.ranges import RowId
from palermo.web.deps import ActorDep, SessionDep
from palermo.web.schemas.protect_json import CloseIn, NeedsIn, ReopenIn, WithdrawIn

router = APIRouter(prefix="/api", tags=["api"])


@router.post("/cases/{case_id}/consents", response_model=ConsentRead)
def api_record_consent(
    case_id: RowId, body: ConsentCreate, actor: ActorDep, session: SessionDep
) -> ConsentRead:
    """Record a consent. All six checklist items must be ticked; a child needs a guardian."""
    return ConsentRead.of(record_consent(session, case_id=case_id, data=body, actor=actor))


@router.get("/cases/{case_id}/consents", response_model=list[ConsentRead])
def api_list_consents(case_id: RowId, actor: ActorDep, session: SessionDep) -> list[ConsentRead]:
    return [ConsentRead.of(c) for c in list_consents(session, case_id=case_id, actor=actor)]


@router.post("/consents/{consent_id}/withdraw", response_model=ConsentRead)
def api_withdraw_consent(
    consent_id: RowId, body: WithdrawIn, actor: ActorDep, session: SessionDep
) -> ConsentRead:
    """Withdraw a consent; the record stays, with the date it was withdrawn."""
    withdrawn = withdraw_consent(session, consent_id=consent_id, actor=actor, note=body.note)
    return ConsentRead.of(withdrawn)


@router.post("/cases/{case_id}/close", response_model=StatusChangeRead)
def api_close_case(
    case_id: RowId, body: CloseIn, actor: ActorDep, session: SessionDep
) -> StatusChangeRead:
    change = close_case(
        session,
        case_id=case_id,
        reason_code=body.reason_code,
        note=body.note,
        actor=actor,
        referred_to_agency_id=body.referred_to_agency_id,
    )
    return StatusChangeRead.model_validate(change)


@router.post("/cases/{case_id}/reopen", response_model=StatusChangeRead)
def api_reopen_case(
    case_id: RowId, body: ReopenIn, actor: ActorDep, session: SessionDep
) -> StatusChangeRead:
    change = reopen_case(session, case_id=case_id, reason=body.reason, actor=actor)
    return StatusChangeRead.model_validate(change)


@router.post("/cases/{case_id}/needs", response_model=NeedsRead)
def api_assess_needs(
    case_id: RowId, body: NeedsIn, actor: ActorDep, session: SessionDep
) -> NeedsRead:
    row = assess_needs(
        session,
        case_id=case_id,
        needs=body.needs,
        notes=body.notes,
        actor=actor,
        assessed_on=body.assessed_on,
    )
    return NeedsRead.model_validate(row)


@router.post("/cases/{case_id}/plan", response_model=PlanItemRead)
def api_add_plan_item(
    case_id: RowId, body: PlanItemCreate, actor: ActorDep, session: SessionDep
) -> PlanItemRead:
    return PlanItemRead.model_validate(
        add_plan_item(session, case_id=case_id, data=body, actor=actor)
    )


@router.patch("/plan-items/{item_id}", response_model=PlanItemRead)
def api_update_plan_item(
    item_id: RowId, body: PlanItemUpdate, actor: ActorDep, session: SessionDep
) -> PlanItemRead:
    return PlanItemRead.model_validate(
        update_plan_item(session, item_id=item_id, data=body, actor=actor)
    )
