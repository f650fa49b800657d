"""Who may see and change which justice record.

Justice agencies (police, border police, prosecutor's offices, courts) see their own
records: an investigation is seen by the agency leading it and by the prosecutor's
office directing it; a proceeding by the prosecutor's office bringing it, the court's
agency and the agency that investigated; a charge, hearing, appeal, compensation or
participation by whoever sees its proceeding. Writes on a proceeding are for the
prosecutor's office and the court. A suspect is seen by the agency that named them and
by the parties of the investigations and proceedings they are in. A victim's link is
seen by the agency holding it only (:mod:`.victims` decides what of the victim it shows).

A record of another agency answers exactly like a record that does not exist
(``NotFound``), and the attempt is audited as denied (``access.deny_unseen``).
Roles are checked first: analysts read aggregates only, trial monitors the public view
of trials (:mod:`.trial_watch`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn, TypeVar

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.errors import PermissionDenied
from palermo.i18n import Msg, msg
from palermo.store.actor import Actor
from palermo.store.models import (
    Agency,
    InvestigationSuspect,
    JusticeAppeal,
    JusticeCharge,
    JusticeCompensation,
    JusticeHearing,
    JusticeInvestigation,
    JusticeNonPunishment,
    JusticeParticipation,
    JusticeProceeding,
    JusticeSuspect,
    JusticeVictimLink,
)

T = TypeVar("T")

JUSTICE_AGENCY_TYPES = frozenset({"Police", "BorderPolice", "Prosecutor", "Court"})
JUSTICE_STAFF = frozenset({"admin", "supervisor", "caseworker", "investigator"})
REPORT_READERS = JUSTICE_STAFF | {"analyst", "national_coordinator"}
MONITORS = frozenset({"trial_monitor"})

_NOT_SEEN: dict[str, Callable[[int], Msg]] = {
    "justice_investigation": lambda n: msg("No investigation {id} in your agency.", id=n),
    "justice_proceeding": lambda n: msg("No proceeding {id} in your agency.", id=n),
    "justice_charge": lambda n: msg("No charge {id} in your agency.", id=n),
    "justice_hearing": lambda n: msg("No hearing {id} in your agency.", id=n),
    "justice_appeal": lambda n: msg("No appeal {id} in your agency.", id=n),
    "justice_compensation": lambda n: msg("No compensation order {id} in your agency.", id=n),
    "justice_participation": lambda n: msg("No participation record {id} in your agency.", id=n),
    "justice_suspect": lambda n: msg("No suspect {id} in your agency.", id=n),
    "justice_victim_link": lambda n: msg("No victim link {id} in your agency.", id=n),
    "justice_non_punishment": lambda n: msg(
        "No charge against a victim {id} in your agency.", id=n
    ),
}


def require_staff(actor: Actor, *, doing: str) -> None:
    """Justice staff only (not analysts, who read aggregates, nor trial monitors)."""
    access.require_role(actor, JUSTICE_STAFF, doing=doing)


def require_justice_agency(session: Session, actor: Actor, *, doing: str) -> Agency:
    """The actor's agency, if it is a justice agency; otherwise PermissionDenied."""
    require_staff(actor, doing=doing)
    agency = session.get(Agency, actor.agency_id) if actor.agency_id is not None else None
    if agency is None or agency.type not in JUSTICE_AGENCY_TYPES:
        raise PermissionDenied(
            msg("Only a justice agency (police, prosecutor, court) may {doing}.", doing=doing),
            hint=msg("Sign in with an account of a police force, prosecutor's office or court."),
        )
    return agency


def deny(session: Session, *, actor: Actor, entity: str, record_id: int, doing: str) -> NoReturn:
    """Audit a refused attempt on a record the actor may not know of; NotFound."""
    access.deny_unseen(
        session,
        actor=actor,
        doing=doing,
        case_id=record_id,
        entity=entity,
        message=_NOT_SEEN[entity](record_id),
        hint=msg("Check the number, and that the record belongs to your agency."),
    )


def investigation_parties(inv: JusticeInvestigation) -> set[int]:
    return {a for a in (inv.agency_id, inv.prosecutor_agency_id) if a is not None}


def proceeding_parties(proc: JusticeProceeding) -> set[int]:
    parties = {proc.agency_id, proc.investigation.agency_id}
    if proc.court_agency_id is not None:
        parties.add(proc.court_agency_id)
    return parties


def proceeding_writers(proc: JusticeProceeding) -> set[int]:
    return {a for a in (proc.agency_id, proc.court_agency_id) if a is not None}


def visible_investigations(actor: Actor):  # type: ignore[no-untyped-def]
    """SQL condition: investigations the actor's agency takes part in."""
    return or_(
        JusticeInvestigation.agency_id == actor.agency_id,
        JusticeInvestigation.prosecutor_agency_id == actor.agency_id,
    )


def visible_proceedings(actor: Actor):  # type: ignore[no-untyped-def]
    """SQL condition: proceedings the actor's agency takes part in."""
    investigated = select(JusticeInvestigation.id).where(
        JusticeInvestigation.agency_id == actor.agency_id
    )
    return or_(
        JusticeProceeding.agency_id == actor.agency_id,
        JusticeProceeding.court_agency_id == actor.agency_id,
        JusticeProceeding.investigation_id.in_(investigated),
    )


def load_investigation(
    session: Session, *, investigation_id: int, actor: Actor, doing: str = "read"
) -> JusticeInvestigation:
    require_staff(actor, doing=msg("work on investigations"))
    inv = session.get(JusticeInvestigation, investigation_id)
    if inv is None or actor.agency_id not in investigation_parties(inv):
        deny(
            session,
            actor=actor,
            entity="justice_investigation",
            record_id=investigation_id,
            doing=doing,
        )
    return inv


def load_proceeding(
    session: Session, *, proceeding_id: int, actor: Actor, doing: str = "read"
) -> JusticeProceeding:
    """The proceeding if the actor's agency takes part; a write needs the prosecutor's
    office or the court (the investigating agency follows, it does not record)."""
    require_staff(actor, doing=msg("work on proceedings"))
    proc = session.get(JusticeProceeding, proceeding_id)
    allowed = (
        set()
        if proc is None
        else (proceeding_parties(proc) if doing == "read" else proceeding_writers(proc))
    )
    if actor.agency_id not in allowed:
        deny(
            session, actor=actor, entity="justice_proceeding", record_id=proceeding_id, doing=doing
        )
    return proc  # type: ignore[return-value]


def load_part(
    session: Session,
    model: type[T],
    record_id: int,
    *,
    entity: str,
    actor: Actor,
    doing: str = "update",
) -> T:
    """A charge, hearing, appeal, compensation order or participation record, through its
    proceeding; another agency's answers as if it did not exist."""
    require_staff(actor, doing=msg("work on proceedings"))
    row = session.get(model, record_id)
    proc = None
    if row is not None:
        proc = session.get(JusticeProceeding, row.proceeding_id)  # type: ignore[attr-defined]
    allowed = (
        set()
        if proc is None
        else (proceeding_parties(proc) if doing == "read" else proceeding_writers(proc))
    )
    if actor.agency_id not in allowed:
        deny(session, actor=actor, entity=entity, record_id=record_id, doing=doing)
    return row  # type: ignore[return-value]


PARTS: dict[str, type] = {
    "justice_charge": JusticeCharge,
    "justice_hearing": JusticeHearing,
    "justice_appeal": JusticeAppeal,
    "justice_compensation": JusticeCompensation,
    "justice_participation": JusticeParticipation,
}


def suspect_visible(session: Session, suspect: JusticeSuspect, actor: Actor) -> bool:
    if suspect.agency_id == actor.agency_id:
        return True
    in_investigation = exists().where(
        InvestigationSuspect.suspect_id == suspect.id,
        InvestigationSuspect.investigation_id == JusticeInvestigation.id,
        visible_investigations(actor),
    )
    defendant = exists().where(
        JusticeProceeding.defendant_id == suspect.id, visible_proceedings(actor)
    )
    return bool(session.scalar(select(or_(in_investigation, defendant))))


def load_suspect(
    session: Session, *, suspect_id: int, actor: Actor, doing: str = "read"
) -> JusticeSuspect:
    require_staff(actor, doing=msg("work on suspects"))
    suspect = session.get(JusticeSuspect, suspect_id)
    if suspect is None or not suspect_visible(session, suspect, actor):
        deny(session, actor=actor, entity="justice_suspect", record_id=suspect_id, doing=doing)
    return suspect


def load_link(
    session: Session, *, link_id: int, actor: Actor, doing: str = "read"
) -> JusticeVictimLink:
    """A victim link held by the actor's agency (a link of another agency is its own)."""
    require_staff(actor, doing=msg("work on victims in the justice system"))
    link = session.get(JusticeVictimLink, link_id)
    if link is None or link.agency_id != actor.agency_id:
        deny(session, actor=actor, entity="justice_victim_link", record_id=link_id, doing=doing)
    return link


def load_non_punishment(
    session: Session, *, record_id: int, actor: Actor, doing: str = "read"
) -> JusticeNonPunishment:
    require_staff(actor, doing=msg("work on charges against victims"))
    row = session.get(JusticeNonPunishment, record_id)
    if row is None or row.agency_id != actor.agency_id:
        deny(
            session, actor=actor, entity="justice_non_punishment", record_id=record_id, doing=doing
        )
    return row
