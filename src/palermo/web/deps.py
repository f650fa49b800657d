"""Dependencies shared by every route: the store session and the one permission check.

Routes declare them through the aliases at the bottom (``SessionDep``, ``CallerDep``,
``ActorDep``) so that every route gets the same unit of work and the same check.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from palermo.accounts.service import actor_of, user_for_token
from palermo.accounts.web_sessions import resolve_session
from palermo.errors import AuthenticationFailed, PermissionDenied
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.models import User

SESSION_COOKIE = "palermo_session"


def get_store(request: Request) -> Store:
    return request.app.state.store


# Methods that change nothing: their unit of work is a read session, which takes no lock
# and has its audit entries group-committed (palermo.store.audit.writer).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def db_session(request: Request, store: Store = Depends(get_store)) -> Iterator[Session]:
    with store.session(read_only=request.method in SAFE_METHODS) as session:
        yield session


@dataclass(frozen=True)
class AgencyView:
    id: int
    name: str
    country: str
    type: str


@dataclass(frozen=True)
class UserView:
    """What pages show of the signed-in user: plain values, still there after a rollback."""

    id: int
    username: str
    display_name: str
    role: str
    agency: AgencyView


def user_view(user: User) -> UserView:
    agency = user.agency
    return UserView(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        agency=AgencyView(id=agency.id, name=agency.name, country=agency.country, type=agency.type),
    )


@dataclass(frozen=True)
class Caller:
    """The signed-in user behind a request, as an Actor for services."""

    actor: Actor
    user: UserView
    csrf_token: str | None  # None for bearer-token API calls, which carry no cookie


def _origin(request: Request) -> str | None:
    return request.client.host if request.client else None


async def form_token(request: Request) -> str | None:
    """The CSRF token of a submitted HTML form (Starlette caches the parsed form for the route)."""
    if request.method == "POST" and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get("csrf_token")
        return value if isinstance(value, str) else None
    return None


def current_caller(
    request: Request,
    session: Session = Depends(db_session, scope="function"),
    posted_token: str | None = Depends(form_token),
) -> Caller:
    """Who is calling: a bearer token (API) or a session cookie (browser). Every route uses it.

    For browser form posts the CSRF token must match the session's.
    """
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(session, header[7:].strip())
        return Caller(actor_of(user, _origin(request)), user_view(user), None)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise AuthenticationFailed("Please sign in.", hint="Use /login, or send a bearer token.")
    signed_in = resolve_session(session, token)
    request.state.csrf_token = signed_in.csrf_token
    if request.method not in {"GET", "HEAD", "OPTIONS"}:
        sent = request.headers.get("x-csrf-token") or posted_token
        if sent != signed_in.csrf_token:
            raise PermissionDenied(
                "The form's security token is missing or out of date.",
                hint="Reload the page and submit again.",
            )
    view = user_view(signed_in.user)
    request.state.user = view
    return Caller(actor_of(signed_in.user, _origin(request)), view, signed_in.csrf_token)


async def current_actor(caller: Caller = Depends(current_caller)) -> Actor:
    # Async because it does no I/O: a plain function would cost every API request a
    # round trip through the thread pool for one attribute.
    return caller.actor


# The request's unit of work, committed before the response is sent (scope "function"),
# so a failed commit is an error response, not a redirect that claims success.
SessionDep = Annotated[Session, Depends(db_session, scope="function")]
CallerDep = Annotated[Caller, Depends(current_caller)]
ActorDep = Annotated[Actor, Depends(current_actor)]
