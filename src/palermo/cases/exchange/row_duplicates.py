"""Possible duplicates among the rows of an import and against the agency's cases.

Within the file, rows are compared on their values: the same row twice, the same
external id, the same document number, or the same full name with the same birth
date. Against the agency's existing cases the comparison goes through the blind
indexes only (document number; full name with birth date), so no stored name is
decrypted to find a duplicate and the comparison scales with the file, not with the
agency. A duplicate is a warning, not a refusal: one person may have two cases (a
re-identification years later), and only a person can tell.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from palermo.cases.record.schemas import CaseCreate
from palermo.i18n import msg
from palermo.store import crypto
from palermo.store.blind_index import search_digest
from palermo.store.models import Case, PersonIndex

CHUNK = 400  # digests per query: well under SQLite's bound-parameter limit


@dataclass(frozen=True)
class PossibleDuplicate:
    """Row ``row`` may describe the same person as row ``of_row`` or the case ``of_case``."""

    row: int
    reason: str
    of_row: int | None = None
    of_case: str | None = None  # reference of an existing case


def _full_name(data: CaseCreate) -> str | None:
    parts = [crypto.normalise_name(p) for p in (data.person.given_name, data.person.middle_name,
                                                 data.person.family_name) if p]  # fmt: skip
    full = " ".join(p for p in parts if p)
    return full or None


def _document(data: CaseCreate) -> str | None:
    number = data.person.identity_number
    return crypto.normalise_document(number) or None if number else None


def _keys(data: CaseCreate) -> Iterator[tuple[str, str]]:
    """What two rows may share, strongest first."""
    yield "identical", data.model_dump_json()
    if data.external_id:
        yield "external_id", data.external_id.strip()
    document = _document(data)
    if document:
        yield "document", document
    name = _full_name(data)
    if name and data.person.birth_date:
        yield "name_birth", f"{name}\x00{data.person.birth_date}"


def _reason(kind: str, other: int) -> str:
    if kind == "identical":
        return msg("repeats row {other} exactly", other=other)
    if kind == "external_id":
        return msg("has the same external id as row {other}", other=other)
    if kind == "document":
        return msg("has the same document number as row {other}", other=other)
    return msg("has the same name and birth date as row {other}", other=other)


def duplicates_in_file(items: Iterable[tuple[int, CaseCreate]]) -> list[PossibleDuplicate]:
    """Each row that may repeat an earlier row of the same file (the first such row named)."""
    seen: dict[tuple[str, str], int] = {}
    found = []
    for row, data in items:
        first: PossibleDuplicate | None = None
        for key in _keys(data):
            earlier = seen.setdefault(key, row)
            if earlier != row and first is None:
                first = PossibleDuplicate(row=row, reason=_reason(key[0], earlier), of_row=earlier)
        if first:
            found.append(first)
    return found


def _chunks(items: Sequence[tuple[int, CaseCreate]]) -> Iterator[Sequence[tuple[int, CaseCreate]]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _by_document(
    session: Session, chunk: Sequence[tuple[int, CaseCreate]], agency_id: int
) -> dict[int, str]:
    wanted: dict[str, list[int]] = {}
    for row, data in chunk:
        document = _document(data)
        if document:
            wanted.setdefault(search_digest("document", document), []).append(row)
    if not wanted:
        return {}
    found = session.execute(
        select(PersonIndex.digest, Case.reference)
        .join(Case, Case.victim_id == PersonIndex.person_id)
        .where(
            PersonIndex.kind == "document",
            PersonIndex.digest.in_(list(wanted)),
            Case.agency_id == agency_id,
        )
        .order_by(Case.id)
    ).all()
    return {row: reference for digest, reference in found for row in wanted[digest]}


def _by_name_and_birth(
    session: Session, chunk: Sequence[tuple[int, CaseCreate]], agency_id: int
) -> dict[int, str]:
    wanted: dict[tuple[str, str], list[int]] = {}
    for row, data in chunk:
        name = _full_name(data)
        if name and data.person.birth_date:
            key = (search_digest("birth_date", data.person.birth_date), search_digest("name", name))
            wanted.setdefault(key, []).append(row)
    if not wanted:
        return {}
    born, named = aliased(PersonIndex), aliased(PersonIndex)
    found = session.execute(
        select(born.digest, named.digest, Case.reference)
        .join(named, and_(named.person_id == born.person_id, named.kind == "name"))
        .join(Case, Case.victim_id == born.person_id)
        .where(
            born.kind == "birth_date",
            born.digest.in_({b for b, _ in wanted}),
            named.digest.in_({n for _, n in wanted}),
            Case.agency_id == agency_id,
        )
        .order_by(Case.id)
    ).all()
    matches: dict[int, str] = {}
    for birth, name, reference in found:
        for row in wanted.get((birth, name), []):
            matches.setdefault(row, reference)
    return matches


def duplicates_in_agency(
    session: Session, *, items: Sequence[tuple[int, CaseCreate]], agency_id: int
) -> list[PossibleDuplicate]:
    """Rows whose person may already have a case in the agency (the oldest such case)."""
    found = []
    for chunk in _chunks(items):
        documents = _by_document(session, chunk, agency_id)
        names = _by_name_and_birth(session, chunk, agency_id)
        for row, _data in chunk:
            if row in documents:
                reason = msg("has the same document number as case {reference}",
                             reference=documents[row])  # fmt: skip
                found.append(PossibleDuplicate(row=row, reason=reason, of_case=documents[row]))
            elif row in names:
                reason = msg("has the same name and birth date as case {reference}",
                             reference=names[row])  # fmt: skip
                found.append(PossibleDuplicate(row=row, reason=reason, of_case=names[row]))
    return found
