"""Cross-border exchange: peer installations, the bundles sent and received, and the
referrals that crossed between installations.

The bundles themselves are never stored (they are encrypted to their recipient and
would only be ciphertext here); their ids are, so that a replay is refused, with a
digest that lets an administrator match a file to its entry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow


class ExchangePeer(Base):
    """Another Palermo installation: its name, public keys, and the agency standing for it.

    ``agency_id`` is the agency in this database that represents the peer's agency
    (same name on both sides), so referrals to it use the ordinary referral services.
    """

    __tablename__ = "exchange_peer"
    __audit__ = AuditSpec(entity="exchange_peer")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    public_jwks: Mapped[dict[str, Any]] = mapped_column(JSON)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ExchangeBundle(Base):
    """One bundle packed for a peer (``out``) or imported from one (``in``)."""

    __tablename__ = "exchange_bundle"
    __audit__ = AuditSpec(entity="exchange_bundle")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle_id: Mapped[str] = mapped_column(String(64), unique=True)
    direction: Mapped[str] = mapped_column(String(8))
    peer_id: Mapped[int] = mapped_column(ForeignKey("exchange_peer.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    digest: Mapped[str] = mapped_column(String(64))
    contents: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CrossBorderReferral(Base):
    """A local referral that is one end of a referral between two installations.

    ``exchange_key`` (``<origin installation>:<origin referral id>``) names the referral
    on both sides. ``news_sent`` is the digest of the last news of it packed for the
    peer (an answer on the receiving side, ``in``; a revocation on the sending side,
    ``out``), so the same news is not sent twice. On the sending side ``services_seen``
    lists the peer's service ids already recorded here.
    """

    __tablename__ = "crossborder_referral"
    __audit__ = AuditSpec(entity="crossborder_referral")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exchange_key: Mapped[str] = mapped_column(String(200), unique=True)
    direction: Mapped[str] = mapped_column(String(8))
    peer_id: Mapped[int] = mapped_column(ForeignKey("exchange_peer.id"), index=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), unique=True
    )
    last_bundle_id: Mapped[str] = mapped_column(String(64))
    news_sent: Mapped[str | None] = mapped_column(String(64))
    services_seen: Mapped[list[int]] = mapped_column(JSON, default=list)
