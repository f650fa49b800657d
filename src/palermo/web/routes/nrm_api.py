"""The JSON API of the national referral mechanism: decisions, reconsiderations, recovery
periods, a case's history and deadlines, and the agency's alerts."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query

from palermo.cases.nrm.deadlines import deadlines_for, nrm_alerts
from palermo.cases.nrm.decisions import (
    DecisionCreate,
    nrm_history,
    record_decision,
    request_reconsideration,
)
from palermo.cases.nrm.recovery import extend_recovery_period, start_recovery_period
from palermo.errors import FieldProblem, ValidationFailed
from palermo.store.ranges import RowId
from palermo.web.deps import ActorDep, SessionDep
from palermo.web.schemas.protect_json import (
    AlertOut,
    DecisionOut,
    NrmHistoryOut,
    PeriodOut,
    ReconsiderationIn,
    RecoveryIn,
)

router = APIRouter(prefix="/api", tags=["api"])


@router.post("/cases/{case_id}/nrm/decisions", status_code=201, response_model=DecisionOut)
def api_decide(
    case_id: RowId, data: DecisionCreate, actor: ActorDep, session: SessionDep
) -> DecisionOut:
    """Record a reasonable- or conclusive-grounds decision (or a reconsideration's result)."""
    return DecisionOut.of(record_decision(session, case_id=case_id, data=data, actor=actor))


@router.post("/cases/{case_id}/nrm/reconsiderations", status_code=201, response_model=DecisionOut)
def api_reconsider(
    case_id: RowId, data: ReconsiderationIn, actor: ActorDep, session: SessionDep
) -> DecisionOut:
    """Request the reconsideration of a negative decision."""
    row = request_reconsideration(session, case_id=case_id, **data.model_dump(), actor=actor)
    return DecisionOut.of(row)


@router.post("/cases/{case_id}/nrm/recovery", response_model=PeriodOut)
def api_recovery(
    case_id: RowId, data: RecoveryIn, actor: ActorDep, session: SessionDep
) -> PeriodOut:
    """Start the recovery and reflection period, or extend it when extended_to is given."""
    if data.extended_to is not None:
        row = extend_recovery_period(
            session,
            case_id=case_id,
            extended_to=data.extended_to,
            reason=data.reason or "",
            actor=actor,
        )
    elif data.starts_on is not None:
        row = start_recovery_period(
            session, case_id=case_id, starts_on=data.starts_on, ends_on=data.ends_on, actor=actor
        )
    else:
        raise ValidationFailed(
            "Give starts_on to start a period, or extended_to and reason to extend it.",
            problems=[FieldProblem(field="starts_on", reason="missing")],
        )
    return PeriodOut.of(row)


@router.get("/cases/{case_id}/nrm", response_model=NrmHistoryOut)
def api_history(
    case_id: RowId, actor: ActorDep, session: SessionDep, today: date | None = None
) -> NrmHistoryOut:
    """Decisions, recovery periods, pending reconsiderations and deadlines of a case."""
    history = nrm_history(session, case_id=case_id, actor=actor)
    due = deadlines_for(session, case_id=case_id, actor=actor, today=today)
    return NrmHistoryOut.of(history, due)


@router.get("/nrm/alerts", response_model=list[AlertOut])
def api_alerts(
    actor: ActorDep,
    session: SessionDep,
    today: date | None = None,
    within_days: int | None = Query(None, ge=0, le=365),
) -> list[AlertOut]:
    """NRM deadlines near or missed on your agency's open cases, most urgent first."""
    alerts = nrm_alerts(session, actor=actor, today=today, within_days=within_days)
    return [AlertOut.of(a) for a in alerts]
