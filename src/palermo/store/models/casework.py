"""Casework that people organise themselves: tasks on a case, and the receiving agency's own
case linked to the referral it came from."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from palermo.store.fields import EncryptedText
from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow


class CaseTask(Base):
    """Something to do on a case, by a day, by someone (a follow-up call, a hearing...)."""

    __tablename__ = "case_task"
    __audit__ = AuditSpec(entity="case", parent="case_id", as_field="tasks")
    __table_args__ = (Index("ix_case_task_assignee_due", "assigned_to_id", "done_on", "due_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    # Tasks name people and places ("call her sister in Iasi"): encrypted like notes.
    title: Mapped[str] = mapped_column(EncryptedText("case_task.title"))
    due_on: Mapped[date | None] = mapped_column(Date)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by: Mapped[str | None] = mapped_column(String(200))


class ReferralCaseLink(Base):
    """The receiving agency's own case for a referral it accepted (opened from it or linked).

    Kept beside the referral, not on it: the referral belongs to both agencies, the case
    to the receiver only, and the sender never learns the receiver's case number.
    """

    __tablename__ = "referral_case_link"
    __audit__ = AuditSpec(entity="case", parent="case_id", as_field="referral_link")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), unique=True
    )
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    linked_by: Mapped[str] = mapped_column(String(200))
    linked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
