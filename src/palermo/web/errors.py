"""Domain errors to HTTP responses, in one place: JSON under /api, a page elsewhere."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response

from palermo.errors import AuthenticationFailed, PalermoError, ValidationFailed


def _problem_body(exc: PalermoError) -> dict:
    body: dict = {"error": type(exc).__name__, "message": exc.message}
    if exc.hint:
        body["hint"] = exc.hint
    if isinstance(exc, ValidationFailed):
        body["problems"] = [
            {"field": p.field, "reason": p.reason, "row": p.row, "value": p.value}
            for p in exc.problems
        ]
    return body


def install(app: FastAPI) -> None:
    @app.exception_handler(PalermoError)
    async def palermo_error(request: Request, exc: PalermoError) -> Response:
        if request.url.path.startswith("/api"):
            headers = {"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else None
            return JSONResponse(_problem_body(exc), status_code=exc.http_status, headers=headers)
        if isinstance(exc, AuthenticationFailed):
            return RedirectResponse("/login", status_code=303)
        templates = request.app.state.templates
        return templates.TemplateResponse(
            request, "error.html", {"error": exc}, status_code=exc.http_status
        )

    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"field": ".".join(str(p) for p in e["loc"][1:]) or "body", "reason": e["msg"]}
            for e in exc.errors()
        ]
        return JSONResponse(
            {
                "error": "ValidationFailed",
                "message": "The request is invalid.",
                "problems": problems,
            },
            status_code=422,
        )
