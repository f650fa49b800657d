"""Encrypted fields bound to their row: sealed just before the ORM writes a row, opened
just after it loads one.

AES-GCM's associated data names the column and the row's primary key
(``crypto.encrypt(..., row=id)``), so two persons' name ciphertexts swapped in the database
fail to decrypt instead of showing one person's name on the other's record. The key must
therefore be known before the INSERT: rows of a table with encrypted columns get their
primary key from the database before they are inserted (PostgreSQL: the column's
sequence; SQLite: one past the table's largest id, safe because every writing transaction
holds SQLite's write lock from its start). A client-generated row UUID would have done
too, at the cost of a second identity column on every encrypted table; pre-allocating
the key binds the ciphertext to the identity every reference already uses.

The plaintext stays what the application sees: the value is wrapped in
:class:`~palermo.store.fields.Bound` for the statement and put back right after it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Table, event, func, select, text
from sqlalchemy.orm import Mapper, Session, object_session
from sqlalchemy.orm.state import InstanceState
from sqlalchemy.sql import ColumnElement

from palermo.store import crypto
from palermo.store.fields import Bound, EncryptedText, current_keyring
from palermo.store.models.base import Base

_KEYS: dict[type, tuple[tuple[str, str], ...]] = {}
_ALLOCATED = "palermo.allocated_ids"
_SEALED = "palermo.sealed"


def encrypted_attributes(cls: type) -> tuple[tuple[str, str], ...]:
    """(attribute, context) of each encrypted column of a mapped class."""
    found = _KEYS.get(cls)
    if found is None:
        mapper: Mapper[Any] = cls.__mapper__  # type: ignore[attr-defined]
        found = tuple(
            (prop.key, prop.columns[0].type.context)
            for prop in mapper.column_attrs
            if isinstance(prop.columns[0].type, EncryptedText)
        )
        _KEYS[cls] = found
    return found


def _table(cls: type) -> Table:
    return cls.__mapper__.local_table  # type: ignore[attr-defined]


def allocate_ids(connection: Connection, table: Table, count: int, *, above: int = 0) -> list[int]:
    """``count`` primary keys for new rows of ``table``, known before their INSERT."""
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": count},
        )
        return [int(r[0]) for r in rows]
    id_column: ColumnElement[int] = table.c.id
    largest = connection.execute(select(func.max(id_column))).scalar() or 0
    start = max(largest, above) + 1
    return list(range(start, start + count))


def _assign(session: Session, connection: Connection, objects: list[Any]) -> None:
    allocated: dict[str, int] = session.info.setdefault(_ALLOCATED, {})
    table = _table(type(objects[0]))
    ids = allocate_ids(connection, table, len(objects), above=allocated.get(table.name, 0))
    for obj, row_id in zip(objects, ids, strict=True):
        obj.id = row_id
    allocated[table.name] = max(ids[-1], allocated.get(table.name, 0))


@event.listens_for(Session, "before_flush")
def _allocate_new_ids(session: Session, _context: object, _instances: object) -> None:
    pending: dict[type, list[Any]] = defaultdict(list)
    for obj in session.new:
        if encrypted_attributes(type(obj)) and getattr(obj, "id", None) is None:
            pending[type(obj)].append(obj)
    if pending:
        connection = session.connection()
        for objects in pending.values():
            _assign(session, connection, objects)


def _seal(target: Any, keys: tuple[tuple[str, str], ...], *, changed_only: bool) -> None:
    state: InstanceState[Any] = target._sa_instance_state
    sealed = object_session(target).info.setdefault(_SEALED, [])  # type: ignore[union-attr]
    for key, _context in keys:
        value = state.dict.get(key)
        if value is None or isinstance(value, Bound):
            continue
        if changed_only and not state.attrs[key].history.has_changes():
            continue
        state.dict[key] = Bound(str(value), target.id)
        sealed.append((state, key))


def _unseal(target: Any, keys: tuple[tuple[str, str], ...]) -> None:
    values = target._sa_instance_state.dict
    for key, _context in keys:
        value = values.get(key)
        if isinstance(value, Bound):
            values[key] = value.plain


@event.listens_for(Base, "before_insert", propagate=True)
def _seal_new(_mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    keys = encrypted_attributes(type(target))
    if not keys:
        return
    if target.id is None:  # added during the flush itself, after the ids were allocated
        _assign(object_session(target), connection, [target])  # type: ignore[arg-type]
    _seal(target, keys, changed_only=False)


@event.listens_for(Base, "before_update", propagate=True)
def _seal_changed(_mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    keys = encrypted_attributes(type(target))
    if keys:
        _seal(target, keys, changed_only=True)


@event.listens_for(Base, "after_insert", propagate=True)
@event.listens_for(Base, "after_update", propagate=True)
def _unseal_written(_mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    keys = encrypted_attributes(type(target))
    if keys:
        _unseal(target, keys)


@event.listens_for(Session, "after_flush_postexec")
def _forget_flush(session: Session, _context: object) -> None:
    session.info.pop(_SEALED, None)
    session.info.pop(_ALLOCATED, None)


@event.listens_for(Session, "after_soft_rollback")
def _restore_after_failed_flush(session: Session, _previous: object) -> None:
    # A flush that failed between a row's sealing and its statement leaves the wrapper in
    # place: put the plaintext back so the object reads as it did.
    for state, key in session.info.pop(_SEALED, []):
        value = state.dict.get(key)
        if isinstance(value, Bound):
            state.dict[key] = value.plain
    session.info.pop(_ALLOCATED, None)


def _open(target: Any, attrs: Any) -> None:
    keys = encrypted_attributes(type(target))
    if not keys:
        return
    values = target._sa_instance_state.dict
    ring = current_keyring()
    row = values.get("id")
    for key, context in keys:
        if attrs is not None and key not in attrs:
            continue
        token = values.get(key)
        if isinstance(token, str):
            values[key] = crypto.decrypt(ring, token, context=context, row=row)


@event.listens_for(Base, "load", propagate=True)
def _open_loaded(target: Any, _context: object) -> None:
    _open(target, None)


@event.listens_for(Base, "refresh", propagate=True)
def _open_refreshed(target: Any, _context: object, attrs: Any) -> None:
    _open(target, attrs)


def open_selected(attribute: Any, token: str | None, *, row: int) -> str | None:
    """The plaintext of an encrypted column that a query selected on its own
    (``select(Person.id, Person.birth_date)``): such a value arrives still sealed, since only
    a loaded object knows its row; the caller names the row it selected with it."""
    if token is None:
        return None
    column_type = attribute.property.columns[0].type
    if not isinstance(column_type, EncryptedText):
        return token
    return crypto.decrypt(current_keyring(), token, context=column_type.context, row=row)
