"""The store's victims as records for the linker: decrypted inside the installation only.

Every case is one record: its id, its agency, the victim's names, birth date, gender,
identity number and phone, the case's citizenships and the country and date of its
recruitment and exploitation events, in the HTCDS columns the linker reads
(:data:`palermo.linkage.records.LINK_COLUMNS`). The frame lives in the run's memory and
is never written anywhere; only the person keys the linker derives from it are kept.

Cases are read in chunks, each in a short transaction of its own, so that a national run
does not hold the database (SQLite's write lock is taken by every transaction) while it
decrypts a million names.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from palermo.store import Store
from palermo.store.models import Agency, Case

#: The fields a run decrypts (recorded in the audit log by name, never by value).
FIELDS_READ = (
    "given_name",
    "family_name",
    "birth_date",
    "gender",
    "identity_number",
    "phone",
    "citizenship",
    "events",
)
CHUNK = 5000
COLUMNS = (
    "record_id",
    "agency_id",
    "agency_type",
    "prs_FirstName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_IdentityNumber",
    "prs_MobilePhone",
    "hte_Country__Recruitment",
    "hte_Date__Recruitment",
    "hte_Country__Exploitation",
    "hte_Date__Exploitation",
)


def _row(case: Case, agency_types: dict[int, str]) -> dict[str, str | None]:
    person = case.victim
    events = {e.type: e for e in case.events}
    recruitment, exploitation = events.get("Recruitment"), events.get("Exploitation")
    return {
        "record_id": str(case.id),
        "agency_id": str(case.agency_id),
        "agency_type": agency_types.get(case.agency_id),
        "prs_FirstName": person.given_name,
        "prs_SecondName": person.family_name,
        "prs_Birthdate": person.birth_date,
        "prs_Gender": person.gender,
        "prs_Citizenship": ";".join(case.codes_for("citizenship")) or None,
        "prs_IdentityNumber": person.identity_number,
        "prs_MobilePhone": person.phone,
        "hte_Country__Recruitment": recruitment.country if recruitment else None,
        "hte_Date__Recruitment": (
            recruitment.started_on.isoformat() if recruitment and recruitment.started_on else None
        ),
        "hte_Country__Exploitation": exploitation.country if exploitation else None,
        "hte_Date__Exploitation": (
            exploitation.started_on.isoformat()
            if exploitation and exploitation.started_on
            else None
        ),
    }


def read_linkable_records(
    store: Store, *, chunk: int = CHUNK, progress: Callable[[int], None] | None = None
) -> pl.DataFrame:
    """Every case of every agency as a linkable record (strings; empty values as None)."""
    rows: list[dict[str, str | None]] = []
    last = 0
    with store.session() as session:
        agency_types = dict(session.execute(select(Agency.id, Agency.type)).all())
    while True:
        with store.session() as session:
            batch = session.scalars(
                select(Case)
                .where(Case.id > last)
                .order_by(Case.id)
                .limit(chunk)
                .options(
                    selectinload(Case.victim), selectinload(Case.codes), selectinload(Case.events)
                )
            ).all()
            rows += [_row(case, agency_types) for case in batch]
        if not batch:
            break
        last = batch[-1].id
        if progress is not None:
            progress(len(rows))
    return pl.DataFrame(rows, schema=dict.fromkeys(COLUMNS, pl.String))
