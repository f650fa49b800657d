"""JSON bodies of the justice reports (attrition funnel, GLOTIP tables), the work queues,
SHERLOC classification and case-law summaries, and the trial monitors' view."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from palermo.justice.funnel import FunnelBreakdown, FunnelResult
from palermo.justice.glotip import GlotipResult
from palermo.justice.monitoring import PublicTrialView
from palermo.justice.services.reporting import AttritionReport, attrition_json
from palermo.justice.services.work import JusticeWork
from palermo.justice.sherloc import SherlocClassification


class StageOut(BaseModel):
    stage: str
    count: int


class DropOutOut(BaseModel):
    stage: str
    reason: str
    count: int


class FunnelOut(BaseModel):
    """One funnel: ``victims`` and ``suspects`` by stage, in funnel order."""

    victims: list[StageOut]
    suspects: list[StageOut]
    pending: list[StageOut]
    drop_out: list[DropOutOut]
    median_days: dict[str, Any]
    convictions_overturned: int
    compensation: list[dict[str, Any]]
    spec: dict[str, Any] | None = None
    definitions: dict[str, str] | None = None

    @classmethod
    def of(cls, result: FunnelResult) -> FunnelOut:
        return cls.model_validate(attrition_json(result))


class GroupOut(FunnelOut):
    group: str


class BreakdownOut(BaseModel):
    by: str
    groups: list[GroupOut]

    @classmethod
    def of(cls, b: FunnelBreakdown) -> BreakdownOut:
        return cls(
            by=b.by.value,
            groups=[
                GroupOut.model_validate({"group": g, **attrition_json(r), "definitions": None})
                for g, r in b.groups
            ],
        )


class AttritionOut(BaseModel):
    year: int | None
    as_of: date
    country: str
    national: FunnelOut
    agency: FunnelOut | None
    breakdowns: list[BreakdownOut]

    @classmethod
    def of(cls, r: AttritionReport) -> AttritionOut:
        return cls(
            year=r.year,
            as_of=r.as_of,
            country=r.country,
            national=FunnelOut.of(r.national),
            agency=FunnelOut.of(r.agency) if r.agency else None,
            breakdowns=[BreakdownOut.of(b) for b in r.breakdowns],
        )


class GlotipOut(BaseModel):
    spec: dict[str, Any]
    tables: list[dict[str, Any]] = Field(
        description="Each table: key, title, definition, columns, rows with counts, totals."
    )

    @classmethod
    def of(cls, r: GlotipResult) -> GlotipOut:
        return cls.model_validate(r.to_json())


class WitnessOut(BaseModel):
    participation_id: int
    link_id: int
    case_reference: str
    support_informed: bool


class HearingDueOut(BaseModel):
    hearing_id: int
    proceeding_id: int
    court: str
    court_case_number: str | None
    held_on: date
    public: bool
    witnesses: list[WitnessOut]


class UnpaidOut(BaseModel):
    compensation_id: int
    proceeding_id: int
    case_reference: str
    ordered_on: date
    ordered: str
    paid: str
    currency: str
    days: int


class ClientOut(BaseModel):
    case_id: int
    case_reference: str
    held_on: date
    court: str


class JusticeWorkOut(BaseModel):
    today: date
    days: int
    unpaid_after_days: int
    hearings: list[HearingDueOut]
    unpaid: list[UnpaidOut]
    clients_testifying: list[ClientOut]

    @classmethod
    def of(cls, w: JusticeWork) -> JusticeWorkOut:
        return cls(
            today=w.today,
            days=w.days,
            unpaid_after_days=w.unpaid_after_days,
            hearings=[
                HearingDueOut(
                    **{k: getattr(h, k) for k in HearingDueOut.model_fields if k != "witnesses"},
                    witnesses=[WitnessOut.model_validate(vars(x)) for x in h.witnesses],
                )
                for h in w.hearings
            ],
            unpaid=[
                UnpaidOut.model_validate(
                    {**vars(u), "ordered": str(u.ordered), "paid": str(u.paid)}
                )
                for u in w.unpaid
            ],
            clients_testifying=[ClientOut.model_validate(vars(c)) for c in w.clients_testifying],
        )


class KeywordOut(BaseModel):
    group: str
    code: str
    label: str
    reasons: list[str]


class ClassificationOut(BaseModel):
    keywords: list[KeywordOut]
    child_victim: bool
    missing: list[str]
    meets_definition: bool
    confirmed_by: str | None

    @classmethod
    def of(cls, c: SherlocClassification, locale: str = "en") -> ClassificationOut:
        return cls(
            keywords=[
                KeywordOut(
                    group=k.group.code, code=k.code, label=k.label(locale), reasons=list(k.reasons)
                )
                for k in c.keywords
            ],
            child_victim=c.child_victim,
            missing=[g.code for g in c.missing],
            meets_definition=c.meets_definition,
            confirmed_by=c.confirmed_by,
        )


class CaseLawOut(BaseModel):
    """The anonymised summary in SHERLOC's order (no names, birth dates or documents)."""

    summary: dict[str, Any]


class PublicHearingOut(BaseModel):
    held_on: date
    outcome: str | None
    in_camera: bool


class PublicChargeOut(BaseModel):
    offence: str
    article: str | None
    verdict: str | None
    verdict_on: date | None


class PublicAppealOut(BaseModel):
    lodged_on: date
    decided_on: date | None
    outcome: str | None


class PublicTrialOut(BaseModel):
    """A trial's public course: no victim, defendant, sentence or compensation."""

    proceeding_id: int
    court: str
    court_case_number: str | None
    stage: str
    charges: list[PublicChargeOut]
    hearings: list[PublicHearingOut]
    appeals: list[PublicAppealOut]

    @classmethod
    def of(cls, proceeding_id: int, v: PublicTrialView) -> PublicTrialOut:
        return cls(
            proceeding_id=proceeding_id,
            court=v.court,
            court_case_number=v.court_case_number,
            stage=v.stage.code,
            charges=[
                PublicChargeOut(
                    offence=c.offence.code,
                    article=c.article,
                    verdict=c.verdict.code if c.verdict else None,
                    verdict_on=c.verdict_on,
                )
                for c in v.charges
            ],
            hearings=[
                PublicHearingOut(
                    held_on=h.on,
                    outcome=h.outcome.code if h.outcome else None,
                    in_camera=h.in_camera,
                )
                for h in v.hearings
            ],
            appeals=[
                PublicAppealOut(lodged_on=a.lodged_on, decided_on=a.decided_on, outcome=a.outcome)
                for a in v.appeals
            ],
        )
