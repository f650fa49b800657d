"""Identify pillar: the screening API and the guided screening form inside a case.

Routes parse, call one service (palermo.screening.records or the engine), render.
The form shows the engine's own wording (en/fr) so that web, CLI and printout ask
the same questions in the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from palermo.errors import ValidationFailed
from palermo.screening import (
    OUTCOME_GUIDANCE,
    OUTCOME_LABELS,
    Facts,
    assess,
    parse_facts,
    question_for,
    questions,
    records,
    result_to_dict,
)
from palermo.store.actor import Actor
from palermo.web.deps import Caller, current_actor, current_caller, db_session

router = APIRouter()

# ---------------------------------------------------------------------------- API


class FactsIn(BaseModel):
    """Screening facts (shared/reference/screening/FACTS.md); absent or null means unknown.

    Extra keys are let through on purpose so that the engine, not the schema, refuses
    an unknown fact name with a message listing the valid ones.
    """

    model_config = ConfigDict(extra="allow")

    age: int | None = None
    acts: list[str] | None = None
    deceived_about: list[str] | None = None
    recruitment_coercion: list[str] | None = None
    vulnerabilities: list[str] | None = None
    exploitation: list[str] | None = None
    destined_for_exploitation: bool | None = None
    conditions: list[str] | None = None
    control: list[str] | None = None
    free_to_leave: bool | None = None
    crossed_border: bool | None = None
    entry: str | None = None
    facilitator_paid_for_entry: bool | None = None
    consented_to_movement: bool | None = None
    relationship_ended_on_arrival: bool | None = None


class ScreeningItem(BaseModel):
    """One person to screen, as an item of cases.yaml; other keys (narrative...) are ignored."""

    model_config = ConfigDict(extra="ignore")

    id: str | int | None = None
    facts: FactsIn
    case_id: int | None = Field(
        default=None, description="Save the assessment on this case of your agency."
    )


class ReasonOut(BaseModel):
    topic: str
    key: str
    status: str
    text: str
    evidence: list[str]


class ScreeningOut(BaseModel):
    id: str | None
    outcome: str
    also: list[str]
    reasons: list[ReasonOut]
    ask_next: list[str]
    case_id: int | None = None
    screening_id: int | None = None


ScreeningBody = Annotated[
    list[ScreeningItem] | ScreeningItem | FactsIn,
    # Left to right: an object with "facts" is an item, anything else is bare facts.
    Field(union_mode="left_to_right"),
    Body(
        openapi_examples={
            "one": {"summary": "Bare facts", "value": {"age": 16, "acts": ["recruitment"]}},
            "many": {
                "summary": "Items as in cases.yaml",
                "value": [{"id": "a", "facts": {"age": 30, "free_to_leave": True}}],
            },
        }
    ),
]


def _facts_of(model: FactsIn) -> Facts:
    return parse_facts(model.model_dump(exclude_unset=True))


@router.post("/api/screenings", response_model=list[ScreeningOut], tags=["api"])
def api_screen(
    body: ScreeningBody,
    locale: Literal["en", "fr"] = "en",
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> list[dict[str, Any]]:
    """Screen one facts object or a list of `{id, facts}` items; optionally save on a case.

    An unknown fact or code refuses the whole request (422) before anything is saved.
    """
    items = body if isinstance(body, list) else [body]
    parsed: list[tuple[str | None, Facts, int | None]] = []
    for item in items:
        if isinstance(item, ScreeningItem):
            name = None if item.id is None else str(item.id)
            parsed.append((name, _facts_of(item.facts), item.case_id))
        else:
            parsed.append((None, _facts_of(item), None))
    to_save = [(case_id, facts) for _, facts, case_id in parsed if case_id is not None]
    saved = iter(records.screen_cases(session, items=to_save, actor=actor))
    out = []
    for name, facts, case_id in parsed:
        row = result_to_dict(assess(facts), case_id=name, locale=locale)
        if case_id is not None:
            row |= {"case_id": case_id, "screening_id": next(saved).id}
        out.append(row)
    return out


# --------------------------------------------------------------------------- form

LIST_ANSWER = "__answer"  # suffix of the radio saying "unknown" or "none" for a list question
UNKNOWN = "unknown"


def facts_from_form(form: FormData) -> Facts:
    """Facts from the guided form. Unknown is the default: only answered questions count.

    A list question is answered by ticking codes, or by choosing "none of these";
    otherwise it stays unknown, which the engine treats differently from "none".
    """
    getlist = form.getlist
    mapping: dict[str, Any] = {}
    for group in questions():
        for q in group.questions:
            raw = [v for v in getlist(q.fact) if isinstance(v, str) and v.strip()]
            if q.kind == "list":
                if raw:
                    mapping[q.fact] = raw
                elif (getlist(q.fact + LIST_ANSWER) or [UNKNOWN])[0] == "none":
                    mapping[q.fact] = []
            elif not raw or raw[0] == UNKNOWN:
                continue
            elif q.kind == "bool":
                mapping[q.fact] = {"yes": True, "no": False}.get(raw[0], raw[0])
            elif q.kind == "int":
                try:
                    mapping[q.fact] = int(raw[0].strip())
                except ValueError:
                    raise ValidationFailed(
                        f"{q.text['en']} Give a whole number, or leave it empty if unknown.",
                        hint="Leave the field empty when the answer is not known.",
                    ) from None
            else:
                mapping[q.fact] = raw[0]
    return parse_facts(mapping)


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


def _render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    context.setdefault("outcome_labels", {str(k): v for k, v in OUTCOME_LABELS.items()})
    context.setdefault("outcome_guidance", {str(k): v for k, v in OUTCOME_GUIDANCE.items()})
    context.setdefault("groups", questions())
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


def _form(
    request: Request, case: Any, *, result: dict, error: str | None = None, status: int = 200
) -> Response:
    return _render(
        request, "screening/form.html", status=status, case=case, result=result, error=error
    )


@router.get("/cases/{case_id}/screening", include_in_schema=False)
def screening_form(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    case = records.case_for_screening(session, case_id=case_id, actor=caller.actor)
    return _form(request, case, result=result_view(records.result_record(assess(Facts()))))


@router.post("/cases/{case_id}/screening/preview", include_in_schema=False)
async def screening_preview(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    error = None
    try:
        facts = facts_from_form(await request.form())
    except ValidationFailed as exc:
        # 200 so that HTMX swaps the message in; the outcome shown is for unknown facts.
        error, facts = exc.message, Facts()
    result = records.preview_screening(session, case_id=case_id, facts=facts, actor=caller.actor)
    return _render(
        request,
        "screening/_outcome.html",
        result=result_view(records.result_record(result)),
        error=error,
        live=True,
    )


@router.post("/cases/{case_id}/screening", include_in_schema=False)
async def screening_save(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    try:
        facts = facts_from_form(await request.form())
    except ValidationFailed as exc:
        case = records.case_for_screening(session, case_id=case_id, actor=caller.actor)
        empty = result_view(records.result_record(assess(Facts())))
        return _form(request, case, result=empty, error=exc.message, status=422)
    saved = records.screen_case(session, case_id=case_id, facts=facts, actor=caller.actor)
    return RedirectResponse(f"/cases/{case_id}/screenings/{saved.id}", status_code=303)


@router.get("/cases/{case_id}/screenings", include_in_schema=False)
def screening_list(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    rows = records.list_screenings(session, case_id=case_id, actor=caller.actor)
    return _render(request, "screening/_list.html", case_id=case_id, rows=rows)


@router.get("/cases/{case_id}/screenings/{screening_id}", include_in_schema=False)
def screening_summary(
    case_id: int,
    screening_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
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
