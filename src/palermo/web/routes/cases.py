"""Pages of the Protect pillar: dashboard, case list and search, case page, forms."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from palermo import cases
from palermo.cases.record.schemas import CaseQuery, PersonData
from palermo.errors import ValidationFailed
from palermo.web.deps import Caller, current_caller, db_session
from palermo.web.forms import EVENT_SLOTS, PERPETRATOR_SLOTS, parse_case_form, update_from_form

router = APIRouter(include_in_schema=False)


def _render(request: Request, name: str, status: int = 200, **context) -> Response:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/")
def dashboard(
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    summary = cases.summarise_cases(session, actor=caller.actor)
    return _render(request, "dashboard.html", summary=summary, agency=caller.user.agency)


@router.get("/cases")
def case_list(
    request: Request,
    name: str = "",
    birth_date: str = "",
    document: str = "",
    status: str = "",
    exploitation_type: str = "",
    citizenship: str = "",
    page: int = 1,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    problems = []
    born = birth_date.strip() or None
    if born:
        try:
            PersonData(birth_date=born)
        except ValidationError:
            problems.append("birth_date")
            born = None
    query = CaseQuery(
        name=name or None,
        birth_date=born,
        document=document or None,
        status=status or None,
        exploitation_type=exploitation_type or None,
        citizenship=citizenship or None,
        page=max(1, page),
    )
    result = cases.find_cases(session, query=query, actor=caller.actor)
    params = {k: v for k, v in request.query_params.items() if k != "page" and v}
    template = "_case_rows.html" if request.headers.get("hx-request") else "cases.html"
    return _render(
        request,
        template,
        result=result,
        query=query,
        params=params,
        problems=problems,
        raw=dict(request.query_params),
    )


def _form_page(request: Request, *, case=None, raw=None, problems=(), status=200) -> Response:
    by_field = {}
    for p in problems:
        by_field.setdefault(p.field, []).append(p.reason)
    return _render(
        request,
        "case_form.html",
        status=status,
        case=case,
        raw=raw or {},
        problems=list(problems),
        by_field=by_field,
        event_slots=EVENT_SLOTS,
        perpetrator_slots=PERPETRATOR_SLOTS,
    )


@router.get("/cases/new")
def new_case_form(request: Request, caller: Caller = Depends(current_caller)) -> Response:
    return _form_page(request)


@router.post("/cases/new")
async def create_case(
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    raw, data, problems = parse_case_form(await request.form())
    if data is not None:
        try:
            case = cases.open_case(session, data=data, actor=caller.actor)
            return RedirectResponse(f"/cases/{case.id}", status_code=303)
        except ValidationFailed as exc:
            problems = exc.problems
    return _form_page(request, raw=raw, problems=problems, status=422)


@router.get("/cases/{case_id}")
def case_page(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    case = cases.read_case(session, case_id=case_id, actor=caller.actor)
    trail = cases.case_audit_trail(session, case_id=case_id, actor=caller.actor, quiet=True)
    return _render(request, "case.html", case=case, trail=trail)


@router.get("/cases/{case_id}/edit")
def edit_case_form(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    case = cases.read_case(session, case_id=case_id, actor=caller.actor)
    data = cases.case_to_create(case).model_dump(mode="json")
    data["person"]["aliases"] = ", ".join(data["person"]["aliases"])
    return _form_page(request, case=case, raw=data)


@router.post("/cases/{case_id}/edit")
async def update_case(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    form = await request.form()
    raw, data, problems = parse_case_form(form)
    if data is not None:
        try:
            update = update_from_form(form, data)
            cases.update_case(session, case_id=case_id, data=update, actor=caller.actor)
            return RedirectResponse(f"/cases/{case_id}", status_code=303)
        except ValidationFailed as exc:
            problems = exc.problems
    case = cases.read_case(session, case_id=case_id, actor=caller.actor)
    return _form_page(request, case=case, raw=raw, problems=problems, status=422)


@router.post("/cases/{case_id}/comments")
def comment(
    case_id: int,
    request: Request,
    body: str = Form(""),
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    cases.add_comment(session, case_id=case_id, body=body, actor=caller.actor)
    return RedirectResponse(f"/cases/{case_id}#comments", status_code=303)
