"""Prevent: the registry of licensed agencies (§17), stored screenings of ad feeds, and
offers reported from the public check.

No case is kept here. A licence is a public record of an agency; a screened
ad keeps what the ad itself published (its id on the feed, the words that raised each
flag, the contacts it printed, its site and city) and what the screening found, plus the
monitor's mark (reviewed, referred to inspection). A reported offer is only what a
person chose to send, encrypted, with nothing about them. Every licence change, run, mark and
reported offer is audited; the ads, flags and networks of a run are written with the run
(one audited record) in batched statements.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from palermo.store.fields import EncryptedText
from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow


class AgencyLicence(Base):
    """One monitored agency and its licence, as the licensing authority last stated it."""

    __tablename__ = "agency_licence"
    __audit__ = AuditSpec(entity="agency_licence")
    __table_args__ = (UniqueConstraint("name_key", "country"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))  # lower case, single spaces
    country: Mapped[str] = mapped_column(String(2))
    licence_number: Mapped[str | None] = mapped_column(String(60), index=True)
    kind: Mapped[str | None] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(300))  # the decision, gazette or list cited
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    changes: Mapped[list[AgencyLicenceChange]] = relationship(
        back_populates="licence", order_by="AgencyLicenceChange.id"
    )


class AgencyLicenceChange(Base):
    """Each status a licence has had: who stated it, when, and on what source."""

    __tablename__ = "agency_licence_change"
    __audit__ = AuditSpec(entity="agency_licence_change")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("agency_licence.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(300))
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    licence: Mapped[AgencyLicence] = relationship(back_populates="changes")


class AdScreeningRun(Base):
    """The stored result of screening one feed of ads (``palermo monitor store``)."""

    __tablename__ = "ad_screening_run"
    __audit__ = AuditSpec(entity="ad_screening_run")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed: Mapped[str] = mapped_column(String(200))
    ads: Mapped[int] = mapped_column(Integer)  # every ad screened, flagged or not
    flagged: Mapped[int] = mapped_column(Integer)
    risks: Mapped[dict] = mapped_column(JSON)  # ads per risk level
    versions: Mapped[dict] = mapped_column(JSON)  # the rule files' versions used
    stored_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ScreenedAd(Base):
    """One flagged ad of a run: what it published that matters, and the monitor's mark."""

    __tablename__ = "screened_ad"
    __audit__ = AuditSpec(entity="screened_ad")
    __table_args__ = (UniqueConstraint("run_id", "ad_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("ad_screening_run.id"), index=True)
    ad_id: Mapped[str] = mapped_column(String(200))  # the feed's own id of the ad
    risk: Mapped[str] = mapped_column(String(20), index=True)
    score: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    flags: Mapped[list] = mapped_column(JSON)  # [[code, evidence], ...]
    contacts: Mapped[list] = mapped_column(JSON)  # contact keys the ad printed
    site: Mapped[str | None] = mapped_column(String(120))
    city: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))
    network_id: Mapped[str | None] = mapped_column(String(40), index=True)
    mark: Mapped[str] = mapped_column(String(20), default="new")  # new, reviewed, referred
    marked_by: Mapped[str | None] = mapped_column(String(200))
    marked_at: Mapped[datetime | None] = mapped_column(DateTime)


class ScreenedAdFlag(Base):
    """One flag of a stored ad, for the queue's filter by flag."""

    __tablename__ = "screened_ad_flag"
    __audit__ = AuditSpec(entity="screened_ad_flag")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ad_row_id: Mapped[int] = mapped_column(ForeignKey("screened_ad.id"), index=True)
    code: Mapped[str] = mapped_column(String(60), index=True)


class AdNetwork(Base):
    """A network of a run: ads tied by shared contacts or near-duplicate templates."""

    __tablename__ = "ad_network"
    __audit__ = AuditSpec(entity="ad_network")
    __table_args__ = (UniqueConstraint("run_id", "network_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("ad_screening_run.id"), index=True)
    network_id: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    flagged: Mapped[int] = mapped_column(Integer)
    contacts: Mapped[list] = mapped_column(JSON)  # [[contact, ads], ...] shared by 2+ ads
    templates: Mapped[int] = mapped_column(Integer)
    template_pairs: Mapped[int] = mapped_column(Integer)
    contact_pairs: Mapped[int] = mapped_column(Integer)
    cities: Mapped[list] = mapped_column(JSON)
    sites: Mapped[list] = mapped_column(JSON)


class ReportedOffer(Base):
    """An offer a person chose to send to the inspectorate from the public check.

    Kept only on that choice; the person is not recorded (no account, no address, no
    cookie), and the text, which may name them, is encrypted."""

    __tablename__ = "reported_offer"
    __audit__ = AuditSpec(entity="reported_offer")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(EncryptedText("reported_offer.text"))
    contract: Mapped[str | None] = mapped_column(EncryptedText("reported_offer.contract"))
    country: Mapped[str | None] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(8))
    risk: Mapped[str] = mapped_column(String(20), index=True)
    flags: Mapped[list] = mapped_column(JSON)  # flag codes
    reported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    mark: Mapped[str] = mapped_column(String(20), default="new")
    marked_by: Mapped[str | None] = mapped_column(String(200))
    marked_at: Mapped[datetime | None] = mapped_column(DateTime)
