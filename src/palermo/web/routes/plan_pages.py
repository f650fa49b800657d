"""National action plan pages: the plans, one plan's evaluation for a period, and the
national coordinator's forms (objective, measure, indicator, value, computation).

Every form posts normally (no JavaScript needed); a refusal shows the plan page again
with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from palermo.stats.plans.report import evaluate_plan, list_plans
from palermo.stats.plans.services import (
    add_indicator,
    add_measure,
    add_objective,
    compute_value,
    create_plan,
    record_value,
)
from palermo.stats.scope import PLAN_EDITORS
from palermo.store.actor import Actor
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.errors import Refusal
from palermo.web.form_flow import redirect, status_for, submit
from palermo.web.forms.know import (
    indicator_from_form,
    measure_from_form,
    objective_from_form,
    plan_from_form,
    value_from_form,
)
from palermo.web.forms.values import text, whole_number
from palermo.web.rendering import render_page

router = APIRouter(include_in_schema=False)


def _plans_page(
    request: Request, session: Session, actor: Actor, error: Refusal | None = None
) -> Response:
    plans = list_plans(session, actor=actor)
    status = status_for(request, error) if error else 200
    return render_page(
        request,
        "plans/list.html",
        status=status,
        plans=plans,
        can_edit=actor.role in PLAN_EDITORS,
        error=error,
    )


def _plan_page(
    request: Request,
    session: Session,
    actor: Actor,
    plan_id: int,
    period: str | None,
    error: Refusal | None = None,
) -> Response:
    evaluation = evaluate_plan(session, plan_id=plan_id, period=period, actor=actor)
    status = status_for(request, error) if error else 200
    return render_page(
        request,
        "plans/plan.html",
        status=status,
        ev=evaluation,
        can_edit=actor.role in PLAN_EDITORS,
        error=error,
    )


@router.get("/plans")
def plans_page(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    return _plans_page(request, session, caller.actor)


@router.post("/plans")
async def plans_create(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    def act(form: FormData) -> int:
        plan = create_plan(session, data=plan_from_form(form), actor=caller.actor)
        return plan.id

    return await submit(
        request,
        session,
        act=act,
        done=lambda plan_id: redirect(f"/plans/{plan_id}"),
        again=lambda refusal: _plans_page(request, session, caller.actor, refusal),
    )


@router.get("/plans/{plan_id}")
def plan_page(
    plan_id: int,
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    period: str | None = Query(None),
) -> Response:
    return _plan_page(request, session, caller.actor, plan_id, period)


async def _plan_form(
    request: Request,
    session: Session,
    actor: Actor,
    plan_id: int,
    act: Callable[[FormData], Any],
) -> Response:
    form = await request.form()
    period = text(form, "period") if "period" in form else None

    def again(refusal: Refusal) -> Response:
        return _plan_page(request, session, actor, plan_id, None, refusal)

    suffix = f"?period={period}" if period else ""
    return await submit(
        request,
        session,
        act=act,
        done=lambda _: redirect(f"/plans/{plan_id}{suffix}"),
        again=again,
    )


@router.post("/plans/{plan_id}/objectives")
async def plan_objective(
    plan_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> object:
        data = objective_from_form(form)
        return add_objective(session, plan_id=plan_id, data=data, actor=caller.actor)

    return await _plan_form(request, session, caller.actor, plan_id, act)


@router.post("/plans/{plan_id}/measures")
async def plan_measure(
    plan_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> object:
        objective_id = whole_number(form, "objective_id") or 0
        data = measure_from_form(form)
        return add_measure(
            session, plan_id=plan_id, objective_id=objective_id, data=data, actor=caller.actor
        )

    return await _plan_form(request, session, caller.actor, plan_id, act)


@router.post("/plans/{plan_id}/indicators")
async def plan_indicator(
    plan_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> object:
        measure_id = whole_number(form, "measure_id") or 0
        data = indicator_from_form(form)
        return add_indicator(
            session, plan_id=plan_id, measure_id=measure_id, data=data, actor=caller.actor
        )

    return await _plan_form(request, session, caller.actor, plan_id, act)


@router.post("/plans/{plan_id}/values")
async def plan_value(
    plan_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> object:
        indicator_id = whole_number(form, "indicator_id") or 0
        data = value_from_form(form)
        return record_value(
            session, plan_id=plan_id, indicator_id=indicator_id, data=data, actor=caller.actor
        )

    return await _plan_form(request, session, caller.actor, plan_id, act)


@router.post("/plans/{plan_id}/compute")
async def plan_compute(
    plan_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> object:
        indicator_id = whole_number(form, "indicator_id") or 0
        return compute_value(
            session,
            plan_id=plan_id,
            indicator_id=indicator_id,
            period=text(form, "period") or "",
            actor=caller.actor,
        )

    return await _plan_form(request, session, caller.actor, plan_id, act)
