"""The JSON API of referrals between agencies, services delivered, and the work queues."""

from __future__ import annotations

from fastapi import APIRouter

from palermo.cases.referrals.answers import answer_named, get_referral, reject_referral
from palermo.cases.referrals.deliveries import record_service, referral_services
from palermo.cases.referrals.grants import read_shared_case
from palermo.cases.referrals.sending import refer
from palermo.cases.referrals.states import GRANTING_STATES
from palermo.cases.work.queues import caseworker_queue, provider_queue
from palermo.store.ranges import RowId
from palermo.web.deps import ActorDep, SessionDep
from palermo.web.schemas.protect_json import (
    ReferralDetailOut,
    ReferralIn,
    ReferralOut,
    RejectIn,
    ServiceIn,
    ServiceOut,
    WorkOut,
)

router = APIRouter(prefix="/api", tags=["api"])


@router.post("/cases/{case_id}/referrals", status_code=201, response_model=ReferralOut)
def api_refer(
    case_id: RowId, body: ReferralIn, actor: ActorDep, session: SessionDep
) -> ReferralOut:
    """Refer a case to another agency. Without the consent it needs: 409 naming it."""
    return ReferralOut.of(refer(session, case_id=case_id, actor=actor, **body.model_dump()))


@router.post("/referrals/{referral_id}/reject", response_model=ReferralOut)
def api_reject(
    referral_id: RowId, body: RejectIn, actor: ActorDep, session: SessionDep
) -> ReferralOut:
    return ReferralOut.of(
        reject_referral(session, referral_id=referral_id, reason=body.reason, actor=actor)
    )


@router.get(
    "/referrals/{referral_id}", response_model=ReferralDetailOut, response_model_exclude_unset=True
)
def api_referral(referral_id: RowId, actor: ActorDep, session: SessionDep) -> ReferralDetailOut:
    """The referral; for the receiving agency also the case as shared (only the shared groups)."""
    r = get_referral(session, referral_id=referral_id, actor=actor)
    view = None
    if actor.agency_id == r.to_agency_id and r.status in GRANTING_STATES:
        view = read_shared_case(session, case_id=r.case_id, actor=actor)
    services = referral_services(session, referral_id=r.id, actor=actor)
    return ReferralDetailOut.of(r, view, services)


@router.post("/referrals/{referral_id}/services", status_code=201, response_model=ServiceOut)
def api_record_service(
    referral_id: RowId, body: ServiceIn, actor: ActorDep, session: SessionDep
) -> ServiceOut:
    """Record a service given (or planned) under an accepted referral, by its receiver."""
    return ServiceOut.of(
        record_service(session, referral_id=referral_id, actor=actor, **body.model_dump())
    )


# Declared after ".../services": Starlette tries routes in order and {move} matches anything.
@router.post("/referrals/{referral_id}/{move}", response_model=ReferralOut)
def api_move(referral_id: RowId, move: str, actor: ActorDep, session: SessionDep) -> ReferralOut:
    """accept, done (the receiver) or revoke (the sender)."""
    return ReferralOut.of(answer_named(move)(session, referral_id=referral_id, actor=actor))


@router.get("/work", response_model=WorkOut)
def api_work(actor: ActorDep, session: SessionDep) -> WorkOut:
    """The case worker's queue and the provider's referrals received."""
    return WorkOut(
        caseworker=caseworker_queue(session, actor=actor),
        provider=provider_queue(session, actor=actor),
    )
