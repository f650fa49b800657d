"""The registry the public check reads: the stored records, else the CSV setting.

The check page opens no session of its own; this reads the registry table (public
records of agencies, nothing about the person checking) in a read-only session at
most once per ``ttl`` seconds and keeps the result in memory, so a change made on the
registry pages or by ``palermo registry`` reaches the public check within ``ttl``
seconds. While the table is empty, the CSV of ``PALERMO_CHECK_REGISTRY_FILE`` (if set)
is used, as before the registry was kept in the database.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from palermo.prevent.licences import registry_from_store
from palermo.recruitment.registry import AgencyRegistry
from palermo.store import Store

TTL_SECONDS = 30.0


@dataclass
class CheckRegistry:
    store: Store
    fallback: AgencyRegistry | None
    ttl: float = TTL_SECONDS
    _read_at: float = field(default=float("-inf"), init=False)
    _stored: AgencyRegistry | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def current(self) -> AgencyRegistry | None:
        with self._lock:
            now = time.monotonic()
            if now - self._read_at >= self.ttl:
                with self.store.session(read_only=True) as session:
                    self._stored = registry_from_store(session)
                self._read_at = now
            return self._stored if self._stored is not None else self.fallback


def check_registry_of(
    holder: object, store: Store, fallback: AgencyRegistry | None
) -> CheckRegistry:
    """The one :class:`CheckRegistry` of an application (kept on ``holder``)."""
    found = getattr(holder, "check_registry", None)
    if not isinstance(found, CheckRegistry) or found.store is not store:
        found = CheckRegistry(store, fallback)
        setattr(holder, "check_registry", found)  # noqa: B010
    return found
