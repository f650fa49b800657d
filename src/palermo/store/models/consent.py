"""Consent per purpose, and supervisor overrides recorded when an action goes ahead without it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from palermo.store.fields import EncryptedText
from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow


class Consent(Base):
    """One consent for one purpose (and, for sharing, one named agency).

    ``informed_of`` is the HTCDS checklist of what the person was told.
    """

    __tablename__ = "consent"
    __audit__ = AuditSpec(entity="consent")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(40))
    shared_with_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    given_by: Mapped[str] = mapped_column(String(20))  # person | guardian
    guardian_name: Mapped[str | None] = mapped_column(EncryptedText("consent.guardian_name"))
    informed_of: Mapped[list[str]] = mapped_column(JSON, default=list)
    given_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_note: Mapped[str | None] = mapped_column(EncryptedText("consent.withdrawal_note"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ConsentOverride(Base):
    """A supervisor's decision to act without the consent an action needs, with the reason."""

    __tablename__ = "consent_override"
    __audit__ = AuditSpec(entity="consent_override")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(EncryptedText("consent_override.reason"))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    supervisor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
