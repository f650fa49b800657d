"""Imports under way: the hidden agency that holds an atomic import's cases until they are
swapped into their agency, and what became of each import."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow


class ImportStaging(Base):
    """One atomic import. Its cases are written, batch by batch, into ``staging_agency_id``,
    an agency no user belongs to, so no one sees a half-imported file; the last step moves
    them all into ``agency_id`` in one short transaction (state ``done``), or deletes them
    (state ``discarded``)."""

    __tablename__ = "import_staging"
    __audit__ = AuditSpec(entity="import")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    # Cleared once the staging agency is gone (after the swap or the discard).
    staging_agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency.id", ondelete="SET NULL"), unique=True
    )
    state: Mapped[str] = mapped_column(String(12), default="staging")
    started_by: Mapped[str] = mapped_column(String(80))
    cases: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
