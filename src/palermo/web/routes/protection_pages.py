"""Pages of a case's protection: consent, child protection, needs, the support plan, closure
and reopening, and the supervisors' list of consent overrides.

The case page loads the Protection panel (``GET /cases/{id}/protection``) as an HTMX
partial; its forms post here and come back to the case page, or show the panel again with
the refusal.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from palermo.cases.consent.enforcement import list_overrides
from palermo.cases.consent.recording import record_consent
from palermo.cases.support.lifecycle import reopen_case, update_child_protection
from palermo.cases.support.plan import add_plan_item, assess_needs, update_plan_item
from palermo.cases.support.protection import ProtectionView, case_protection
from palermo.cases.workflow import withdraw_consent
from palermo.errors import PalermoError
from palermo.store.actor import Actor
from palermo.store.ranges import RowId
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.errors import Refusal, locale_of, refusal_of
from palermo.web.form_flow import redirect, submit
from palermo.web.forms.protect import (
    child_protection_from_form,
    consent_from_form,
    plan_item_from_form,
    plan_item_update_from_form,
)
from palermo.web.forms.values import text, texts
from palermo.web.rendering import is_htmx, render_page

router = APIRouter(include_in_schema=False)


def _protection(
    request: Request,
    view: ProtectionView,
    *,
    page: bool,
    error: Refusal | None = None,
    posted: FormData | None = None,
    which: str | None = None,
) -> Response:
    """The Protection panel of ``view``: alone for HTMX, else inside the case layout.

    After a refusal, the refused form (``which``) is shown open again with what was typed
    (``posted``) and the reasons beside its fields.
    """
    by_field: dict[str, list[str]] = {}
    for p in error.problems if error else []:
        by_field.setdefault(p.field, []).append(p.reason)
    return render_page(
        request,
        "protect/consent_page.html" if page else "protect/consent_panel.html",
        status=error.status if error else 200,
        view=view,
        case=view.case,
        agency_names={a.id: a.name for a in view.agencies},
        error=error,
        posted=posted if posted is not None else {},
        which=which if error else None,
        by_field=by_field,
    )


@router.get("/cases/{case_id}/protection")
def protection_panel(
    case_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    view = case_protection(session, case_id=case_id, actor=caller.actor)
    # Opened as a page (no HTMX, e.g. scripts off), the panel comes inside the layout.
    return _protection(request, view, page=not is_htmx(request))


async def _post(
    request: Request,
    session: Session,
    actor: Actor,
    case_id: RowId | None,
    act: Callable[[FormData], int],
    *,
    notice: str,
    which: str,
) -> Response:
    """Run one form's service call; back to the case page, or the panel with the refusal."""
    posted = await request.form()

    def again(refusal: Refusal) -> Response:
        if case_id is not None:
            try:
                view = case_protection(session, case_id=case_id, actor=actor)
            except PalermoError as exc:  # not even the case can be shown
                return render_page(
                    request,
                    "error.html",
                    status=exc.http_status,
                    error=refusal_of(exc, locale_of(request)),
                )
            return _protection(request, view, page=True, error=refusal, posted=posted, which=which)
        return render_page(request, "error.html", status=refusal.status, error=refusal)

    return await submit(
        request,
        session,
        act=act,
        done=lambda back_to: redirect(f"/cases/{back_to}#protection", notice=notice),
        again=again,
    )


@router.post("/cases/{case_id}/consents")
async def consent_form(
    case_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> int:
        data = consent_from_form(form)
        record_consent(session, case_id=case_id, data=data, actor=caller.actor)
        return case_id

    return await _post(
        request, session, caller.actor, case_id, act, notice="consent_recorded", which="consent"
    )


@router.post("/consents/{consent_id}/withdraw")
async def withdraw_form(
    consent_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> int:
        consent = withdraw_consent(
            session, consent_id=consent_id, actor=caller.actor, note=text(form, "note")
        )
        return consent.case_id

    return await _post(
        request, session, caller.actor, None, act, notice="consent_withdrawn", which="withdraw"
    )


@router.post("/cases/{case_id}/child-protection")
async def child_form(
    case_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> int:
        data = child_protection_from_form(form)
        update_child_protection(session, case_id=case_id, data=data, actor=caller.actor)
        return case_id

    return await _post(
        request, session, caller.actor, case_id, act, notice="child_saved", which="child"
    )


@router.post("/cases/{case_id}/needs")
async def needs_form(
    case_id: RowId, request: Request, caller: CallerDep, session: SessionDep
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

    return await _post(
        request, session, caller.actor, case_id, act, notice="needs_saved", which="needs"
    )


@router.post("/cases/{case_id}/plan")
async def plan_form(
    case_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> int:
        add_plan_item(session, case_id=case_id, data=plan_item_from_form(form), actor=caller.actor)
        return case_id

    return await _post(
        request, session, caller.actor, case_id, act, notice="plan_saved", which="plan"
    )


@router.post("/plan-items/{item_id}")
async def plan_item_form(
    item_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> int:
        data = plan_item_update_from_form(form)
        return update_plan_item(session, item_id=item_id, data=data, actor=caller.actor).case_id

    return await _post(
        request, session, caller.actor, None, act, notice="plan_saved", which="plan_item"
    )


@router.post("/cases/{case_id}/reopen")
async def reopen_form(
    case_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> int:
        reopen_case(session, case_id=case_id, reason=text(form, "reason") or "", actor=caller.actor)
        return case_id

    return await _post(
        request, session, caller.actor, case_id, act, notice="case_reopened", which="reopen"
    )


@router.get("/overrides")
def overrides_page(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    rows = list_overrides(session, actor=caller.actor)
    return render_page(request, "protect/consent_overrides.html", rows=rows)
