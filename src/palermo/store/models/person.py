"""Persons (victims and perpetrators) with their personal data encrypted field by field."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from palermo.store.fields import EncryptedText
from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow

# Fields that identify a person. They are encrypted at rest and never written to logs.
PERSONAL_FIELDS = (
    "given_name",
    "middle_name",
    "family_name",
    "aliases",
    "birth_date",
    "identity_number",
    "email",
    "phone",
    "address",
)


def full_name(given: str | None, middle: str | None, family: str | None) -> str:
    """A person's name as lists and pages show it; a dash for a record without one."""
    return " ".join(p for p in (given, middle, family) if p) or "—"


class Person(Base):
    __tablename__ = "person"
    __audit__ = AuditSpec(entity="person")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    given_name: Mapped[str | None] = mapped_column(EncryptedText("person.given_name"))
    middle_name: Mapped[str | None] = mapped_column(EncryptedText("person.middle_name"))
    family_name: Mapped[str | None] = mapped_column(EncryptedText("person.family_name"))
    # Aliases are one encrypted value (newline-separated) so their number is not visible.
    aliases: Mapped[str | None] = mapped_column(EncryptedText("person.aliases"))
    birth_date: Mapped[str | None] = mapped_column(EncryptedText("person.birth_date"))
    identity_number: Mapped[str | None] = mapped_column(EncryptedText("person.identity_number"))
    email: Mapped[str | None] = mapped_column(EncryptedText("person.email"))
    phone: Mapped[str | None] = mapped_column(EncryptedText("person.phone"))
    address: Mapped[str | None] = mapped_column(EncryptedText("person.address"))
    gender: Mapped[str | None] = mapped_column(String(40))
    primary_language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    index_entries: Mapped[list[PersonIndex]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )

    @property
    def alias_list(self) -> list[str]:
        return [a for a in (self.aliases or "").split("\n") if a]

    @property
    def full_name(self) -> str:
        return full_name(self.given_name, self.middle_name, self.family_name)


class PersonIndex(Base):
    """Blind index entries: keyed hashes of names, birth date and document number."""

    __tablename__ = "person_index"
    __table_args__ = (Index("ix_person_index_kind_digest", "kind", "digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # name, birth_date, document
    digest: Mapped[str] = mapped_column(String(32))

    person: Mapped[Person] = relationship(back_populates="index_entries")
