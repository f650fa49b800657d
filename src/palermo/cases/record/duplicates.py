"""Possible duplicates of a person about to be registered, found through blind indexes.

Shown before a new case is saved, so that a fifth "Blessing Okafor" is recognised as the
one already known, or told apart from her by birth date. Only the agency's own cases are
searched (another agency's records are never hinted at), and nothing is decrypted but
the page of candidates shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from palermo import clock
from palermo.cases import access
from palermo.cases.record.age import age_facts
from palermo.cases.record.schemas import PersonData
from palermo.i18n import Msg, msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.blind_index import folded_name, search_digest
from palermo.store.crypto import normalise_name
from palermo.store.models import Case, PersonIndex

MAX_CANDIDATES = 10


@dataclass(frozen=True)
class Duplicate:
    """A case of the agency that may be the same person, with the reasons it was found."""

    case_id: int
    reference: str
    name: str
    birth_date: str | None
    status: str
    child: bool
    reasons: tuple[Msg, ...]


def _persons_with(session: Session, kind: str, value: str) -> set[int]:
    digest = search_digest(kind, value)
    return set(
        session.scalars(
            select(PersonIndex.person_id).where(
                PersonIndex.kind == kind, PersonIndex.digest == digest
            )
        )
    )


def _whole_name(person: PersonData) -> str:
    return " ".join(p for p in (person.given_name, person.middle_name, person.family_name) if p)


def possible_duplicates(session: Session, *, person: PersonData, actor: Actor) -> list[Duplicate]:
    """The agency's cases that share the document number, or the name (as spelt or folded)
    with a compatible birth date: the same date, the same year when one side knows only the
    year, or no birth date on either side. Audited as a search (which kinds, never values)."""
    access.require_role(actor, access.CASE_WRITERS, doing=msg("open cases"))
    reasons: dict[int, list[Msg]] = {}
    if person.identity_number:
        for pid in _persons_with(session, "document", person.identity_number):
            reasons.setdefault(pid, []).append(msg("same document number"))
    name = _whole_name(person)
    if name and len(folded_name(name).split()) > 1:
        exact = _persons_with(session, "name", normalise_name(name))
        folded = _persons_with(session, "phonetic", name) - exact
        same_date = (
            _persons_with(session, "birth_date", person.birth_date) if person.birth_date else set()
        )
        same_year = (
            _persons_with(session, "birth_year", person.birth_date) if person.birth_date else set()
        )
        dated = set(
            session.scalars(
                select(PersonIndex.person_id).where(
                    PersonIndex.kind == "birth_year", PersonIndex.person_id.in_(exact | folded)
                )
            )
        )
        for pid in exact | folded:
            why = [msg("same name") if pid in exact else msg("similar name (spelling folded)")]
            if pid in same_date:
                why.append(msg("same birth date"))
            elif pid in same_year:
                why.append(msg("same birth year"))
            elif person.birth_date and pid in dated:
                continue  # a birth date on both sides, in different years: someone else
            else:
                why.append(msg("no birth date to compare"))
            reasons.setdefault(pid, []).extend(why)
    audit.record(
        session,
        actor=actor,
        action="search",
        entity="case",
        entity_id=None,
        fields=["duplicate_check"],
    )
    if not reasons:
        return []
    found = session.scalars(
        select(Case)
        .where(access.readable_cases(actor), Case.victim_id.in_(reasons))
        .options(selectinload(Case.victim))
        .order_by(Case.id.desc())
        .limit(MAX_CANDIDATES)
    ).all()
    today = clock.today()
    return [
        Duplicate(
            case_id=c.id,
            reference=c.reference,
            name=c.victim.full_name,
            birth_date=c.victim.birth_date,
            status=c.status,
            child=age_facts(c, on=today).child,
            reasons=tuple(reasons[c.victim_id]),
        )
        for c in found
    ]
