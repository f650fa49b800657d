"""User administration for an agency's administrators: create, disable and enable, change
a role, reset a password, unlock; agencies; and what a locked-out user is told.

An administrator manages the users of their own agency (another agency's user answers
like one that does not exist, whatever the caller's role, and the attempt is audited).
Each step is named in the audit log ("disable", "change_role", "reset_password",
"unlock"); passwords never are.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, object_session

from palermo.accounts import throttle
from palermo.accounts.passwords import hash_password
from palermo.accounts.service import ROLES, create_agency, create_user
from palermo.errors import Conflict, FieldProblem, NotFound, PermissionDenied, ValidationFailed
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, LoginThrottle, User, WebSession, utcnow

ADMINS = frozenset({"admin"})


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    locked_until: datetime | None  # sign-ins must wait until then (failed attempts)
    created_at: datetime

    @property
    def locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > utcnow()


def _require_admin(actor: Actor) -> None:
    if actor.role not in ADMINS:
        raise PermissionDenied(
            msg("Only an administrator may manage users and agencies."),
            hint=msg("Ask an administrator of your agency."),
        )


def _wait_until(user: User) -> datetime | None:
    session = object_session(user)
    if session is None:
        return None
    key = throttle.user_key(user.username)
    return session.scalar(select(LoginThrottle.wait_until).where(LoginThrottle.key == key))


def _row(user: User) -> UserRow:
    return UserRow(
        user.id, user.username, user.display_name, user.role, user.active,
        _wait_until(user), user.created_at,
    )  # fmt: skip


def _load(session: Session, user_id: int, actor: Actor, doing: str) -> User:
    user = session.get(User, user_id)
    if user is None or user.agency_id != actor.agency_id:
        session.rollback()
        audit.record(
            session, actor=actor, action=doing, entity="user", entity_id=user_id, outcome="denied"
        )
        session.commit()
        raise NotFound(
            msg("No user {id} in your agency.", id=user_id), hint=msg("Check the user number.")
        )
    return user


def _end_sessions(session: Session, user: User) -> None:
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))


def list_users(session: Session, *, actor: Actor) -> list[UserRow]:
    _require_admin(actor)
    rows = session.scalars(
        select(User).where(User.agency_id == actor.agency_id).order_by(User.username)
    )
    return [_row(u) for u in rows]


def get_user(session: Session, *, user_id: int, actor: Actor) -> UserRow:
    user = _load(session, user_id, actor, "read")
    _require_admin(actor)
    return _row(user)


@audit.audited
def add_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    role: str,
    password: str,
    actor: Actor,
) -> UserRow:
    """A new user of the administrator's own agency."""
    _require_admin(actor)
    if not username.strip():
        raise ValidationFailed(
            msg("A username is needed."), problems=[FieldProblem("username", msg("required"))]
        )
    user = create_user(
        session,
        username=username.strip(),
        password=password,
        role=role,
        agency_id=actor.agency_id or 0,
        display_name=display_name.strip() or None,
        actor=actor,
    )
    return _row(user)


def _not_self(user: User, actor: Actor, doing: str) -> None:
    if user.id == actor.user_id:
        raise Conflict(
            msg("You cannot {doing} your own account.", doing=doing),
            hint=msg("Ask another administrator."),
        )


@audit.audited
def set_active(session: Session, *, user_id: int, active: bool, actor: Actor) -> UserRow:
    """Disable (sessions end at once) or enable a user."""
    user = _load(session, user_id, actor, "update")
    _require_admin(actor)
    if not active:
        _not_self(user, actor, msg("disable"))
    if user.active != active:
        audit.name_change(session, user, "enable" if active else "disable", fields=["active"])
        user.active = active
        if not active:
            _end_sessions(session, user)
        session.flush()
    return _row(user)


@audit.audited
def change_role(session: Session, *, user_id: int, role: str, actor: Actor) -> UserRow:
    user = _load(session, user_id, actor, "update")
    _require_admin(actor)
    if role not in ROLES:
        raise ValidationFailed(
            msg("Unknown role {role!r}. Valid roles: {valid}.", role=role, valid=", ".join(ROLES)),
            problems=[FieldProblem("role", msg("unknown role"), value=role)],
        )
    if role != user.role:
        _not_self(user, actor, msg("change the role of"))
        audit.name_change(session, user, "change_role", fields=["role"])
        user.role = role
        _end_sessions(session, user)  # the new role applies from the next sign-in
        session.flush()
    return _row(user)


@audit.audited
def reset_password(session: Session, *, user_id: int, actor: Actor) -> str:
    """A new random password for the user (shown once to the administrator, who gives it in
    person); the account is unlocked and its sessions end."""
    user = _load(session, user_id, actor, "update")
    _require_admin(actor)
    password = secrets.token_urlsafe(12)
    audit.name_change(session, user, "reset_password", fields=["password_hash"])
    user.password_hash = hash_password(password)
    throttle.clear(session, throttle.keys_for(user.username, None))
    _end_sessions(session, user)
    session.flush()
    return password


@audit.audited
def unlock_user(session: Session, *, user_id: int, actor: Actor) -> UserRow:
    user = _load(session, user_id, actor, "update")
    _require_admin(actor)
    throttle.clear(session, throttle.keys_for(user.username, None))
    audit.record(session, actor=actor, action="unlock", entity="user", entity_id=user.id)
    session.flush()
    return _row(user)


def list_agencies(session: Session, *, actor: Actor) -> list[Agency]:
    _require_admin(actor)
    return list(session.scalars(select(Agency).order_by(Agency.name)))


@audit.audited
def add_agency(
    session: Session, *, name: str, type: str, country: str, actor: Actor, city: str | None = None
) -> Agency:
    _require_admin(actor)
    if not name.strip():
        raise ValidationFailed(
            msg("An agency needs a name."), problems=[FieldProblem("name", msg("required"))]
        )
    return create_agency(
        session, name=name.strip(), type=type, country=country, city=city, actor=actor
    )
