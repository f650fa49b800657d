"""The cross-border page: referrals exchanged with other installations, and for
administrators the peers and the bundles sent and received."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from palermo.cooperate.crossborder import list_bundles, list_crossborder_referrals, list_peers
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.rendering import render_page

router = APIRouter()


@router.get("/crossborder", include_in_schema=False)
def crossborder_page(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    actor = caller.actor
    admin = actor.role == "admin"
    return render_page(
        request,
        "crossborder/overview.html",
        referrals=list_crossborder_referrals(session, actor=actor),
        peers=[p.name for p in list_peers(session)] if admin else [],
        bundles=list_bundles(session, actor=actor) if admin else [],
    )
