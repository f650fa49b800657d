"""Audit entries written from the model layer: every create, update and delete of an audited
model lands in the log with the names of the fields it changed, never their values.

A model takes part by declaring ``__audit__ = AuditSpec(...)``: the entity name its entries
carry, or, for rows that belong to a case (codes, events, comments...), the parent they are
recorded on and the field they count as. The entries are appended after each flush, in the
flush's own transaction, so an entry lands if and only if the change does.

Who acts is bound to the session by the service being run (:func:`acting_as`, or the
:func:`audited` decorator every service verb wears); a flush of audited changes with nobody
bound is refused, so no change escapes the log. A change that is a named step of the work
(a referral accepted, a case closed) is labelled with :func:`name_change`: its entry carries
that action instead of ``update``.

Reads and events that change no row (a case opened, a search, an export) are recorded
explicitly with :func:`palermo.store.audit.record`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from palermo.store.actor import Actor
from palermo.store.audit.chain import batched, record
from palermo.store.models.auditing import AuditSpec

P = ParamSpec("P")
R = TypeVar("R")

_ACTORS = "palermo.audit_actors"
_NAMED = "palermo.audit_named"
BOOKKEEPING = frozenset({"id", "created_at", "updated_at"})


class UnattributedChange(RuntimeError):
    """Audited rows were flushed with no actor bound: a service forgot ``@audited``."""


@dataclass
class _Entry:
    entity: str
    entity_id: int | None
    action: str
    fields: set[str] = field(default_factory=set)
    explicit_fields: list[str] | None = None
    outcome: str = "ok"


def _spec(obj: object) -> AuditSpec | None:
    return getattr(type(obj), "__audit__", None)


_COLUMNS: dict[type, tuple[str, ...]] = {}


def _column_keys(obj: object) -> tuple[str, ...]:
    keys = _COLUMNS.get(type(obj))
    if keys is None:
        keys = _COLUMNS[type(obj)] = tuple(a.key for a in inspect(type(obj)).column_attrs)
    return keys


def _changed(obj: object, spec: AuditSpec) -> set[str]:
    state = inspect(obj)
    skip = BOOKKEEPING | spec.derived
    # Only an attribute set since the row was loaded can have changed: SQLAlchemy keeps its
    # loaded value in committed_state. A wide row (a case) then needs no history of the
    # columns nobody touched, which made most of each flush's audit collection.
    touched = state.committed_state
    return {
        key
        for key in _column_keys(obj)
        if key in touched and key not in skip and state.attrs[key].history.has_changes()
    }


def _given(obj: object, spec: AuditSpec) -> set[str]:
    skip = BOOKKEEPING | spec.derived
    return {key for key in _column_keys(obj) if key not in skip and getattr(obj, key) is not None}


def _as_field(obj: object, spec: AuditSpec) -> str:
    if callable(spec.as_field):
        return spec.as_field(obj)
    return spec.as_field or spec.entity


def _in_order(objects: Iterable[object]) -> list[object]:
    """Parents before children (the schema's dependency order), then by primary key, so the
    entries of one flush come in the same order every time."""
    rank = _table_rank()
    return sorted(
        objects,
        key=lambda o: (rank.get(getattr(o, "__tablename__", ""), 0), getattr(o, "id", 0) or 0),
    )


@functools.cache
def _table_rank() -> dict[str, int]:
    from palermo.store.models import Base

    return {table.name: i for i, table in enumerate(Base.metadata.sorted_tables)}


def _collect(session: Session) -> list[_Entry]:
    entries: dict[tuple[str, int | None], _Entry] = {}
    named: dict[int, tuple[str, list[str] | None, str]] = session.info.get(_NAMED, {})
    new, dirty = _in_order(session.new), _in_order(session.dirty)
    deleted = _in_order(session.deleted)
    gone = {(s.entity, inspect(o).identity[0] if inspect(o).identity else None)
            for o in deleted if (s := _spec(o)) and not s.parent}  # fmt: skip
    created = {(s.entity, getattr(o, "id", None)) for o in new if (s := _spec(o)) and not s.parent}

    def entry(entity: str, entity_id: int | None, action: str) -> _Entry:
        key = (entity, entity_id)
        if key not in entries:
            entries[key] = _Entry(entity, entity_id, action)
        return entries[key]

    for obj, kind in [*((o, "create") for o in new), *((o, "update") for o in dirty),
                      *((o, "delete") for o in deleted)]:  # fmt: skip
        spec = _spec(obj)
        if spec is None:
            continue
        if spec.parent is not None:
            parent_id = getattr(obj, spec.parent, None)
            parent = (spec.entity, parent_id)
            if parent in gone:
                continue  # the whole parent goes: its own entry says so
            fields = {_as_field(obj, spec)}
            if kind == "update" and not _changed(obj, spec):
                continue
            action = "create" if parent in created else "update"
            entry(parent[0], parent_id, action).fields |= fields
            continue
        if kind == "update":
            fields = _changed(obj, spec)
            if not fields and id(obj) not in named:
                continue
        elif kind == "create":
            fields = _given(obj, spec)
        else:
            fields = set()
        row = entry(spec.entity, getattr(obj, "id", None), kind)
        row.fields |= fields
        if id(obj) in named:
            row.action, row.explicit_fields, row.outcome = named[id(obj)]
    return list(entries.values())


@event.listens_for(Session, "after_flush")
def _record_changes(session: Session, _context: object) -> None:
    entries = _collect(session)
    session.info.pop(_NAMED, None)
    if not entries:
        return
    actors = session.info.get(_ACTORS)
    if not actors:
        what = ", ".join(sorted({e.entity for e in entries}))
        raise UnattributedChange(
            f"Changes to {what} were flushed with no actor bound to the session; "
            "run them inside a service marked @audited (or audit.acting_as)."
        )
    # One flush's entries are chained in one statement (the same entries, in order).
    with session.no_autoflush, batched(session):
        for e in entries:
            fields = e.explicit_fields if e.explicit_fields is not None else sorted(e.fields)
            record(
                session,
                actor=actors[-1],
                action=e.action,
                entity=e.entity,
                entity_id=e.entity_id,
                fields=fields,
                outcome=e.outcome,
            )


@event.listens_for(Session, "after_soft_rollback")
def _forget_named(session: Session, _previous: object) -> None:
    session.info.pop(_NAMED, None)


def name_change(
    session: Session,
    obj: object,
    action: str,
    *,
    fields: Iterable[str] | None = None,
    outcome: str = "ok",
) -> None:
    """Record the next flush of ``obj`` as the step ``action`` (``accept``, ``close``...).

    ``fields`` replaces the changed fields in the entry when the step is better described
    otherwise (a revocation's reason); by default the changed fields are listed.
    """
    named = session.info.setdefault(_NAMED, {})
    named[id(obj)] = (action, list(fields) if fields is not None else None, outcome)


@contextmanager
def acting_as(session: Session, actor: Actor) -> Iterator[Session]:
    """Attribute the changes flushed in the block to ``actor``; the block's changes are
    flushed before it ends, so a later actor is never blamed for them."""
    stack: list[Actor] = session.info.setdefault(_ACTORS, [])
    stack.append(actor)
    try:
        yield session
        session.flush()
    finally:
        stack.pop()


def audited(fn: Callable[P, R]) -> Callable[P, R]:
    """Mark a service verb: its changes are attributed to its ``actor`` keyword argument."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        session = args[0] if args else kwargs["session"]
        actor = kwargs["actor"]
        assert isinstance(session, Session) and isinstance(actor, Actor)
        with acting_as(session, actor):
            return fn(*args, **kwargs)

    return wrapper
