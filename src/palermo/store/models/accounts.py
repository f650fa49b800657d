"""Agencies, their users and API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow


class Agency(Base):
    """An organisation that keeps case records (HTCDS org_*), in one country."""

    __tablename__ = "agency"
    __audit__ = AuditSpec(entity="agency")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    type: Mapped[str] = mapped_column(String(60))
    country: Mapped[str] = mapped_column(String(3))
    city: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="agency")


class User(Base):
    __tablename__ = "user_account"
    __audit__ = AuditSpec(entity="user")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(30))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    locale: Mapped[str | None] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    agency: Mapped[Agency] = relationship(back_populates="users", lazy="joined")


class LoginThrottle(Base):
    """Failed sign-ins counted for one username (a keyed hash of it, whether or not the
    account exists: what people type as a username may be a password) or one client
    address, and until when the next attempt must wait. Bookkeeping, not audited: each
    attempt is recorded in the audit log as a sign-in event."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime)
    wait_until: Mapped[datetime | None] = mapped_column(DateTime)


class ApiToken(Base):
    """Bearer token; only its SHA-256 is stored, so a database leak yields no usable token."""

    __tablename__ = "api_token"
    __audit__ = AuditSpec(entity="api_token", derived=frozenset({"last_used_at"}))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship()


class WebSession(Base):
    """A signed-in browser. Server-side, so logout, deactivation and a password reset end it
    at once (failed sign-ins by others never do).

    Only a hash of the cookie value is stored; the CSRF token is bound to the session.
    """

    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
