"""Administration in the web app: the agency's users (create, disable, role, password,
unlock) and the agencies; the NRM deadline settings have their own page (nrm_pages)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from palermo.accounts import administration as admin
from palermo.accounts.service import ROLES
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.errors import Refusal
from palermo.web.form_flow import redirect, submit
from palermo.web.forms.choices import code_for
from palermo.web.forms.values import text
from palermo.web.rendering import render_page

router = APIRouter(include_in_schema=False)


def _users_page(
    request: Request,
    session: Session,
    caller: CallerDep,
    *,
    error: Refusal | None = None,
    posted: FormData | None = None,
    new_password: tuple[str, str] | None = None,
) -> Response:
    return render_page(
        request,
        "admin/users.html",
        status=error.status if error else 200,
        users=admin.list_users(session, actor=caller.actor),
        roles=ROLES,
        error=error,
        posted=posted or {},
        new_password=new_password,
        agency_name=caller.user.agency.name,
    )


@router.get("/admin/users")
def users_page(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    return _users_page(request, session, caller)


@router.post("/admin/users")
async def create_user_form(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    posted = await request.form()

    def act(form: FormData) -> int:
        row = admin.add_user(
            session,
            username=text(form, "username") or "",
            display_name=text(form, "display_name") or "",
            role=text(form, "role") or "",
            password=str(form.get("password") or ""),
            actor=caller.actor,
        )
        return row.id

    return await submit(
        request,
        session,
        act=act,
        done=lambda _id: redirect("/admin/users", notice="user_saved"),
        again=lambda refusal: _users_page(request, session, caller, error=refusal, posted=posted),
    )


async def _user_action(
    request: Request, session: Session, caller: CallerDep, act: Callable[[FormData], object]
) -> Response:
    return await submit(
        request,
        session,
        act=act,
        done=lambda _r: redirect("/admin/users", notice="user_saved"),
        again=lambda refusal: render_page(
            request, "error.html", status=refusal.status, error=refusal
        ),
    )


@router.post("/admin/users/{user_id}/active")
async def user_active(
    user_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    return await _user_action(
        request,
        session,
        caller,
        lambda form: admin.set_active(
            session, user_id=user_id, active=form.get("active") == "yes", actor=caller.actor
        ),
    )


@router.post("/admin/users/{user_id}/role")
async def user_role(
    user_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    return await _user_action(
        request,
        session,
        caller,
        lambda form: admin.change_role(
            session, user_id=user_id, role=text(form, "role") or "", actor=caller.actor
        ),
    )


@router.post("/admin/users/{user_id}/unlock")
async def user_unlock(
    user_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    return await _user_action(
        request,
        session,
        caller,
        lambda _form: admin.unlock_user(session, user_id=user_id, actor=caller.actor),
    )


@router.post("/admin/users/{user_id}/password")
async def user_password(
    user_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(_form: FormData) -> tuple[str, str]:
        user = admin.get_user(session, user_id=user_id, actor=caller.actor)
        return user.username, admin.reset_password(session, user_id=user_id, actor=caller.actor)

    def done(shown: tuple[str, str]) -> Response:
        # Shown once, on this answer only: not in a redirect, a cookie or the log.
        return _users_page(request, session, caller, new_password=shown)

    return await submit(
        request,
        session,
        act=act,
        done=done,
        again=lambda refusal: render_page(
            request, "error.html", status=refusal.status, error=refusal
        ),
    )


def _agencies_page(
    request: Request,
    session: Session,
    caller: CallerDep,
    *,
    error: Refusal | None = None,
    posted: FormData | None = None,
) -> Response:
    return render_page(
        request,
        "admin/agencies.html",
        status=error.status if error else 200,
        agencies=admin.list_agencies(session, actor=caller.actor),
        error=error,
        posted=posted or {},
    )


@router.get("/admin/agencies")
def agencies_page(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    return _agencies_page(request, session, caller)


@router.post("/admin/agencies")
async def create_agency_form(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    posted = await request.form()

    def act(form: FormData) -> int:
        return admin.add_agency(
            session,
            name=text(form, "name") or "",
            type=text(form, "type") or "",
            country=code_for("country", text(form, "country")) or "",
            city=text(form, "city"),
            actor=caller.actor,
        ).id

    return await submit(
        request,
        session,
        act=act,
        done=lambda _id: redirect("/admin/agencies", notice="agency_saved"),
        again=lambda refusal: _agencies_page(
            request, session, caller, error=refusal, posted=posted
        ),
    )
