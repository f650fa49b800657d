"""Find cases (through blind indexes, never by decrypting) and summarise them for the dashboard."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import Select, extract, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from palermo import clock
from palermo.cases import access
from palermo.cases.record.age import age_facts
from palermo.cases.record.schemas import CasePage, CaseQuery, CaseSummary
from palermo.errors import NotFound
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.blind_index import search_digest
from palermo.store.models import Case, CaseCode, PersonIndex, User

_ORDER: dict[str, InstrumentedAttribute[Any]] = {
    "reference": Case.reference,
    "status": Case.status,
    "identified_on": Case.identified_on,
    "opened": Case.id,
}


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
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    column = _ORDER[query.sort.lstrip("-")]
    order = [column.desc() if query.sort.startswith("-") else column.asc(), Case.id.desc()]
    ids = session.scalars(
        stmt.order_by(*order).offset((query.page - 1) * query.per_page).limit(query.per_page)
    ).all()
    rank = {case_id: i for i, case_id in enumerate(ids)}
    cases = sorted(
        session.scalars(
            select(Case)
            .where(Case.id.in_(ids))
            .options(selectinload(Case.victim), selectinload(Case.codes))
        ).all(),
        key=lambda c: rank[c.id],
    )
    owners = dict(
        session.execute(
            select(User.id, User.display_name).where(User.id.in_({c.owner_id for c in cases}))
        ).all()
    )
    today = clock.today()
    # A page of names is a read of personal data; the searched values themselves are not logged.
    audit.record(
        session, actor=actor, action="search", entity="case", entity_id=None, fields=searched
    )
    return CasePage(
        items=[_summary(c, owners.get(c.owner_id) if c.owner_id else None, today) for c in cases],
        total=total,
        page=query.page,
        per_page=query.per_page,
    )


def _summary(case: Case, owner: str | None, today: date) -> CaseSummary:
    facts = age_facts(case, on=today)
    return CaseSummary(
        id=case.id,
        reference=case.reference,
        name=case.victim.full_name,
        status=case.status,
        identified_on=case.identified_on,
        exploitation_types=case.codes_for("exploitation_types"),
        citizenship=case.codes_for("citizenship"),
        birth_year=facts.birth_year,
        age=facts.now,
        child=facts.child,
        owner=owner,
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
