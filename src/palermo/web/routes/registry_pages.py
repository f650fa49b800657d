"""The registry of licensed agencies (§17): the list with its filters, one licence with
its history, and the keepers' forms (record an agency, change a status on a cited
source, import the CSV). National records: who may read and change them goes by role
and agency type (``palermo.prevent.monitor_access``).
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from palermo.errors import AuthenticationFailed, PalermoError
from palermo.prevent.licences import (
    KINDS,
    STATUSES,
    list_licences,
    read_licence,
    record_licence,
    set_licence_status,
)
from palermo.prevent.monitor_access import may_keep_registry
from palermo.prevent.registry_import import RegistryImport, import_registry
from palermo.store.actor import Actor
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.errors import Refusal
from palermo.web.form_flow import redirect, refused, status_for, submit
from palermo.web.forms.monitor import licence_of, registry_text_of, source_of
from palermo.web.forms.values import text
from palermo.web.rendering import render_page

router = APIRouter(include_in_schema=False)


def _list_page(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    status: str | None = None,
    country: str | None = None,
    error: Refusal | None = None,
    imported: RegistryImport | None = None,
) -> Response:
    rows = list_licences(session, actor=actor, status=status, country=country)
    return render_page(
        request,
        "registry/list.html",
        status=status_for(request, error) if error else 200,
        rows=rows,
        statuses=STATUSES,
        kinds=KINDS,
        chosen_status=status,
        chosen_country=country,
        can_edit=may_keep_registry(session, actor),
        error=error,
        imported=imported,
    )


@router.get("/registry")
def registry_page(
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    status: str | None = Query(None, max_length=20),
    country: str | None = Query(None, max_length=2),
) -> Response:
    return _list_page(
        request, session, caller.actor, status=status or None, country=country or None
    )


@router.post("/registry")
async def registry_record(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    def act(form: FormData) -> int:
        data = licence_of(form)
        return record_licence(session, data=data, source=source_of(form), actor=caller.actor).id

    return await submit(
        request,
        session,
        act=act,
        done=lambda licence_id: redirect(f"/registry/{licence_id}"),
        again=lambda refusal: _list_page(request, session, caller.actor, error=refusal),
    )


@router.post("/registry/import")
async def registry_import(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    form = await request.form(max_files=1, max_fields=4)
    try:
        csv_text = await registry_text_of(form)
        done = import_registry(session, text=csv_text, source=source_of(form), actor=caller.actor)
    except AuthenticationFailed:
        raise
    except PalermoError as exc:
        return _list_page(request, session, caller.actor, error=refused(request, session, exc))
    finally:
        await form.close()
    return _list_page(request, session, caller.actor, imported=done)


def _licence_page(
    request: Request, session: Session, actor: Actor, licence_id: int, error: Refusal | None = None
) -> Response:
    return render_page(
        request,
        "registry/licence.html",
        status=status_for(request, error) if error else 200,
        licence=read_licence(session, licence_id=licence_id, actor=actor),
        statuses=STATUSES,
        can_edit=may_keep_registry(session, actor),
        error=error,
    )


@router.get("/registry/{licence_id}")
def licence_page(
    licence_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    return _licence_page(request, session, caller.actor, licence_id)


@router.post("/registry/{licence_id}/status")
async def licence_status(
    licence_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> object:
        return set_licence_status(
            session,
            licence_id=licence_id,
            status=text(form, "status") or "",
            source=source_of(form),
            actor=caller.actor,
        )

    return await submit(
        request,
        session,
        act=act,
        done=lambda _: redirect(f"/registry/{licence_id}"),
        again=lambda refusal: _licence_page(request, session, caller.actor, licence_id, refusal),
    )
