"""JSON bodies out of the justice API: investigations, suspects, proceedings and what
hangs on them, victims' links, charges against victims. (Reports, queues and the trial
monitors' view are in ``justice_report_json``.) The bodies in are the pillar's schemas
(``palermo.justice.services.inputs``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from palermo.justice.services.investigations import InvestigationRow, InvestigationView
from palermo.justice.services.proceedings import ProceedingRow, ProceedingView
from palermo.justice.services.redress import paid_total
from palermo.justice.services.suspects import SuspectHit, SuspectView
from palermo.justice.services.victims import LinkRow


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class LinkOut(_Out):
    link_id: int
    case_reference: str
    basis: str
    linked_on: date | None = None
    in_force: bool

    @classmethod
    def of(cls, row: LinkRow) -> LinkOut:
        return cls.model_validate(row)


class VictimIdentityOut(_Out):
    """The person behind a link; ``shown`` false (and nothing else) once the consent lapsed."""

    link_id: int
    case_reference: str
    basis: str
    shown: bool
    reason: str | None
    name: str | None
    birth_date: str | None
    document: str | None
    phone: str | None
    groups: list[str]


class CooperationOut(_Out):
    id: int
    kind: str
    country: str
    sent_on: date
    answered_on: date | None


class InvestigationRowOut(_Out):
    id: int
    reference: str
    offences: list[str]
    opened_on: date
    closed_on: date | None
    outcome: str | None
    victims: int
    suspects: int

    @classmethod
    def of(cls, row: InvestigationRow) -> InvestigationRowOut:
        return cls.model_validate(row)


class VictimInCaseOut(_Out):
    link_id: int
    case_reference: str
    in_force: bool


class SuspectInCaseOut(_Out):
    suspect_id: int
    gender: str | None
    citizenship: list[str]
    roles: list[str]


class InvestigationOut(BaseModel):
    id: int
    reference: str
    agency_id: int
    prosecutor_agency_id: int | None
    offences: list[str]
    opened_on: date
    closed_on: date | None
    outcome: str | None
    drop_out_reason: str | None
    organised_criminal_group: bool | None
    victims: list[VictimInCaseOut]
    suspects: list[SuspectInCaseOut]
    cooperation: list[CooperationOut]
    proceedings: list[int]

    @classmethod
    def of(cls, view: InvestigationView) -> InvestigationOut:
        inv = view.investigation
        return cls(
            id=inv.id,
            reference=inv.reference,
            agency_id=inv.agency_id,
            prosecutor_agency_id=inv.prosecutor_agency_id,
            offences=list(inv.offences or []),
            opened_on=inv.opened_on,
            closed_on=inv.closed_on,
            outcome=inv.outcome,
            drop_out_reason=inv.drop_out_reason,
            organised_criminal_group=inv.organised_criminal_group,
            victims=[VictimInCaseOut.model_validate(v) for v in view.victims],
            suspects=[SuspectInCaseOut.model_validate(s) for s in view.suspects],
            cooperation=[CooperationOut.model_validate(c) for c in view.cooperation],
            proceedings=[p.id for p in view.proceedings],
        )


class SuspectOut(_Out):
    """A suspect's identity (every read is audited)."""

    suspect_id: int
    given_name: str | None
    middle_name: str | None
    family_name: str | None
    aliases: list[str]
    birth_date: str | None
    identity_number: str | None
    email: str | None
    phone: str | None
    address: str | None
    gender: str | None
    citizenship: list[str]
    roles: list[str]
    named_on: date
    age_when_named: int | None

    @classmethod
    def of(cls, view: SuspectView) -> SuspectOut:
        return cls.model_validate(view)


class SuspectHitOut(_Out):
    suspect_id: int
    named_on: date

    @classmethod
    def of(cls, hit: SuspectHit) -> SuspectHitOut:
        return cls.model_validate(hit)


class SentenceOut(_Out):
    id: int
    sentenced_on: date
    kinds: list[str]
    custody_months: int | None
    suspended_months: int | None
    fine_amount: str | None
    fine_currency: str | None
    confiscated_amount: str | None
    confiscated_currency: str | None


class ChargeOut(BaseModel):
    id: int
    offence: str
    article: str | None
    charged_on: date
    verdict: str | None
    verdict_on: date | None
    drop_out_reason: str | None
    victim_link_ids: list[int]
    sentence: SentenceOut | None

    @classmethod
    def of(cls, c: Any) -> ChargeOut:
        return cls(
            id=c.id,
            offence=c.offence,
            article=c.article,
            charged_on=c.charged_on,
            verdict=c.verdict,
            verdict_on=c.verdict_on,
            drop_out_reason=c.drop_out_reason,
            victim_link_ids=[v.link_id for v in c.victims],
            sentence=None if c.sentence is None else SentenceOut.model_validate(c.sentence),
        )


class HearingOut(_Out):
    id: int
    held_on: date
    outcome: str | None
    adjournment_reason: str | None
    public: bool


class AppealOut(_Out):
    id: int
    lodged_on: date
    by: str
    court: str | None
    decided_on: date | None
    outcome: str | None


class PaymentOut(_Out):
    paid_on: date
    amount: str
    by: str


class CompensationOut(BaseModel):
    id: int
    link_id: int
    ordered_on: date
    amount: str
    currency: str
    payer: str
    paid: str
    payments: list[PaymentOut]

    @classmethod
    def of(cls, c: Any) -> CompensationOut:
        return cls(
            id=c.id,
            link_id=c.link_id,
            ordered_on=c.ordered_on,
            amount=c.amount,
            currency=c.currency,
            payer=c.payer,
            paid=str(paid_total(c)),
            payments=[PaymentOut.model_validate(p) for p in c.payments],
        )


class ParticipationOut(_Out):
    id: int
    link_id: int
    witness: bool
    testified: bool
    civil_party: bool
    protection: list[str]
    support_person: bool
    withdrew_on: date | None
    withdrawal_reason: str | None


class ProceedingOut(BaseModel):
    id: int
    investigation_id: int
    agency_id: int
    court_agency_id: int | None
    defendant_id: int
    court: str
    court_case_number: str | None
    stage: str
    kind: str
    charges: list[ChargeOut]
    hearings: list[HearingOut]
    appeals: list[AppealOut]
    compensations: list[CompensationOut]
    participations: list[ParticipationOut]
    victims: dict[int, str] = Field(description="Link id -> the victim's case reference.")

    @classmethod
    def of(cls, view: ProceedingView) -> ProceedingOut:
        p = view.proceeding
        return cls(
            id=p.id,
            investigation_id=p.investigation_id,
            agency_id=p.agency_id,
            court_agency_id=p.court_agency_id,
            defendant_id=p.defendant_id,
            court=p.court,
            court_case_number=p.court_case_number,
            stage=p.stage,
            kind=p.kind,
            charges=[ChargeOut.of(c) for c in p.charges],
            hearings=[HearingOut.model_validate(h) for h in p.hearings],
            appeals=[AppealOut.model_validate(a) for a in p.appeals],
            compensations=[CompensationOut.of(c) for c in view.compensations],
            participations=[ParticipationOut.model_validate(x) for x in view.participations],
            victims={k: v.case_reference for k, v in view.victims.items()},
        )


class ProceedingRowOut(_Out):
    id: int
    court: str
    court_case_number: str | None
    stage: str
    charges: int
    next_hearing: date | None

    @classmethod
    def of(cls, row: ProceedingRow) -> ProceedingRowOut:
        return cls.model_validate(row)


class NonPunishmentOut(_Out):
    id: int
    case_id: int
    offence: str
    charged_on: date
    trafficking_raised_on: date | None
    outcome: str | None
    decided_on: date | None


class CreatedOut(BaseModel):
    """What a write returns when the record has no body of its own to show."""

    id: int
    entity: str


class NotReportedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str
    on: date | None = None


class ReferToJusticeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    to_agency_id: int
    shared_fields: list[str] = Field(default_factory=list)
    note: str | None = Field(default=None, max_length=2000)
    override_reason: str | None = None


class StageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stage: str


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    link_id: int


class KeywordsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    remove: list[tuple[str, str]] = Field(default_factory=list)
    add: list[tuple[str, str]] = Field(default_factory=list)
