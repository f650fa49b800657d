"""National statistics pages: the dashboard and the causes and risk factors.

Aggregates only (see :mod:`palermo.stats.scope` for who reads what); every chart has its
table beside it, and both print.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from palermo.stats.causes import risk_factors
from palermo.stats.dashboard import national_dashboard
from palermo.stats.labels import label
from palermo.stats.worldmap import HEIGHT as MAP_HEIGHT
from palermo.stats.worldmap import STEPS as MAP_STEPS
from palermo.stats.worldmap import WIDTH as MAP_WIDTH
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.forms.know import parse_year
from palermo.web.rendering import render_page, request_locale

router = APIRouter(include_in_schema=False)


def _labeller(request: Request, agencies: dict[int, str]) -> Callable[[str, str | None], str]:
    locale = request_locale(request)

    def lbl(dimension: str, code: str | None) -> str:
        return label(dimension, code, locale, agencies=agencies)

    return lbl


@router.get("/stats")
def dashboard_page(
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    year_from: str | None = Query(None, alias="from"),
    year_to: str | None = Query(None, alias="to"),
) -> Response:
    board = national_dashboard(
        session,
        actor=caller.actor,
        year_from=parse_year(year_from, "from"),
        year_to=parse_year(year_to, "to"),
    )
    return render_page(
        request,
        "stats/dashboard.html",
        board=board,
        lbl=_labeller(request, board.agencies),
        map_width=MAP_WIDTH,
        map_height=MAP_HEIGHT,
        map_steps=MAP_STEPS,
    )


@router.get("/stats/causes")
def causes_page(
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    year_from: str | None = Query(None, alias="from"),
    year_to: str | None = Query(None, alias="to"),
) -> Response:
    report = risk_factors(
        session,
        actor=caller.actor,
        year_from=parse_year(year_from, "from"),
        year_to=parse_year(year_to, "to"),
    )
    return render_page(request, "stats/causes.html", report=report, lbl=_labeller(request, {}))
