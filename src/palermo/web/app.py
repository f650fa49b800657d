"""The FastAPI application factory."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from palermo import __version__
from palermo.config import Settings, get_settings
from palermo.store import Store, open_store
from palermo.web import errors
from palermo.web.rendering import make_templates
from palermo.web.routes import api, auth, cases, consent, nrm, referrals, screening, tracing

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


def create_app(store: Store | None = None, settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Palermo",
        version=__version__,
        description="Coordinated, victim-centred response to trafficking in persons. "
        "Vocabulary: HTCDS v2.0 by IOM (CC BY 4.0; no endorsement by IOM implied).",
    )
    app.state.settings = settings
    app.state.store = store or open_store(settings)
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next) -> Response:  # noqa: ANN001
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            if name == "Cache-Control" and request.url.path.startswith("/static"):
                continue
            response.headers.setdefault(name, value)
        return response

    errors.install(app)
    app.include_router(auth.router)
    app.include_router(cases.router)
    app.include_router(api.router)
    app.include_router(screening.router)
    for protect in (consent, referrals, nrm, tracing):
        app.include_router(protect.router)
    return app
