"""Family tracing requests and the candidate matches proposed for a case worker to verify."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from palermo.store.fields import EncryptedText
from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow


class TracingRequest(Base):
    __tablename__ = "tracing_request"
    __audit__ = AuditSpec(entity="tracing_request")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_record.id", ondelete="CASCADE"), index=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    sought_given_name: Mapped[str | None] = mapped_column(
        EncryptedText("tracing_request.sought_given_name")
    )
    sought_family_name: Mapped[str | None] = mapped_column(
        EncryptedText("tracing_request.sought_family_name")
    )
    sought_birth_year: Mapped[int | None] = mapped_column(Integer)
    # HTCDS prs_Gender code, as the requester gives it; None when they do not say.
    sought_gender: Mapped[str | None] = mapped_column(String(40))
    # Other names the sought person goes by, one a line (like person.aliases).
    sought_aliases: Mapped[str | None] = mapped_column(
        EncryptedText("tracing_request.sought_aliases")
    )
    relationship: Mapped[str] = mapped_column(String(40))
    separated_on: Mapped[date | None] = mapped_column(Date)
    separation_place: Mapped[str | None] = mapped_column(
        EncryptedText("tracing_request.separation_place")
    )
    last_known_place: Mapped[str | None] = mapped_column(
        EncryptedText("tracing_request.last_known_place")
    )
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def sought_alias_list(self) -> list[str]:
        return [a for a in (self.sought_aliases or "").split("\n") if a]


class TracingMatch(Base):
    """A candidate: another person or another request, with a score and its reasons."""

    __tablename__ = "tracing_match"
    __audit__ = AuditSpec(entity="tracing_match")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("tracing_request.id", ondelete="CASCADE"), index=True
    )
    # A proposal about a deleted person or request means nothing: it goes with them.
    candidate_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE")
    )
    candidate_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("tracing_request.id", ondelete="CASCADE")
    )
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    verified_by: Mapped[str | None] = mapped_column(String(200))
    verified_at: Mapped[datetime | None] = mapped_column(DateTime)
