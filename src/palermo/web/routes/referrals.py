"""Protect: referrals between agencies, services delivered, and the work queues.

Pages: the referrals partial of a case page, a referral's page (the shared view for the
receiving agency, state and revoke for the sender), referrals received, and the case
worker's queue at /work. JSON under /api. Routes parse, call one service, render.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases.referrals import listing
from palermo.cases.referrals.answers import (
    accept_referral,
    complete_referral,
    get_referral,
    reject_referral,
    revoke_referral,
)
from palermo.cases.referrals.deliveries import (
    case_services,
    record_service,
    referral_services,
    service_label,
    service_to_dict,
)
from palermo.cases.referrals.field_groups import SHARE_FIELDS, group_label
from palermo.cases.referrals.grants import read_shared_case
from palermo.cases.referrals.listing import referral_to_dict
from palermo.cases.referrals.sending import agencies_to_refer_to, refer
from palermo.cases.referrals.states import GRANTING_STATES, is_overdue, state_label
from palermo.cases.work.queues import caseworker_queue, provider_queue
from palermo.errors import FieldProblem, ValidationFailed
from palermo.store.actor import Actor
from palermo.vocab import ConsentPurpose, ServiceType
from palermo.web.deps import Caller, current_actor, current_caller, db_session

router = APIRouter()

# ---------------------------------------------------------------------------- API


class ReferralIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    to_agency_id: int
    service: str | None = Field(default=None, description="A service type code, or none.")
    shared_fields: list[str] = Field(
        default_factory=list, description=f"Field groups: {', '.join(SHARE_FIELDS)}."
    )
    note: str | None = Field(default=None, max_length=2000)
    respond_by: date | None = None
    override_reason: str | None = Field(
        default=None, description="A supervisor's reason to refer without the consent needed."
    )


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=2000)


class ServiceIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    service_type: str
    delivered_on: date | None = None
    planned_on: date | None = None
    outcome: str | None = Field(default=None, max_length=2000)


@router.post("/api/cases/{case_id}/referrals", status_code=201, tags=["api"])
def api_refer(
    case_id: int,
    body: ReferralIn,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> dict[str, Any]:
    """Refer a case to another agency. Without the consent it needs: 409 naming it."""
    referral = refer(session, case_id=case_id, actor=actor, **body.model_dump())
    return referral_to_dict(referral)


_MOVES = {
    "accept": accept_referral,
    "done": complete_referral,
    "revoke": revoke_referral,
}


def _move(move: str) -> Callable[..., Any]:
    """The service behind a referral's action word; reject has a route of its own (a reason)."""
    if move not in _MOVES:
        raise ValidationFailed(f"Unknown action {move!r}; use accept, reject, done or revoke.")
    return _MOVES[move]


@router.post("/api/referrals/{referral_id}/reject", tags=["api"])
def api_reject(
    referral_id: int,
    body: RejectIn,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> dict[str, Any]:
    r = reject_referral(session, referral_id=referral_id, reason=body.reason, actor=actor)
    return referral_to_dict(r)


@router.get("/api/referrals/{referral_id}", tags=["api"])
def api_referral(
    referral_id: int,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> dict[str, Any]:
    """The referral; for the receiving agency also the case as shared (only the shared groups)."""
    r = get_referral(session, referral_id=referral_id, actor=actor)
    out: dict[str, Any] = {"referral": referral_to_dict(r)}
    if actor.agency_id == r.to_agency_id and r.status in GRANTING_STATES:
        out["case"] = read_shared_case(session, case_id=r.case_id, actor=actor).as_dict()
    out["services"] = [
        service_to_dict(x) for x in referral_services(session, referral_id=r.id, actor=actor)
    ]
    return out


@router.post("/api/referrals/{referral_id}/services", status_code=201, tags=["api"])
def api_record_service(
    referral_id: int,
    body: ServiceIn,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> dict[str, Any]:
    """Record a service given (or planned) under an accepted referral, by its receiver."""
    x = record_service(session, referral_id=referral_id, actor=actor, **body.model_dump())
    return service_to_dict(x)


# Declared after ".../services": Starlette tries routes in order and {move} matches anything.
@router.post("/api/referrals/{referral_id}/{move}", tags=["api"])
def api_move(
    referral_id: int,
    move: str,
    actor: Actor = Depends(current_actor),
    session: Session = Depends(db_session, scope="function"),
) -> dict[str, Any]:
    """accept, done (the receiver) or revoke (the sender)."""
    return referral_to_dict(_move(move)(session, referral_id=referral_id, actor=actor))


@router.get("/api/work", tags=["api"])
def api_work(
    actor: Actor = Depends(current_actor), session: Session = Depends(db_session, scope="function")
) -> dict[str, Any]:
    """The case worker's queue and the provider's referrals received."""
    return {
        "caseworker": asdict(caseworker_queue(session, actor=actor)),
        "provider": asdict(provider_queue(session, actor=actor)),
    }


# -------------------------------------------------------------------------- pages


def _render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    context |= {
        "state_label": state_label,
        "service_label": service_label,
        "group_label": group_label,
        "purpose_label": lambda code, locale: ConsentPurpose.parse(code).label(locale),
        "share_groups": list(SHARE_FIELDS),
        "service_types": [m for m in ServiceType if not getattr(m, "deprecated", False)],
        "is_overdue": is_overdue,
        "today": clock.today(),
    }
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


def _date(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(
            "Give dates as YYYY-MM-DD.", problems=[FieldProblem(field=field, reason="bad date")]
        ) from None


def _service_form(
    service_type: str = Form(...),
    delivered_on: str = Form(""),
    planned_on: str = Form(""),
    outcome: str = Form(""),
) -> dict[str, Any]:
    """The "service given" form (on a case or a referral), as ``record_service`` takes it."""
    return {
        "service_type": service_type,
        "delivered_on": _date(delivered_on, "delivered_on"),
        "planned_on": _date(planned_on, "planned_on"),
        "outcome": outcome,
    }


@router.get("/cases/{case_id}/referrals", include_in_schema=False)
def case_referrals(
    case_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    rows = listing.case_referrals(session, case_id=case_id, actor=caller.actor)
    agencies = agencies_to_refer_to(session, actor=caller.actor)
    return _render(
        request,
        "referrals/_case.html",
        case_id=case_id,
        rows=rows,
        agencies=agencies,
        by_id={a.id: a for a in agencies},
        delivered=case_services(session, case_id=case_id, actor=caller.actor),
    )


@router.post("/cases/{case_id}/referrals", include_in_schema=False)
def case_refer(
    case_id: int,
    to_agency_id: int = Form(...),
    service: str = Form(""),
    shared_fields: list[str] = Form(default_factory=list),
    note: str = Form(""),
    respond_by: str = Form(""),
    override_reason: str = Form(""),
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    referral = refer(
        session,
        case_id=case_id,
        to_agency_id=to_agency_id,
        service=service or None,
        shared_fields=shared_fields,
        note=note,
        respond_by=_date(respond_by, "respond_by"),
        actor=caller.actor,
        override_reason=override_reason or None,
    )
    return RedirectResponse(f"/referrals/{referral.id}", status_code=303)


@router.post("/cases/{case_id}/services", include_in_schema=False)
def case_record_service(
    case_id: int,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
    service: dict[str, Any] = Depends(_service_form),
) -> Response:
    record_service(session, case_id=case_id, **service, actor=caller.actor)
    return RedirectResponse(f"/cases/{case_id}#referrals", status_code=303)


@router.get("/work", include_in_schema=False)
def work_page(
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    queue = caseworker_queue(session, actor=caller.actor)
    received = provider_queue(session, actor=caller.actor)
    return _render(request, "referrals/work.html", queue=queue, received=received)


@router.get("/referrals/received", include_in_schema=False)
def received_page(
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    queue = provider_queue(session, actor=caller.actor)
    return _render(request, "referrals/received.html", received=queue)


@router.get("/referrals/{referral_id}", include_in_schema=False)
def referral_page(
    referral_id: int,
    request: Request,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    actor = caller.actor
    r = get_referral(session, referral_id=referral_id, actor=actor)
    receiver = actor.agency_id == r.to_agency_id
    view = None
    if receiver and r.status in GRANTING_STATES:
        view = read_shared_case(session, case_id=r.case_id, actor=actor)
    agencies = {a.id: a for a in agencies_to_refer_to(session, actor=actor)}
    return _render(
        request,
        "referrals/detail.html",
        r=r,
        view=view,
        receiver=receiver,
        other=agencies.get(r.from_agency_id if receiver else r.to_agency_id),
        delivered=referral_services(session, referral_id=r.id, actor=actor),
    )


@router.post("/referrals/{referral_id}/reject", include_in_schema=False)
def referral_reject(
    referral_id: int,
    reason: str = Form(""),
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    reject_referral(session, referral_id=referral_id, reason=reason, actor=caller.actor)
    return RedirectResponse(f"/referrals/{referral_id}", status_code=303)


@router.post("/referrals/{referral_id}/services", include_in_schema=False)
def referral_record_service(
    referral_id: int,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
    service: dict[str, Any] = Depends(_service_form),
) -> Response:
    record_service(session, referral_id=referral_id, **service, actor=caller.actor)
    return RedirectResponse(f"/referrals/{referral_id}", status_code=303)


@router.post("/referrals/{referral_id}/{move}", include_in_schema=False)
def referral_move(
    referral_id: int,
    move: str,
    caller: Caller = Depends(current_caller),
    session: Session = Depends(db_session, scope="function"),
) -> Response:
    _move(move)(session, referral_id=referral_id, actor=caller.actor)
    return RedirectResponse(f"/referrals/{referral_id}", status_code=303)
