"""The registry of licensed agencies (§17) as records: add, update, suspend, revoke.

Each change says who made it, when, and on what source (the licensing decision, the
gazette, the inspectorate's list); the licence keeps its current status and a history
row per status it has had, and every change is in the audit log. An agency is one name
in one country: recording it again updates it. Imports (:mod:`.registry_import`) go
through :func:`record_licence` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from palermo.errors import FieldProblem, NotFound, ValidationFailed
from palermo.i18n import msg
from palermo.prevent.monitor_access import require_keeper, require_registry_reader
from palermo.recruitment.registry import AgencyRecord, AgencyRegistry, AgencyStatus
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import AgencyLicence, AgencyLicenceChange, utcnow
from palermo.vocab import get_list

KINDS = ("recruitment", "marriage", "modelling", "adoption", "study_abroad", "au_pair", "other")
STATUSES = tuple(s.value for s in AgencyStatus)


@dataclass(frozen=True)
class LicenceIn:
    name: str
    country: str
    status: str
    licence_number: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class LicenceChangeView:
    status: str
    source: str
    changed_by: str
    changed_at: datetime


@dataclass(frozen=True)
class LicenceView:
    id: int
    name: str
    country: str
    licence_number: str | None
    kind: str | None
    status: str
    source: str
    changed_by: str
    changed_at: datetime
    history: tuple[LicenceChangeView, ...] = ()


def name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def licence_problems(data: LicenceIn, *, row: int | None = None) -> list[FieldProblem]:
    """Every bad field of one licence record (empty when it can be recorded)."""
    problems = []
    if not 3 <= len(data.name.strip()) <= 200:
        problems.append(FieldProblem("name", msg("3 to 200 characters"), row, data.name))
    try:
        get_list("country").parse(data.country.strip().upper())
    except ValidationFailed:
        problems.append(FieldProblem("country", msg("an ISO 3166 alpha-2 code"), row, data.country))
    if data.status.strip().lower() not in STATUSES:
        reason = msg("one of {valid}", valid=", ".join(STATUSES))
        problems.append(FieldProblem("status", reason, row, data.status))
    if data.licence_number and not re.fullmatch(
        r"[A-Za-z0-9][A-Za-z0-9 ./-]{2,59}", data.licence_number
    ):
        reason = msg("letters, digits, spaces, dots, slashes and hyphens (3 to 60)")
        problems.append(FieldProblem("licence_number", reason, row, data.licence_number))
    if data.kind and data.kind not in KINDS:
        reason = msg("one of {valid}", valid=", ".join(KINDS))
        problems.append(FieldProblem("kind", reason, row, data.kind))
    return problems


def checked_source(source: str) -> str:
    cleaned = source.strip()
    if not 3 <= len(cleaned) <= 300:
        raise ValidationFailed(
            msg("Say on what source the registry changes."),
            problems=[FieldProblem("source", msg("3 to 300 characters"), value=source)],
            hint=msg("Cite the licensing decision, the gazette or the list it comes from."),
        )
    return cleaned


def view_of(row: AgencyLicence, *, history: bool = False) -> LicenceView:
    changes = (
        tuple(
            LicenceChangeView(c.status, c.source, c.changed_by, c.changed_at) for c in row.changes
        )
        if history
        else ()
    )
    return LicenceView(
        row.id, row.name, row.country, row.licence_number, row.kind, row.status,
        row.source, row.changed_by, row.changed_at, changes,
    )  # fmt: skip


def _history(session: Session, row: AgencyLicence, source: str, actor: Actor) -> None:
    session.add(
        AgencyLicenceChange(
            licence_id=row.id, status=row.status, source=source, changed_by=actor.username
        )
    )


def upsert_licence(
    session: Session, *, data: LicenceIn, source: str, actor: Actor
) -> tuple[AgencyLicence, str]:
    """Record one checked licence; ``added``, ``updated`` or ``unchanged``. Checks nothing."""
    country = data.country.strip().upper()
    key = name_key(data.name)
    row = session.scalar(
        select(AgencyLicence).where(AgencyLicence.name_key == key, AgencyLicence.country == country)
    )
    values = {
        "name": data.name.strip(),
        "licence_number": (data.licence_number or "").strip() or None,
        "kind": data.kind or None,
        "status": data.status.strip().lower(),
    }
    if row is None:
        row = AgencyLicence(
            name_key=key, country=country, source=source, changed_by=actor.username, **values
        )
        session.add(row)
        session.flush()
        _history(session, row, source, actor)
        return row, "added"
    if all(getattr(row, k) == v for k, v in values.items()):
        return row, "unchanged"
    status_changed = row.status != values["status"]
    for k, v in values.items():
        setattr(row, k, v)
    row.source, row.changed_by, row.changed_at = source, actor.username, utcnow()
    session.flush()
    if status_changed:
        _history(session, row, source, actor)
    return row, "updated"


@audit.audited
def record_licence(session: Session, *, data: LicenceIn, source: str, actor: Actor) -> LicenceView:
    """Add an agency to the registry, or update the one of that name and country."""
    require_keeper(session, actor, doing=msg("change the registry of licensed agencies"))
    cited = checked_source(source)
    if problems := licence_problems(data):
        raise ValidationFailed(
            msg("The licence record is refused."),
            problems=problems,
            hint=msg("Give a name, an ISO country code and a status; the number is optional."),
        )
    row, _ = upsert_licence(session, data=data, source=cited, actor=actor)
    return view_of(row, history=True)


@audit.audited
def set_licence_status(
    session: Session, *, licence_id: int, status: str, source: str, actor: Actor
) -> LicenceView:
    """Suspend, revoke, reinstate or expire a licence, on a cited source."""
    require_keeper(session, actor, doing=msg("change the registry of licensed agencies"))
    cited = checked_source(source)
    if status not in STATUSES:
        raise ValidationFailed(
            msg("Unknown licence status {status!r}.", status=status),
            problems=[FieldProblem("status", msg("one of {valid}", valid=", ".join(STATUSES)))],
        )
    row = session.get(AgencyLicence, licence_id)
    if row is None:
        raise NotFound(msg("No licence {id} in the registry.", id=licence_id))
    if row.status != status:
        audit.name_change(session, row, status if status in ("suspended", "revoked") else "status")
        row.status, row.source, row.changed_by, row.changed_at = (
            status, cited, actor.username, utcnow(),
        )  # fmt: skip
        session.flush()
        _history(session, row, cited, actor)
        session.flush()
    return view_of(row, history=True)


def find_licence(session: Session, *, licence_number: str) -> int:
    """The id of the licence with this number (as the CLI names licences)."""
    found = session.scalars(
        select(AgencyLicence.id).where(
            func.upper(AgencyLicence.licence_number) == licence_number.strip().upper()
        )
    ).all()
    if len(found) != 1:
        raise NotFound(
            msg("No single licence numbered {number!r} in the registry.", number=licence_number),
            hint=msg("List the registry with palermo registry list."),
        )
    return found[0]


def list_licences(
    session: Session, *, actor: Actor, status: str | None = None, country: str | None = None
) -> list[LicenceView]:
    require_registry_reader(session, actor, doing=msg("read the registry of licensed agencies"))
    query = select(AgencyLicence).order_by(AgencyLicence.country, AgencyLicence.name_key)
    if status:
        query = query.where(AgencyLicence.status == status)
    if country:
        query = query.where(AgencyLicence.country == country.upper())
    return [view_of(r) for r in session.scalars(query)]


def read_licence(session: Session, *, licence_id: int, actor: Actor) -> LicenceView:
    require_registry_reader(session, actor, doing=msg("read the registry of licensed agencies"))
    row = session.get(AgencyLicence, licence_id)
    if row is None:
        raise NotFound(msg("No licence {id} in the registry.", id=licence_id))
    return view_of(row, history=True)


def registry_from_store(session: Session) -> AgencyRegistry | None:
    """The registry screening reads (public records), or None while the table is empty."""
    rows = session.scalars(select(AgencyLicence).order_by(AgencyLicence.id)).all()
    if not rows:
        return None
    return AgencyRegistry(
        tuple(
            AgencyRecord(r.name, AgencyStatus(r.status), r.country, r.licence_number, r.kind)
            for r in rows
        )
    )
