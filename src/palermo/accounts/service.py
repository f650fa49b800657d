"""Agencies, users, logins with lock-out, and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.accounts.passwords import DUMMY_HASH, hash_password, verify_password
from palermo.config import get_settings
from palermo.errors import AuthenticationFailed, Conflict, FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, ApiToken, User, utcnow
from palermo.vocab import UserRole, get_list

ROLES = tuple(role.value for role in UserRole)


def actor_of(user: User, origin: str | None = None) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        agency_id=user.agency_id,
        role=user.role,
        origin=origin,
    )


@audit.audited
def create_agency(
    session: Session, *, name: str, type: str, country: str, actor: Actor, city: str | None = None
) -> Agency:
    get_list("agency_type").parse(type)
    get_list("country").parse(country)
    if session.scalar(select(Agency.id).where(Agency.name == name)):
        raise Conflict(
            msg("An agency named {name!r} already exists.", name=name),
            hint=msg("Choose another name."),
        )
    agency = Agency(name=name, type=type, country=country, city=city)
    session.add(agency)
    session.flush()
    return agency


@audit.audited
def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: str,
    agency_id: int,
    actor: Actor,
    display_name: str | None = None,
    locale: str | None = None,
) -> User:
    if role not in ROLES:
        raise ValidationFailed(
            msg("Unknown role {role!r}. Valid roles: {valid}.", role=role, valid=", ".join(ROLES)),
            problems=[FieldProblem("role", msg("unknown role"), value=role)],
        )
    if session.scalar(select(User.id).where(User.username == username)):
        raise Conflict(
            msg("The username {username!r} is taken.", username=username),
            hint=msg("Choose another username."),
        )
    if session.get(Agency, agency_id) is None:
        raise ValidationFailed(
            msg("No agency with id {id}.", id=agency_id),
            problems=[FieldProblem("agency", msg("unknown agency"))],
        )
    user = User(
        username=username,
        display_name=display_name or username,
        role=role,
        agency_id=agency_id,
        password_hash=hash_password(password),
        locale=locale,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, *, username: str, password: str, origin: str | None) -> User:
    """The user if the password is right and the account is not locked; failures are audited."""
    settings = get_settings()
    # Locked for update: concurrent wrong guesses must each count towards the lock-out.
    user = session.scalar(select(User).where(User.username == username).with_for_update(of=User))
    now = utcnow()
    # People type passwords into the username field: an unknown name is never logged as typed.
    anonymous = Actor(
        user_id=None, username="unknown-user", agency_id=None, role="none", origin=origin
    )
    if user is None or not user.active:
        verify_password(DUMMY_HASH, password)
        audit.record(
            session,
            actor=anonymous,
            action="login",
            entity="user",
            entity_id=None,
            outcome="failed",
        )
        raise AuthenticationFailed(msg("Wrong username or password."))
    if user.locked_until and user.locked_until > now:
        audit.record(
            session,
            actor=actor_of(user, origin),
            action="login",
            entity="user",
            entity_id=user.id,
            outcome="locked",
        )
        raise AuthenticationFailed(
            msg("This account is locked after too many failed logins."),
            hint=msg(
                "Try again after {time} UTC or ask an administrator.",
                time=user.locked_until.strftime("%H:%M"),
            ),
        )
    if not verify_password(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= settings.login_attempts_before_lockout:
            user.locked_until = now + timedelta(minutes=settings.lockout_minutes)
            user.failed_logins = 0
        audit.record(
            session,
            actor=actor_of(user, origin),
            action="login",
            entity="user",
            entity_id=user.id,
            outcome="failed",
        )
        raise AuthenticationFailed(msg("Wrong username or password."))
    user.failed_logins = 0
    user.locked_until = None
    audit.record(
        session, actor=actor_of(user, origin), action="login", entity="user", entity_id=user.id
    )
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@audit.audited
def issue_token(session: Session, *, username: str, actor: Actor) -> str:
    """A new bearer token for ``username``; shown once, only its hash is kept."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise ValidationFailed(
            msg("No user named {username!r}.", username=username),
            problems=[FieldProblem("username", msg("unknown user"))],
        )
    token = "plm_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=_token_hash(token)))
    return token


def user_for_token(session: Session, token: str) -> User:
    row = session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == _token_hash(token), ApiToken.revoked.is_(False)
        )
    )
    if row is None or not row.user.active:
        raise AuthenticationFailed(
            msg("The API token is unknown or revoked."),
            hint=msg("Create one with `palermo users token USERNAME`."),
        )
    row.last_used_at = utcnow()
    return row.user
