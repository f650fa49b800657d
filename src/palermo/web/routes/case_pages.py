"""Pages of the case record: dashboard, case list and search, the case page, its forms."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from palermo import cases
from palermo.cases.record.duplicates import Duplicate, possible_duplicates
from palermo.cases.record.schemas import SORTS, CaseQuery, PersonData
from palermo.cases.work.casefile_header import case_header
from palermo.errors import FieldProblem, ValidationFailed
from palermo.store.ranges import PageNumber, RowId
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.form_flow import redirect
from palermo.web.forms.cases import (
    EVENT_SLOTS,
    PERPETRATOR_SLOTS,
    SECTIONS,
    friendlier,
    parse_case_form,
    update_from_form,
)
from palermo.web.rendering import render_page

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    summary = cases.summarise_cases(session, actor=caller.actor)
    return render_page(request, "dashboard.html", summary=summary, agency=caller.user.agency)


@router.get("/cases")
def case_list(
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    name: str = "",
    birth_date: str = "",
    document: str = "",
    status: str = "",
    exploitation_type: str = "",
    citizenship: str = "",
    sort: str = "-opened",
    mine: str = "",
    page: PageNumber = 1,
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
        sort=sort if sort.lstrip("-") in SORTS else "-opened",
        owner_id=caller.actor.user_id if mine else None,
        page=max(1, page),
    )
    result = cases.find_cases(session, query=query, actor=caller.actor)
    params = {k: v for k, v in request.query_params.items() if k not in ("page", "sort") and v}
    return render_page(
        request,
        "_case_rows.html" if request.headers.get("hx-request") else "cases.html",
        result=result,
        query=query,
        params=params,
        sort=query.sort,
        problems=problems,
        raw=dict(request.query_params),
    )


def _form_page(
    request: Request,
    *,
    case: object = None,
    raw: dict | None = None,
    problems: list[FieldProblem] | None = None,
    status: int = 200,
    section: str | None = None,
    duplicates: list[Duplicate] | None = None,
) -> Response:
    problems = friendlier(list(problems or []))
    by_field: dict[str, list[str]] = {}
    for p in problems:
        by_field.setdefault(p.field, []).append(p.reason)
    return render_page(
        request,
        "case_form.html",
        status=status,
        case=case,
        raw=raw or {},
        problems=list(problems or []),
        by_field=by_field,
        event_slots=EVENT_SLOTS,
        perpetrator_slots=PERPETRATOR_SLOTS,
        section=section if section in SECTIONS else None,
        duplicates=duplicates or [],
    )


@router.get("/cases/new")
def new_case_form(request: Request, caller: CallerDep) -> Response:
    return _form_page(request)


@router.post("/cases/new")
async def create_case(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    form = await request.form()
    raw, data, problems = parse_case_form(form)
    if data is not None:
        try:
            if form.get("not_duplicate") != "yes":
                found = possible_duplicates(session, person=data.person, actor=caller.actor)
                if found:
                    # Shown before anything is saved: the worker opens the known case or
                    # says this is someone else.
                    return _form_page(request, raw=raw, duplicates=found, status=200)
            case = cases.open_case(session, data=data, actor=caller.actor)
            return redirect(f"/cases/{case.id}", notice="case_opened")
        except ValidationFailed as exc:
            session.rollback()
            problems = exc.problems
    return _form_page(request, raw=raw, problems=problems, status=422)


@router.get("/cases/{case_id}")
def case_page(case_id: RowId, request: Request, caller: CallerDep, session: SessionDep) -> Response:
    case = cases.read_case(session, case_id=case_id, actor=caller.actor)
    header = case_header(session, case=case, actor=caller.actor)
    trail = cases.case_audit_trail(session, case_id=case_id, actor=caller.actor, quiet=True)
    printing = request.query_params.get("print") == "1"
    return render_page(
        request,
        "casework/print.html" if printing else "case.html",
        case=case,
        header=header,
        trail=trail,
    )


@router.get("/cases/{case_id}/edit")
def edit_case_form(
    case_id: RowId, request: Request, caller: CallerDep, session: SessionDep, section: str = ""
) -> Response:
    case = cases.read_case(session, case_id=case_id, actor=caller.actor)
    data = cases.case_to_create(case).model_dump(mode="json")
    data["person"]["aliases"] = ", ".join(data["person"]["aliases"])
    return _form_page(request, case=case, raw=data, section=section)


@router.post("/cases/{case_id}/edit")
async def update_case(
    case_id: RowId, request: Request, caller: CallerDep, session: SessionDep, section: str = ""
) -> Response:
    form = await request.form()
    raw, data, problems = parse_case_form(form)
    if data is not None:
        try:
            update = update_from_form(form, data)
            cases.update_case(session, case_id=case_id, data=update, actor=caller.actor)
            anchor = f"#{section}" if section in SECTIONS else ""
            return redirect(f"/cases/{case_id}{anchor}", notice="case_saved")
        except ValidationFailed as exc:
            session.rollback()
            problems = exc.problems
    case = cases.read_case(session, case_id=case_id, actor=caller.actor)
    return _form_page(request, case=case, raw=raw, problems=problems, status=422, section=section)


@router.post("/cases/{case_id}/comments")
def comment(
    case_id: RowId, caller: CallerDep, session: SessionDep, body: str = Form("")
) -> Response:
    cases.add_comment(session, case_id=case_id, body=body, actor=caller.actor)
    return redirect(f"/cases/{case_id}#comments", notice="comment_added")
