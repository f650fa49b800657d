"""Pages of proceedings: bringing them out of an investigation, and on the proceeding's
page its charges, verdicts and sentences, hearings, appeals, compensation and payments,
and the victims' participation and protection. Each form posts, then comes back to the
proceeding's page (with the refusal, if the service refused)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from palermo.justice.services import proceedings as procs
from palermo.justice.services import redress, verdicts
from palermo.justice.services.victims import linked_victims
from palermo.store.actor import Actor
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.errors import Refusal
from palermo.web.forms import justice as forms
from palermo.web.forms.values import text
from palermo.web.rendering import render_page
from palermo.web.routes.justice_pages import _investigation_page, post_form

router = APIRouter(include_in_schema=False)


@router.post("/justice/investigations/{investigation_id}/proceedings")
async def bring_proceeding(
    investigation_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> Any:
        data = forms.proceeding_from_form(form)
        return procs.bring_proceeding(
            session, investigation_id=investigation_id, data=data, actor=caller.actor
        )

    return await post_form(
        request,
        session,
        act=act,
        to=lambda row: f"/justice/proceedings/{row.id}",
        again=lambda e: _investigation_page(request, session, caller.actor, investigation_id, e),
    )


def _proceeding_page(
    request: Request, session: Session, actor: Actor, proceeding_id: int,
    error: Refusal | None = None,
) -> Response:  # fmt: skip
    view = procs.proceeding_detail(session, proceeding_id=proceeding_id, actor=actor)
    return render_page(
        request,
        "justice/proceeding.html",
        view=view,
        links=linked_victims(session, actor=actor) if view.writable else [],
        error=error,
        status=error.status if error else 200,
    )


@router.get("/justice/proceedings/{proceeding_id}")
def proceeding_page(
    proceeding_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    return _proceeding_page(request, session, caller.actor, proceeding_id)


def _back_to(
    request: Request,
    session: Session,
    actor: Actor,
    proceeding_of: Callable[[Any], int],
    fallback: int | None,
) -> tuple[Callable[[Any], str], Callable[[Refusal], Response]]:
    def again(e: Refusal) -> Response:
        if fallback is None:
            return render_page(request, "error.html", status=e.status, error=e)
        return _proceeding_page(request, session, actor, fallback, e)

    return (
        lambda row: f"/justice/proceedings/{proceeding_of(row)}#{request.url.path.split('/')[-1]}"
    ), again


def _proceeding_form(name: str, act_on: Callable[[Session, int, FormData, Actor], Any]) -> Any:
    async def route(
        proceeding_id: int, request: Request, caller: CallerDep, session: SessionDep
    ) -> Response:
        to, again = _back_to(request, session, caller.actor, lambda _: proceeding_id, proceeding_id)
        return await post_form(
            request,
            session,
            act=lambda form: act_on(session, proceeding_id, form, caller.actor),
            to=to,
            again=again,
        )

    route.__name__ = f"proceeding_{name}"
    return route


def _part_form(
    name: str, act_on: Callable[[Session, int, FormData, Actor], Any]
) -> Callable[..., Any]:
    """A form on a charge, hearing, appeal, order or participation: back to its proceeding;
    on a refusal the error page (the record may not be the actor's to show)."""

    async def route(request: Request, caller: CallerDep, session: SessionDep) -> Response:
        record_id = int(request.path_params[f"{name}_id"])
        to, again = _back_to(request, session, caller.actor, lambda row: row.proceeding_id, None)
        return await post_form(
            request,
            session,
            act=lambda form: act_on(session, record_id, form, caller.actor),
            to=to,
            again=again,
        )

    route.__name__ = f"{name}_form"
    return route


_PROCEEDING_FORMS: dict[str, Callable[[Session, int, FormData, Actor], Any]] = {
    "stage": lambda s, pid, f, a: procs.move_stage(
        s, proceeding_id=pid, stage=text(f, "stage") or "", actor=a
    ),
    "charges": lambda s, pid, f, a: procs.bring_charge(
        s, proceeding_id=pid, data=forms.charge_from_form(f), actor=a
    ),
    "hearings": lambda s, pid, f, a: procs.schedule_hearing(
        s, proceeding_id=pid, data=forms.hearing_from_form(f), actor=a
    ),
    "appeals": lambda s, pid, f, a: verdicts.lodge_appeal(
        s, proceeding_id=pid, data=forms.appeal_from_form(f), actor=a
    ),
    "compensation": lambda s, pid, f, a: redress.order_compensation(
        s, proceeding_id=pid, data=forms.compensation_from_form(f), actor=a
    ),
    "participation": lambda s, pid, f, a: redress.record_participation(
        s, proceeding_id=pid, data=forms.participation_from_form(f), actor=a
    ),
}
for _name, _act in _PROCEEDING_FORMS.items():
    router.post(f"/justice/proceedings/{{proceeding_id}}/{_name}")(_proceeding_form(_name, _act))


def _sentence(s: Session, rid: int, f: FormData, a: Actor) -> Any:
    row = verdicts.record_sentence(s, charge_id=rid, data=forms.sentence_from_form(f), actor=a)
    return row.charge


def _payment(s: Session, rid: int, f: FormData, a: Actor) -> Any:
    row = redress.record_payment(s, compensation_id=rid, data=forms.payment_from_form(f), actor=a)
    return row.compensation


_PART_FORMS: list[tuple[str, str, Callable[[Session, int, FormData, Actor], Any]]] = [
    (
        "/justice/charges/{charge_id}/verdict",
        "charge",
        lambda s, rid, f, a: verdicts.record_verdict(
            s, charge_id=rid, data=forms.verdict_from_form(f), actor=a
        ),
    ),
    ("/justice/charges/{charge_id}/sentence", "charge", _sentence),
    (
        "/justice/hearings/{hearing_id}",
        "hearing",
        lambda s, rid, f, a: procs.record_hearing(
            s, hearing_id=rid, data=forms.hearing_outcome_from_form(f), actor=a
        ),
    ),
    (
        "/justice/appeals/{appeal_id}",
        "appeal",
        lambda s, rid, f, a: verdicts.decide_appeal(
            s, appeal_id=rid, data=forms.appeal_decision_from_form(f), actor=a
        ),
    ),
    ("/justice/compensation/{compensation_id}/payments", "compensation", _payment),
    (
        "/justice/participation/{participation_id}",
        "participation",
        lambda s, rid, f, a: redress.update_participation(
            s, participation_id=rid, data=forms.participation_update_from_form(f), actor=a
        ),
    ),
]
for _path, _part, _act in _PART_FORMS:
    router.post(_path)(_part_form(_part, _act))
