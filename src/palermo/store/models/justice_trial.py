"""Prosecute: proceedings against one defendant, with their charges, verdicts, sentences,
hearings and appeals; what they mean for victims (participation, protection,
compensation and its payments); charges against victims (non-punishment); and the
anonymised case-law summaries.

Amounts are decimal text (``"1500.00"``), exact on every database; the currency is its
ISO 4217 code. Victims are :class:`JusticeVictimLink` rows of the agency that records.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from palermo.store.fields import EncryptedText
from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow
from palermo.store.models.justice import JusticeInvestigation, JusticeSuspect, JusticeVictimLink


class JusticeProceeding(Base):
    """Proceedings against ``defendant_id``, brought by ``agency_id`` (a prosecutor's
    office) before ``court`` (and the court's own agency in Palermo, if it has one)."""

    __tablename__ = "justice_proceeding"
    __audit__ = AuditSpec(entity="justice_proceeding")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    investigation_id: Mapped[int] = mapped_column(
        ForeignKey("justice_investigation.id"), index=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    court_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    defendant_id: Mapped[int] = mapped_column(ForeignKey("justice_suspect.id"), index=True)
    court: Mapped[str] = mapped_column(String(200))
    court_case_number: Mapped[str | None] = mapped_column(String(80))
    stage: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    investigation: Mapped[JusticeInvestigation] = relationship()
    defendant: Mapped[JusticeSuspect] = relationship()
    charges: Mapped[list[JusticeCharge]] = relationship(
        back_populates="proceeding", order_by="JusticeCharge.id"
    )
    hearings: Mapped[list[JusticeHearing]] = relationship(
        order_by=lambda: [JusticeHearing.held_on, JusticeHearing.id]
    )
    appeals: Mapped[list[JusticeAppeal]] = relationship(
        order_by=lambda: [JusticeAppeal.lodged_on, JusticeAppeal.id]
    )


class JusticeCharge(Base):
    __tablename__ = "justice_charge"
    __audit__ = AuditSpec(entity="justice_charge")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proceeding_id: Mapped[int] = mapped_column(ForeignKey("justice_proceeding.id"), index=True)
    offence: Mapped[str] = mapped_column(String(40))
    article: Mapped[str | None] = mapped_column(String(120))
    charged_on: Mapped[date] = mapped_column(Date)
    verdict: Mapped[str | None] = mapped_column(String(30))
    verdict_on: Mapped[date | None] = mapped_column(Date)
    drop_out_reason: Mapped[str | None] = mapped_column(String(40))

    proceeding: Mapped[JusticeProceeding] = relationship(back_populates="charges")
    victims: Mapped[list[ChargeVictim]] = relationship(
        back_populates="charge", cascade="all, delete-orphan", order_by="ChargeVictim.id"
    )
    sentence: Mapped[JusticeSentence | None] = relationship(back_populates="charge")


class ChargeVictim(Base):
    __tablename__ = "justice_charge_victim"
    __audit__ = AuditSpec(entity="justice_charge", parent="charge_id", as_field="victims")
    __table_args__ = (UniqueConstraint("charge_id", "link_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    charge_id: Mapped[int] = mapped_column(
        ForeignKey("justice_charge.id", ondelete="CASCADE"), index=True
    )
    link_id: Mapped[int] = mapped_column(ForeignKey("justice_victim_link.id"), index=True)

    charge: Mapped[JusticeCharge] = relationship(back_populates="victims")
    link: Mapped[JusticeVictimLink] = relationship()


class JusticeSentence(Base):
    __tablename__ = "justice_sentence"
    __audit__ = AuditSpec(entity="justice_sentence")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    charge_id: Mapped[int] = mapped_column(ForeignKey("justice_charge.id"), unique=True)
    sentenced_on: Mapped[date] = mapped_column(Date)
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    custody_months: Mapped[int | None] = mapped_column(Integer)
    suspended_months: Mapped[int | None] = mapped_column(Integer)
    fine_amount: Mapped[str | None] = mapped_column(String(24))
    fine_currency: Mapped[str | None] = mapped_column(String(3))
    confiscated_amount: Mapped[str | None] = mapped_column(String(24))
    confiscated_currency: Mapped[str | None] = mapped_column(String(3))

    charge: Mapped[JusticeCharge] = relationship(back_populates="sentence")


class JusticeHearing(Base):
    __tablename__ = "justice_hearing"
    __audit__ = AuditSpec(entity="justice_hearing")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proceeding_id: Mapped[int] = mapped_column(ForeignKey("justice_proceeding.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    outcome: Mapped[str | None] = mapped_column(String(30))
    adjournment_reason: Mapped[str | None] = mapped_column(String(40))
    public: Mapped[bool] = mapped_column(Boolean, default=True)


class JusticeAppeal(Base):
    __tablename__ = "justice_appeal"
    __audit__ = AuditSpec(entity="justice_appeal")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proceeding_id: Mapped[int] = mapped_column(ForeignKey("justice_proceeding.id"), index=True)
    lodged_on: Mapped[date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(30))
    court: Mapped[str | None] = mapped_column(String(200))
    decided_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(40))


class JusticeCompensation(Base):
    """Compensation ordered for a victim in a proceeding."""

    __tablename__ = "justice_compensation"
    __audit__ = AuditSpec(entity="justice_compensation")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proceeding_id: Mapped[int] = mapped_column(ForeignKey("justice_proceeding.id"), index=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("justice_victim_link.id"), index=True)
    ordered_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[str] = mapped_column(String(24))
    currency: Mapped[str] = mapped_column(String(3))
    payer: Mapped[str] = mapped_column(String(30))

    payments: Mapped[list[JusticePayment]] = relationship(
        back_populates="compensation",
        cascade="all, delete-orphan",
        order_by=lambda: [JusticePayment.paid_on, JusticePayment.id],
    )


class JusticePayment(Base):
    __tablename__ = "justice_payment"
    __audit__ = AuditSpec(
        entity="justice_compensation", parent="compensation_id", as_field="payments"
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compensation_id: Mapped[int] = mapped_column(
        ForeignKey("justice_compensation.id", ondelete="CASCADE"), index=True
    )
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[str] = mapped_column(String(24))
    by: Mapped[str] = mapped_column(String(30))

    compensation: Mapped[JusticeCompensation] = relationship(back_populates="payments")


class JusticeParticipation(Base):
    """How a victim takes part in a proceeding: witness, civil party, protection measures,
    support person; and whether they testified or withdrew."""

    __tablename__ = "justice_participation"
    __audit__ = AuditSpec(entity="justice_participation")
    __table_args__ = (UniqueConstraint("proceeding_id", "link_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proceeding_id: Mapped[int] = mapped_column(ForeignKey("justice_proceeding.id"), index=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("justice_victim_link.id"), index=True)
    witness: Mapped[bool] = mapped_column(Boolean, default=False)
    testified: Mapped[bool] = mapped_column(Boolean, default=False)
    civil_party: Mapped[bool] = mapped_column(Boolean, default=False)
    protection: Mapped[list[str]] = mapped_column(JSON, default=list)
    support_person: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrew_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str | None] = mapped_column(String(40))

    link: Mapped[JusticeVictimLink] = relationship()


class JusticeNonPunishment(Base):
    """A charge brought against a victim for an act their trafficking compelled; recorded
    by ``agency_id``: the agency holding the victim's case, or a justice agency through
    its link (``link_id``)."""

    __tablename__ = "justice_non_punishment"
    __audit__ = AuditSpec(entity="justice_non_punishment")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    link_id: Mapped[int | None] = mapped_column(ForeignKey("justice_victim_link.id"))
    offence: Mapped[str] = mapped_column(String(40))
    charged_on: Mapped[date] = mapped_column(Date)
    trafficking_raised_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(40))
    decided_on: Mapped[date | None] = mapped_column(Date)


class CaseLawSummaryRow(Base):
    """What a person wrote for an investigation's anonymised case-law summary; the
    summary itself is built from the records each time it is exported."""

    __tablename__ = "justice_case_law_summary"
    __audit__ = AuditSpec(entity="justice_case_law_summary")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    investigation_id: Mapped[int] = mapped_column(
        ForeignKey("justice_investigation.id", ondelete="CASCADE"), unique=True
    )
    country: Mapped[str] = mapped_column(String(3))
    case_reference: Mapped[str] = mapped_column(String(120))
    # Checked to name nobody, but still the facts of a case: encrypted at rest.
    facts_summary: Mapped[str] = mapped_column(EncryptedText("justice_case_law_summary.facts"))
    commentary: Mapped[str | None] = mapped_column(
        EncryptedText("justice_case_law_summary.commentary")
    )
    written_by: Mapped[str] = mapped_column(String(200))
    written_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
