"""Protect pillar: family tracing pages (a case partial) and the JSON API.

Routes parse, call one service of :mod:`palermo.cases.tracing`, render. Forms post
back and redirect to the case page; the partial is loaded into the case page by
HTMX and is also a page of its own for browsers without JavaScript.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases.family_tracing.matching import (
    candidate_label,
    list_matches,
    propose_matches,
    verify_match,
)
from palermo.cases.family_tracing.requests import (
    REQUEST_FIELDS,
    TracingRequestCreate,
    list_tracing_requests,
    open_tracing_request,
)
from palermo.errors import PalermoError
from palermo.store.actor import Actor
from palermo.web.deps import Caller, current_actor, current_caller, db_session
from palermo.web.form_values import validated

router = APIRouter()

# ---------------------------------------------------------------------------- API


class TracingRequestOut(BaseModel):
    id: int
    case_id: int
    status: str
    relationship: str
    sought_given_name: str | None
    sought_family_name: str | None
    sought_birth_year: int | None
    sought_gender: str | None  # HTCDS prs_Gender code
    sought_aliases: list[str]
    separated_on: date | None
    separation_place: str | None
    last_known_place: str | None
    created_by: str
    created_at: datetime


class TracingMatchOut(BaseModel):
    id: int
    request_id: int
    candidate_person_id: int | None
    candidate_request_id: int | None
    score: float
    reasons: list[str]
    status: str
    verified_by: str | None


class VerifyIn(BaseModel):
    decision: str


def _request_out(row: Any) -> TracingRequestOut:
    fields = set(TracingRequestOut.model_fields) - {"sought_aliases"}
    values = {name: getattr(row, name) for name in fields}
    return TracingRequestOut(**values, sought_aliases=row.sought_alias_list)


def _match_out(row: Any) -> TracingMatchOut:
    return TracingMatchOut.model_validate(row, from_attributes=True)


@router.post("/api/cases/{case_id}/tracing", status_code=201, tags=["api"])
def api_open_request(
    case_id: int,
    data: TracingRequestCreate,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> TracingRequestOut:
    return _request_out(open_tracing_request(session, case_id=case_id, data=data, actor=actor))


@router.post("/api/tracing/{request_id}/matches", tags=["api"])
def api_propose(
    request_id: int,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> list[TracingMatchOut]:
    """Run the matcher; the proposals are for a case worker to verify, never decisions."""
    return [_match_out(m) for m in propose_matches(session, request_id=request_id, actor=actor)]


@router.post("/api/tracing/matches/{match_id}/verify", tags=["api"])
def api_verify(
    match_id: int,
    body: VerifyIn,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> TracingMatchOut:
    return _match_out(verify_match(session, match_id=match_id, actor=actor, decision=body.decision))


# -------------------------------------------------------------------------- pages


def _render(
    request: Request,
    session: Session,
    caller: Caller,
    case_id: int,
    *,
    error: str | None = None,
    status: int = 200,
) -> Response:
    rows = list_tracing_requests(session, case_id=case_id, actor=caller.actor)
    views = []
    for row in rows:
        matches = list_matches(session, request_id=row.id, actor=caller.actor)
        views.append(
            {
                "request": row,
                "matches": [(m, candidate_label(session, m)) for m in matches],
            }
        )
    context: dict[str, Any] = {
        "case_id": case_id,
        "views": views,
        "error": error,
        "today": clock.today(),
        "page": request.headers.get("hx-request") != "true",
    }
    name = "tracing/page.html" if context["page"] else "tracing/_panel.html"
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


def _back(case_id: int) -> Response:
    return RedirectResponse(f"/cases/{case_id}#tracing", status_code=303)


@router.get("/cases/{case_id}/tracing", include_in_schema=False)
def tracing_panel(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    return _render(request, session, caller, case_id)


@router.post("/cases/{case_id}/tracing", include_in_schema=False)
async def tracing_open(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    form = await request.form()
    values = {
        k: (str(form.get(k)).strip() or None)
        for k in (*REQUEST_FIELDS, "override_reason")
        if form.get(k) is not None
    }
    try:
        data = validated(TracingRequestCreate, **values)
        open_tracing_request(session, case_id=case_id, data=data, actor=caller.actor)
    except PalermoError as exc:
        session.rollback()
        message = exc.message + (f" {exc.hint}" if exc.hint else "")
        return _render(request, session, caller, case_id, error=message, status=exc.http_status)
    return _back(case_id)


@router.post("/cases/{case_id}/tracing/{request_id}/matches", include_in_schema=False)
def tracing_propose(
    case_id: int,
    request_id: int,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    propose_matches(session, request_id=request_id, actor=caller.actor)
    return _back(case_id)


@router.post("/cases/{case_id}/tracing/matches/{match_id}/verify", include_in_schema=False)
async def tracing_verify(
    case_id: int,
    match_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    decision = str((await request.form()).get("decision") or "")
    verify_match(session, match_id=match_id, actor=caller.actor, decision=decision)
    return _back(case_id)
