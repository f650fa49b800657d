"""Needs assessments, the support plan, referrals between agencies and services delivered."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from palermo.store.fields import EncryptedText
from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow


class NeedsAssessment(Base):
    __tablename__ = "needs_assessment"
    __audit__ = AuditSpec(entity="needs_assessment")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    assessed_on: Mapped[date] = mapped_column(Date)
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)  # service types
    notes: Mapped[str | None] = mapped_column(EncryptedText("needs_assessment.notes"))
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    assessed_by: Mapped[str] = mapped_column(String(200))


class SupportPlanItem(Base):
    """One line of the support plan (HTCDS spl_*): a type of support with its objectives."""

    __tablename__ = "support_plan_item"
    __audit__ = AuditSpec(entity="support_plan_item")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    service_type: Mapped[str] = mapped_column(String(60))
    objectives: Mapped[str | None] = mapped_column(EncryptedText("support_plan_item.objectives"))
    action_plan: Mapped[str | None] = mapped_column(EncryptedText("support_plan_item.action_plan"))
    planned_end: Mapped[date | None] = mapped_column(Date)
    actual_end: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Referral(Base):
    """A case (or one service for it) referred from one agency to another.

    ``shared_fields`` names what the receiving agency may see; nothing else crosses.
    A sharing agreement between agencies will use the same grant.
    """

    __tablename__ = "referral"
    __audit__ = AuditSpec(entity="referral")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    from_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    to_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    service_type: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    shared_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(EncryptedText("referral.note"))
    rejection_reason: Mapped[str | None] = mapped_column(EncryptedText("referral.rejection_reason"))
    respond_by: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(DateTime)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class ServiceDelivery(Base):
    """A service given to the person, recorded by the agency that provided it."""

    __tablename__ = "service_delivery"
    __audit__ = AuditSpec(entity="service_delivery")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"), index=True)
    provider_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    service_type: Mapped[str] = mapped_column(String(60))
    planned_on: Mapped[date | None] = mapped_column(Date)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(EncryptedText("service_delivery.outcome"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
