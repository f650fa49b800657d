"""Pages of Cooperate: linkage runs (the national coordinator's), sharing agreements (the
parties'), the "also known to" panel of a case and a case read under an agreement.

A run is started here and worked in a background thread of the server; its page shows
the progress from the run's row (refreshed by HTMX, or by the page itself without
JavaScript) and, once done, the figures and the report to download: the report carries
its charts' scripts inline, which the app's pages may not run, so it opens from disk.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from palermo.cases.referrals.grants import read_shared_case
from palermo.cooperate.agreements import (
    AgreementView,
    agencies_to_agree_with,
    end_agreement,
    list_agreements,
    read_agreement,
    record_agreement,
)
from palermo.cooperate.known_to import also_known_to
from palermo.cooperate.link_runs import (
    RunView,
    launch_link_run,
    link_run_report,
    list_link_runs,
    read_link_run,
    start_link_run,
)
from palermo.store import Store
from palermo.web.deps import CallerDep, SessionDep, get_store
from palermo.web.errors import Refusal
from palermo.web.form_flow import redirect, status_for, submit
from palermo.web.forms.cooperate import agreement_from_form, threshold_from_form
from palermo.web.forms.values import text
from palermo.web.rendering import is_htmx, render_page

router = APIRouter(include_in_schema=False)


# ------------------------------------------------------------------------ linkage runs


@router.get("/linkage")
def linkage_page(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    runs = list_link_runs(session, actor=caller.actor)
    return render_page(request, "cooperate/linkage.html", runs=runs, error=None)


@router.post("/linkage/runs")
async def start_run(
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    store: Store = Depends(get_store),
) -> Response:
    def act(form: FormData) -> RunView:
        run = start_link_run(session, actor=caller.actor, threshold=threshold_from_form(form))
        launch_link_run(store, run_id=run.id, actor=caller.actor)
        return run

    def again(refusal: Refusal) -> Response:
        runs = list_link_runs(session, actor=caller.actor)
        return render_page(
            request,
            "cooperate/linkage.html",
            status=status_for(request, refusal),
            runs=runs,
            error=refusal,
        )

    return await submit(
        request, session, act=act, done=lambda run: redirect(f"/linkage/runs/{run.id}"), again=again
    )


@router.get("/linkage/runs/{run_id}")
def run_page(run_id: int, request: Request, caller: CallerDep, session: SessionDep) -> Response:
    run = read_link_run(session, run_id=run_id, actor=caller.actor)
    return render_page(request, "cooperate/run.html", run=run)


@router.get("/linkage/runs/{run_id}/report")
def run_report(run_id: int, caller: CallerDep, session: SessionDep) -> Response:
    html = link_run_report(session, run_id=run_id, actor=caller.actor)
    return Response(
        html,
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="linkage-run-{run_id}.html"'},
    )


# ------------------------------------------------------------------ sharing agreements


@router.get("/agreements")
def agreements_page(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    rows = list_agreements(session, actor=caller.actor)
    return render_page(request, "cooperate/agreements.html", rows=rows)


def _form_page(
    request: Request, caller: CallerDep, session: SessionDep, error: Refusal | None = None
) -> Response:
    return render_page(
        request,
        "cooperate/agreement_form.html",
        status=status_for(request, error) if error else 200,
        agencies=agencies_to_agree_with(session, actor=caller.actor),
        error=error,
    )


@router.get("/agreements/new")
def new_agreement(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    return _form_page(request, caller, session)


@router.post("/agreements")
async def create_agreement(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    def act(form: FormData) -> AgreementView:
        data = agreement_from_form(form, own_agency_id=caller.actor.agency_id)
        return record_agreement(session, data=data, actor=caller.actor)

    return await submit(
        request,
        session,
        act=act,
        done=lambda a: redirect(f"/agreements/{a.id}"),
        again=lambda refusal: _form_page(request, caller, session, refusal),
    )


@router.get("/agreements/{agreement_id}")
def agreement_page(
    agreement_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    row = read_agreement(session, agreement_id=agreement_id, actor=caller.actor)
    return render_page(request, "cooperate/agreement.html", a=row, error=None)


@router.post("/agreements/{agreement_id}/end")
async def agreement_end(
    agreement_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> AgreementView:
        reason = text(form, "reason") or ""
        return end_agreement(session, agreement_id=agreement_id, reason=reason, actor=caller.actor)

    def again(refusal: Refusal) -> Response:
        row = read_agreement(session, agreement_id=agreement_id, actor=caller.actor)
        return render_page(
            request,
            "cooperate/agreement.html",
            status=status_for(request, refusal),
            a=row,
            error=refusal,
        )

    return await submit(
        request, session, act=act, done=lambda a: redirect(f"/agreements/{a.id}"), again=again
    )


# ------------------------------------------------------------------ what a case may see


@router.get("/cases/{case_id}/known-to")
def known_to_panel(
    case_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    rows = also_known_to(session, case_id=case_id, actor=caller.actor)
    name = "cooperate/_known_to.html" if is_htmx(request) else "cooperate/known_to.html"
    return render_page(request, name, rows=rows, case_id=case_id)


@router.get("/shared/cases/{case_id}")
def shared_case_page(
    case_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    view = read_shared_case(session, case_id=case_id, actor=caller.actor)
    return render_page(request, "cooperate/shared_case.html", view=view)
