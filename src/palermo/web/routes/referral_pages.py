"""Pages of referrals: the referrals partial of a case page, a referral's page (the shared
view for the receiving agency, state and revoke for the sender), referrals received, and
the case worker's queue at /work."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from palermo import cases, clock
from palermo.cases.record.schemas import CaseQuery
from palermo.cases.referrals import listing
from palermo.cases.referrals.answers import answer_named, get_referral, reject_referral
from palermo.cases.referrals.deliveries import case_services, record_service, referral_services
from palermo.cases.referrals.grants import read_shared_case
from palermo.cases.referrals.receiving import (
    link_case_to_referral,
    linked_case_id,
    open_case_from_referral,
)
from palermo.cases.referrals.sending import agencies_to_refer_to, refer
from palermo.cases.referrals.states import GRANTING_STATES
from palermo.cases.work.queues import caseworker_queue, children_among, provider_queue
from palermo.cases.work.tasks import my_tasks
from palermo.store.ranges import RowId
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.form_flow import redirect
from palermo.web.forms.values import parse_date
from palermo.web.rendering import render_page

router = APIRouter(include_in_schema=False)


def _service_form(
    service_type: str = Form(...),
    delivered_on: str = Form(""),
    planned_on: str = Form(""),
    outcome: str = Form(""),
) -> dict[str, Any]:
    """The "service given" form (on a case or a referral), as ``record_service`` takes it."""
    return {
        "service_type": service_type,
        "delivered_on": parse_date(delivered_on, "delivered_on"),
        "planned_on": parse_date(planned_on, "planned_on"),
        "outcome": outcome,
    }


ServiceForm = Annotated[dict[str, Any], Depends(_service_form)]


@router.get("/cases/{case_id}/referrals")
def case_referrals(
    case_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    rows = listing.case_referrals(session, case_id=case_id, actor=caller.actor)
    agencies = agencies_to_refer_to(session, actor=caller.actor)
    return render_page(
        request,
        "referrals/_case.html",
        case_id=case_id,
        rows=rows,
        agencies=agencies,
        by_id={a.id: a for a in agencies},
        delivered=case_services(session, case_id=case_id, actor=caller.actor),
    )


@router.post("/cases/{case_id}/referrals")
def case_refer(
    case_id: RowId,
    caller: CallerDep,
    session: SessionDep,
    to_agency_id: RowId = Form(...),
    service: str = Form(""),
    shared_fields: list[str] = Form(default_factory=list),
    note: str = Form(""),
    respond_by: str = Form(""),
    override_reason: str = Form(""),
) -> Response:
    referral = refer(
        session,
        case_id=case_id,
        to_agency_id=to_agency_id,
        service=service or None,
        shared_fields=shared_fields,
        note=note,
        respond_by=parse_date(respond_by, "respond_by"),
        actor=caller.actor,
        override_reason=override_reason or None,
    )
    return redirect(f"/referrals/{referral.id}", notice="referral_sent")


@router.post("/cases/{case_id}/services")
def case_record_service(
    case_id: RowId, caller: CallerDep, session: SessionDep, service: ServiceForm
) -> Response:
    record_service(session, case_id=case_id, **service, actor=caller.actor)
    return redirect(f"/cases/{case_id}#referrals", notice="service_saved")


@router.get("/work")
def work_page(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    queue = caseworker_queue(session, actor=caller.actor)
    received = provider_queue(session, actor=caller.actor)
    mine = cases.find_cases(
        session, query=CaseQuery(owner_id=caller.actor.user_id, per_page=50), actor=caller.actor
    )
    tasks = my_tasks(session, actor=caller.actor)
    return render_page(
        request, "referrals/work.html", queue=queue, received=received, mine=mine, tasks=tasks
    )


@router.get("/referrals/received")
def received_page(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    queue = provider_queue(session, actor=caller.actor)
    return render_page(request, "referrals/received.html", received=queue)


@router.get("/referrals/{referral_id}")
def referral_page(
    referral_id: RowId, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    actor = caller.actor
    r = get_referral(session, referral_id=referral_id, actor=actor)
    receiver = actor.agency_id == r.to_agency_id
    view = None
    if receiver and r.status in GRANTING_STATES:
        view = read_shared_case(session, case_id=r.case_id, actor=actor)
    agencies = {a.id: a for a in agencies_to_refer_to(session, actor=actor)}
    own_case = linked_case_id(session, referral_id=r.id, actor=actor) if receiver else None
    return render_page(
        request,
        "referrals/detail.html",
        r=r,
        view=view,
        receiver=receiver,
        own_case=own_case,
        child=bool(children_among(session, {r.case_id}, today=clock.today())),
        other=agencies.get(r.from_agency_id if receiver else r.to_agency_id),
        delivered=referral_services(session, referral_id=r.id, actor=actor),
    )


@router.post("/referrals/{referral_id}/reject")
def referral_reject(
    referral_id: RowId, caller: CallerDep, session: SessionDep, reason: str = Form("")
) -> Response:
    reject_referral(session, referral_id=referral_id, reason=reason, actor=caller.actor)
    return redirect(f"/referrals/{referral_id}")


@router.post("/referrals/{referral_id}/services")
def referral_record_service(
    referral_id: RowId, caller: CallerDep, session: SessionDep, service: ServiceForm
) -> Response:
    record_service(session, referral_id=referral_id, **service, actor=caller.actor)
    return redirect(f"/referrals/{referral_id}", notice="service_saved")


@router.post("/referrals/{referral_id}/case")
def referral_open_case(referral_id: int, caller: CallerDep, session: SessionDep) -> Response:
    case = open_case_from_referral(session, referral_id=referral_id, actor=caller.actor)
    return redirect(f"/cases/{case.id}", notice="case_opened")


@router.post("/referrals/{referral_id}/link")
def referral_link_case(
    referral_id: int, caller: CallerDep, session: SessionDep, reference: str = Form("")
) -> Response:
    own = cases.case_by_reference(session, reference=reference, actor=caller.actor)
    link_case_to_referral(session, referral_id=referral_id, case_id=own, actor=caller.actor)
    return redirect(f"/cases/{own}", notice="case_saved")


@router.post("/referrals/{referral_id}/{move}")
def referral_move(
    referral_id: RowId, move: str, caller: CallerDep, session: SessionDep
) -> Response:
    answer_named(move)(session, referral_id=referral_id, actor=caller.actor)
    return redirect(f"/referrals/{referral_id}", notice="referral_answered")
