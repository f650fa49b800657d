"""Bounded queueing of requests in one server process.

The app's work is processor-bound Python: one process runs one request's Python at a
time (the GIL), so forty requests in forty threads do not finish sooner than eight, they
only share the core in slices and all finish late, and the thread that commits the
audit batch waits its turn among them. So at most ``max_active`` requests run at once;
the others wait, in arrival order, for up to ``wait_seconds``. A burst of a hundred
clients is then a short, fair wait rather than errors; only a request that could not
start within the bound is answered 503 with ``Retry-After`` (the system is saturated,
not broken), through the same error page or JSON body as any other refusal.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from palermo.errors import SystemBusy
from palermo.i18n import msg
from palermo.web.errors import error_response


class AdmissionLimit:
    def __init__(
        self, app: ASGIApp, *, max_active: int, wait_seconds: float, retry_after: int
    ) -> None:
        self.app = app
        self.wait_seconds = wait_seconds
        self.retry_after = retry_after
        self._slots = asyncio.Semaphore(max_active)  # asyncio's waiters are served in order

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static"):
            await self.app(scope, receive, send)
            return
        try:
            await asyncio.wait_for(self._slots.acquire(), timeout=self.wait_seconds)
        except TimeoutError:
            busy = SystemBusy(
                msg("The system is busy: too many requests are waiting."),
                hint=msg("Nothing was done. Try again in a few seconds."),
                retry_after=self.retry_after,
            )
            await error_response(Request(scope, receive), busy)(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._slots.release()
