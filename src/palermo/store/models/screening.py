"""A screening assessment saved on a case: the facts heard, the outcome and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from palermo.store.fields import EncryptedText
from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow


class ScreeningAssessment(Base):
    __tablename__ = "screening_assessment"
    __audit__ = AuditSpec(entity="case", parent="case_id", as_field="screening")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    screener_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    screener_name: Mapped[str] = mapped_column(String(200))
    screened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(40))
    also: Mapped[list[str]] = mapped_column(JSON, default=list)
    # What the person told is as sensitive as their name: facts and reasons are encrypted JSON.
    facts_json: Mapped[str] = mapped_column(EncryptedText("screening_assessment.facts_json"))
    result_json: Mapped[str] = mapped_column(EncryptedText("screening_assessment.result_json"))
    instrument_versions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
