"""The JSON API of proceedings: brought out of an investigation; charges, verdicts and
sentences; hearings; appeals; compensation and payments; victims' participation."""

from __future__ import annotations

from fastapi import APIRouter

from palermo.justice.services import proceedings as procs
from palermo.justice.services import redress, verdicts
from palermo.justice.services.inputs import (
    AppealCreate,
    AppealDecision,
    ChargeCreate,
    CompensationCreate,
    HearingCreate,
    HearingOutcomeIn,
    ParticipationCreate,
    ParticipationUpdate,
    PaymentCreate,
    ProceedingCreate,
    SentenceCreate,
    VerdictIn,
)
from palermo.web.deps import ActorDep, SessionDep
from palermo.web.schemas.justice_json import (
    AppealOut,
    ChargeOut,
    CompensationOut,
    HearingOut,
    ParticipationOut,
    ProceedingOut,
    ProceedingRowOut,
    SentenceOut,
    StageIn,
)

router = APIRouter(prefix="/api/justice", tags=["justice"])


def _detail(session: SessionDep, actor: ActorDep, proceeding_id: int) -> ProceedingOut:
    return ProceedingOut.of(
        procs.proceeding_detail(session, proceeding_id=proceeding_id, actor=actor)
    )


@router.get("/proceedings", response_model=list[ProceedingRowOut])
def api_proceedings(actor: ActorDep, session: SessionDep) -> list[ProceedingRowOut]:
    """The proceedings your agency takes part in, newest first."""
    return [ProceedingRowOut.of(r) for r in procs.list_proceedings(session, actor=actor)]


@router.post(
    "/investigations/{investigation_id}/proceedings", status_code=201, response_model=ProceedingOut
)
def api_bring(
    investigation_id: int, data: ProceedingCreate, actor: ActorDep, session: SessionDep
) -> ProceedingOut:
    """Bring proceedings against a suspect of the investigation (a prosecutor's office)."""
    row = procs.bring_proceeding(session, investigation_id=investigation_id, data=data, actor=actor)
    return _detail(session, actor, row.id)


@router.get("/proceedings/{proceeding_id}", response_model=ProceedingOut)
def api_proceeding(proceeding_id: int, actor: ActorDep, session: SessionDep) -> ProceedingOut:
    """Charges, verdicts, sentences, hearings, appeals, compensation and participation."""
    return _detail(session, actor, proceeding_id)


@router.post("/proceedings/{proceeding_id}/stage", response_model=ProceedingOut)
def api_stage(
    proceeding_id: int, data: StageIn, actor: ActorDep, session: SessionDep
) -> ProceedingOut:
    procs.move_stage(session, proceeding_id=proceeding_id, stage=data.stage, actor=actor)
    return _detail(session, actor, proceeding_id)


@router.post("/proceedings/{proceeding_id}/charges", status_code=201, response_model=ChargeOut)
def api_charge(
    proceeding_id: int, data: ChargeCreate, actor: ActorDep, session: SessionDep
) -> ChargeOut:
    """A charge; its victims are links of your agency whose law-enforcement consent holds."""
    return ChargeOut.of(
        procs.bring_charge(session, proceeding_id=proceeding_id, data=data, actor=actor)
    )


@router.post("/charges/{charge_id}/verdict", response_model=ChargeOut)
def api_verdict(charge_id: int, data: VerdictIn, actor: ActorDep, session: SessionDep) -> ChargeOut:
    return ChargeOut.of(
        verdicts.record_verdict(session, charge_id=charge_id, data=data, actor=actor)
    )


@router.post("/charges/{charge_id}/sentence", status_code=201, response_model=SentenceOut)
def api_sentence(
    charge_id: int, data: SentenceCreate, actor: ActorDep, session: SessionDep
) -> SentenceOut:
    row = verdicts.record_sentence(session, charge_id=charge_id, data=data, actor=actor)
    return SentenceOut.model_validate(row)


@router.post("/proceedings/{proceeding_id}/hearings", status_code=201, response_model=HearingOut)
def api_hearing(
    proceeding_id: int, data: HearingCreate, actor: ActorDep, session: SessionDep
) -> HearingOut:
    row = procs.schedule_hearing(session, proceeding_id=proceeding_id, data=data, actor=actor)
    return HearingOut.model_validate(row)


@router.post("/hearings/{hearing_id}", response_model=HearingOut)
def api_hearing_outcome(
    hearing_id: int, data: HearingOutcomeIn, actor: ActorDep, session: SessionDep
) -> HearingOut:
    """What happened at the hearing (an adjournment with its reason)."""
    row = procs.record_hearing(session, hearing_id=hearing_id, data=data, actor=actor)
    return HearingOut.model_validate(row)


@router.post("/proceedings/{proceeding_id}/appeals", status_code=201, response_model=AppealOut)
def api_appeal(
    proceeding_id: int, data: AppealCreate, actor: ActorDep, session: SessionDep
) -> AppealOut:
    row = verdicts.lodge_appeal(session, proceeding_id=proceeding_id, data=data, actor=actor)
    return AppealOut.model_validate(row)


@router.post("/appeals/{appeal_id}", response_model=AppealOut)
def api_appeal_decision(
    appeal_id: int, data: AppealDecision, actor: ActorDep, session: SessionDep
) -> AppealOut:
    row = verdicts.decide_appeal(session, appeal_id=appeal_id, data=data, actor=actor)
    return AppealOut.model_validate(row)


@router.post(
    "/proceedings/{proceeding_id}/compensation", status_code=201, response_model=CompensationOut
)
def api_compensation(
    proceeding_id: int, data: CompensationCreate, actor: ActorDep, session: SessionDep
) -> CompensationOut:
    """Compensation ordered for a victim named in a charge of the proceedings."""
    row = redress.order_compensation(session, proceeding_id=proceeding_id, data=data, actor=actor)
    return CompensationOut.of(row)


@router.post("/compensation/{compensation_id}/payments", response_model=CompensationOut)
def api_payment(
    compensation_id: int, data: PaymentCreate, actor: ActorDep, session: SessionDep
) -> CompensationOut:
    """A payment (never more than is still owed); returns the order with all payments."""
    row = redress.record_payment(session, compensation_id=compensation_id, data=data, actor=actor)
    return CompensationOut.of(row.compensation)


@router.post(
    "/proceedings/{proceeding_id}/participation", status_code=201, response_model=ParticipationOut
)
def api_participation(
    proceeding_id: int, data: ParticipationCreate, actor: ActorDep, session: SessionDep
) -> ParticipationOut:
    """A victim takes part: witness, civil party, protection measures, support person."""
    row = redress.record_participation(session, proceeding_id=proceeding_id, data=data, actor=actor)
    return ParticipationOut.model_validate(row)


@router.post("/participation/{participation_id}", response_model=ParticipationOut)
def api_participation_update(
    participation_id: int, data: ParticipationUpdate, actor: ActorDep, session: SessionDep
) -> ParticipationOut:
    row = redress.update_participation(
        session, participation_id=participation_id, data=data, actor=actor
    )
    return ParticipationOut.model_validate(row)
