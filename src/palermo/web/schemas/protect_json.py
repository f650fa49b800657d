"""JSON bodies in and out of the Protect API: consent, closure, needs, referrals, services,
the work queues, the NRM and the Protect report."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from palermo.cases.nrm.deadlines import Deadline, NrmAlert
from palermo.cases.nrm.decisions import NrmHistory, describe
from palermo.cases.nrm.recovery import extensions_of
from palermo.cases.referrals.shared_view import SharedCaseView
from palermo.cases.referrals.states import is_overdue
from palermo.cases.work.queues import ProviderQueue, Queue
from palermo.cases.work.reports import DurationStats, ReferralStats, ServiceCount
from palermo.clock import UtcDateTime
from palermo.store.ranges import RowId
from palermo.vocab import CaseClosureReason, ShareGroup

if TYPE_CHECKING:
    from palermo.store.models import NrmDecision, RecoveryPeriod, Referral, ServiceDelivery

# ------------------------------------------------------------ consent, closure, needs


class WithdrawIn(BaseModel):
    note: str | None = Field(default=None, max_length=2000)


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason_code: CaseClosureReason
    note: str | None = Field(default=None, max_length=4000)
    referred_to_agency_id: RowId | None = None


class ReopenIn(BaseModel):
    reason: str = Field(min_length=1, max_length=4000)


class NeedsIn(BaseModel):
    needs: list[str]
    notes: str | None = Field(default=None, max_length=4000)
    assessed_on: date | None = None


# ----------------------------------------------------------------- referrals, services


class ReferralIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    to_agency_id: RowId
    service: str | None = Field(default=None, description="A service type code, or none.")
    shared_fields: list[str] = Field(
        default_factory=list,
        description=f"Field groups: {', '.join(g.value for g in ShareGroup)}.",
    )
    note: str | None = Field(default=None, max_length=2000)
    respond_by: date | None = None
    override_reason: str | None = Field(
        default=None, description="A supervisor's reason to refer without the consent needed."
    )


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=2000)


class ServiceIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    service_type: str
    delivered_on: date | None = None
    planned_on: date | None = None
    outcome: str | None = Field(default=None, max_length=2000)


class ReferralOut(BaseModel):
    id: int
    case_id: int
    from_agency_id: int
    to_agency_id: int
    service_type: str | None
    state: str
    shared_fields: list[str]
    note: str | None
    rejection_reason: str | None
    respond_by: date | None
    overdue: bool
    created_at: UtcDateTime | None
    responded_at: UtcDateTime | None
    done_at: UtcDateTime | None
    revoked_at: UtcDateTime | None

    @classmethod
    def of(cls, r: Referral) -> ReferralOut:
        return cls(
            id=r.id,
            case_id=r.case_id,
            from_agency_id=r.from_agency_id,
            to_agency_id=r.to_agency_id,
            service_type=r.service_type,
            state=r.status,
            shared_fields=list(r.shared_fields or []),
            note=r.note,
            rejection_reason=r.rejection_reason,
            respond_by=r.respond_by,
            overdue=is_overdue(r),
            created_at=r.created_at,
            responded_at=r.responded_at,
            done_at=r.done_at,
            revoked_at=r.revoked_at,
        )


class ServiceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int
    referral_id: int | None
    provider_agency_id: int
    service_type: str
    planned_on: date | None
    delivered_on: date | None
    outcome: str | None

    @classmethod
    def of(cls, x: ServiceDelivery) -> ServiceOut:
        return cls.model_validate(x)


class ReferralDetailOut(BaseModel):
    referral: ReferralOut
    case: dict[str, Any] | None = Field(
        default=None,
        description="For the receiving agency: the case as shared, only the shared groups.",
    )
    services: list[ServiceOut]

    @classmethod
    def of(
        cls, r: Referral, view: SharedCaseView | None, services: list[ServiceDelivery]
    ) -> ReferralDetailOut:
        # ``case`` is left unset, not null, when nothing is shared (see the route).
        extra = {"case": view.as_dict()} if view is not None else {}
        return cls(
            referral=ReferralOut.of(r), services=[ServiceOut.of(x) for x in services], **extra
        )


class WorkOut(BaseModel):
    caseworker: Queue
    provider: ProviderQueue


# ------------------------------------------------------------------------------ NRM


class ReconsiderationIn(BaseModel):
    decision_id: int
    requested_by: str
    requested_on: date
    reasons: str


class RecoveryIn(BaseModel):
    """Start a period (starts_on, optional ends_on) or extend it (extended_to and reason)."""

    starts_on: date | None = None
    ends_on: date | None = None
    extended_to: date | None = None
    reason: str | None = None


class DecisionOut(BaseModel):
    id: int
    stage: str
    result: str
    decision_maker: str
    decision_org: str | None
    decided_on: date
    reasons: str
    reconsiders_id: int | None
    recorded_by: str
    summary: str

    @classmethod
    def of(cls, d: NrmDecision) -> DecisionOut:
        return cls(
            id=d.id,
            stage=d.stage,
            result=d.result,
            decision_maker=d.decision_maker,
            decision_org=d.decision_org,
            decided_on=d.decided_on,
            reasons=d.reasons,
            reconsiders_id=d.reconsiders_id,
            recorded_by=d.recorded_by,
            summary=describe(d),
        )


class PeriodOut(BaseModel):
    id: int
    starts_on: date
    ends_on: date
    extended_to: date | None
    extensions: list[str]

    @classmethod
    def of(cls, p: RecoveryPeriod) -> PeriodOut:
        return cls(
            id=p.id,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            extended_to=p.extended_to,
            extensions=extensions_of(p),
        )


class RuleOut(BaseModel):
    days: int
    working_days: bool
    source: str


class DeadlineOut(BaseModel):
    step: str
    starts_on: date
    due_on: date
    done_on: date | None
    state: str
    late: bool
    rule: RuleOut

    @classmethod
    def of(cls, d: Deadline) -> DeadlineOut:
        return cls(
            step=str(d.step),
            starts_on=d.starts_on,
            due_on=d.due_on,
            done_on=d.done_on,
            state=str(d.state),
            late=d.late,
            rule=RuleOut(days=d.rule.days, working_days=d.rule.working_days, source=d.rule.source),
        )


class NrmHistoryOut(BaseModel):
    """A case's NRM history and deadlines, as ``GET /api/cases/{id}/nrm`` answers them."""

    decisions: list[DecisionOut]
    recovery_periods: list[PeriodOut]
    pending_reconsiderations: list[int]
    deadlines: list[DeadlineOut]

    @classmethod
    def of(cls, history: NrmHistory, due: list[Deadline]) -> NrmHistoryOut:
        return cls(
            decisions=[DecisionOut.of(d) for d in history.decisions],
            recovery_periods=[PeriodOut.of(p) for p in history.periods],
            pending_reconsiderations=[d.id for d in history.pending_reconsiderations],
            deadlines=[DeadlineOut.of(d) for d in due],
        )


class AlertOut(BaseModel):
    case_id: int
    reference: str
    step: str
    due_on: date
    state: str

    @classmethod
    def of(cls, a: NrmAlert) -> AlertOut:
        return cls(
            case_id=a.case_id, reference=a.reference, step=a.step, due_on=a.due_on, state=a.state
        )


# --------------------------------------------------------------------------- report


class ProtectReportOut(BaseModel):
    agency_id: int
    date_from: date
    date_to: date
    services: list[ServiceCount]
    time_to_first_service: DurationStats
    referrals_sent: ReferralStats
    referrals_received: ReferralStats
