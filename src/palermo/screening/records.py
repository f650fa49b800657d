"""Screening assessments saved on cases: who screened, when, with which instruments.

The engine modules stay pure (no store); this module is the one place where a
screening meets the store, the access checks and the audit log. A saved assessment
keeps the result as it was computed, so that a later change of an instrument does
not silently rewrite what a screener saw and acted on.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases.access import CASE_READERS, CASE_WRITERS, load_case, require_role
from palermo.errors import NotFound
from palermo.i18n import msg
from palermo.screening.engine import assess
from palermo.screening.facts import Facts
from palermo.screening.prefill import CasePrefill, prefill_from_case
from palermo.screening.result import ScreeningResult, result_to_dict
from palermo.screening.wording import LOCALES
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case, ScreeningAssessment, User

# Audited as a change of the case: the assessment is part of the case record.
AUDIT_FIELDS = ("screening",)
# What the prefilled form reads of the case record.
PREFILL_FIELDS = (
    "age_when_trafficked",
    "age_at_identification",
    "person.birth_date",
    "events",
    "recruitment_methods",
    "means_of_control",
    "exploitation_types",
    "screening",
)


@dataclass(frozen=True)
class SavedScreening:
    """A saved assessment with its facts and result decoded, for display."""

    id: int
    case_id: int
    case_reference: str
    screener_name: str
    screened_at: datetime
    outcome: str
    also: tuple[str, ...]
    facts: dict[str, Any]  # every fact, None where unknown
    result: dict[str, Any]  # result_to_dict shape plus "possible"
    instrument_versions: dict[str, str]


def result_record(result: ScreeningResult) -> dict[str, Any]:
    """What is stored of a result: the API shape plus the outcomes still open, and each
    reason's text in every locale ("texts"), so that a French page shows French reasons
    as they were when the screener saw them; likewise "evidence_texts" for a reason whose
    evidence reads differently per locale (ILO indicators)."""
    data = result_to_dict(result)
    data.pop("id", None)
    for row, reason in zip(data["reasons"], result.reasons, strict=True):
        row["texts"] = {locale: reason.text_in(locale) for locale in LOCALES}
        if reason.evidence_labels:
            row["evidence_texts"] = {locale: list(reason.evidence_in(locale)) for locale in LOCALES}
    data["possible"] = [str(o) for o in result.possible]
    return data


def _screener_name(session: Session, actor: Actor) -> str:
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    return user.display_name if user is not None and user.display_name else actor.username


def preview_screening(
    session: Session, *, case_id: int, facts: Facts, actor: Actor
) -> ScreeningResult:
    """Assess facts for a case without saving (the live form); access-checked, not audited.

    Not audited because nothing of the case is read or written: the facts come from
    the screener's own form and are discarded.
    """
    require_role(actor, CASE_WRITERS, doing=msg("screen cases"))
    load_case(session, case_id=case_id, actor=actor, doing="screen")
    return assess(facts)


def case_for_screening(session: Session, *, case_id: int, actor: Actor) -> Case:
    """The case a screener is about to screen (the form shows only its reference)."""
    require_role(actor, CASE_WRITERS, doing=msg("screen cases"))
    return load_case(session, case_id=case_id, actor=actor, doing="screen")


def prefill_for_screening(
    session: Session, *, case_id: int, actor: Actor
) -> tuple[Case, CasePrefill]:
    """The case and the facts it already states, to start the guided form from.

    Audited as a read of the case: the form shows the person's age, journey and
    methods of control, and the facts of the latest screening.
    """
    case = case_for_screening(session, case_id=case_id, actor=actor)
    latest = session.scalars(
        select(ScreeningAssessment)
        .where(ScreeningAssessment.case_id == case.id)
        .order_by(ScreeningAssessment.screened_at.desc(), ScreeningAssessment.id.desc())
        .limit(1)
    ).first()
    prefill = prefill_from_case(
        case, on=clock.today(), earlier=json.loads(latest.facts_json) if latest else None
    )
    audit.record(
        session,
        actor=actor,
        action="read",
        entity="case",
        entity_id=case.id,
        fields=PREFILL_FIELDS,
    )
    return case, prefill


@audit.audited
def screen_case(
    session: Session, *, case_id: int, facts: Facts, actor: Actor
) -> ScreeningAssessment:
    """Assess ``facts`` and save the assessment on the case, with screener and versions."""
    require_role(actor, CASE_WRITERS, doing=msg("screen cases"))
    case = load_case(session, case_id=case_id, actor=actor, doing="update")
    result = assess(facts)
    record = ScreeningAssessment(
        case_id=case.id,
        screener_id=actor.user_id,
        screener_name=_screener_name(session, actor),
        outcome=str(result.outcome),
        also=[str(o) for o in result.also],
        # mode="json" turns tuples into lists; unknown facts stay as null on purpose.
        facts_json=json.dumps(facts.model_dump(mode="json"), ensure_ascii=False),
        result_json=json.dumps(result_record(result), ensure_ascii=False),
        instrument_versions=dict(result.instrument_versions),
    )
    session.add(record)
    session.flush()
    return record


@audit.audited
def screen_cases(
    session: Session, *, items: Sequence[tuple[int, Facts]], actor: Actor
) -> list[ScreeningAssessment]:
    """Save several assessments, all or none: every case is access-checked before any save.

    Checking first matters because a refused access commits its audit entry at once;
    done midway it would also commit the assessments saved before it.
    """
    if not items:  # screening without saving needs no role on cases
        return []
    require_role(actor, CASE_WRITERS, doing=msg("screen cases"))
    for case_id in dict.fromkeys(case_id for case_id, _ in items):
        load_case(session, case_id=case_id, actor=actor, doing="update")
    return [screen_case(session, case_id=c, facts=f, actor=actor) for c, f in items]


def list_screenings(session: Session, *, case_id: int, actor: Actor) -> list[ScreeningAssessment]:
    """A case's assessments, newest first. Only outcomes are shown, so it is not audited."""
    require_role(actor, CASE_READERS, doing=msg("see screenings"))
    case = load_case(session, case_id=case_id, actor=actor)
    rows = session.scalars(
        select(ScreeningAssessment)
        .where(ScreeningAssessment.case_id == case.id)
        .order_by(ScreeningAssessment.screened_at.desc(), ScreeningAssessment.id.desc())
    )
    return list(rows)


def get_screening(
    session: Session, *, case_id: int, screening_id: int, actor: Actor
) -> SavedScreening:
    """One assessment with its facts; reading the facts is audited like reading the case."""
    require_role(actor, CASE_READERS, doing=msg("see screenings"))
    case = load_case(session, case_id=case_id, actor=actor)
    row = session.get(ScreeningAssessment, screening_id)
    if row is None or row.case_id != case.id:
        raise NotFound(
            msg(
                "No screening {screening_id} on case {case_id}.",
                screening_id=screening_id,
                case_id=case_id,
            ),
            hint=msg("Open the case page to see its screenings."),
        )
    audit.record(
        session, actor=actor, action="read", entity="case", entity_id=case.id, fields=AUDIT_FIELDS
    )
    return SavedScreening(
        id=row.id,
        case_id=case.id,
        case_reference=case.reference,
        screener_name=row.screener_name,
        screened_at=row.screened_at,
        outcome=row.outcome,
        also=tuple(row.also or ()),
        facts=json.loads(row.facts_json),
        result=json.loads(row.result_json),
        instrument_versions=dict(row.instrument_versions or {}),
    )
