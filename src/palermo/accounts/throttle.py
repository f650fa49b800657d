"""Sign-in throttling: growing delays per username and per client address, never a lock.

A hard lock after five failures let anyone shut a colleague out (and ended their open
sessions). Instead failures are counted for the username typed (a keyed hash of it, the
same whether the account exists or not, so neither the count nor the answer says which
usernames exist) and for the client address. Past a number of free failures, each
further failure makes the next attempt wait twice as long, up to a ceiling; attempts
during the wait are refused without checking the password. A stranger can therefore slow
sign-ins to an account to one attempt per ceiling, never stop them, and a signed-in
user's sessions are untouched. Success clears the username's count; an address's count
fades after the failure window. An administrator clears both with ``palermo users unlock``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from palermo.config import Settings
from palermo.store import crypto
from palermo.store.fields import current_keyring
from palermo.store.models import LoginThrottle


def user_key(username: str) -> str:
    digest = crypto.blind_index(current_keyring(), username.strip().casefold(), kind="login")
    return f"user:{digest}"


def address_key(origin: str) -> str:
    return f"address:{origin}"[:80]


def keys_for(username: str, origin: str | None) -> list[str]:
    return [user_key(username)] + ([address_key(origin)] if origin else [])


def _rows(session: Session, keys: list[str]) -> dict[str, LoginThrottle]:
    # Locked for update: concurrent wrong guesses must each count.
    found = session.scalars(
        select(LoginThrottle).where(LoginThrottle.key.in_(keys)).with_for_update()
    )
    return {row.key: row for row in found}


def wait_seconds(session: Session, keys: list[str], *, now: datetime) -> int:
    """How long the next attempt must still wait (0: go ahead)."""
    waits = [
        (row.wait_until - now).total_seconds()
        for row in _rows(session, keys).values()
        if row.wait_until is not None and row.wait_until > now
    ]
    return max(1, round(max(waits))) if waits else 0


def _free(key: str, settings: Settings) -> int:
    if key.startswith("user:"):
        return settings.login_free_failures_per_user
    return settings.login_free_failures_per_address


def delay(failures: int, free: int, ceiling: int) -> int:
    """Seconds to wait after ``failures`` in a row: none while free, then 1, 2, 4..."""
    if failures < free:
        return 0
    return min(ceiling, 2 ** min(failures - free, 20))


def note_failure(session: Session, keys: list[str], *, now: datetime, settings: Settings) -> None:
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    for key in keys:
        session.execute(
            insert(LoginThrottle)
            .values(key=key, failures=0, last_failure_at=now)
            .on_conflict_do_nothing(index_elements=["key"])
        )
    window = timedelta(minutes=settings.login_failure_window_minutes)
    for key, row in _rows(session, keys).items():
        if now - row.last_failure_at > window:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        wait = delay(row.failures, _free(key, settings), settings.login_max_delay_seconds)
        row.wait_until = now + timedelta(seconds=wait) if wait else None
    session.flush()


def clear(session: Session, keys: list[str]) -> None:
    session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(keys)))
