"""An HTML form posted to a service: on success somewhere else, on a refusal the form again.

A refusal (a ``PalermoError`` other than a failed sign-in) rolls the request's unit of work
back, so nothing half-done is kept, and shows the form or panel again with the refusal in
the reader's language, at the refusal's HTTP status (200 for HTMX, which swaps only
successful answers in).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from palermo.errors import AuthenticationFailed, PalermoError
from palermo.web.errors import Refusal, locale_of, refusal_of
from palermo.web.notices import NOTICE_COOKIE, NOTICES
from palermo.web.rendering import is_htmx

T = TypeVar("T")


def redirect(to: str, *, notice: str | None = None) -> Response:
    """After a successful post: see the result at ``to`` (303, so a reload does not repost),
    with the confirmation ``notice`` (a key of ``web.notices.NOTICES``) shown once there."""
    response = RedirectResponse(to, status_code=303)
    if notice in NOTICES:
        response.set_cookie(NOTICE_COOKIE, notice, max_age=120, httponly=True, samesite="strict")
    return response


def refused(request: Request, session: Session, exc: PalermoError) -> Refusal:
    """Roll the unit of work back and say why, in the reader's language."""
    session.rollback()
    return refusal_of(exc, locale_of(request))


def status_for(request: Request, refusal: Refusal) -> int:
    return 200 if is_htmx(request) else refusal.status


async def submit(
    request: Request,
    session: Session,
    *,
    act: Callable[[FormData], T],
    done: Callable[[T], Response],
    again: Callable[[Refusal], Response],
) -> Response:
    """Parse the form, ``act`` on it; ``done(result)``, or ``again(refusal)`` if refused."""
    form = await request.form()
    try:
        result = act(form)
    except AuthenticationFailed:
        raise
    except PalermoError as exc:
        return again(refused(request, session, exc))
    return done(result)
