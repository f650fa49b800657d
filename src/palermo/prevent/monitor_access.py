"""Who keeps the registry of licensed agencies and who works the queue of flagged ads.

* The registry is national (one list of licences for the deployment). Staff of a labour
  inspectorate (an agency of type ``LabourInspectorate``) and administrators change it;
  the same people and the national coordinator read it through the staff pages.
* Stored screenings are national too: they hold public ads, no case and nothing about a
  person beyond what an ad itself published, and the networks behind the ads cross
  cities and sites, so every monitor sees every run. Monitors are the staff of a labour
  inspectorate and the national coordinator (the anti-trafficking monitor of the
  national referral mechanism). Everyone else is refused by role (403), whatever the id.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from palermo.errors import PermissionDenied
from palermo.i18n import Msg, msg
from palermo.store.actor import Actor
from palermo.store.models import Agency

INSPECTORATE = "LabourInspectorate"
INSPECTORATE_STAFF = frozenset({"admin", "supervisor", "caseworker", "investigator"})


def _is_job(actor: Actor) -> bool:
    """A maintenance job from the command line (``Actor.system``)."""
    return actor.user_id is None and actor.agency_id is None and actor.role == "admin"


def _in_inspectorate(session: Session, actor: Actor) -> bool:
    if actor.agency_id is None or actor.role not in INSPECTORATE_STAFF:
        return False
    agency = session.get(Agency, actor.agency_id)
    return agency is not None and agency.type == INSPECTORATE


def may_keep_registry(session: Session, actor: Actor) -> bool:
    return actor.role == "admin" or _is_job(actor) or _in_inspectorate(session, actor)


def may_monitor(session: Session, actor: Actor) -> bool:
    return (
        actor.role == "national_coordinator" or _is_job(actor) or _in_inspectorate(session, actor)
    )


def _refuse(actor: Actor, doing: Msg, who: Msg) -> PermissionDenied:
    return PermissionDenied(
        msg("Your role ({role}) may not {doing}.", role=actor.role, doing=doing),
        hint=who,
    )


def require_keeper(session: Session, actor: Actor, *, doing: Msg) -> None:
    if not may_keep_registry(session, actor):
        raise _refuse(
            actor,
            doing,
            msg("The registry is kept by labour inspectorate staff and administrators."),
        )


def require_monitor(session: Session, actor: Actor, *, doing: Msg) -> None:
    if not may_monitor(session, actor):
        raise _refuse(
            actor,
            doing,
            msg("Flagged ads are for labour inspectorate staff and the national coordinator."),
        )


def require_registry_reader(session: Session, actor: Actor, *, doing: Msg) -> None:
    if not (may_monitor(session, actor) or may_keep_registry(session, actor)):
        raise _refuse(
            actor,
            doing,
            msg("The registry is kept by labour inspectorate staff and administrators."),
        )
