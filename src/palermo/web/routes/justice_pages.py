"""Pages of the justice pillar: investigations (list, page, create and edit, their
victims, suspects, cooperation and closure), a suspect's identity, the victims the
agency follows and a case's referral to a justice agency, and charges against victims.

A form that the service refuses shows its page again with the refusal (nothing kept).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from palermo.justice.services import investigations as inv
from palermo.justice.services import redress, suspects, victims
from palermo.justice.services.directory import justice_agencies
from palermo.justice.services.proceedings import list_proceedings
from palermo.store.actor import Actor
from palermo.vocab import ShareGroup
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.errors import Refusal
from palermo.web.form_flow import redirect, submit
from palermo.web.forms import justice as forms
from palermo.web.forms.values import text, whole_number
from palermo.web.rendering import render_page

router = APIRouter(include_in_schema=False)


async def post_form(
    request: Request,
    session: Session,
    *,
    act: Callable[[FormData], Any],
    to: Callable[[Any], str],
    again: Callable[[Refusal], Response],
) -> Response:
    """Run ``act``; on success see ``to(result)``, on a refusal ``again(refusal)``."""
    return await submit(request, session, act=act, done=lambda r: redirect(to(r)), again=again)


@router.get("/justice")
def justice_home(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    actor = caller.actor
    return render_page(
        request,
        "justice/index.html",
        investigations=inv.list_investigations(session, actor=actor),
        proceedings=list_proceedings(session, actor=actor),
    )


def _investigation_form(
    request: Request, session: Session, actor: Actor, *, current: Any = None,
    error: Refusal | None = None,
) -> Response:  # fmt: skip
    return render_page(
        request,
        "justice/investigation_form.html",
        current=current,
        prosecutors=justice_agencies(session, actor=actor, kind="Prosecutor"),
        error=error,
        status=error.status if error else 200,
    )


@router.get("/justice/investigations/new")
def new_investigation(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    return _investigation_form(request, session, caller.actor)


@router.post("/justice/investigations")
async def create_investigation(
    request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> Any:
        data = forms.investigation_from_form(form)
        return inv.open_investigation(session, data=data, actor=caller.actor)

    return await post_form(
        request,
        session,
        act=act,
        to=lambda row: f"/justice/investigations/{row.id}",
        again=lambda e: _investigation_form(request, session, caller.actor, error=e),
    )


def _investigation_page(
    request: Request, session: Session, actor: Actor, investigation_id: int,
    error: Refusal | None = None,
) -> Response:  # fmt: skip
    view = inv.investigation_detail(session, investigation_id=investigation_id, actor=actor)
    return render_page(
        request,
        "justice/investigation.html",
        view=view,
        links=victims.linked_victims(session, actor=actor),
        courts=justice_agencies(session, actor=actor, kind="Court"),
        error=error,
        status=error.status if error else 200,
    )


@router.get("/justice/investigations/{investigation_id}")
def investigation_page(
    investigation_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    return _investigation_page(request, session, caller.actor, investigation_id)


@router.get("/justice/investigations/{investigation_id}/edit")
def edit_investigation(
    investigation_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    view = inv.investigation_detail(session, investigation_id=investigation_id, actor=caller.actor)
    return _investigation_form(request, session, caller.actor, current=view.investigation)


@router.post("/justice/investigations/{investigation_id}/edit")
async def save_investigation(
    investigation_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> Any:
        data = forms.investigation_update_from_form(form)
        return inv.update_investigation(
            session, investigation_id=investigation_id, data=data, actor=caller.actor
        )

    return await post_form(
        request,
        session,
        act=act,
        to=lambda _: f"/justice/investigations/{investigation_id}",
        again=lambda e: _investigation_page(request, session, caller.actor, investigation_id, e),
    )


def _investigation_post(
    name: str, act_on: Callable[[Session, int, FormData, Actor], Any]
) -> Callable[..., Any]:
    """A form of the investigation page: act, then back to the page (or it with the refusal)."""

    async def route(
        investigation_id: int, request: Request, caller: CallerDep, session: SessionDep
    ) -> Response:
        def act(form: FormData) -> Any:
            return act_on(session, investigation_id, form, caller.actor)

        return await post_form(
            request,
            session,
            act=act,
            to=lambda _: f"/justice/investigations/{investigation_id}#{name}",
            again=lambda e: _investigation_page(
                request, session, caller.actor, investigation_id, e
            ),
        )

    route.__name__ = f"investigation_{name}"
    return route


def _victim(session: Session, iid: int, form: FormData, actor: Actor) -> Any:
    link_id = whole_number(form, "link_id") or 0
    return inv.add_victim(session, investigation_id=iid, link_id=link_id, actor=actor)


def _suspect(session: Session, iid: int, form: FormData, actor: Actor) -> Any:
    data = forms.suspect_from_form(form)
    return suspects.name_suspect(session, investigation_id=iid, data=data, actor=actor)


def _cooperation(session: Session, iid: int, form: FormData, actor: Actor) -> Any:
    data = forms.cooperation_from_form(form)
    return inv.record_cooperation(session, investigation_id=iid, data=data, actor=actor)


def _close(session: Session, iid: int, form: FormData, actor: Actor) -> Any:
    data = forms.close_from_form(form)
    return inv.close_investigation(session, investigation_id=iid, data=data, actor=actor)


for _name, _act in (
    ("victims", _victim),
    ("suspects", _suspect),
    ("cooperation", _cooperation),
    ("close", _close),
):
    router.post(f"/justice/investigations/{{investigation_id}}/{_name}")(
        _investigation_post(_name, _act)
    )


@router.get("/justice/suspects/{suspect_id}")
def suspect_page(
    suspect_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    view = suspects.read_suspect(session, suspect_id=suspect_id, actor=caller.actor)
    return render_page(request, "justice/suspect.html", suspect=view)


@router.get("/justice/victims")
def victims_page(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    rows = victims.linked_victims(session, actor=caller.actor)
    return render_page(request, "justice/victims.html", links=rows)


@router.get("/justice/victims/{link_id}")
def victim_page(link_id: int, request: Request, caller: CallerDep, session: SessionDep) -> Response:
    seen = victims.victim_identity(session, link_id=link_id, actor=caller.actor)
    return render_page(request, "justice/victim.html", seen=seen)


def _refer_form(
    request: Request, session: Session, actor: Actor, case_id: int, error: Refusal | None = None
) -> Response:
    return render_page(
        request,
        "justice/refer.html",
        case=victims.case_for_referral(session, case_id=case_id, actor=actor),
        agencies=justice_agencies(session, actor=actor),
        groups=list(ShareGroup),
        error=error,
        status=error.status if error else 200,
    )


@router.get("/justice/cases/{case_id}/refer")
def refer_form(case_id: int, request: Request, caller: CallerDep, session: SessionDep) -> Response:
    return _refer_form(request, session, caller.actor, case_id)


@router.post("/justice/cases/{case_id}/refer")
async def refer_case(
    case_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> Any:
        return victims.refer_to_justice(
            session,
            case_id=case_id,
            to_agency_id=whole_number(form, "to_agency_id") or 0,
            shared_fields=[g for g in form.getlist("shared_fields") if isinstance(g, str)],
            note=text(form, "note"),
            override_reason=text(form, "override_reason"),
            actor=caller.actor,
        )

    return await post_form(
        request,
        session,
        act=act,
        to=lambda _: f"/cases/{case_id}",
        again=lambda e: _refer_form(request, session, caller.actor, case_id, e),
    )


@router.post("/justice/cases/{case_id}/not-reported")
async def not_reported(
    case_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> Any:
        reason = text(form, "reason") or ""
        return victims.record_not_reported(
            session, case_id=case_id, reason=reason, actor=caller.actor
        )

    return await post_form(
        request,
        session,
        act=act,
        to=lambda _: f"/cases/{case_id}",
        again=lambda e: _refer_form(request, session, caller.actor, case_id, e),
    )


def _victim_charges(
    request: Request, session: Session, actor: Actor, error: Refusal | None = None
) -> Response:
    return render_page(
        request,
        "justice/non_punishment.html",
        rows=redress.list_victim_charges(session, actor=actor),
        error=error,
        status=error.status if error else 200,
    )


@router.get("/justice/non-punishment")
def victim_charges(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    return _victim_charges(request, session, caller.actor)


@router.post("/justice/non-punishment")
async def add_victim_charge(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    def act(form: FormData) -> Any:
        data = forms.victim_charge_from_form(form)
        return redress.record_victim_charge(session, data=data, actor=caller.actor)

    return await post_form(
        request,
        session,
        act=act,
        to=lambda _: "/justice/non-punishment",
        again=lambda e: _victim_charges(request, session, caller.actor, e),
    )


@router.post("/justice/non-punishment/{non_punishment_id}")
async def decide_victim_charge(
    non_punishment_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> Any:
        data = forms.victim_charge_decision_from_form(form)
        return redress.decide_victim_charge(
            session, record_id=non_punishment_id, data=data, actor=caller.actor
        )

    return await post_form(
        request,
        session,
        act=act,
        to=lambda _: "/justice/non-punishment",
        again=lambda e: _victim_charges(request, session, caller.actor, e),
    )
