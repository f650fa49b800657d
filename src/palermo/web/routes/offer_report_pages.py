"""``POST /check/report``: the person chooses to send the offer they checked to the labour
inspectorate (``palermo.prevent.offer_reports``).

Public like the check: no sign-in and no cookie; rate limited by the check's own limit.
The route opens its one write session only when the box is ticked and the limit allows,
and keeps nothing about the sender (no address: the throttle keeps a keyed hash for a
minute, as for the check).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from palermo.errors import FieldProblem, PalermoError, ValidationFailed
from palermo.i18n import msg
from palermo.prevent.check_registry import check_registry_of
from palermo.prevent.offer_reports import PUBLIC, report_offer
from palermo.recruitment.check import MAX_CHECK_CHARS
from palermo.recruitment.deployment import check_setup_of
from palermo.web.errors import refusal_of
from palermo.web.forms.recruitment import CHECK_LOCALES
from palermo.web.rendering import render_page, request_locale

router = APIRouter(include_in_schema=False)
FORM_LIMIT = 2 * MAX_CHECK_CHARS * 4


def _field(form: object, name: str) -> str:
    value = form.get(name) if hasattr(form, "get") else None
    return value if isinstance(value, str) else ""


def _store_report(request: Request, text: str, contract: str, country: str, chosen: bool) -> int:
    setup = check_setup_of(request.app.state)
    store = request.app.state.store
    registry = check_registry_of(request.app.state, store, setup.registry).current()
    with store.session() as session:
        return report_offer(
            session,
            text=text,
            contract_text=contract,
            country=country or None,
            chosen=chosen,
            registry=registry,
            actor=PUBLIC,
        )


@router.post("/check/report")
async def report_submit(request: Request) -> Response:
    try:
        form = await request.form(max_files=0, max_fields=8, max_part_size=FORM_LIMIT)
    except HTTPException:
        form = None
    lang = _field(form, "lang")
    if lang in CHECK_LOCALES:
        request.state.locale = lang
    locale = request_locale(request)
    try:
        setup = check_setup_of(request.app.state)
        setup.throttle.admit(request.client.host if request.client else None)
        if form is None:
            raise ValidationFailed(
                msg("The form is too large to check."),
                problems=[FieldProblem("text", msg("paste the offer, not a whole page"))],
            )
        report_id = await run_in_threadpool(
            _store_report,
            request,
            _field(form, "text")[: MAX_CHECK_CHARS + 1],
            _field(form, "contract_text")[: MAX_CHECK_CHARS + 1],
            _field(form, "country").strip()[:2],
            _field(form, "send") == "yes",
        )
    except PalermoError as exc:
        shown = refusal_of(exc, locale)
        return render_page(request, "recruitment/reported.html", status=shown.status, refusal=shown)
    return render_page(request, "recruitment/reported.html", report_id=report_id, refusal=None)
