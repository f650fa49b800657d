"""Agencies, users, sign-ins (throttled, never locked), and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, joinedload

from palermo.accounts import throttle
from palermo.accounts.passwords import DUMMY_HASH, hash_password, verify_password
from palermo.config import get_settings
from palermo.errors import (
    AuthenticationFailed,
    Conflict,
    FieldProblem,
    TooManyAttempts,
    ValidationFailed,
)
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.audit import chain
from palermo.store.models import Agency, ApiToken, User, WebSession, utcnow
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
    """The user if the password is right and no throttle asks to wait; attempts are audited.

    A wrong password and an unknown username get the same answer after the same work, and
    are throttled alike (``accounts.throttle``): nothing tells which usernames exist.
    """
    settings = get_settings()
    now = utcnow()
    keys = throttle.keys_for(username, origin)
    user = session.scalar(select(User).where(User.username == username))
    known = user is not None and user.active
    # People type passwords into the username field: an unknown name is never logged as typed.
    who = (
        actor_of(user, origin)
        if known and user is not None
        else Actor(
            user_id=None, username="unknown-user", agency_id=None, role="none", origin=origin
        )
    )
    entity_id = user.id if known and user is not None else None
    wait = throttle.wait_seconds(session, keys, now=now)
    if wait:
        audit.record(
            session, actor=who, action="login", entity="user", entity_id=entity_id,
            outcome="throttled",
        )  # fmt: skip
        raise TooManyAttempts(
            msg("Too many failed sign-ins for this username or from this address."),
            hint=msg("Wait {seconds} seconds, then try again.", seconds=wait),
            retry_after=wait,
        )
    if not known or user is None or not verify_password(user.password_hash, password):
        if not known:
            verify_password(DUMMY_HASH, password)
        throttle.note_failure(session, keys, now=now, settings=settings)
        audit.record(
            session, actor=who, action="login", entity="user", entity_id=entity_id,
            outcome="failed",
        )  # fmt: skip
        raise AuthenticationFailed(msg("Wrong username or password."))
    throttle.clear(session, keys[:1])
    audit.record(session, actor=who, action="login", entity="user", entity_id=user.id)
    return user


def _user_named(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise ValidationFailed(
            msg("No user named {username!r}.", username=username),
            problems=[FieldProblem("username", msg("unknown user"))],
        )
    return user


@audit.audited
def unlock_user(
    session: Session, *, username: str, actor: Actor, address: str | None = None
) -> None:
    """Clear the sign-in throttle of ``username`` (and of ``address``, if given)."""
    user = _user_named(session, username)
    throttle.clear(session, throttle.keys_for(username, address))
    audit.record(session, actor=actor, action="unlock", entity="user", entity_id=user.id)


@audit.audited
def reset_password(session: Session, *, username: str, password: str, actor: Actor) -> int:
    """Set a new password, clear the throttle and end the user's open sessions (someone
    may know the old password); returns the number of sessions ended."""
    user = _user_named(session, username)
    user.password_hash = hash_password(password)
    throttle.clear(session, throttle.keys_for(username, None))
    ended = session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    return int(ended.rowcount or 0)  # type: ignore[attr-defined]


TOKEN_USE_PRECISION = timedelta(minutes=5)


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
    # One statement for the token, its user and the user's agency (the caller's view).
    row = session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == _token_hash(token), ApiToken.revoked.is_(False))
        .options(joinedload(ApiToken.user))
    )
    if row is None or not row.user.active:
        raise AuthenticationFailed(
            msg("The API token is unknown or revoked."),
            hint=msg("Create one with `palermo users token USERNAME`."),
        )
    now = utcnow()
    # Bookkeeping, not a change to audit: coarse, so most API reads write nothing, and
    # deferred, so a read request's only write is its group-committed audit entry.
    if row.last_used_at is None or now - row.last_used_at > TOKEN_USE_PRECISION:
        chain.defer(session, update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now))
    return row.user
