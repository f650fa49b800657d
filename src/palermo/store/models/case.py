"""A case: one victim's record in one agency, with the HTCDS victim context."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from palermo.store import crypto
from palermo.store.fields import EncryptedText, current_keyring
from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow
from palermo.store.models.person import Person


def external_id_digest(value: str) -> str:
    """The blind index of an external reference (exact match, surrounding blanks ignored)."""
    return crypto.blind_index(current_keyring(), value.strip(), kind="external_id")


class Case(Base):
    __tablename__ = "case_record"
    __audit__ = AuditSpec(entity="case", derived=frozenset({"reference", "external_id_digest"}))
    __table_args__ = (
        Index("ix_case_agency_status", "agency_id", "status"),
        # The case list pages newest first within an agency; reports and the dashboard
        # count an agency's cases by the day they were identified.
        Index("ix_case_agency_id_desc", "agency_id", "id"),
        Index("ix_case_agency_identified", "agency_id", "identified_on"),
        # "My work" lists a user's cases; duplicate checks and name searches go from the
        # person index to the case.
        Index("ix_case_owner", "owner_id", "status"),
        Index("ix_case_victim", "victim_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    # Searches by name, birth date or document find persons, then their cases.
    victim_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[str] = mapped_column(String(30))
    identified_on: Mapped[date | None] = mapped_column(Date)
    trafficking_status: Mapped[str | None] = mapped_column(String(60))
    status_decision_org: Mapped[str | None] = mapped_column(String(60))
    status_decided_by: Mapped[str | None] = mapped_column(
        EncryptedText("case_record.status_decided_by")
    )
    status_decided_on: Mapped[date | None] = mapped_column(Date)
    relationship_to_trafficker: Mapped[str | None] = mapped_column(String(40))
    age_when_trafficked: Mapped[int | None] = mapped_column(Integer)
    forced_labour_industry: Mapped[str | None] = mapped_column(String(80))
    # Free text about the person's situation: encrypted like other personal data.
    closure_reason: Mapped[str | None] = mapped_column(EncryptedText("case_record.closure_reason"))
    # Another system's reference for the person's record: encrypted, found by its blind index.
    external_id: Mapped[str | None] = mapped_column(EncryptedText("case_record.external_id"))
    external_id_digest: Mapped[str | None] = mapped_column(String(32), index=True)
    # Children: age when identified, their guardian, and the best-interests flag.
    age_at_identification: Mapped[int | None] = mapped_column(Integer)
    guardian_name: Mapped[str | None] = mapped_column(EncryptedText("case_record.guardian_name"))
    guardian_contact: Mapped[str | None] = mapped_column(
        EncryptedText("case_record.guardian_contact")
    )
    best_interests_flag: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    victim: Mapped[Person] = relationship(foreign_keys=[victim_id])
    codes: Mapped[list[CaseCode]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseCode.id"
    )
    events: Mapped[list[TraffickingEvent]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="TraffickingEvent.id"
    )
    perpetrators: Mapped[list[Perpetrator]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Perpetrator.id"
    )
    comments: Mapped[list[CaseComment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseComment.id"
    )

    @validates("external_id")
    def _index_external_id(self, _key: str, value: str | None) -> str | None:
        self.external_id_digest = external_id_digest(value) if value else None
        return value

    def codes_for(self, field: str) -> list[str]:
        return [c.code for c in self.codes if c.field == field]

    def set_codes(self, field: str, codes: list[str]) -> None:
        keep = [c for c in self.codes if c.field != field]
        self.codes = keep + [CaseCode(field=field, code=code) for code in dict.fromkeys(codes)]


class CaseCode(Base):
    """One value of a multi-select picklist (exploitation types, methods of control...).

    A row per value keeps filters portable across SQLite and PostgreSQL.
    """

    __tablename__ = "case_code"
    __audit__ = AuditSpec(entity="case", parent="case_id", as_field=lambda row: row.field)
    # With case_id in the index, a filter or a count by code never reads the table.
    __table_args__ = (Index("ix_case_code_field_code_case", "field", "code", "case_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(60))
    code: Mapped[str] = mapped_column(String(80))

    case: Mapped[Case] = relationship(back_populates="codes")


class TraffickingEvent(Base):
    """A step of the journey (HTCDS hte_*): recruitment, transit or exploitation."""

    __tablename__ = "trafficking_event"
    __audit__ = AuditSpec(entity="case", parent="case_id", as_field="events")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(3))
    city: Mapped[str | None] = mapped_column(EncryptedText("trafficking_event.city"))
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(EncryptedText("trafficking_event.description"))

    case: Mapped[Case] = relationship(back_populates="events")


class Perpetrator(Base):
    """A person suspected in the case, with their roles in the process (per_RoleInProcess)."""

    __tablename__ = "perpetrator"
    __audit__ = AuditSpec(entity="case", parent="case_id", as_field="perpetrators")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    role_details: Mapped[str | None] = mapped_column(EncryptedText("perpetrator.role_details"))

    case: Mapped[Case] = relationship(back_populates="perpetrators")
    person: Mapped[Person] = relationship()


class CaseComment(Base):
    __tablename__ = "case_comment"
    __audit__ = AuditSpec(entity="case", parent="case_id", as_field="comments")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    author_name: Mapped[str] = mapped_column(String(200))
    # Comments often name people, so they are encrypted like personal data.
    body: Mapped[str] = mapped_column(EncryptedText("case_comment.body"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="comments")
