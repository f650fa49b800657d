"""Prosecute: victims linked to the justice system, suspects and investigations.

A victim is never copied into the justice tables: a :class:`JusticeVictimLink` says that
a justice agency (police, prosecutor, court) follows a Protect case, and on what basis
(its own case, or a referral from the agency holding it, each with the case's consent to
cooperate with law enforcement). A suspect's identity is a :class:`Person` row
(names, birth date, document and contacts encrypted, blind indexes for exact search);
what statistics need (citizenship, roles, age when first named) stays in clear here.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow
from palermo.store.models.person import Person


class JusticeVictimLink(Base):
    """A justice agency follows a victim's case. ``basis``: ``own_case`` (the agency holds
    the case) or ``referral`` (``referral_id``, from the agency that holds it).
    ``consent_id`` or ``override_id``: the law-enforcement consent (or a supervisor's
    override) the link was made on; identity is shown only while one still holds."""

    __tablename__ = "justice_victim_link"
    __audit__ = AuditSpec(entity="justice_victim_link")
    __table_args__ = (UniqueConstraint("agency_id", "case_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    basis: Mapped[str] = mapped_column(String(20))
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"))
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consent.id"))
    override_id: Mapped[int | None] = mapped_column(ForeignKey("consent_override.id"))
    linked_on: Mapped[date] = mapped_column(Date)
    linked_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class JusticeNotReported(Base):
    """Why an identified victim's case never reached law enforcement (recorded by the
    agency that holds the case): the first stage of the attrition funnel's reasons."""

    __tablename__ = "justice_not_reported"
    __audit__ = AuditSpec(entity="case", parent="case_id", as_field="not_reported_reason")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), unique=True
    )
    reason: Mapped[str] = mapped_column(String(40))
    recorded_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(200))


class JusticeSuspect(Base):
    """A person suspected of an offence, known to one justice agency."""

    __tablename__ = "justice_suspect"
    __audit__ = AuditSpec(entity="justice_suspect")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    citizenship: Mapped[list[str]] = mapped_column(JSON, default=list)
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    named_on: Mapped[date] = mapped_column(Date)
    age_when_named: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    person: Mapped[Person] = relationship()


class JusticeInvestigation(Base):
    """An investigation led by ``agency_id`` (police or prosecutor), with the prosecutor's
    office that directs it when another (``prosecutor_agency_id``)."""

    __tablename__ = "justice_investigation"
    __audit__ = AuditSpec(entity="justice_investigation")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    prosecutor_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    reference: Mapped[str] = mapped_column(String(60))
    offences: Mapped[list[str]] = mapped_column(JSON, default=list)
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(40))
    drop_out_reason: Mapped[str | None] = mapped_column(String(40))
    organised_criminal_group: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    victims: Mapped[list[InvestigationVictim]] = relationship(
        back_populates="investigation",
        cascade="all, delete-orphan",
        order_by="InvestigationVictim.id",
    )
    suspects: Mapped[list[InvestigationSuspect]] = relationship(
        back_populates="investigation",
        cascade="all, delete-orphan",
        order_by="InvestigationSuspect.id",
    )
    cooperation: Mapped[list[JusticeCooperation]] = relationship(
        back_populates="investigation",
        cascade="all, delete-orphan",
        order_by="JusticeCooperation.id",
    )


class InvestigationVictim(Base):
    __tablename__ = "justice_investigation_victim"
    __audit__ = AuditSpec(
        entity="justice_investigation", parent="investigation_id", as_field="victims"
    )
    __table_args__ = (UniqueConstraint("investigation_id", "link_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    investigation_id: Mapped[int] = mapped_column(
        ForeignKey("justice_investigation.id", ondelete="CASCADE"), index=True
    )
    link_id: Mapped[int] = mapped_column(ForeignKey("justice_victim_link.id"), index=True)

    investigation: Mapped[JusticeInvestigation] = relationship(back_populates="victims")
    link: Mapped[JusticeVictimLink] = relationship()


class InvestigationSuspect(Base):
    __tablename__ = "justice_investigation_suspect"
    __audit__ = AuditSpec(
        entity="justice_investigation", parent="investigation_id", as_field="suspects"
    )
    __table_args__ = (UniqueConstraint("investigation_id", "suspect_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    investigation_id: Mapped[int] = mapped_column(
        ForeignKey("justice_investigation.id", ondelete="CASCADE"), index=True
    )
    suspect_id: Mapped[int] = mapped_column(ForeignKey("justice_suspect.id"), index=True)

    investigation: Mapped[JusticeInvestigation] = relationship(back_populates="suspects")
    suspect: Mapped[JusticeSuspect] = relationship()


class JusticeCooperation(Base):
    """One act of international cooperation (mutual legal assistance, a joint team...)."""

    __tablename__ = "justice_cooperation"
    __audit__ = AuditSpec(
        entity="justice_investigation", parent="investigation_id", as_field="cooperation"
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    investigation_id: Mapped[int] = mapped_column(
        ForeignKey("justice_investigation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    country: Mapped[str] = mapped_column(String(3))
    sent_on: Mapped[date] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)

    investigation: Mapped[JusticeInvestigation] = relationship(back_populates="cooperation")


class SherlocClassificationRow(Base):
    """The keywords a person confirmed for an investigation's case (group, code pairs)."""

    __tablename__ = "justice_sherloc_classification"
    __audit__ = AuditSpec(entity="justice_sherloc_classification")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    investigation_id: Mapped[int] = mapped_column(
        ForeignKey("justice_investigation.id", ondelete="CASCADE"), unique=True
    )
    keywords: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    confirmed_by: Mapped[str] = mapped_column(String(200))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
