"""The JSON API of family tracing: open a request, propose matches, verify one."""

from __future__ import annotations

from fastapi import APIRouter

from palermo.cases.family_tracing.matching import propose_matches, verify_match
from palermo.cases.family_tracing.requests import TracingRequestCreate, open_tracing_request
from palermo.store.ranges import RowId
from palermo.web.deps import ActorDep, SessionDep
from palermo.web.schemas.family_tracing_json import (
    TracingMatchOut,
    TracingRequestOut,
    VerifyIn,
    match_out,
    request_out,
)

router = APIRouter(prefix="/api", tags=["api"])


@router.post("/cases/{case_id}/tracing", status_code=201, response_model=TracingRequestOut)
def api_open_request(
    case_id: RowId, data: TracingRequestCreate, actor: ActorDep, session: SessionDep
) -> TracingRequestOut:
    return request_out(open_tracing_request(session, case_id=case_id, data=data, actor=actor))


@router.post("/tracing/{request_id}/matches", response_model=list[TracingMatchOut])
def api_propose(request_id: RowId, actor: ActorDep, session: SessionDep) -> list[TracingMatchOut]:
    """Run the matcher; the proposals are for a case worker to verify, never decisions."""
    return [match_out(m) for m in propose_matches(session, request_id=request_id, actor=actor)]


@router.post("/tracing/matches/{match_id}/verify", response_model=TracingMatchOut)
def api_verify(
    match_id: RowId, body: VerifyIn, actor: ActorDep, session: SessionDep
) -> TracingMatchOut:
    return match_out(verify_match(session, match_id=match_id, actor=actor, decision=body.decision))
