"""Cooperate: sharing agreements between agencies, linkage runs and the link table they write.

A linkage run reads the victims' identifiers of every agency inside the installation and
keeps only a pseudonymous person key per case (``linked_record``): one row per case and
per threshold of the sensitivity analysis, so that estimates can be redone at other
thresholds without linking again. Nothing of the person is kept with it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow


class SharingAgreement(Base):
    """Agencies' agreement to share records for some purposes, within some field groups.

    In force from ``starts_on`` to ``ends_on`` (inclusive, open-ended when None), unless
    ended earlier: from ``ended_on`` on it grants nothing.
    """

    __tablename__ = "sharing_agreement"
    __audit__ = AuditSpec(entity="sharing_agreement")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    purposes: Mapped[list[str]] = mapped_column(JSON, default=list)  # AgreementPurpose codes
    field_groups: Mapped[list[str]] = mapped_column(JSON, default=list)  # ShareGroup codes
    legal_basis: Mapped[str] = mapped_column(String(2000))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    # Who signed for each party (names and offices of staff, not of victims).
    signed_by: Mapped[str] = mapped_column(String(500))
    signed_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_on: Mapped[date | None] = mapped_column(Date)
    ended_by: Mapped[str | None] = mapped_column(String(200))
    end_reason: Mapped[str | None] = mapped_column(String(500))

    parties: Mapped[list[AgreementParty]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="AgreementParty.id"
    )

    @property
    def agency_ids(self) -> list[int]:
        return [p.agency_id for p in self.parties]


class AgreementParty(Base):
    """One agency party to an agreement."""

    __tablename__ = "sharing_agreement_party"
    __audit__ = AuditSpec(entity="sharing_agreement", parent="agreement_id", as_field="parties")
    __table_args__ = (UniqueConstraint("agreement_id", "agency_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("sharing_agreement.id", ondelete="CASCADE"), index=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)

    agreement: Mapped[SharingAgreement] = relationship(back_populates="parties")


class LinkageRun(Base):
    """One linkage of the store's records: who started it, how far it is, what it found."""

    __tablename__ = "linkage_run"
    # Progress changes every few seconds; the run's steps (start, finish) are what matter.
    __audit__ = AuditSpec(
        entity="linkage_run", derived=frozenset({"progress", "steps_done", "heartbeat_at"})
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(20))  # LinkRunState
    threshold: Mapped[float] = mapped_column(Float)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    started_by: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    progress: Mapped[str | None] = mapped_column(String(300))
    steps_done: Mapped[int] = mapped_column(Integer, default=0)
    steps_total: Mapped[int] = mapped_column(Integer, default=0)
    records: Mapped[int | None] = mapped_column(Integer)
    persons: Mapped[int | None] = mapped_column(Integer)
    agencies: Mapped[int | None] = mapped_column(Integer)
    pairs: Mapped[int | None] = mapped_column(Integer)
    comparisons: Mapped[int | None] = mapped_column(Integer)
    # Steps' seconds, blocking counts and persons by threshold: plain numbers, no records.
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    model: Mapped[dict | None] = mapped_column(JSON)  # the trained Splink model
    # The self-contained report (charts with their libraries inline): about a megabyte.
    report_html: Mapped[str | None] = mapped_column(Text, deferred=True)
    error: Mapped[str | None] = mapped_column(String(1000))


class LinkedRecord(Base):
    """A case's pseudonymous person key in one run, had records been joined at ``threshold``.

    Written in bulk by the run (whose own audit entry records it), deleted with the case.
    """

    __tablename__ = "linked_record"
    __table_args__ = (
        Index("ix_linked_record_run_threshold_key", "run_id", "threshold", "person_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("linkage_run.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    threshold: Mapped[float] = mapped_column(Float)
    person_key: Mapped[str] = mapped_column(String(32))
