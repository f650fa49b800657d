"""Justice reports and queues as pages: the attrition funnel (national and the agency's,
tables with a chart beside them), UNODC's GLOTIP tables (with their XLSX download), the
work queues, SHERLOC classification and the case-law summary of an investigation, and
the trial monitors' pages."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from palermo.justice.services import casework_law, reporting, trial_watch
from palermo.justice.services.work import justice_work
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.errors import Refusal
from palermo.web.form_flow import submit
from palermo.web.forms import justice as forms
from palermo.web.forms.values import parse_date
from palermo.web.rendering import render_page, request_locale
from palermo.web.routes.justice_pages import post_form

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/justice/attrition")
def attrition_page(
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    year: int | None = Query(None, ge=1950, le=2200),
) -> Response:
    report = reporting.attrition(session, actor=caller.actor, year=year)
    return render_page(request, "justice/attrition.html", report=report)


@router.get("/justice/glotip")
def glotip_page(
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    year: int | None = Query(None, ge=1950, le=2200),
) -> Response:
    result = reporting.glotip(
        session, actor=caller.actor, year=year, locale=request_locale(request)
    )
    return render_page(request, "justice/glotip.html", result=result, year=year)


@router.get("/justice/glotip.xlsx")
def glotip_download(
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    year: int | None = Query(None, ge=1950, le=2200),
) -> Response:
    name = f"glotip-{year or 'all-years'}.xlsx"
    with tempfile.TemporaryDirectory() as folder:
        path, _ = reporting.write_glotip(
            session,
            actor=caller.actor,
            path=Path(folder) / name,
            year=year,
            locale=request_locale(request),
        )
        content = path.read_bytes()
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=XLSX, headers=headers)


@router.get("/justice/work")
def work_page(
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    today: str | None = None,
    unpaid_after_days: int | None = Query(None, ge=0, le=3650),
) -> Response:
    delay = unpaid_after_days
    if delay is None:
        delay = request.app.state.settings.compensation_unpaid_days
    queues = justice_work(
        session, actor=caller.actor, today=parse_date(today, "today"), unpaid_after_days=delay
    )
    return render_page(request, "justice/work.html", work=queues)


def _classification_page(
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    investigation_id: int,
    error: Refusal | None = None,
    summary: object = None,
) -> Response:
    found = casework_law.classification(
        session, investigation_id=investigation_id, actor=caller.actor
    )
    return render_page(
        request,
        "justice/classification.html",
        investigation_id=investigation_id,
        classification=found,
        summary=summary,
        error=error,
        status=error.status if error else 200,
    )


@router.get("/justice/investigations/{investigation_id}/classification")
def classification_page(
    investigation_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    return _classification_page(request, session, caller, investigation_id)


@router.post("/justice/investigations/{investigation_id}/classification")
async def confirm_classification(
    investigation_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: object) -> object:
        return casework_law.confirm_keywords(
            session,
            investigation_id=investigation_id,
            actor=caller.actor,
            remove=forms.keyword_pairs(form, "remove"),  # type: ignore[arg-type]
            add=forms.keyword_pairs(form, "add"),  # type: ignore[arg-type]
        )

    return await post_form(
        request,
        session,
        act=act,
        to=lambda _: f"/justice/investigations/{investigation_id}/classification",
        again=lambda e: _classification_page(request, session, caller, investigation_id, e),
    )


@router.post("/justice/investigations/{investigation_id}/case-law")
async def write_case_law(
    investigation_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: object) -> object:
        return casework_law.write_case_law(
            session,
            investigation_id=investigation_id,
            data=forms.case_law_from_form(form),  # type: ignore[arg-type]
            actor=caller.actor,
            locale=request_locale(request),
        )

    return await submit(
        request,
        session,
        act=act,
        done=lambda summary: _classification_page(
            request, session, caller, investigation_id, summary=summary
        ),
        again=lambda e: _classification_page(request, session, caller, investigation_id, e),
    )


@router.get("/monitor/trials")
def monitor_trials(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    trials = trial_watch.public_trials(session, actor=caller.actor)
    return render_page(request, "justice/monitor_trials.html", trials=trials)


@router.get("/monitor/trials/{proceeding_id}")
def monitor_trial(
    proceeding_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    trial = trial_watch.public_trial(session, proceeding_id=proceeding_id, actor=caller.actor)
    return render_page(request, "justice/monitor_trial.html", trial=trial)
