"""The monitors' pages (labour inspectors, the national coordinator): stored screenings
of ad feeds, the queue of flagged ads with its filters, one ad with its reasons, the
networks of a run, and the mark on an ad (reviewed, referred to inspection).

Runs are national (``palermo.prevent.monitor_access``): every monitor sees every run,
and everyone else is refused by role (403) whatever the id.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from palermo.prevent.monitor_queue import MARKS, RISKS, ad_queue, mark_ad, read_ad, run_networks
from palermo.prevent.offer_reports import list_reported, mark_reported
from palermo.prevent.screening_runs import list_runs
from palermo.recruitment.catalogue import flag_catalogue
from palermo.store.actor import Actor
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.errors import Refusal
from palermo.web.form_flow import redirect, status_for, submit
from palermo.web.forms.monitor import mark_of, queue_filter
from palermo.web.rendering import render_page, request_locale

router = APIRouter(include_in_schema=False)


def _flag_labels(locale: str) -> dict[str, str]:
    return {code: spec.label.get(locale) for code, spec in flag_catalogue().flags.items()}


@router.get("/monitor/ads")
def runs_page(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    return render_page(request, "monitor/runs.html", runs=list_runs(session, actor=caller.actor))


@router.get("/monitor/ads/runs/{ad_run_id}")
def queue_page(
    ad_run_id: int,
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    risk: str | None = Query(None),
    flag: str | None = Query(None),
    mark: str | None = Query(None),
    network: str | None = Query(None),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> Response:
    chosen = queue_filter(risk, flag, mark, network, offset)
    queue = ad_queue(session, run_id=ad_run_id, chosen=chosen, actor=caller.actor)
    locale = request_locale(request)
    return render_page(
        request,
        "monitor/queue.html",
        queue=queue,
        risks=RISKS,
        marks=MARKS,
        flag_labels=_flag_labels(locale),
    )


@router.get("/monitor/ads/runs/{ad_run_id}/networks")
def networks_page(
    ad_run_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    feed, networks = run_networks(session, run_id=ad_run_id, actor=caller.actor)
    return render_page(
        request, "monitor/networks.html", run_id=ad_run_id, feed=feed, networks=networks
    )


def _ad_page(
    request: Request,
    session: Session,
    actor: Actor,
    flagged_ad_id: int,
    error: Refusal | None = None,
) -> Response:
    ad = read_ad(session, ad_row_id=flagged_ad_id, actor=actor, locale=request_locale(request))
    status = status_for(request, error) if error else 200
    return render_page(request, "monitor/ad.html", status=status, ad=ad, marks=MARKS, error=error)


@router.get("/monitor/ads/flagged/{flagged_ad_id}")
def ad_page(
    flagged_ad_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    return _ad_page(request, session, caller.actor, flagged_ad_id)


@router.post("/monitor/ads/flagged/{flagged_ad_id}/mark")
async def ad_mark(
    flagged_ad_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> str:
        return mark_ad(session, ad_row_id=flagged_ad_id, mark=mark_of(form), actor=caller.actor)

    return await submit(
        request,
        session,
        act=act,
        done=lambda _: redirect(f"/monitor/ads/flagged/{flagged_ad_id}"),
        again=lambda refusal: _ad_page(request, session, caller.actor, flagged_ad_id, refusal),
    )


@router.get("/monitor/reports")
def reports_page(
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    mark: str | None = Query(None, max_length=20),
) -> Response:
    """Offers people chose to send from the public check."""
    reports = list_reported(session, actor=caller.actor, mark=mark or None)
    locale = request_locale(request)
    return render_page(
        request,
        "monitor/reports.html",
        reports=reports,
        marks=MARKS,
        chosen=mark,
        flag_labels=_flag_labels(locale),
    )


@router.post("/monitor/reports/{offer_report_id}/mark")
async def report_mark(
    offer_report_id: int, request: Request, caller: CallerDep, session: SessionDep
) -> Response:
    def act(form: FormData) -> str:
        return mark_reported(
            session, report_id=offer_report_id, mark=mark_of(form), actor=caller.actor
        )

    def again(refusal: Refusal) -> Response:
        reports = list_reported(session, actor=caller.actor)
        return render_page(
            request,
            "monitor/reports.html",
            status=status_for(request, refusal),
            reports=reports,
            marks=MARKS,
            chosen=None,
            flag_labels=_flag_labels(request_locale(request)),
            error=refusal,
        )

    return await submit(
        request, session, act=act, done=lambda _: redirect("/monitor/reports"), again=again
    )
