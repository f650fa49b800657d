"""Changes of a case's status with their reasons: closure, reopening."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from palermo.store.fields import EncryptedText
from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow


class CaseStatusChange(Base):
    __tablename__ = "case_status_change"
    __audit__ = AuditSpec(entity="case", parent="case_id", as_field="status_history")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    reason_code: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(EncryptedText("case_status_change.reason"))
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
