"""The JSON API of Cooperate: linkage runs, sharing agreements, "also known to", and a case
read under a grant (a referral's or an agreement's)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from palermo.cases.referrals.grants import read_shared_case
from palermo.cooperate.agreements import (
    AgreementCreate,
    end_agreement,
    list_agreements,
    read_agreement,
    record_agreement,
)
from palermo.cooperate.known_to import also_known_to
from palermo.cooperate.link_runs import (
    launch_link_run,
    list_link_runs,
    read_link_run,
    start_link_run,
)
from palermo.store import Store
from palermo.web.deps import ActorDep, SessionDep, get_store
from palermo.web.schemas.cooperate_json import AgreementOut, EndIn, KnownToOut, RunIn, RunOut

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/linkage/runs", response_model=list[RunOut])
def api_runs(actor: ActorDep, session: SessionDep) -> list[RunOut]:
    """Linkage runs, newest first (national coordinators only)."""
    return [RunOut.of(r) for r in list_link_runs(session, actor=actor)]


@router.post("/linkage/runs", status_code=202, response_model=RunOut)
def api_start_run(
    body: RunIn, actor: ActorDep, session: SessionDep, store: Store = Depends(get_store)
) -> RunOut:
    """Start a run in the background; follow it at /api/linkage/runs/{id}."""
    run = start_link_run(session, actor=actor, threshold=body.threshold)
    launch_link_run(store, run_id=run.id, actor=actor)
    return RunOut.of(run)


@router.get("/linkage/runs/{run_id}", response_model=RunOut)
def api_run(run_id: int, actor: ActorDep, session: SessionDep) -> RunOut:
    return RunOut.of(read_link_run(session, run_id=run_id, actor=actor))


@router.get("/agreements", response_model=list[AgreementOut])
def api_agreements(actor: ActorDep, session: SessionDep) -> list[AgreementOut]:
    """The sharing agreements the caller's agency is party to."""
    return [AgreementOut.of(a) for a in list_agreements(session, actor=actor)]


@router.post("/agreements", status_code=201, response_model=AgreementOut)
def api_record_agreement(
    body: AgreementCreate, actor: ActorDep, session: SessionDep
) -> AgreementOut:
    return AgreementOut.of(record_agreement(session, data=body, actor=actor))


@router.get("/agreements/{agreement_id}", response_model=AgreementOut)
def api_agreement(agreement_id: int, actor: ActorDep, session: SessionDep) -> AgreementOut:
    return AgreementOut.of(read_agreement(session, agreement_id=agreement_id, actor=actor))


@router.post("/agreements/{agreement_id}/end", response_model=AgreementOut)
def api_end_agreement(
    agreement_id: int, body: EndIn, actor: ActorDep, session: SessionDep
) -> AgreementOut:
    view = end_agreement(session, agreement_id=agreement_id, reason=body.reason, actor=actor)
    return AgreementOut.of(view)


@router.get("/cases/{case_id}/known-to", response_model=list[KnownToOut])
def api_known_to(case_id: int, actor: ActorDep, session: SessionDep) -> list[KnownToOut]:
    """Other agencies that know the person, where an agreement and the consents allow."""
    return [KnownToOut.of(k) for k in also_known_to(session, case_id=case_id, actor=actor)]


@router.get("/shared/cases/{case_id}", response_model=dict[str, Any])
def api_shared_case(case_id: int, actor: ActorDep, session: SessionDep) -> dict[str, Any]:
    """Another agency's case as far as a grant shares it (only the granted groups)."""
    return read_shared_case(session, case_id=case_id, actor=actor).as_dict()
