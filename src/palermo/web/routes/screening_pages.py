"""Pages of screening inside a case: the guided form with its live outcome, saved
screenings and their printable summary.

The form shows the engine's own wording (en/fr) so that web, CLI and printout ask the same
questions in the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from palermo.errors import ValidationFailed
from palermo.i18n import render
from palermo.screening import (
    OUTCOME_GUIDANCE,
    OUTCOME_LABELS,
    Facts,
    assess,
    parse_facts,
    question_for,
    questions,
    records,
)
from palermo.store.ranges import RowId
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.errors import locale_of
from palermo.web.form_flow import redirect
from palermo.web.forms.screening import facts_from_form, values_from_facts, values_from_form
from palermo.web.rendering import render_page

router = APIRouter(include_in_schema=False)


def result_view(data: Mapping[str, Any]) -> dict[str, Any]:
    """A stored or fresh result (result_record shape) with the wording templates need."""
    ask = []
    for fact in data.get("ask_next", []):
        try:
            ask.append({"fact": fact, "text": question_for(fact).text})
        except KeyError:  # a fact of an older instrument version still shows, as itself
            ask.append({"fact": fact, "text": {"en": fact, "fr": fact}})
    topics: dict[str, list[dict[str, Any]]] = {}
    for reason in data.get("reasons", []):
        if reason["topic"] == "outcome":  # the "could still be" list shows it, in words
            continue
        topics.setdefault(reason["topic"], []).append(reason)
    return {
        "outcome": data["outcome"],
        "also": list(data.get("also", [])),
        "possible": list(data.get("possible", [])),
        "topics": list(topics.items()),
        "ask_next": ask,
    }


def _render(request: Request, name: str, *, status: int = 200, **context: Any) -> Response:
    return render_page(
        request,
        name,
        status=status,
        outcome_labels={str(k): v for k, v in OUTCOME_LABELS.items()},
        outcome_guidance={str(k): v for k, v in OUTCOME_GUIDANCE.items()},
        groups=questions(),
        **context,
    )


def render_error(request: Request, exc: ValidationFailed) -> str:
    """The refusal's message in the page's language."""
    return render(exc.message, locale_of(request)) or ""


def _form(
    request: Request,
    case: Any,
    *,
    result: dict,
    values: Mapping[str, Any],
    sources: Mapping[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    return _render(
        request,
        "screening/form.html",
        status=status,
        case=case,
        result=result,
        values=values,
        sources=sources or {},
        error=error,
    )


@router.get("/cases/{case_id}/screening")
def screening_form(
    case_id: RowId,
    request: Request,
    caller: CallerDep,
    session: SessionDep,
) -> Response:
    case, prefill = records.prefill_for_screening(session, case_id=case_id, actor=caller.actor)
    facts = parse_facts(prefill.facts)
    return _form(
        request,
        case,
        result=result_view(records.result_record(assess(facts))),
        values=values_from_facts(prefill.facts),
        sources=prefill.sources,
    )


@router.post("/cases/{case_id}/screening/preview")
async def screening_preview(
    case_id: RowId,
    request: Request,
    caller: CallerDep,
    session: SessionDep,
) -> Response:
    error = None
    try:
        facts = facts_from_form(await request.form())
    except ValidationFailed as exc:
        # 200 so that HTMX swaps the message in; the outcome shown is for unknown facts.
        error, facts = render_error(request, exc), Facts()
    result = records.preview_screening(session, case_id=case_id, facts=facts, actor=caller.actor)
    return _render(
        request,
        "screening/_outcome.html",
        result=result_view(records.result_record(result)),
        error=error,
        live=True,
    )


@router.post("/cases/{case_id}/screening")
async def screening_save(
    case_id: RowId,
    request: Request,
    caller: CallerDep,
    session: SessionDep,
) -> Response:
    form = await request.form()
    try:
        facts = facts_from_form(form)
    except ValidationFailed as exc:
        # The answers stay as typed; the outcome shown is for unknown facts until fixed.
        case = records.case_for_screening(session, case_id=case_id, actor=caller.actor)
        empty = result_view(records.result_record(assess(Facts())))
        return _form(
            request,
            case,
            result=empty,
            values=values_from_form(form),
            error=render_error(request, exc),
            status=422,
        )
    saved = records.screen_case(session, case_id=case_id, facts=facts, actor=caller.actor)
    return redirect(f"/cases/{case_id}/screenings/{saved.id}")


@router.get("/cases/{case_id}/screenings")
def screening_list(
    case_id: RowId,
    request: Request,
    caller: CallerDep,
    session: SessionDep,
) -> Response:
    rows = records.list_screenings(session, case_id=case_id, actor=caller.actor)
    return _render(request, "screening/_list.html", case_id=case_id, rows=rows)


@router.get("/cases/{case_id}/screenings/{screening_id}")
def screening_summary(
    case_id: RowId,
    screening_id: RowId,
    request: Request,
    caller: CallerDep,
    session: SessionDep,
) -> Response:
    saved = records.get_screening(
        session, case_id=case_id, screening_id=screening_id, actor=caller.actor
    )
    # summary=True: the page states once, at the top, that this is not a determination.
    return _render(
        request,
        "screening/summary.html",
        saved=saved,
        result=result_view(saved.result),
        summary=True,
    )
