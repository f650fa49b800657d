"""The public "check this offer" page (pre-departure information, §17).

No sign-in and no database session of the request: nothing about the person or the
offer can be written (the registry of licensed agencies, public records, is read
read-only at most every 30 s by :mod:`palermo.prevent.check_registry`), and it sets
no cookie (the language travels in the address or the form, not in the language
cookie the staff pages use). It works without
JavaScript: a plain form posted to the same address, answered with the findings.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from palermo.errors import FieldProblem, PalermoError, ValidationFailed
from palermo.i18n import msg
from palermo.prevent.check_registry import check_registry_of
from palermo.recruitment.check import MAX_CHECK_CHARS, CheckResult, check_offer
from palermo.recruitment.deployment import check_setup_of
from palermo.web.errors import Refusal, refusal_of
from palermo.web.forms.recruitment import CHECK_LOCALES, CheckForm, read_check_form
from palermo.web.rendering import render_page, request_locale

router = APIRouter(include_in_schema=False)
FORM_LIMIT = 2 * MAX_CHECK_CHARS * 4  # bytes of one text field: UTF-8 takes up to 4 a character


def _locale(request: Request, lang: str | None) -> str:
    if lang in CHECK_LOCALES:
        request.state.locale = lang
    return request_locale(request)


def _page(
    request: Request,
    *,
    form: CheckForm,
    result: CheckResult | None = None,
    refusal: Refusal | None = None,
    status: int = 200,
) -> Response:
    locale = request_locale(request)
    context: dict[str, Any] = {"form": form, "refusal": refusal, "result": None}
    if result is not None:
        context |= {
            "result": result.offer.to_report(locale),
            "contacts": result.contacts_dict(locale),
        }
    return render_page(request, "recruitment/check.html", status=status, **context)


def _too_big() -> ValidationFailed:
    return ValidationFailed(
        msg("The form is too large to check."),
        problems=[FieldProblem(field="text", reason=msg("paste the offer, not a whole page"))],
        hint=msg(
            "Paste at most {limit} characters: the offer, not a whole page.", limit=MAX_CHECK_CHARS
        ),
    )


@router.get("/check")
def check_form(request: Request, lang: str | None = None) -> Response:
    _locale(request, lang)
    return _page(request, form=CheckForm(lang=lang if lang in CHECK_LOCALES else None))


@router.post("/check")
async def check_submit(request: Request) -> Response:
    try:
        raw = await request.form(max_files=1, max_fields=8, max_part_size=FORM_LIMIT)
    except HTTPException:  # a part above FORM_LIMIT, or more fields than the form has
        _locale(request, request.query_params.get("lang"))
        shown = refusal_of(_too_big(), request_locale(request))
        return _page(request, form=CheckForm(), refusal=shown, status=shown.status)
    lang = raw.get("lang")
    locale = _locale(request, lang if isinstance(lang, str) else None)
    client = request.client.host if request.client else None
    form = CheckForm(lang=locale)
    try:
        setup = check_setup_of(request.app.state)
        setup.throttle.admit(client)
        form = await read_check_form(raw)
        held = check_registry_of(request.app.state, request.app.state.store, setup.registry)
        registry = await run_in_threadpool(held.current)
        result = await run_in_threadpool(
            check_offer,
            text=form.text,
            country=form.country,
            contract_text=form.contract_text,
            pdf=form.pdf,
            registry=registry,
            contacts=setup.contacts,
        )
    except PalermoError as exc:
        shown = refusal_of(exc, locale)
        return _page(request, form=form, refusal=shown, status=shown.status)
    finally:
        await raw.close()
    return _page(request, form=form, result=result)
