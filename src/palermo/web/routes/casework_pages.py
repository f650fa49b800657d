"""Pages of casework on a case: closing it (its own step), handing it over, tasks, and the
audit trail a supervisor reviews (with its CSV export)."""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from palermo import cases
from palermo.cases.record.audit_trail import MAX_ROWS, case_trail
from palermo.cases.referrals.sending import agencies_to_refer_to
from palermo.cases.work.ownership import assign_case
from palermo.cases.work.tasks import add_task, complete_task
from palermo.cases.workflow import close_case
from palermo.i18n import render
from palermo.store.actor import Actor
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.errors import Refusal, locale_of
from palermo.web.form_flow import redirect, submit
from palermo.web.forms.casework import (
    closing_from_form,
    owner_from_form,
    task_from_form,
    trail_query,
)
from palermo.web.rendering import render_page

router = APIRouter(include_in_schema=False)


def _close_page(
    request: Request,
    session: Session,
    actor: Actor,
    case_id: int,
    *,
    form: FormData | None = None,
    error: Refusal | None = None,
) -> Response:
    case = cases.read_case(session, case_id=case_id, actor=actor)
    by_field: dict[str, list[str]] = {}
    for p in error.problems if error else []:
        by_field.setdefault(p.field, []).append(p.reason)
    return render_page(
        request,
        "casework/close.html",
        status=error.status if error else 200,
        case=case,
        agencies=agencies_to_refer_to(session, actor=actor),
        form=form or {},
        error=error,
        by_field=by_field,
    )


@router.get("/cases/{case_id}/close")
def close_page(case_id: int, request: Request, caller: CallerDep, session: SessionDep) -> Response:
    return _close_page(request, session, caller.actor, case_id)


@router.post("/cases/{case_id}/close")
async def close_form(
    case_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    form = await request.form()

    def act(form: FormData) -> int:
        closing = closing_from_form(form)
        close_case(
            session,
            case_id=case_id,
            reason_code=closing.reason_code,
            note=closing.note,
            actor=caller.actor,
            referred_to_agency_id=closing.referred_to_agency_id,
        )
        return case_id

    return await submit(
        request,
        session,
        act=act,
        done=lambda back: redirect(f"/cases/{back}", notice="case_closed"),
        again=lambda refusal: _close_page(
            request, session, caller.actor, case_id, form=form, error=refusal
        ),
    )


async def _simple(
    request: Request, session: Session, act: object, notice: str, anchor: str
) -> Response:
    """A small form on the case page: back to the case, or the error page with the refusal."""

    def again(refusal: Refusal) -> Response:
        return render_page(request, "error.html", status=refusal.status, error=refusal)

    return await submit(
        request,
        session,
        act=act,  # type: ignore[arg-type]
        done=lambda case_id: redirect(f"/cases/{case_id}#{anchor}", notice=notice),
        again=again,
    )


@router.post("/cases/{case_id}/owner")
async def owner_form(
    case_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> int:
        assign_case(session, case_id=case_id, to_user_id=owner_from_form(form), actor=caller.actor)
        return case_id

    return await _simple(request, session, act, "case_assigned", "tasks")


@router.post("/cases/{case_id}/tasks")
async def task_form(
    case_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> int:
        add_task(session, case_id=case_id, data=task_from_form(form), actor=caller.actor)
        return case_id

    return await _simple(request, session, act, "task_added", "tasks")


@router.post("/tasks/{task_id}/done")
async def task_done(
    task_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(_form: FormData) -> int:
        return complete_task(session, task_id=task_id, actor=caller.actor).case_id

    return await _simple(request, session, act, "task_done", "tasks")


@router.get("/cases/{case_id}/audit")
def audit_page(
    case_id: int,
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    who: str = "",
    kind: str = "",
    date_from: str = "",
    date_to: str = "",
    page: int = 1,
) -> Response:
    query = trail_query(who=who, kind=kind, date_from=date_from, date_to=date_to, page=page)
    trail = case_trail(session, case_id=case_id, actor=caller.actor, query=query)
    case = cases.read_case(session, case_id=case_id, actor=caller.actor)
    params = {k: v for k, v in request.query_params.items() if k != "page" and v}
    return render_page(
        request, "casework/audit.html", case=case, page=trail, query=query, params=params
    )


@router.get("/cases/{case_id}/audit.csv")
def audit_csv(
    case_id: int,
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    who: str = "",
    kind: str = "",
    date_from: str = "",
    date_to: str = "",
) -> Response:
    query = trail_query(
        who=who, kind=kind, date_from=date_from, date_to=date_to, page=1, per_page=MAX_ROWS
    )
    trail = case_trail(session, case_id=case_id, actor=caller.actor, query=query)
    locale = locale_of(request)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["at", "until", "actor", "event", "action", "entity", "entity_id", "pages",
                     "fields", "origin", "outcome"])  # fmt: skip
    for e in trail.events:
        writer.writerow([
            e.at.isoformat(timespec="seconds"), e.until.isoformat(timespec="seconds"), e.actor,
            render(e.label, locale), e.action, e.entity, e.entity_id or "", e.count,
            " ".join(e.fields), e.origin or "", e.outcome,
        ])  # fmt: skip
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="audit-case-{case_id}.csv"'},
    )
