"""Append to the keyed, hash-chained audit log.

Each row's hash is an HMAC-SHA256, under the audit key of the key ring, of its own
content and the previous row's hash; the audit head remembers the last row. Someone who
can write to the database but does not hold the key file can therefore neither edit a
row nor recompute the chain after an edit, a deletion or a renumbering; signed
checkpoints of the head written outside the database (:mod:`.checkpoints`) catch what
the chain alone cannot: rows cut off the end. ``verify`` names what it finds.

Rows written before migration 0012b carry no key id and a plain SHA-256 hash; the
migration appended a switch-over row, the first keyed one, after which unkeyed rows are
refused.

A transaction that changes rows appends its entries itself, on its own connection, so an
entry lands if and only if the change does (the head row locked until commit). A read
session (a GET request) queues them instead: they are handed to the store's group-commit
writer when the session commits and the commit returns once they are durable
(:mod:`.writer`), so reads never hold the write lock for their whole life.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, event, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from palermo.store.actor import Actor
from palermo.store.fields import current_keyring
from palermo.store.keys import KeyRing
from palermo.store.models import AuditEntry, AuditHead, utcnow

GENESIS = "0" * 64
SCHEME_ACTION = "audit_scheme"  # the switch-over row's action (migration 0012b)

_HEAD_KEY = "palermo.audit_head"
READ_ONLY = "palermo.read_only"
PENDING = "palermo.audit_pending"
DEFERRED = "palermo.audit_deferred"
WRITER = "palermo.audit_writer"
CHECKPOINTS = "palermo.audit_checkpoints"
BATCH = "palermo.audit_batch"
_ENTRIES = cast(Table, AuditEntry.__table__)
_HEAD = cast(Table, AuditHead.__table__)


@dataclass(slots=True)
class NewEntry:
    """An entry on its way into the chain, before it is a row: the columns of
    :class:`AuditEntry` as a plain record. A bulk write makes one per change (the demo's
    casework about 150,000), so it is not an ORM object: those cost about ten times as
    much to make and to read back into an INSERT's parameters."""

    at: datetime
    actor_id: int | None
    actor: str
    agency_id: int | None
    action: str
    entity: str
    entity_id: int | None
    fields: list[str]
    origin: str | None
    outcome: str
    id: int | None = None
    prev_hash: str | None = None
    hash: str | None = None
    key_id: str | None = None


def canonical(entry: AuditEntry | NewEntry) -> bytes:
    content: dict[str, Any] = {
        "id": entry.id,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor": entry.actor,
        "agency_id": entry.agency_id,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "fields": list(entry.fields or []),
        "origin": entry.origin,
        "outcome": entry.outcome,
        "prev": entry.prev_hash,
    }
    if entry.key_id is not None:
        content["key"] = entry.key_id
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(entry: AuditEntry | NewEntry, ring: KeyRing) -> str | None:
    """The hash ``entry`` must carry: keyed under its audit key, plain SHA-256 for rows
    written before the switch-over; None when its key is not in ``ring``."""
    if entry.key_id is None:
        return hashlib.sha256(canonical(entry)).hexdigest()
    key = ring.audit_key(entry.key_id)
    if key is None:
        return None
    return hmac.new(key.mac_key, canonical(entry), hashlib.sha256).hexdigest()


@dataclass
class Head:
    last_id: int
    last_hash: str
    moved: bool = False


def lock_head(conn: Connection) -> Head:
    """The head of the chain, locked until the transaction ends (PostgreSQL: FOR UPDATE;
    SQLite: the writing transaction already holds the database's write lock)."""
    table = _HEAD
    row = conn.execute(
        select(table.c.last_id, table.c.last_hash).where(table.c.id == 1).with_for_update()
    ).first()
    if row is None:
        conn.execute(insert(table).values(id=1, last_id=0, last_hash=GENESIS))
        return Head(0, GENESIS)
    return Head(row.last_id, row.last_hash)


def new_entry(
    *,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    fields: Iterable[str] = (),
    outcome: str = "ok",
) -> NewEntry:
    """An entry not yet placed in the chain (no id, link or hash)."""
    return NewEntry(
        at=utcnow(),
        actor_id=actor.user_id,
        actor=actor.username,
        agency_id=actor.agency_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        fields=sorted(set(fields)),
        origin=actor.origin,
        outcome=outcome,
    )


def append(conn: Connection, head: Head, entries: Iterable[NewEntry], ring: KeyRing) -> None:
    """Chain ``entries`` after ``head`` with Core statements on ``conn`` (usable inside a
    flush), and move the head."""
    key = ring.audit
    columns = [c.name for c in _ENTRIES.columns]
    rows = []
    for entry in entries:
        entry.id, entry.prev_hash, entry.key_id = head.last_id + 1, head.last_hash, key.key_id
        entry.hash = hmac.new(key.mac_key, canonical(entry), hashlib.sha256).hexdigest()
        rows.append({c: getattr(entry, c) for c in columns})
        head.last_id, head.last_hash, head.moved = entry.id, entry.hash, True
    if not rows:
        return
    conn.execute(insert(_ENTRIES), rows)
    conn.execute(
        update(_HEAD).where(_HEAD.c.id == 1).values(last_id=head.last_id, last_hash=head.last_hash)
    )


def _session_head(session: Session) -> Head:
    head = session.info.get(_HEAD_KEY)
    if head is None:
        head = lock_head(session.connection())
        session.info[_HEAD_KEY] = head
    return head


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    fields: Iterable[str] = (),
    outcome: str = "ok",
) -> NewEntry:
    """Append one entry in the caller's transaction: it lands if and only if the
    transaction commits (in a read session, before its commit returns)."""
    entry = new_entry(
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        fields=fields,
        outcome=outcome,
    )
    if session.info.get(READ_ONLY):
        session.info.setdefault(PENDING, []).append(entry)
        return entry
    if BATCH in session.info:
        session.info[BATCH].append(entry)
        return entry
    append(session.connection(), _session_head(session), [entry], current_keyring())
    return entry


def _chain_batch(session: Session, *, end: bool = False) -> None:
    entries = session.info.pop(BATCH, None) if end else session.info.get(BATCH)
    if entries:
        append(session.connection(), _session_head(session), entries, current_keyring())
        entries.clear()


@contextmanager
def batched(session: Session) -> Iterator[Session]:
    """Chain the block's entries in one statement when it ends, for bulk writes (the demo's
    casework, an import): the same entries, in the same order, in the same transaction,
    written when the block ends and before its transaction can commit (the commit hook
    below chains what a block left). Without the block, each entry costs an INSERT and
    an UPDATE of the head."""
    if session.info.get(READ_ONLY) or BATCH in session.info:
        yield session
        return
    session.info[BATCH] = []
    try:
        yield session
    finally:
        # Also on an error: the entries of what was written are chained, as they would
        # have been without the block; a rollback takes them away with the writes.
        if session.is_active:
            _chain_batch(session, end=True)
        else:
            session.info.pop(BATCH, None)


def defer(session: Session, statement: Executable) -> None:
    """Run a bookkeeping ``statement`` (a token's last use) with the session's audit
    entries: in a read session, by the writer when it commits; otherwise at once."""
    if session.info.get(READ_ONLY):
        session.info.setdefault(DEFERRED, []).append(statement)
    else:
        session.execute(statement)


@event.listens_for(Session, "before_commit")
def _hand_over_reads(session: Session) -> None:
    _chain_batch(session)
    pending = session.info.pop(PENDING, [])
    statements = session.info.pop(DEFERRED, [])
    if pending or statements:
        session.info[WRITER].submit(pending, statements=statements)


@event.listens_for(Session, "after_commit")
def _checkpoint_committed(session: Session) -> None:
    head = session.info.pop(_HEAD_KEY, None)
    checkpoints = session.info.get(CHECKPOINTS)
    if head is not None and head.moved and checkpoints is not None:
        checkpoints.note(head.last_id, head.last_hash)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, *_args: object) -> None:
    session.info.pop(_HEAD_KEY, None)
    session.info.pop(BATCH, None)
    session.info.pop(PENDING, None)
    session.info.pop(DEFERRED, None)
