"""How often one client may use the public check: a sliding window kept in memory only.

The public check stores nothing about the person, so the limiter must not either: it
keeps, for a short window, a keyed hash of the client's address (the key is random per
process and never written anywhere) and the times of its recent checks; both are
forgotten when the window has passed. A per-client window needs no backend, which is
why this is not pyrate-limiter (one bucket and leak thread per client there).

Served by several worker processes (``palermo serve --workers N``), each process keeps
its own window, so each admits only its share of the limits (``processes``, by default
the ``web_workers`` setting the server sets): everyone together never gets more than
``overall``, and one client never more than ``per_client``, however the kernel spreads
its connections; a client whose connections all reach one process gets its share only.
Sharing the counts instead would mean writing them somewhere, which the check must not.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

from palermo.config import get_settings
from palermo.errors import PalermoError
from palermo.i18n import msg


class TooManyChecks(PalermoError):
    """The client checked too many offers in a short time (HTTP 429)."""

    http_status = 429


@dataclass(frozen=True)
class ThrottleSpec:
    per_client: int = 20  # checks per window from one address
    overall: int = 600  # checks per window from everyone (protects the two cores)
    window_seconds: float = 60.0
    max_clients: int = 50_000  # beyond this the oldest clients are forgotten first


def share(spec: ThrottleSpec, processes: int) -> ThrottleSpec:
    """One process's share of ``spec`` when ``processes`` serve together (at least one)."""
    if processes <= 1:
        return spec
    return replace(
        spec,
        per_client=max(1, spec.per_client // processes),
        overall=max(1, spec.overall // processes),
    )


class CheckThrottle:
    def __init__(
        self,
        spec: ThrottleSpec | None = None,
        now: Callable[[], float] = time.monotonic,
        *,
        processes: int | None = None,
    ) -> None:
        if processes is None:
            processes = get_settings().web_workers
        self.processes = processes
        self.spec = share(spec or ThrottleSpec(), processes)
        self._now = now
        self._key = secrets.token_bytes(32)
        self._lock = threading.Lock()
        self._clients: dict[bytes, deque[float]] = {}
        self._all: deque[float] = deque()

    def _client(self, address: str | None) -> bytes:
        return hmac.new(self._key, (address or "").encode(), hashlib.blake2b).digest()[:16]

    def _expire(self, times: deque[float], start: float) -> None:
        while times and times[0] <= start:
            times.popleft()

    def admit(self, address: str | None) -> None:
        """Count one check from ``address``, or raise :class:`TooManyChecks`."""
        spec = self.spec
        with self._lock:
            now = self._now()
            start = now - spec.window_seconds
            self._expire(self._all, start)
            key = self._client(address)
            times = self._clients.get(key)
            if times is not None:
                self._expire(times, start)
            busy = times is not None and len(times) >= spec.per_client
            if busy or len(self._all) >= spec.overall:
                raise TooManyChecks(
                    msg("Too many checks in a short time."),
                    hint=msg("Wait a minute, then try again."),
                )
            if times is None:
                if len(self._clients) >= spec.max_clients:
                    self._forget_idle(start)
                times = self._clients.setdefault(key, deque())
            times.append(now)
            self._all.append(now)

    def _forget_idle(self, start: float) -> None:
        for key in [k for k, t in self._clients.items() if not t or t[-1] <= start]:
            del self._clients[key]
        while len(self._clients) >= self.spec.max_clients:
            del self._clients[next(iter(self._clients))]

    def tracked(self) -> int:
        """How many clients are remembered now (for tests: it shrinks as windows pass)."""
        with self._lock:
            start = self._now() - self.spec.window_seconds
            for times in self._clients.values():
                self._expire(times, start)
            for key in [k for k, t in self._clients.items() if not t]:
                del self._clients[key]
            return len(self._clients)
