"""Cross-border pages: the agency's referrals with other installations and their answers;
bundles to pack and download (case writers, for their agency's referrals); and for
administrators the installation's keys, its peers and the bundles it imports.

No route takes an id: a peer is named, a bundle is a file, and what a bundle changed is
shown from its entry (``?received=``) after the redirect. Every action goes through the
service the command line calls, with the same role check and the same audit.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from palermo.cooperate.crossborder import (
    PackResult,
    UnpackResult,
    add_peer,
    bundle_referrals,
    default_key_file,
    list_bundles,
    list_crossborder_referrals,
    load_installation_keys,
    outgoing_view,
    pack_bundle,
    peer_views,
    rotate_peer_keys,
    show_installation_keys,
    unpack_bundle,
)
from palermo.cooperate.crossborder.installations import ADMINS
from palermo.linkage.envelope import BundleRefused
from palermo.web.deps import CallerDep, SessionDep
from palermo.web.errors import Refusal
from palermo.web.form_flow import redirect, status_for, submit
from palermo.web.forms.crossborder import (
    DEFAULT_DAYS,
    bundle_from_upload,
    new_keys_from_form,
    pack_from_form,
    peer_from_form,
    refusal_shown,
)
from palermo.web.rendering import render_page

router = APIRouter(include_in_schema=False)


def _key_file(request: Request) -> Path:
    return default_key_file(request.app.state.settings)


@router.get("/crossborder")
def crossborder_page(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    actor = caller.actor
    admin = actor.role in ADMINS
    return render_page(
        request,
        "crossborder/overview.html",
        referrals=list_crossborder_referrals(session, actor=actor),
        peers=[p.name for p in peer_views(session, actor=actor)] if admin else [],
        bundles=list_bundles(session, actor=actor) if admin else [],
    )


# ---------------------------------------------------------------- keys and peers


@router.get("/crossborder/keys")
def keys_page(request: Request, caller: CallerDep) -> Response:
    keys = show_installation_keys(path=_key_file(request), actor=caller.actor)
    return render_page(request, "crossborder/keys.html", keys=keys)


def _peers_page(
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    error: Refusal | None = None,
    posted: FormData | None = None,
) -> Response:
    return render_page(
        request,
        "crossborder/peers.html",
        status=status_for(request, error) if error else 200,
        peers=peer_views(session, actor=caller.actor),
        error=error,
        posted=posted or {},
    )


@router.get("/crossborder/peers")
def peers_page(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    return _peers_page(request, caller, session)


@router.post("/crossborder/peers")
async def peers_add(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    posted = await request.form()

    def act(form: FormData) -> str:
        data = peer_from_form(form)
        return add_peer(
            session,
            name=data.name,
            public_jwks=data.public_jwks,
            agency_name=data.agency_name,
            agency_country=data.agency_country,
            agency_type=data.agency_type,
            actor=caller.actor,
        ).name

    return await submit(
        request,
        session,
        act=act,
        done=lambda _name: redirect("/crossborder/peers"),
        again=lambda refusal: _peers_page(request, caller, session, refusal, posted),
    )


@router.post("/crossborder/peers/rotate")
async def peers_rotate(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    posted = await request.form()

    def act(form: FormData) -> str:
        name, jwks = new_keys_from_form(form)
        return rotate_peer_keys(session, name=name, public_jwks=jwks, actor=caller.actor).name

    return await submit(
        request,
        session,
        act=act,
        done=lambda _name: redirect("/crossborder/peers"),
        again=lambda refusal: _peers_page(request, caller, session, refusal, posted),
    )


# ---------------------------------------------------------------- outgoing bundles


def _outgoing_page(
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    peer: str | None,
    error: Refusal | None = None,
) -> Response:
    view = outgoing_view(session, actor=caller.actor, peer_name=peer)
    return render_page(
        request,
        "crossborder/outgoing.html",
        status=status_for(request, error) if error else 200,
        view=view,
        days=DEFAULT_DAYS,
        error=error,
    )


@router.get("/crossborder/outgoing")
def outgoing_page(
    request: Request, caller: CallerDep, session: SessionDep, peer: str | None = None
) -> Response:
    return _outgoing_page(request, caller, session, peer)


@router.post("/crossborder/outgoing")
async def outgoing_pack(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    posted = await request.form()
    chosen = posted.get("peer")

    def act(form: FormData) -> PackResult:
        data = pack_from_form(form)
        return pack_bundle(
            session,
            keys=load_installation_keys(_key_file(request)),
            peer_name=data.peer,
            referral_ids=data.referral_ids,
            valid_for=timedelta(days=data.days),
            actor=caller.actor,
        )

    def done(result: PackResult) -> Response:
        name = f"{result.peer}-{result.bundle_id[:8]}.jwe"
        return Response(
            result.bundle + "\n",
            media_type="application/jose",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    def again(refusal: Refusal) -> Response:
        peer = chosen if isinstance(chosen, str) and chosen else None
        return _outgoing_page(request, caller, session, peer, refusal)

    return await submit(request, session, act=act, done=done, again=again)


# ---------------------------------------------------------------- incoming bundles


def _incoming_page(
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    received: str | None = None,
    error: Refusal | None = None,
) -> Response:
    actor = caller.actor
    bundles = [b for b in list_bundles(session, actor=actor) if b.direction == "in"]
    shown = next((b for b in bundles if b.bundle_id == received), None) if received else None
    return render_page(
        request,
        "crossborder/incoming.html",
        status=status_for(request, error) if error else 200,
        bundles=bundles,
        received=shown,
        changed=bundle_referrals(session, bundle_id=shown.bundle_id, actor=actor) if shown else [],
        error=error,
    )


@router.get("/crossborder/incoming")
def incoming_page(
    request: Request, caller: CallerDep, session: SessionDep, received: str | None = None
) -> Response:
    return _incoming_page(request, caller, session, received)


@router.post("/crossborder/incoming")
async def incoming_upload(request: Request, caller: CallerDep, session: SessionDep) -> Response:
    def act(form: FormData) -> UnpackResult:
        bundle = bundle_from_upload(form)
        try:
            return unpack_bundle(
                session,
                bundle=bundle,
                keys=load_installation_keys(_key_file(request)),
                actor=caller.actor,
                encodings_allowed=False,
            )
        except BundleRefused as exc:
            raise refusal_shown(exc) from exc

    return await submit(
        request,
        session,
        act=act,
        done=lambda r: redirect(f"/crossborder/incoming?received={r.bundle_id}"),
        again=lambda refusal: _incoming_page(request, caller, session, error=refusal),
    )
