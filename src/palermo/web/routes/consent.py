"""Protect routes: consent, child protection, needs, support plan, closure and reopening.

The case page loads the Protection panel (``GET /cases/{id}/protection``) as an HTMX
partial; its forms post here and come back to the case page. The same services answer
the JSON API under /api.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from palermo import clock
from palermo.cases.consent.enforcement import list_overrides
from palermo.cases.consent.recording import (
    ConsentCreate,
    ConsentRead,
    list_consents,
    record_consent,
)
from palermo.cases.support.lifecycle import StatusChangeRead, reopen_case, update_child_protection
from palermo.cases.support.plan import (
    NeedsRead,
    PlanItemCreate,
    PlanItemRead,
    PlanItemUpdate,
    add_plan_item,
    assess_needs,
    update_plan_item,
)
from palermo.cases.support.protection import case_protection
from palermo.cases.workflow import close_case, withdraw_consent
from palermo.errors import PalermoError, ValidationFailed
from palermo.store.actor import Actor
from palermo.vocab import CaseClosureReason, ConsentGiver, ConsentPurpose, InformedOf, ServiceType
from palermo.web.deps import Caller, current_actor, current_caller, db_session
from palermo.web.error_page import error_page
from palermo.web.form_values import text, texts, whole_number
from palermo.web.forms_protect import (
    child_protection_from_form,
    consent_from_form,
    plan_item_from_form,
    plan_item_update_from_form,
)
from palermo.web.protect_json import CloseIn, NeedsIn, ReopenIn, WithdrawIn

router = APIRouter()


# ---------------------------------------------------------------------------- API


@router.post("/api/cases/{case_id}/consents", response_model=ConsentRead, tags=["api"])
def api_record_consent(
    case_id: int,
    body: ConsentCreate,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> ConsentRead:
    """Record a consent. All six checklist items must be ticked; a child needs a guardian."""
    return ConsentRead.of(record_consent(session, case_id=case_id, data=body, actor=actor))


@router.get("/api/cases/{case_id}/consents", response_model=list[ConsentRead], tags=["api"])
def api_list_consents(
    case_id: int,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> list[ConsentRead]:
    rows = list_consents(session, case_id=case_id, actor=actor)
    return [ConsentRead.of(c) for c in rows]


@router.post("/api/consents/{consent_id}/withdraw", response_model=ConsentRead, tags=["api"])
def api_withdraw_consent(
    consent_id: int,
    body: WithdrawIn,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> ConsentRead:
    """Withdraw a consent; the record stays, with the date it was withdrawn."""
    withdrawn = withdraw_consent(session, consent_id=consent_id, actor=actor, note=body.note)
    return ConsentRead.of(withdrawn)


@router.post("/api/cases/{case_id}/close", response_model=StatusChangeRead, tags=["api"])
def api_close_case(
    case_id: int,
    body: CloseIn,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> Any:
    return close_case(
        session,
        case_id=case_id,
        reason_code=body.reason_code,
        note=body.note,
        actor=actor,
        referred_to_agency_id=body.referred_to_agency_id,
    )


@router.post("/api/cases/{case_id}/reopen", response_model=StatusChangeRead, tags=["api"])
def api_reopen_case(
    case_id: int,
    body: ReopenIn,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> Any:
    return reopen_case(session, case_id=case_id, reason=body.reason, actor=actor)


@router.post("/api/cases/{case_id}/needs", response_model=NeedsRead, tags=["api"])
def api_assess_needs(
    case_id: int,
    body: NeedsIn,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> Any:
    return assess_needs(
        session,
        case_id=case_id,
        needs=body.needs,
        notes=body.notes,
        actor=actor,
        assessed_on=body.assessed_on,
    )


@router.post("/api/cases/{case_id}/plan", response_model=PlanItemRead, tags=["api"])
def api_add_plan_item(
    case_id: int,
    body: PlanItemCreate,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> Any:
    return add_plan_item(session, case_id=case_id, data=body, actor=actor)


@router.patch("/api/plan-items/{item_id}", response_model=PlanItemRead, tags=["api"])
def api_update_plan_item(
    item_id: int,
    body: PlanItemUpdate,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> Any:
    return update_plan_item(session, item_id=item_id, data=body, actor=actor)


# ---------------------------------------------------------------------------- pages


VOCAB: dict[str, Any] = {
    "purpose": ConsentPurpose,
    "informed": InformedOf,
    "giver": ConsentGiver,
    "service": ServiceType,
    "closure": CaseClosureReason,
}


def vocab_label(kind: str, code: str | None, locale: str) -> str:
    """Label of a Protect code in ``locale``; the code itself if it is not (or no longer) known."""
    if not code:
        return "—"
    try:
        return VOCAB[kind].parse(code).label(locale)
    except ValidationFailed:
        return code


def _render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    context |= {
        "vlabel": vocab_label,
        "purposes": list(ConsentPurpose),
        "informed_items": list(InformedOf),
        "givers": list(ConsentGiver),
        "service_types": list(ServiceType),
        "closure_reasons": [r for r in CaseClosureReason if not r.deprecated],
        "today": clock.today(),
    }
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/cases/{case_id}/protection", include_in_schema=False)
def protection_panel(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    try:
        view = case_protection(session, case_id=case_id, actor=caller.actor)
    except PalermoError as exc:
        return _error_page(request, session, exc)
    # Opened as a page (no HTMX, e.g. scripts off), the panel comes inside the layout.
    panel = bool(request.headers.get("HX-Request"))
    return _protection(request, view, panel=panel)


def _protection(
    request: Request,
    view: Any,
    *,
    panel: bool = False,
    error: PalermoError | None = None,
    status: int = 200,
) -> Response:
    """The Protection panel of ``view``: alone for HTMX, else inside the case layout."""
    name = "protect/consent_panel.html" if panel else "protect/consent_page.html"
    agency_names = {a.id: a.name for a in view.agencies}
    return _render(
        request, name, status, view=view, case=view.case, agency_names=agency_names, error=error
    )


def _error_page(request: Request, session: Session, exc: PalermoError) -> Response:
    # Rendered here, while the session is still open: the layout shows the signed-in user,
    # who could no longer be loaded once the request's session is rolled back and closed.
    session.rollback()
    return error_page(request, exc)


def _form_error(
    request: Request, session: Session, actor: Actor, case_id: int | None, exc: PalermoError
) -> Response:
    """The panel again with the message; error.html if even the case cannot be shown."""
    session.rollback()  # nothing half-done is kept (services check before they change)
    if case_id is not None:
        try:
            view = case_protection(session, case_id=case_id, actor=actor)
        except PalermoError:
            pass
        else:
            return _protection(request, view, error=exc, status=exc.http_status)
    return _error_page(request, session, exc)


async def _post(
    request: Request,
    session: Session,
    caller: Caller,
    case_id: int | None,
    act: Callable[[FormData], int],
) -> Response:
    """Run one form's service call; back to the case page, or the panel with the message."""
    form = await request.form()
    try:
        back_to = act(form)
    except PalermoError as exc:
        return _form_error(request, session, caller.actor, case_id, exc)
    return RedirectResponse(f"/cases/{back_to}#protection", status_code=303)


@router.post("/cases/{case_id}/consents", include_in_schema=False)
async def consent_form(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    def act(form: FormData) -> int:
        data = consent_from_form(form)
        record_consent(session, case_id=case_id, data=data, actor=caller.actor)
        return case_id

    return await _post(request, session, caller, case_id, act)


@router.post("/consents/{consent_id}/withdraw", include_in_schema=False)
async def withdraw_form(
    consent_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    def act(form: FormData) -> int:
        consent = withdraw_consent(
            session, consent_id=consent_id, actor=caller.actor, note=text(form, "note")
        )
        return consent.case_id

    return await _post(request, session, caller, None, act)


@router.post("/cases/{case_id}/child-protection", include_in_schema=False)
async def child_form(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    def act(form: FormData) -> int:
        data = child_protection_from_form(form)
        update_child_protection(session, case_id=case_id, data=data, actor=caller.actor)
        return case_id

    return await _post(request, session, caller, case_id, act)


@router.post("/cases/{case_id}/needs", include_in_schema=False)
async def needs_form(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    def act(form: FormData) -> int:
        assess_needs(
            session,
            case_id=case_id,
            needs=texts(form, "needs"),
            notes=text(form, "notes"),
            actor=caller.actor,
        )
        return case_id

    return await _post(request, session, caller, case_id, act)


@router.post("/cases/{case_id}/plan", include_in_schema=False)
async def plan_form(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    def act(form: FormData) -> int:
        data = plan_item_from_form(form)
        add_plan_item(session, case_id=case_id, data=data, actor=caller.actor)
        return case_id

    return await _post(request, session, caller, case_id, act)


@router.post("/plan-items/{item_id}", include_in_schema=False)
async def plan_item_form(
    item_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    def act(form: FormData) -> int:
        data = plan_item_update_from_form(form)
        item = update_plan_item(session, item_id=item_id, data=data, actor=caller.actor)
        return item.case_id

    return await _post(request, session, caller, None, act)


@router.post("/cases/{case_id}/close", include_in_schema=False)
async def close_form(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    def act(form: FormData) -> int:
        close_case(
            session,
            case_id=case_id,
            reason_code=text(form, "reason_code") or "",
            note=text(form, "note"),
            actor=caller.actor,
            referred_to_agency_id=whole_number(form, "referred_to_agency_id"),
        )
        return case_id

    return await _post(request, session, caller, case_id, act)


@router.post("/cases/{case_id}/reopen", include_in_schema=False)
async def reopen_form(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    def act(form: FormData) -> int:
        reopen_case(session, case_id=case_id, reason=text(form, "reason") or "", actor=caller.actor)
        return case_id

    return await _post(request, session, caller, case_id, act)


@router.get("/overrides", include_in_schema=False)
def overrides_page(
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    try:
        rows = list_overrides(session, actor=caller.actor)
    except PalermoError as exc:
        return _error_page(request, session, exc)
    return _render(request, "protect/consent_overrides.html", rows=rows)
