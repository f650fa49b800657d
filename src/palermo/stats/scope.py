"""Who reads which national statistics: aggregates only, at national or agency scope.

* ``national_coordinator``: national figures, and every agency's figures by name.
* ``analyst``: national figures, and their own agency's beside them (other agencies are
  summed, not named: an agency's own counts are its business).
* ``supervisor`` and ``admin``: their own agency's figures only.
* Case workers and investigators use the Protect reports; they are refused here.

No role reaches a personal record through these statistics: every figure is a count of
a cell, under the small-cell rule of :mod:`palermo.stats.disclosure`.
"""

from __future__ import annotations

from dataclasses import dataclass

from palermo.cases import access
from palermo.i18n import msg
from palermo.store.actor import Actor
from palermo.vocab import UserRole

NATIONAL_READERS = frozenset({UserRole.national_coordinator.value, UserRole.analyst.value})
STATS_READERS = NATIONAL_READERS | {UserRole.supervisor.value, UserRole.admin.value}
PLAN_EDITORS = frozenset({UserRole.national_coordinator.value})
PUBLISHERS = frozenset({UserRole.national_coordinator.value})


@dataclass(frozen=True)
class StatsScope:
    """``agencies``: whose records are read (None: every agency). ``named``: the agencies
    shown by name in per-agency tables (None: every agency)."""

    national: bool
    agencies: frozenset[int] | None
    named: frozenset[int] | None

    def names(self, agency_id: int) -> bool:
        return self.named is None or agency_id in self.named


def stats_scope(actor: Actor) -> StatsScope:
    """The scope of ``actor``, or PermissionDenied naming the roles that may read."""
    access.require_role(actor, STATS_READERS, doing=msg("read national statistics"))
    own = frozenset({actor.agency_id}) if actor.agency_id is not None else frozenset()
    if actor.role == UserRole.national_coordinator.value:
        return StatsScope(True, None, None)
    if actor.role == UserRole.analyst.value:
        return StatsScope(True, None, own)
    return StatsScope(False, own, own)


def national_actor(job: str) -> Actor:
    """The command line's national coordinator (shell access to the server is the
    authority; what it does is audited under ``system:<job>``)."""
    return Actor(
        user_id=None,
        username=f"system:{job}",
        agency_id=None,
        role=UserRole.national_coordinator.value,
        origin="cli",
    )
