"""The FastAPI application factory."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from palermo import __version__
from palermo.config import Settings, get_settings
from palermo.store import Store, open_store
from palermo.web import errors
from palermo.web.admission import AdmissionLimit
from palermo.web.errors import ERROR_RESPONSES
from palermo.web.rendering import make_templates
from palermo.web.routes import (
    admin_pages,
    auth,
    case_api,
    case_pages,
    casework_pages,
    check_api,
    check_pages,
    cooperate_api,
    cooperate_pages,
    crossborder_pages,
    docs_pages,
    family_tracing_api,
    family_tracing_pages,
    justice_api,
    justice_pages,
    justice_report_api,
    justice_report_pages,
    justice_trial_api,
    justice_trial_pages,
    monitor_pages,
    nrm_api,
    nrm_pages,
    offer_report_pages,
    plan_pages,
    protection_api,
    protection_pages,
    referral_api,
    referral_pages,
    registry_pages,
    report_pages,
    screening_api,
    screening_pages,
    stats_pages,
)

# Pages, then the JSON API (whose routes document every refusal they may answer).
PAGE_ROUTERS = (
    auth,
    docs_pages,
    case_pages,
    casework_pages,
    protection_pages,
    referral_pages,
    nrm_pages,
    report_pages,
    screening_pages,
    family_tracing_pages,
    admin_pages,
    cooperate_pages,
    stats_pages,
    plan_pages,
    check_pages,
    crossborder_pages,
    justice_pages,
    justice_trial_pages,
    justice_report_pages,
    monitor_pages,
    registry_pages,
    offer_report_pages,
)
API_ROUTERS = (
    case_api,
    protection_api,
    referral_api,
    nrm_api,
    screening_api,
    family_tracing_api,
    check_api,
    justice_api,
    justice_trial_api,
    justice_report_api,
    cooperate_api,
)

STATIC = Path(__file__).with_name("static")

# Pages carry personal data: never cached, never framed, scripts only from this server.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
# Browsers that saw the site over HTTPS keep to it for a year (only sent when cookies are
# Secure, i.e. when the site is served over HTTPS).
HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeaders:
    """Adds the security headers to every answer the app gives (those it did not set).

    Plain ASGI rather than ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware
    runs each request in an extra task with a streamed copy of the response, about a
    millisecond of processor time per request for four header lines.
    """

    def __init__(self, app: ASGIApp, *, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent = list(message.get("headers", []))
                present = {bytes(name).lower() for name, _ in sent}
                sent += [
                    (name, value)
                    for name, value in self.headers
                    if name not in present and not (static and name == b"cache-control")
                ]
                message = {**message, "headers": sent}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(store: Store | None = None, settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    owned = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:  # a worker process stopping: sign the audit head, release connections
            app.state.store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Palermo",
        version=__version__,
        description="Coordinated, victim-centred response to trafficking in persons. "
        "Vocabulary: HTCDS v2.0 by IOM (CC BY 4.0; no endorsement by IOM implied).",
        docs_url=None,  # served from the packaged Swagger UI (routes/docs_pages.py)
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store or open_store(settings)
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    headers = dict(SECURITY_HEADERS)
    if not settings.insecure_cookies:
        headers["Strict-Transport-Security"] = HSTS

    app.add_middleware(
        AdmissionLimit,
        max_active=settings.web_max_active_requests,
        wait_seconds=settings.web_queue_seconds,
        retry_after=settings.busy_retry_after_seconds,
    )
    app.add_middleware(SecurityHeaders, headers=headers)  # outside: refusals get them too
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    if settings.forwarded_allow_ips.strip():
        # Only these proxies' X-Forwarded-For is believed; otherwise the client address
        # (recorded as the origin of every audit entry) is the socket's peer.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.forwarded_allow_ips)

    errors.install(app)
    for module in PAGE_ROUTERS:
        app.include_router(module.router)
    for module in API_ROUTERS:
        app.include_router(module.router, responses=ERROR_RESPONSES)
    return app


def worker_app() -> FastAPI:
    """The app of one of ``palermo serve --workers N``'s processes (a uvicorn factory).

    The server migrated the database and checked the keys before starting the workers;
    each opens its own store: its connection pools, its audit writer (which extends the
    chain under the database's write lock, so processes append in turn) and its
    checkpointer (signed heads from every process go to the same sink).
    """
    settings = get_settings()
    app = create_app(store=open_store(settings, upgrade=False), settings=settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        warm_up_in_background()
        yield
        app.state.store.close()

    app.router.lifespan_context = lifespan
    return app


def warm_up_in_background() -> None:
    """The public check's first answer takes seconds (models, rules); warm it at start."""
    from palermo.recruitment.check import warm_up

    threading.Thread(target=warm_up, name="palermo-check-warm-up", daemon=True).start()
