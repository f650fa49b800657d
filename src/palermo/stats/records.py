"""Victim records from the store as one plain frame: a row per case, coded values only.

This is the one place national statistics read the store. A row holds what the counts
need and nothing that names anyone: the agency, the year of identification, sex, the
CTDC age band, codes (citizenship, forms of exploitation, recruitment methods, means of
control, vulnerabilities), the countries of the journey. Names, birth dates, documents,
contacts and free text are never selected.

Columns (lists are ``List[String]``):

``case_id``, ``agency_id``, ``year`` (identified_on, else the day the case was opened),
``identified_on``, ``gender``, ``age`` (age when trafficked), ``age_band``, ``citizenship``
(the first recorded), ``citizenships``, ``forms``, ``sex_forms``, ``recruitment``,
``control``, ``relationship``, ``industry``, ``origin`` (country of the first recruitment
event, else the first citizenship), ``transit`` (country of the first transit event),
``destination`` (country of the first exploitation event) and, when asked for,
``vulnerabilities`` (from the case's latest screening).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from datetime import date

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.store.models import Case, CaseCode, Person, ScreeningAssessment, TraffickingEvent
from palermo.vocab import AgeBand

LIST_FIELDS = {
    "citizenships": "citizenship",
    "forms": "exploitation_types",
    "sex_forms": "sexual_exploitation_types",
    "recruitment": "recruitment_methods",
    "control": "means_of_control",
}
SCALARS = ("gender", "age_band", "citizenship", "relationship", "industry")
SCHEMA: dict[str, pl.DataType] = {
    "case_id": pl.Int64(),
    "agency_id": pl.Int64(),
    "year": pl.Int64(),
    "identified_on": pl.Date(),
    "gender": pl.String(),
    "age": pl.Int64(),
    "age_band": pl.String(),
    "citizenship": pl.String(),
    "relationship": pl.String(),
    "industry": pl.String(),
    "origin": pl.String(),
    "transit": pl.String(),
    "destination": pl.String(),
    **{name: pl.List(pl.String()) for name in (*LIST_FIELDS, "vulnerabilities")},
}


def age_band(age: int | None) -> str | None:
    if age is None or age < 0:
        return None
    band = None
    for candidate in AgeBand:
        if age >= candidate.minimum:
            band = candidate.code
    return band


def _codes(session: Session, case_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    out: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    fields = list(LIST_FIELDS.values())
    for start in range(0, len(case_ids), _CHUNK):
        chunk = case_ids[start : start + _CHUNK]
        rows = session.execute(
            select(CaseCode.case_id, CaseCode.field, CaseCode.code)
            .where(CaseCode.case_id.in_(chunk), CaseCode.field.in_(fields))
            .order_by(CaseCode.id)
        )
        for case_id, field, code in rows:
            out[case_id][field].append(code)
    return out


def _journeys(session: Session, case_ids: list[int]) -> dict[int, dict[str, str]]:
    """The first country of each stage per case (events in the order recorded)."""
    out: dict[int, dict[str, str]] = defaultdict(dict)
    for start in range(0, len(case_ids), _CHUNK):
        chunk = case_ids[start : start + _CHUNK]
        rows = session.execute(
            select(TraffickingEvent.case_id, TraffickingEvent.type, TraffickingEvent.country)
            .where(TraffickingEvent.case_id.in_(chunk), TraffickingEvent.country.is_not(None))
            .order_by(TraffickingEvent.id)
        )
        for case_id, stage, country in rows:
            out[case_id].setdefault(stage, str(country))
    return out


def _vulnerabilities(session: Session, case_ids: list[int]) -> dict[int, list[str]]:
    """Vulnerabilities heard in each case's latest screening (facts are decrypted here and
    only their codes leave this function)."""
    out: dict[int, list[str]] = {}
    for start in range(0, len(case_ids), _CHUNK):
        chunk = case_ids[start : start + _CHUNK]
        rows = session.execute(
            select(ScreeningAssessment.case_id, ScreeningAssessment.facts_json)
            .where(ScreeningAssessment.case_id.in_(chunk))
            .order_by(ScreeningAssessment.screened_at, ScreeningAssessment.id)
        )
        for case_id, facts_json in rows:
            facts = json.loads(facts_json or "{}")
            found = facts.get("vulnerabilities")
            if found is not None:
                out[case_id] = [str(code) for code in found]
    return out


_CHUNK = 5000  # ids per IN (...) list: well under every engine's parameter limit


def victim_records(
    session: Session,
    *,
    agencies: Collection[int] | None = None,
    years: tuple[int, int] | None = None,
    vulnerabilities: bool = False,
) -> pl.DataFrame:
    """One row per case of ``agencies`` (all when None) identified in ``years``."""
    stmt = (
        select(
            Case.id,
            Case.agency_id,
            Case.identified_on,
            Case.created_at,
            Person.gender,
            Case.age_when_trafficked,
            Case.relationship_to_trafficker,
            Case.forced_labour_industry,
        )
        .join(Person, Person.id == Case.victim_id)
        .order_by(Case.id)
    )
    if agencies is not None:
        stmt = stmt.where(Case.agency_id.in_(list(agencies)))
    base = []
    for row in session.execute(stmt):
        day: date = row.identified_on or row.created_at.date()
        if years is not None and not years[0] <= day.year <= years[1]:
            continue
        base.append((row, day))
    ids = [row.id for row, _ in base]
    codes = _codes(session, ids)
    journeys = _journeys(session, ids)
    heard = _vulnerabilities(session, ids) if vulnerabilities else {}
    columns: dict[str, list] = {name: [] for name in SCHEMA}
    for row, day in base:
        held = codes.get(row.id, {})
        stages = journeys.get(row.id, {})
        lists = {name: list(held.get(field, [])) for name, field in LIST_FIELDS.items()}
        citizenship = lists["citizenships"][0] if lists["citizenships"] else None
        values = {
            "case_id": row.id,
            "agency_id": row.agency_id,
            "year": day.year,
            "identified_on": day,
            "gender": row.gender,
            "age": row.age_when_trafficked,
            "age_band": age_band(row.age_when_trafficked),
            "citizenship": citizenship,
            "relationship": row.relationship_to_trafficker,
            "industry": row.forced_labour_industry,
            "origin": stages.get("Recruitment") or citizenship,
            "transit": stages.get("Transit"),
            "destination": stages.get("Exploitation"),
            "vulnerabilities": heard.get(row.id, []),
            **lists,
        }
        for name in SCHEMA:
            columns[name].append(values[name])
    return pl.DataFrame(columns, schema=SCHEMA)
