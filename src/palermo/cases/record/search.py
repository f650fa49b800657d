"""Find cases (through blind indexes, never by decrypting) and summarise them for the dashboard."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, extract, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from palermo import clock
from palermo.cases import access
from palermo.cases.record.age import age_facts
from palermo.cases.record.schemas import CasePage, CaseQuery, CaseSummary
from palermo.errors import NotFound
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.blind_index import search_digest
from palermo.store.models import Case, CaseCode, Person, PersonIndex, User
from palermo.store.models.person import full_name
from palermo.store.models.sealing import open_selected

_ORDER: dict[str, InstrumentedAttribute[Any]] = {
    "reference": Case.reference,
    "status": Case.status,
    "identified_on": Case.identified_on,
    "opened": Case.id,
}


# The list counts the cases found up to this many past the page's first: an exact count
# of a large agency's cases would read every one of them on every page (SQLite counts
# row by row), and past a thousand the user narrows the search rather than pages on.
COUNT_AHEAD = 1000
# What a line of the list shows of the person and of the coded fields.
_NAME_FIELDS = ("given_name", "middle_name", "family_name")
_LISTED_CODES = ("exploitation_types", "citizenship")


def _has_digest(kind: str, value: str) -> Select:
    return select(PersonIndex.person_id).where(
        PersonIndex.kind == kind, PersonIndex.digest == search_digest(kind, value)
    )


def _has_code(field: str, code: str) -> Select:
    return select(CaseCode.case_id).where(CaseCode.field == field, CaseCode.code == code)


def find_cases(session: Session, *, query: CaseQuery, actor: Actor) -> CasePage:
    access.require_role(actor, access.CASE_READERS, doing=msg("search case records"))
    stmt = select(Case.id).where(access.readable_cases(actor))
    searched = []
    if query.name:
        # As spelt, or folded by spelling ("Favor" finds "Favour").
        stmt = stmt.where(
            or_(
                Case.victim_id.in_(_has_digest("name", query.name)),
                Case.victim_id.in_(_has_digest("phonetic", query.name)),
            )
        )
        searched.append("name")
    if query.birth_date:
        stmt = stmt.where(Case.victim_id.in_(_has_digest("birth_date", query.birth_date)))
        searched.append("birth_date")
    if query.document:
        stmt = stmt.where(Case.victim_id.in_(_has_digest("document", query.document)))
        searched.append("identity_number")
    if query.status:
        stmt = stmt.where(Case.status == query.status)
    if query.exploitation_type:
        stmt = stmt.where(Case.id.in_(_has_code("exploitation_types", query.exploitation_type)))
    if query.citizenship:
        stmt = stmt.where(Case.id.in_(_has_code("citizenship", query.citizenship)))
    if query.owner_id is not None:
        stmt = stmt.where(Case.owner_id == query.owner_id)
    offset = (query.page - 1) * query.per_page
    # Counted at least to the end of the page, so that "more than" means a next page.
    total, exact = _count(session, stmt, upto=offset + max(COUNT_AHEAD, query.per_page))
    column = _ORDER[query.sort.lstrip("-")]
    order = [column.desc() if query.sort.startswith("-") else column.asc(), Case.id.desc()]
    ids = list(session.scalars(stmt.order_by(*order).offset(offset).limit(query.per_page)))
    items = _summaries(session, ids, actor=actor)
    # A page of names is a read of personal data; the searched values themselves are not logged.
    audit.record(
        session, actor=actor, action="search", entity="case", entity_id=None, fields=searched
    )
    return CasePage(
        items=items, total=total, total_exact=exact, page=query.page, per_page=query.per_page
    )


def _count(session: Session, stmt: Select, *, upto: int) -> tuple[int, bool]:
    """How many rows ``stmt`` finds, counting no further than ``upto``: (count, exact)."""
    found = session.scalar(select(func.count()).select_from(stmt.limit(upto + 1).subquery())) or 0
    return (upto, False) if found > upto else (found, True)


@dataclass(frozen=True)
class _ListedPerson:
    birth_date: str | None


@dataclass(frozen=True)
class _Listed:
    """The columns of a case that its line in the list shows or the age rules read."""

    id: int
    reference: str
    status: str
    identified_on: date | None
    age_at_identification: int | None
    created_at: datetime | None
    owner: str | None
    name: str
    victim: _ListedPerson


def _summaries(session: Session, ids: list[int], *, actor: Actor) -> list[CaseSummary]:
    """The list's lines for these cases, in this order.

    Selects the shown columns rather than loading whole cases: a loaded case and its
    victim would decrypt every encrypted field (contacts, documents, guardian, closure
    reason) for a line that shows only the name and the birth year.
    """
    if not ids:
        return []
    rows = session.execute(
        select(
            Case.id,
            Case.reference,
            Case.status,
            Case.identified_on,
            Case.age_at_identification,
            Case.created_at,
            User.display_name,
            Person.id.label("person_id"),
            *(getattr(Person, f) for f in _NAME_FIELDS),
            Person.birth_date,
        )
        .join(Person, Person.id == Case.victim_id)
        .outerjoin(User, User.id == Case.owner_id)
        .where(access.readable_cases(actor), Case.id.in_(ids))
    ).all()
    codes: dict[int, dict[str, list[str]]] = {i: {f: [] for f in _LISTED_CODES} for i in ids}
    # Every code of these cases, the unshown ones left aside here: with the field in the
    # condition, SQLite would walk the index of that field's codes in every case instead.
    for case_id, field, code in session.execute(
        select(CaseCode.case_id, CaseCode.field, CaseCode.code)
        .where(CaseCode.case_id.in_(ids))
        .order_by(CaseCode.id)
    ):
        if field in _LISTED_CODES:
            codes[case_id][field].append(code)
    listed = {}
    for row in rows:
        person = row.person_id
        listed[row.id] = _Listed(
            id=row.id,
            reference=row.reference,
            status=row.status,
            identified_on=row.identified_on,
            age_at_identification=row.age_at_identification,
            created_at=row.created_at,
            owner=row.display_name,
            name=full_name(
                *(
                    open_selected(getattr(Person, f), getattr(row, f), row=person)
                    for f in _NAME_FIELDS
                )
            ),
            victim=_ListedPerson(open_selected(Person.birth_date, row.birth_date, row=person)),
        )
    today = clock.today()
    return [_summary(listed[i], codes[i], today) for i in ids if i in listed]


def _summary(case: _Listed, codes: dict[str, list[str]], today: date) -> CaseSummary:
    facts = age_facts(case, on=today)
    return CaseSummary(
        id=case.id,
        reference=case.reference,
        name=case.name,
        status=case.status,
        identified_on=case.identified_on,
        exploitation_types=codes["exploitation_types"],
        citizenship=codes["citizenship"],
        birth_year=facts.birth_year,
        age=facts.now,
        child=facts.child,
        owner=case.owner,
    )


def summarise_cases(session: Session, *, actor: Actor) -> dict[str, dict[str, int]]:
    """Counts of the agency's cases by status, exploitation type and year identified.

    Aggregates only: any role may see them, analysts included.
    """
    visible = access.readable_cases(actor)
    by_status = dict(
        session.execute(
            select(Case.status, func.count()).where(visible).group_by(Case.status)
        ).all()
    )
    by_type = dict(
        session.execute(
            select(CaseCode.code, func.count())
            .join(Case, Case.id == CaseCode.case_id)
            .where(visible, CaseCode.field == "exploitation_types")
            .group_by(CaseCode.code)
        ).all()
    )
    year = extract("year", Case.identified_on)
    by_year = Counter(
        {
            str(int(y)) if y is not None else "unknown": n
            for y, n in session.execute(
                select(year, func.count()).where(visible).group_by(year)
            ).all()
        }
    )
    return {
        "status": dict(sorted(by_status.items())),
        "exploitation_type": dict(sorted(by_type.items(), key=lambda kv: -kv[1])),
        "year": dict(sorted(by_year.items())),
    }


def case_by_reference(session: Session, *, reference: str, actor: Actor) -> int:
    """The id of the agency's case with this reference ("PAL-003-0000042")."""
    access.require_role(actor, access.CASE_READERS, doing=msg("open case records"))
    found = session.scalar(
        select(Case.id).where(access.readable_cases(actor), Case.reference == reference.strip())
    )
    if found is None:
        raise NotFound(
            msg("No case {reference} in your agency.", reference=reference.strip()),
            hint=msg("Check the case reference (it starts with PAL-)."),
        )
    return found
