"""Suspects: a person named in an investigation, their identity encrypted field by field.

The identity (names, aliases, birth date, document, contacts) is a ``Person`` row of the
agency that names the suspect, with blind indexes for exact search by name, birth date or
document; what the reports need (gender, citizenship, roles, age when first named) is
kept in clear. Reading the identity and searching are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases.record.persons import apply_person_data
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.justice.services.inputs import CodeCheck, SuspectCreate
from palermo.justice.services.visibility import (
    load_investigation,
    load_suspect,
    require_staff,
    suspect_visible,
)
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.blind_index import search_digest
from palermo.store.models import (
    PERSONAL_FIELDS,
    InvestigationSuspect,
    JusticeSuspect,
    Person,
    PersonIndex,
)

IDENTITY_FIELDS = list(PERSONAL_FIELDS)


def age_on(birth_date: str | None, on: date) -> int | None:
    """Completed years on ``on`` from a full or partial birth date (a year: its 1 January)."""
    if not birth_date:
        return None
    parts = [int(p) for p in birth_date.split("-")]
    born = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return max(on.year - born.year - ((on.month, on.day) < (born.month, born.day)), 0)


def _checked(data: SuspectCreate) -> tuple[list[str], list[str], str | None]:
    check = CodeCheck()
    citizenship = check.many("citizenship", "country", data.citizenship)
    roles = check.many("roles", "role_in_process", data.roles)
    gender = check.one("person.gender", "gender", data.person.gender)
    person = data.person
    check.require(
        bool(person.given_name or person.family_name or person.aliases),
        "person.family_name",
        msg("give at least a name or an alias"),
    )
    check.done(msg("suspect"))
    return citizenship, roles, gender


@audit.audited
def name_suspect(
    session: Session, *, investigation_id: int, data: SuspectCreate, actor: Actor
) -> JusticeSuspect:
    """Name a new suspect in the investigation (the identity is encrypted)."""
    inv = load_investigation(
        session, investigation_id=investigation_id, actor=actor, doing="update"
    )
    citizenship, roles, gender = _checked(data)
    named_on = data.named_on or clock.today()
    person = Person(agency_id=actor.agency_id)
    values = data.person.model_dump(exclude={"gender"})
    apply_person_data(person, values)
    person.gender = gender
    suspect = JusticeSuspect(
        agency_id=actor.agency_id,
        person=person,
        citizenship=citizenship,
        roles=roles,
        named_on=named_on,
        age_when_named=age_on(data.person.birth_date, named_on),
    )
    session.add_all([person, suspect])
    session.flush()
    session.add(InvestigationSuspect(investigation_id=inv.id, suspect_id=suspect.id))
    session.flush()
    return suspect


@audit.audited
def add_suspect(
    session: Session, *, investigation_id: int, suspect_id: int, actor: Actor
) -> InvestigationSuspect:
    """Name an already known suspect in another investigation of the agency."""
    inv = load_investigation(
        session, investigation_id=investigation_id, actor=actor, doing="update"
    )
    suspect = load_suspect(session, suspect_id=suspect_id, actor=actor, doing="update")
    if any(s.suspect_id == suspect.id for s in inv.suspects):
        raise ValidationFailed(
            msg("Suspect {id} is already named in this investigation.", id=suspect.id),
            problems=[FieldProblem("suspect_id", msg("already named"), value=str(suspect.id))],
        )
    row = InvestigationSuspect(investigation_id=inv.id, suspect_id=suspect.id)
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class SuspectView:
    """A suspect with their identity, as the agency that may see them reads it."""

    suspect_id: int
    given_name: str | None
    middle_name: str | None
    family_name: str | None
    aliases: tuple[str, ...]
    birth_date: str | None
    identity_number: str | None
    email: str | None
    phone: str | None
    address: str | None
    gender: str | None
    citizenship: tuple[str, ...]
    roles: tuple[str, ...]
    named_on: date
    age_when_named: int | None

    @property
    def display_name(self) -> str:
        parts = (self.given_name, self.middle_name, self.family_name)
        return " ".join(p for p in parts if p) or (self.aliases[0] if self.aliases else "—")


def read_suspect(session: Session, *, suspect_id: int, actor: Actor) -> SuspectView:
    """The suspect's identity; the read is audited with the fields shown."""
    suspect = load_suspect(session, suspect_id=suspect_id, actor=actor)
    person = suspect.person
    audit.record(
        session,
        actor=actor,
        action="read",
        entity="justice_suspect",
        entity_id=suspect.id,
        fields=IDENTITY_FIELDS,
    )
    return SuspectView(
        suspect_id=suspect.id,
        given_name=person.given_name,
        middle_name=person.middle_name,
        family_name=person.family_name,
        aliases=tuple(person.alias_list),
        birth_date=person.birth_date,
        identity_number=person.identity_number,
        email=person.email,
        phone=person.phone,
        address=person.address,
        gender=person.gender,
        citizenship=tuple(suspect.citizenship or ()),
        roles=tuple(suspect.roles or ()),
        named_on=suspect.named_on,
        age_when_named=suspect.age_when_named,
    )


@dataclass(frozen=True)
class SuspectHit:
    suspect_id: int
    named_on: date


def find_suspects(
    session: Session,
    *,
    actor: Actor,
    name: str | None = None,
    birth_date: str | None = None,
    document: str | None = None,
) -> list[SuspectHit]:
    """Suspects the actor may see whose name token, birth date or document matches
    exactly (blind indexes: nothing is decrypted to search); the search is audited."""
    require_staff(actor, doing=msg("search suspects"))
    wanted = [
        (k, v)
        for k, v in (("name", name), ("birth_date", birth_date), ("document", document))
        if v and v.strip()
    ]
    if not wanted:
        raise ValidationFailed(
            msg("Give a name, a birth date or a document number to search for."),
            problems=[FieldProblem("name", msg("nothing to search for"))],
        )
    stmt = select(JusticeSuspect).join(Person, Person.id == JusticeSuspect.person_id)
    for kind, value in wanted:
        stmt = stmt.where(
            JusticeSuspect.person_id.in_(
                select(PersonIndex.person_id).where(
                    PersonIndex.kind == kind, PersonIndex.digest == search_digest(kind, value)
                )
            )
        )
    found = [
        s
        for s in session.scalars(stmt.order_by(JusticeSuspect.id))
        if suspect_visible(session, s, actor)
    ]
    audit.record(
        session,
        actor=actor,
        action="search",
        entity="justice_suspect",
        entity_id=None,
        fields=[kind for kind, _ in wanted],
    )
    return [SuspectHit(s.id, s.named_on) for s in found]
