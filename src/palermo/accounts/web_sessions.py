"""Server-side browser sessions with a bound CSRF token."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from palermo.config import get_settings
from palermo.errors import AuthenticationFailed
from palermo.i18n import msg
from palermo.store.models import User, WebSession, utcnow


@dataclass(frozen=True)
class SignedIn:
    user: User
    csrf_token: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, *, user: User) -> tuple[str, str]:
    """A new (cookie value, CSRF token) pair for ``user``."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    hours = get_settings().session_hours
    session.add(
        WebSession(
            token_hash=_hash(token),
            user_id=user.id,
            csrf_token=csrf,
            expires_at=utcnow() + timedelta(hours=hours),
        )
    )
    # Expired sessions are cleared on each login so the table does not grow without end.
    session.execute(delete(WebSession).where(WebSession.expires_at < utcnow()))
    return token, csrf


def resolve_session(session: Session, token: str) -> SignedIn:
    row = session.scalar(
        select(WebSession)
        .where(WebSession.token_hash == _hash(token))
        .options(joinedload(WebSession.user))  # and the user's agency: one statement
    )
    if row is None or row.expires_at < utcnow() or not row.user.active:
        raise AuthenticationFailed(
            msg("Your session has ended."), hint=msg("Please sign in again.")
        )
    return SignedIn(user=row.user, csrf_token=row.csrf_token)


def end_session(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(WebSession.token_hash == _hash(token)))
