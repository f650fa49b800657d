"""The JSON API of justice reports and queues: the attrition funnel, UNODC's GLOTIP
tables, the work queues, SHERLOC classification and case-law summaries, and the trial
monitors' view of trials."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request

from palermo.justice.services import casework_law, reporting, trial_watch
from palermo.justice.services.inputs import CaseLawCreate
from palermo.justice.services.work import justice_work
from palermo.web.deps import ActorDep, SessionDep
from palermo.web.schemas.justice_json import KeywordsIn
from palermo.web.schemas.justice_report_json import (
    AttritionOut,
    CaseLawOut,
    ClassificationOut,
    GlotipOut,
    JusticeWorkOut,
    PublicTrialOut,
)

router = APIRouter(prefix="/api", tags=["justice"])
Year = Query(None, ge=1950, le=2200, description="Cohort or reporting year; none: every year.")


@router.get("/justice/attrition", response_model=AttritionOut)
def api_attrition(
    actor: ActorDep, session: SessionDep, year: int | None = Year, as_of: date | None = None
) -> AttritionOut:
    """The attrition funnel, national and your agency's, with breakdowns (aggregates)."""
    return AttritionOut.of(reporting.attrition(session, actor=actor, year=year, as_of=as_of))


@router.get("/justice/glotip", response_model=GlotipOut)
def api_glotip(
    actor: ActorDep,
    session: SessionDep,
    year: int | None = Year,
    as_of: date | None = None,
    locale: str = Query("en", pattern="^(en|fr)$"),
) -> GlotipOut:
    """UNODC's questionnaire tables with their definitions (national records)."""
    result = reporting.glotip(session, actor=actor, year=year, as_of=as_of, locale=locale)
    return GlotipOut.of(result)


@router.get("/justice/work", response_model=JusticeWorkOut)
def api_work(
    request: Request,
    actor: ActorDep,
    session: SessionDep,
    today: date | None = None,
    days: int = Query(7, ge=1, le=366),
    unpaid_after_days: int | None = Query(None, ge=0, le=3650),
) -> JusticeWorkOut:
    """Hearings in the next ``days`` days with victims due to testify, compensation unpaid
    after ``unpaid_after_days`` (default: the setting compensation_unpaid_days)."""
    delay = unpaid_after_days
    if delay is None:
        delay = request.app.state.settings.compensation_unpaid_days
    work = justice_work(session, actor=actor, today=today, days=days, unpaid_after_days=delay)
    return JusticeWorkOut.of(work)


@router.get(
    "/justice/investigations/{investigation_id}/classification", response_model=ClassificationOut
)
def api_classification(
    investigation_id: int, actor: ActorDep, session: SessionDep, locale: str = "en"
) -> ClassificationOut:
    """SHERLOC-style keywords: the confirmed ones, or Palermo's suggestion with reasons."""
    found = casework_law.classification(session, investigation_id=investigation_id, actor=actor)
    return ClassificationOut.of(found, locale)


@router.post(
    "/justice/investigations/{investigation_id}/classification", response_model=ClassificationOut
)
def api_confirm(
    investigation_id: int, data: KeywordsIn, actor: ActorDep, session: SessionDep
) -> ClassificationOut:
    """Confirm the suggestion, less ``remove`` and with ``add`` ([group, code] pairs)."""
    found = casework_law.confirm_keywords(
        session,
        investigation_id=investigation_id,
        actor=actor,
        remove=tuple(data.remove),
        add=tuple(data.add),
    )
    return ClassificationOut.of(found)


@router.post("/justice/investigations/{investigation_id}/case-law", response_model=CaseLawOut)
def api_write_case_law(
    investigation_id: int,
    data: CaseLawCreate,
    actor: ActorDep,
    session: SessionDep,
    locale: str = "en",
) -> CaseLawOut:
    """Write the summary of facts; refused if it names a person of the case."""
    summary = casework_law.write_case_law(
        session, investigation_id=investigation_id, data=data, actor=actor, locale=locale
    )
    return CaseLawOut(summary=summary.to_json())


@router.get("/justice/investigations/{investigation_id}/case-law", response_model=CaseLawOut)
def api_case_law(
    investigation_id: int, actor: ActorDep, session: SessionDep, locale: str = "en"
) -> CaseLawOut:
    """The anonymised case-law summary in SHERLOC's structure (audited export)."""
    summary = casework_law.export_case_law(
        session, investigation_id=investigation_id, actor=actor, locale=locale
    )
    return CaseLawOut(summary=summary.to_json())


@router.get("/monitor/trials", response_model=list[PublicTrialOut])
def api_trials(actor: ActorDep, session: SessionDep) -> list[PublicTrialOut]:
    """For trial monitors: the public course of trials (no personal data)."""
    trials = trial_watch.public_trials(session, actor=actor)
    return [PublicTrialOut.of(t.proceeding_id, t.view) for t in trials]


@router.get("/monitor/trials/{proceeding_id}", response_model=PublicTrialOut)
def api_trial(proceeding_id: int, actor: ActorDep, session: SessionDep) -> PublicTrialOut:
    trial = trial_watch.public_trial(session, proceeding_id=proceeding_id, actor=actor)
    return PublicTrialOut.of(trial.proceeding_id, trial.view)
