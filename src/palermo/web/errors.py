"""The error family to HTTP, in one place: JSON under /api, a page elsewhere.

Every refusal a service raises (``palermo.errors``) reaches the reader in their language:
messages are ``palermo.i18n.Msg`` values rendered here with the request's locale. The same
mapping serves the app-wide handlers and the forms that show a refusal beside the fields
(``web.form_flow``), so a status code or a body shape is decided once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException

from palermo.errors import (
    AuthenticationFailed,
    FieldProblem,
    PalermoError,
    SystemBusy,
    TooManyAttempts,
    ValidationFailed,
)
from palermo.i18n import msg, render
from palermo.store.db import busy_from
from palermo.web.language import negotiate
from palermo.web.rendering import render_page


class ProblemOut(BaseModel):
    field: str
    reason: str
    row: int | None = None
    value: str | None = None


class ErrorOut(BaseModel):
    """The body of every refusal of the JSON API."""

    error: str
    message: str
    hint: str | None = None
    problems: list[ProblemOut] | None = None


# Documented on every API route (see app.py): what any of them may answer besides success.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Not signed in, or the token is not valid."},
    403: {"model": ErrorOut, "description": "Your role may not do this."},
    404: {"model": ErrorOut, "description": "No such record in your agency."},
    409: {"model": ErrorOut, "description": "The record's state or a missing consent refuses it."},
    422: {"model": ErrorOut, "description": "A value is invalid; `problems` lists each one."},
    503: {
        "model": ErrorOut,
        "description": "The system is busy (or its database full): nothing was done. "
        "Try again after the seconds in `Retry-After`.",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    },
}


@dataclass(frozen=True)
class Refusal:
    """A refusal as a page shows it: texts already in the reader's language."""

    status: int
    kind: str
    message: str
    hint: str | None = None
    problems: list[FieldProblem] = field(default_factory=list)


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def locale_of(request: Request) -> str:
    chosen = getattr(request.state, "locale", None)
    if chosen:
        return chosen
    asked = request.query_params.get("locale")
    if asked in ("en", "fr"):
        return asked
    return negotiate(request, request.app.state.settings.default_locale)


def refusal_of(exc: PalermoError, locale: str) -> Refusal:
    problems = exc.problems if isinstance(exc, ValidationFailed) else []
    return Refusal(
        status=exc.http_status,
        kind=type(exc).__name__,
        message=render(exc.message, locale) or "",
        hint=render(exc.hint, locale),
        problems=[
            FieldProblem(
                field=p.field, reason=render(p.reason, locale) or "", row=p.row, value=p.value
            )
            for p in problems
        ],
    )


def problem_body(exc: PalermoError, locale: str) -> dict[str, Any]:
    shown = refusal_of(exc, locale)
    body: dict[str, Any] = {"error": shown.kind, "message": shown.message}
    if shown.hint:
        body["hint"] = shown.hint
    if isinstance(exc, ValidationFailed):
        body["problems"] = [
            {"field": p.field, "reason": p.reason, "row": p.row, "value": p.value}
            for p in shown.problems
        ]
    return body


def error_response(request: Request, exc: PalermoError) -> Response:
    """The answer to a refusal: JSON for the API, the sign-in page or the error page."""
    locale = locale_of(request)
    headers: dict[str, str] = {}
    if isinstance(exc, SystemBusy | TooManyAttempts):
        headers["Retry-After"] = str(exc.retry_after)
    if is_api(request):
        if exc.http_status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        return JSONResponse(problem_body(exc, locale), status_code=exc.http_status, headers=headers)
    if isinstance(exc, AuthenticationFailed):
        return RedirectResponse("/login", status_code=303)
    shown = refusal_of(exc, locale)
    response = render_page(request, "error.html", status=shown.status, error=shown)
    response.headers.update(headers)
    return response


def _request_problems(exc: RequestValidationError) -> list[FieldProblem]:
    return [
        FieldProblem(field=".".join(str(p) for p in e["loc"][1:]) or "body", reason=e["msg"])
        for e in exc.errors()
    ]


def install(app: FastAPI) -> None:
    @app.exception_handler(PalermoError)
    async def palermo_error(request: Request, exc: PalermoError) -> Response:
        return error_response(request, exc)

    @app.exception_handler(SQLAlchemyError)
    async def database_error(request: Request, exc: SQLAlchemyError) -> Response:
        # A locked, overloaded or full database is "busy, try again", never a bare 500.
        busy = busy_from(exc, retry_after=request.app.state.store.retry_after)
        if busy is None:
            raise exc
        return error_response(request, busy)

    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, exc: RequestValidationError) -> Response:
        refused = ValidationFailed("The request is invalid.", problems=_request_problems(exc))
        return error_response(request, refused)

    @app.exception_handler(HTTPException)
    async def http_refusal(request: Request, exc: HTTPException) -> Response:
        # FastAPI answers a body it cannot decode (not UTF-8, say) with a bare 400: under
        # /api that is one more invalid request, in the documented shape.
        if exc.status_code == 400 and is_api(request):
            unreadable = ValidationFailed(
                msg("The request body could not be read: send JSON encoded as UTF-8."),
                problems=[FieldProblem(field="body", reason="is not readable JSON")],
            )
            return error_response(request, unreadable)
        return await http_exception_handler(request, exc)
