"""Append to and verify the hash-chained audit log.

Each row's hash covers its own content and the previous row's hash, and the audit
head remembers the last row, so editing, deleting or truncating rows behind
Palermo's back breaks the chain at a row that ``verify_chain`` names.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, event, insert, select, update
from sqlalchemy.orm import Session

from palermo.i18n import msg
from palermo.store.actor import Actor
from palermo.store.models import AuditEntry, AuditHead, utcnow

GENESIS = "0" * 64
_ENTRIES = cast(Table, AuditEntry.__table__)
_HEAD = cast(Table, AuditHead.__table__)


def _digest(entry: AuditEntry) -> str:
    content = {
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
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


_HEAD_KEY = "palermo.audit_head"


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_head(session: Session, *_args: object) -> None:
    session.info.pop(_HEAD_KEY, None)


@dataclass
class _Head:
    last_id: int
    last_hash: str


def _head(session: Session) -> _Head:
    """The head of the chain, locked and read once per transaction (the lock lasts until
    commit). Entries and the head are written with Core statements on the session's own
    connection, so they can be appended from inside a flush (the model-layer trail)."""
    head = session.info.get(_HEAD_KEY)
    if head is not None:
        return head
    conn = session.connection()
    table = _HEAD
    row = conn.execute(
        select(table.c.last_id, table.c.last_hash).where(table.c.id == 1).with_for_update()
    ).first()
    if row is None:
        conn.execute(insert(_HEAD).values(id=1, last_id=0, last_hash=GENESIS))
        head = _Head(0, GENESIS)
    else:
        head = _Head(row.last_id, row.last_hash)
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
) -> AuditEntry:
    """Append one entry in the caller's transaction: it lands if and only if the change does."""
    head = _head(session)
    entry = AuditEntry(
        id=head.last_id + 1,
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
        prev_hash=head.last_hash,
    )
    entry.hash = _digest(entry)
    conn = session.connection()
    columns = [c.name for c in _ENTRIES.columns]
    conn.execute(insert(_ENTRIES).values({c: getattr(entry, c) for c in columns}))
    conn.execute(
        update(_HEAD).where(_HEAD.c.id == 1).values(last_id=entry.id, last_hash=entry.hash)
    )
    head.last_id, head.last_hash = entry.id, entry.hash
    return entry


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    rows: int
    first_broken_id: int | None = None
    reason: str | None = None


def verify_chain(session: Session, *, batch: int = 5000) -> ChainReport:
    """Walk the log in id order; report the first row whose hash or link does not hold."""
    expected_prev = GENESIS
    expected_id = 1
    rows = 0
    last_id = 0
    while True:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
        ).all()
        if not entries:
            break
        for entry in entries:
            if entry.id != expected_id:
                return ChainReport(
                    False, rows, expected_id, msg("row {id} is missing", id=expected_id)
                )
            if entry.prev_hash != expected_prev:
                return ChainReport(False, rows, entry.id, msg("link to the previous row is broken"))
            if _digest(entry) != entry.hash:
                return ChainReport(False, rows, entry.id, msg("content does not match its hash"))
            expected_prev = entry.hash
            expected_id += 1
            rows += 1
        last_id = entries[-1].id
        session.expunge_all()
    head = session.get(AuditHead, 1)
    if head is not None and (head.last_id != rows or head.last_hash != expected_prev):
        return ChainReport(False, rows, rows + 1, msg("rows at the end of the log were removed"))
    return ChainReport(True, rows)
