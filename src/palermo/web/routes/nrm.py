"""Protect routes: NRM decisions, recovery periods, deadline rules, and the Protect reports.

Routes parse, call one service (palermo.cases.nrm, .deadlines, .reports), render. The
case partial posts its forms with HTMX and swaps itself; without JavaScript the same
forms post normally and come back to the case page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases.nrm.deadline_rules import DEFAULT_RULES, list_deadline_rules, set_deadline_rule
from palermo.cases.nrm.deadlines import deadlines_for, nrm_alerts
from palermo.cases.nrm.decisions import (
    DecisionCreate,
    describe,
    nrm_history,
    record_decision,
    request_reconsideration,
)
from palermo.cases.nrm.recovery import extend_recovery_period, extensions_of, start_recovery_period
from palermo.cases.record.casefile import problems_from_pydantic
from palermo.cases.work.reports import protect_report
from palermo.errors import (
    AuthenticationFailed,
    Conflict,
    FieldProblem,
    PalermoError,
    ValidationFailed,
)
from palermo.vocab import NrmStep
from palermo.web.deps import Caller, current_caller, db_session
from palermo.web.error_page import error_page
from palermo.web.form_values import text
from palermo.web.protect_json import (
    ReconsiderationIn,
    RecoveryIn,
    decision_out,
    history_out,
    period_out,
)

router = APIRouter()

# --------------------------------------------------------------------------- helpers


def _date(value: Any, field: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationFailed(
            f"{field}: give a date as YYYY-MM-DD.",
            problems=[FieldProblem(field=field, reason="not a date", value=str(value))],
        ) from None


def _text(form: Any, name: str) -> str:
    return text(form, name) or ""


def _render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    context |= {
        "describe": describe,
        "extensions_of": extensions_of,
    }
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


def _guarded(request: Request, build: Callable[[], Response]) -> Response:
    """Render a page, or the error page while the session (and the signed-in user) is open.

    Left to the app-wide handler, a refusal raised before any commit rolls the session
    back and detaches the user the layout shows.
    """
    try:
        return build()
    except AuthenticationFailed:
        raise
    except PalermoError as exc:
        return error_page(request, exc)


def _panel(
    request: Request, session: Session, caller: Caller, case_id: int, error: PalermoError | None
) -> Response:
    history = nrm_history(session, case_id=case_id, actor=caller.actor)
    due = deadlines_for(session, case_id=case_id, actor=caller.actor)
    return _render(
        request,
        "nrm/_panel.html",
        case_id=case_id,
        history=history,
        deadlines=due,
        error=error,
        today=clock.today(),
    )


async def _form_action(request: Request, session: Session, caller: Caller, case_id: int, act):
    """Run ``act(form)``; HTMX gets the panel back (with the refusal), a plain post a redirect."""
    form = await request.form()
    htmx = request.headers.get("hx-request") == "true"
    try:
        act(form)
    except (ValidationFailed, Conflict) as exc:
        if not htmx:
            # Rendered here, inside the open session: letting the error escape would roll the
            # session back and detach the signed-in user the layout needs.
            return error_page(request, exc)
        # 200 so that HTMX swaps the panel in with the message. The services refuse before
        # changing anything, so the session holds nothing half-done to roll back.
        return _panel(request, session, caller, case_id, exc)
    if htmx:
        return _panel(request, session, caller, case_id, None)
    return RedirectResponse(f"/cases/{case_id}#nrm", status_code=303)


# ---------------------------------------------------------------------- case partial


@router.get("/cases/{case_id}/nrm", include_in_schema=False)
def nrm_panel(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    return _guarded(request, lambda: _panel(request, session, caller, case_id, None))


def _decision_from_form(form: Any) -> DecisionCreate:
    raw = {
        "stage": _text(form, "stage"),
        "result": _text(form, "result"),
        "decision_maker": _text(form, "decision_maker"),
        "decision_org": _text(form, "decision_org") or None,
        "decided_on": _date(form.get("decided_on"), "decided_on"),
        "reasons": _text(form, "reasons"),
        "reconsiders_id": _text(form, "reconsiders_id") or None,
    }
    try:
        return DecisionCreate.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(
            "The decision was refused: fill in every required field.",
            problems=problems_from_pydantic(exc),
        ) from None


@router.post("/cases/{case_id}/nrm/decisions", include_in_schema=False)
async def nrm_decide(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    def act(form: Any) -> None:
        data = _decision_from_form(form)
        record_decision(session, case_id=case_id, data=data, actor=caller.actor)

    return await _form_action(request, session, caller, case_id, act)


@router.post("/cases/{case_id}/nrm/reconsiderations", include_in_schema=False)
async def nrm_reconsider(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    def act(form: Any) -> None:
        decision_id = _text(form, "decision_id")
        request_reconsideration(
            session,
            case_id=case_id,
            decision_id=int(decision_id) if decision_id.isdigit() else 0,
            requested_by=_text(form, "requested_by"),
            requested_on=_date(form.get("requested_on"), "requested_on") or clock.today(),
            reasons=_text(form, "reasons"),
            actor=caller.actor,
        )

    return await _form_action(request, session, caller, case_id, act)


@router.post("/cases/{case_id}/nrm/recovery", include_in_schema=False)
async def nrm_recovery(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    def act(form: Any) -> None:
        extended_to = _date(form.get("extended_to"), "extended_to")
        if extended_to is not None:
            extend_recovery_period(
                session,
                case_id=case_id,
                extended_to=extended_to,
                reason=_text(form, "reason"),
                actor=caller.actor,
            )
            return
        start_recovery_period(
            session,
            case_id=case_id,
            starts_on=_date(form.get("starts_on"), "starts_on") or clock.today(),
            ends_on=_date(form.get("ends_on"), "ends_on"),
            actor=caller.actor,
        )

    return await _form_action(request, session, caller, case_id, act)


# ------------------------------------------------------------------ deadline settings


@router.get("/settings/nrm-deadlines", include_in_schema=False)
def deadline_settings(
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    country = caller.user.agency.country
    return _guarded(
        request,
        lambda: _render(
            request,
            "nrm/deadlines.html",
            rules=list_deadline_rules(session, actor=caller.actor),
            defaults=list(DEFAULT_RULES.values()),
            steps=list(NrmStep),
            country=country,
        ),
    )


@router.post("/settings/nrm-deadlines", include_in_schema=False)
async def deadline_settings_save(
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    form = await request.form()

    def save() -> Response:
        days, warn = _text(form, "days"), _text(form, "warn_days_before")
        if not days.isdigit() or (warn and not warn.isdigit()):
            raise ValidationFailed(
                "Days must be whole numbers.",
                problems=[FieldProblem(field="days", reason="not a whole number", value=days)],
            )
        set_deadline_rule(
            session,
            country=_text(form, "country"),
            step=_text(form, "step"),
            days=int(days),
            working_days=form.get("working_days") == "on",
            warn_days_before=int(warn) if warn else None,
            actor=caller.actor,
        )
        return RedirectResponse("/settings/nrm-deadlines", status_code=303)

    return _guarded(request, save)


# ---------------------------------------------------------------------------- reports


def _period(date_from: str | None, date_to: str | None) -> tuple[date, date]:
    to = _date(date_to, "to") or clock.today()
    start = _date(date_from, "from") or to - timedelta(days=89)
    return start, to


@router.get("/reports", include_in_schema=False)
def reports_page(
    request: Request,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    def page() -> Response:
        start, end = _period(date_from, date_to)
        report = protect_report(session, date_from=start, date_to=end, actor=caller.actor)
        return _render(request, "reports/protect.html", report=report)

    return _guarded(request, page)


@router.get("/api/reports/protect", tags=["api"])
def api_report(
    date_from: str | None = Query(None, alias="from", description="YYYY-MM-DD"),
    date_to: str | None = Query(None, alias="to", description="YYYY-MM-DD"),
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> dict[str, Any]:
    """The Protect report of your agency for the period (default: the last 90 days)."""
    start, end = _period(date_from, date_to)
    report = protect_report(session, date_from=start, date_to=end, actor=caller.actor)
    return asdict(report)


# -------------------------------------------------------------------------------- API


@router.post("/api/cases/{case_id}/nrm/decisions", status_code=201, tags=["api"])
def api_decide(
    case_id: int,
    data: DecisionCreate,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> dict[str, Any]:
    """Record a reasonable- or conclusive-grounds decision (or a reconsideration's result)."""
    row = record_decision(session, case_id=case_id, data=data, actor=caller.actor)
    return decision_out(row)


@router.post("/api/cases/{case_id}/nrm/reconsiderations", status_code=201, tags=["api"])
def api_reconsider(
    case_id: int,
    data: ReconsiderationIn,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> dict[str, Any]:
    """Request the reconsideration of a negative decision."""
    row = request_reconsideration(session, case_id=case_id, **data.model_dump(), actor=caller.actor)
    return decision_out(row)


@router.post("/api/cases/{case_id}/nrm/recovery", tags=["api"])
def api_recovery(
    case_id: int,
    data: RecoveryIn,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> dict[str, Any]:
    """Start the recovery and reflection period, or extend it when extended_to is given."""
    if data.extended_to is not None:
        row = extend_recovery_period(
            session,
            case_id=case_id,
            extended_to=data.extended_to,
            reason=data.reason or "",
            actor=caller.actor,
        )
    elif data.starts_on is not None:
        row = start_recovery_period(
            session,
            case_id=case_id,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            actor=caller.actor,
        )
    else:
        raise ValidationFailed(
            "Give starts_on to start a period, or extended_to and reason to extend it.",
            problems=[FieldProblem(field="starts_on", reason="missing")],
        )
    return period_out(row)


@router.get("/api/cases/{case_id}/nrm", tags=["api"])
def api_history(
    case_id: int,
    today: date | None = None,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> dict[str, Any]:
    """Decisions, recovery periods, pending reconsiderations and deadlines of a case."""
    history = nrm_history(session, case_id=case_id, actor=caller.actor)
    due = deadlines_for(session, case_id=case_id, actor=caller.actor, today=today)
    return history_out(history, due)


@router.get("/api/nrm/alerts", tags=["api"])
def api_alerts(
    today: date | None = None,
    within_days: int | None = Query(None, ge=0, le=365),
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> list[dict[str, Any]]:
    """NRM deadlines near or missed on your agency's open cases, most urgent first."""
    alerts = nrm_alerts(session, actor=caller.actor, today=today, within_days=within_days)
    return [asdict(a) for a in alerts]
