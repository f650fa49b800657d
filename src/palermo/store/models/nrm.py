"""National referral mechanism: decisions over time, recovery periods, deadline rules."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from palermo.store.fields import EncryptedText
from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow


class NrmDecision(Base):
    """A step of the NRM: reasonable grounds, conclusive grounds, or a reconsideration.

    A decision is a human act: the decision maker and the reasons are always recorded.
    """

    __tablename__ = "nrm_decision"
    __audit__ = AuditSpec(entity="nrm_decision")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(30))
    result: Mapped[str] = mapped_column(String(20))  # positive | negative | requested
    decision_maker: Mapped[str] = mapped_column(EncryptedText("nrm_decision.decision_maker"))
    decision_org: Mapped[str | None] = mapped_column(String(60))
    decided_on: Mapped[date] = mapped_column(Date)
    reasons: Mapped[str | None] = mapped_column(EncryptedText("nrm_decision.reasons"))
    reconsiders_id: Mapped[int | None] = mapped_column(ForeignKey("nrm_decision.id"))
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class RecoveryPeriod(Base):
    """The recovery and reflection period, with its extensions."""

    __tablename__ = "recovery_period"
    __audit__ = AuditSpec(entity="recovery_period")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    extended_to: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(
        EncryptedText("recovery_period.extension_reason")
    )
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class NrmDeadlineRule(Base):
    """How long a country allows for a step, e.g. reasonable grounds within 5 working days."""

    __tablename__ = "nrm_deadline_rule"
    __audit__ = AuditSpec(entity="nrm_deadline_rule")
    __table_args__ = (UniqueConstraint("country", "step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(3))
    step: Mapped[str] = mapped_column(String(40))
    days: Mapped[int] = mapped_column(Integer)
    working_days: Mapped[bool] = mapped_column(default=True)
    warn_days_before: Mapped[int] = mapped_column(Integer, default=2)
