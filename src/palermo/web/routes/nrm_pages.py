"""Pages of the national referral mechanism: a case's NRM panel and its forms (decisions,
reconsiderations, recovery periods), and the administrators' deadline settings.

The panel posts its forms with HTMX and swaps itself; without JavaScript the same forms
post normally and come back to the case page.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from palermo import clock
from palermo.cases.nrm.deadline_rules import DEFAULT_RULES, list_deadline_rules, set_deadline_rule
from palermo.cases.nrm.deadlines import deadlines_for
from palermo.cases.nrm.decisions import nrm_history, record_decision, request_reconsideration
from palermo.cases.nrm.recovery import extend_recovery_period, start_recovery_period
from palermo.errors import FieldProblem, ValidationFailed
from palermo.store.actor import Actor
from palermo.store.ranges import RowId
from palermo.vocab import NrmStep
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.errors import Refusal
from palermo.web.form_flow import redirect, submit
from palermo.web.forms.protect import decision_from_form
from palermo.web.forms.values import iso_date, text
from palermo.web.rendering import is_htmx, render_page

router = APIRouter(include_in_schema=False)


def _panel(
    request: Request, session: Session, actor: Actor, case_id: RowId, error: Refusal | None
) -> Response:
    history = nrm_history(session, case_id=case_id, actor=actor)
    due = deadlines_for(session, case_id=case_id, actor=actor)
    return render_page(
        request, "nrm/_panel.html", case_id=case_id, history=history, deadlines=due, error=error
    )


async def _form_action(
    request: Request,
    session: Session,
    actor: Actor,
    case_id: RowId,
    act: Callable[[FormData], None],
) -> Response:
    """Run ``act(form)``; HTMX gets the panel back (with the refusal), a plain post a redirect
    or the error page."""

    def again(refusal: Refusal) -> Response:
        if is_htmx(request):
            # 200 so that HTMX swaps the panel in with the message.
            return _panel(request, session, actor, case_id, refusal)
        return render_page(request, "error.html", status=refusal.status, error=refusal)

    def done(_: None) -> Response:
        if is_htmx(request):
            return _panel(request, session, actor, case_id, None)
        return redirect(f"/cases/{case_id}#nrm")

    return await submit(request, session, act=act, done=done, again=again)


@router.get("/cases/{case_id}/nrm")
def nrm_panel(case_id: RowId, request: Request, caller: CallerDep, session: SessionDep) -> Response:
    return _panel(request, session, caller.actor, case_id, None)


@router.post("/cases/{case_id}/nrm/decisions")
async def nrm_decide(
    case_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> None:
        data = decision_from_form(form)
        record_decision(session, case_id=case_id, data=data, actor=caller.actor)

    return await _form_action(request, session, caller.actor, case_id, act)


@router.post("/cases/{case_id}/nrm/reconsiderations")
async def nrm_reconsider(
    case_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> None:
        decision_id = text(form, "decision_id") or ""
        request_reconsideration(
            session,
            case_id=case_id,
            decision_id=int(decision_id) if decision_id.isdigit() else 0,
            requested_by=text(form, "requested_by") or "",
            requested_on=iso_date(form, "requested_on") or clock.today(),
            reasons=text(form, "reasons") or "",
            actor=caller.actor,
        )

    return await _form_action(request, session, caller.actor, case_id, act)


@router.post("/cases/{case_id}/nrm/recovery")
async def nrm_recovery(
    case_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> None:
        extended_to = iso_date(form, "extended_to")
        if extended_to is not None:
            extend_recovery_period(
                session,
                case_id=case_id,
                extended_to=extended_to,
                reason=text(form, "reason") or "",
                actor=caller.actor,
            )
            return
        start_recovery_period(
            session,
            case_id=case_id,
            starts_on=iso_date(form, "starts_on") or clock.today(),
            ends_on=iso_date(form, "ends_on"),
            actor=caller.actor,
        )

    return await _form_action(request, session, caller.actor, case_id, act)


@router.get("/settings/nrm-deadlines")
def deadline_settings(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    return render_page(
        request,
        "nrm/deadlines.html",
        rules=list_deadline_rules(session, actor=caller.actor),
        defaults=list(DEFAULT_RULES.values()),
        steps=list(NrmStep),
        country=caller.user.agency.country,
    )


@router.post("/settings/nrm-deadlines")
async def deadline_settings_save(
    request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    form = await request.form()
    days, warn = text(form, "days") or "", text(form, "warn_days_before") or ""
    if not days.isdigit() or (warn and not warn.isdigit()):
        raise ValidationFailed(
            "Days must be whole numbers.",
            problems=[FieldProblem(field="days", reason="not a whole number", value=days)],
        )
    set_deadline_rule(
        session,
        country=text(form, "country") or "",
        step=text(form, "step") or "",
        days=int(days),
        working_days=form.get("working_days") == "on",
        warn_days_before=int(warn) if warn else None,
        actor=caller.actor,
    )
    return redirect("/settings/nrm-deadlines")
