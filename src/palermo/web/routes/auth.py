"""Sign in, sign out, and the choice of language."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from palermo.accounts.service import authenticate
from palermo.accounts.web_sessions import end_session, start_session
from palermo.errors import AuthenticationFailed, TooManyAttempts
from palermo.i18n import LOCALES, render
from palermo.web.deps import SESSION_COOKIE, CallerDep, SessionDep
from palermo.web.errors import locale_of
from palermo.web.language import LANG_COOKIE
from palermo.web.rendering import render_page

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "palermo_login_csrf"


def _cookie_flags(request: Request) -> dict:
    secure = not request.app.state.settings.insecure_cookies
    return {"httponly": True, "samesite": "strict", "secure": secure, "path": "/"}


def _login_page(
    request: Request, *, error: str | None = None, username: str = "", status: int = 200
) -> Response:
    # Double-submit token: the login form has no session yet to bind a CSRF token to.
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = render_page(
        request, "login.html", status=status, error=error, username=username, login_csrf=token
    )
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, **_cookie_flags(request))
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    username: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not cookie or not secrets.compare_digest(cookie.encode(), csrf_token.encode()):
        return _login_page(request, error="csrf", username=username, status=400)
    origin = request.client.host if request.client else None
    try:
        user = authenticate(session, username=username.strip(), password=password, origin=origin)
    except (AuthenticationFailed, TooManyAttempts) as exc:
        # Commit the failed attempt (throttle, audit) even though the login is refused.
        session.commit()
        locale = locale_of(request)
        shown = " ".join(t for t in (render(exc.message, locale), render(exc.hint, locale)) if t)
        if isinstance(exc, TooManyAttempts):
            page = _login_page(request, error=shown, username=username, status=429)
            page.headers["Retry-After"] = str(exc.retry_after)
            return page
        return _login_page(request, error=shown, username=username, status=401)
    token, _csrf = start_session(session, user=user)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(SESSION_COOKIE, token, **_cookie_flags(request))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    if user.locale in LOCALES:
        response.set_cookie(LANG_COOKIE, user.locale, max_age=365 * 86400, samesite="lax", path="/")
    return response


@router.post("/logout")
def logout(
    request: Request,
    caller: CallerDep,  # checks the CSRF token: no forced sign-out
    session: SessionDep,
) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        end_session(session, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/language")
def choose_language(request: Request, locale: str = Form("en"), next: str = Form("/")) -> Response:
    # Only local paths, so the form cannot be used to redirect users elsewhere.
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    response = RedirectResponse(target, status_code=303)
    if locale in LOCALES:
        response.set_cookie(LANG_COOKIE, locale, max_age=365 * 86400, samesite="lax", path="/")
    return response
