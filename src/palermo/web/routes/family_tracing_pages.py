"""Pages of family tracing: a case partial with its requests and proposed matches, and the
forms that open a request, propose matches and verify one.

The partial is loaded into the case page by HTMX and is also a page of its own for
browsers without JavaScript; forms post back and return to the case page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

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
from palermo.store.actor import Actor
from palermo.store.ranges import RowId
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.errors import Refusal
from palermo.web.form_flow import redirect, submit
from palermo.web.forms.values import validated
from palermo.web.rendering import is_htmx, render_page

router = APIRouter(include_in_schema=False)


def _panel(
    request: Request,
    session: Session,
    actor: Actor,
    case_id: RowId,
    *,
    error: Refusal | None = None,
) -> Response:
    views = []
    for row in list_tracing_requests(session, case_id=case_id, actor=actor):
        matches = list_matches(session, request_id=row.id, actor=actor)
        views.append(
            {"request": row, "matches": [(m, candidate_label(session, m)) for m in matches]}
        )
    page = not is_htmx(request)
    return render_page(
        request,
        "tracing/page.html" if page else "tracing/_panel.html",
        status=error.status if error else 200,
        case_id=case_id,
        views=views,
        error=(error.message + (f" {error.hint}" if error.hint else "")) if error else None,
        page=page,
    )


def _back(case_id: RowId) -> Response:
    return redirect(f"/cases/{case_id}#tracing")


@router.get("/cases/{case_id}/tracing")
def tracing_panel(
    case_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    return _panel(request, session, caller.actor, case_id)


@router.post("/cases/{case_id}/tracing")
async def tracing_open(
    case_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> None:
        values = {
            k: (str(form.get(k)).strip() or None)
            for k in (*REQUEST_FIELDS, "override_reason")
            if form.get(k) is not None
        }
        data = validated(TracingRequestCreate, **values)
        open_tracing_request(session, case_id=case_id, data=data, actor=caller.actor)

    return await submit(
        request,
        session,
        act=act,
        done=lambda _: _back(case_id),
        again=lambda refusal: _panel(request, session, caller.actor, case_id, error=refusal),
    )


@router.post("/cases/{case_id}/tracing/{request_id}/matches")
def tracing_propose(
    case_id: RowId, request_id: RowId, caller: CallerDep, session: SessionDep
) -> Response:
    propose_matches(session, request_id=request_id, actor=caller.actor)
    return _back(case_id)


@router.post("/cases/{case_id}/tracing/matches/{match_id}/verify")
async def tracing_verify(
    case_id: RowId, match_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    decision = str((await request.form()).get("decision") or "")
    verify_match(session, match_id=match_id, actor=caller.actor, decision=decision)
    return _back(case_id)
