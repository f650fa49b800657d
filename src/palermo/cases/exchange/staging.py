"""Stage, then swap: how an atomic import stays all-or-nothing without holding the database.

An atomic import of a large file would otherwise be one transaction holding the write
lock for minutes. Instead its cases are written in committed batches into a staging
agency: a real agency row that no user belongs to, so the ordinary access rules
(``access.readable_cases``, ``load_case``) already hide every staged case from everyone.
Once every batch is in, :func:`swap_in` moves them into the importing agency with two
UPDATE statements in one short transaction. If anything fails before, :func:`discard`
deletes what was staged. Staging agencies are never offered as a referral target.

Audit: each staged case's creation is recorded by the model layer, as for any case;
the swap and the discard are recorded once per import, on the ``import`` entity, with
the number of cases they moved or deleted.
"""

from __future__ import annotations

import secrets

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session

from palermo.errors import NotFound
from palermo.i18n import msg
from palermo.store import Store, audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, Case, ImportStaging, Person, utcnow


def staging_agencies() -> Select:
    """The ids of agencies that only hold an import in progress (for ``NOT IN`` filters)."""
    return select(ImportStaging.staging_agency_id).where(
        ImportStaging.staging_agency_id.is_not(None)
    )


def is_staging(session: Session, agency_id: int) -> bool:
    return bool(
        session.scalar(
            select(func.count())
            .select_from(ImportStaging)
            .where(ImportStaging.staging_agency_id == agency_id)
        )
    )


@audit.audited
def open_staging(session: Session, *, actor: Actor) -> ImportStaging:
    """A staging agency for one atomic import into ``actor``'s agency (the caller commits)."""
    target = session.get(Agency, actor.agency_id)
    if target is None:
        raise NotFound(msg("No agency {id}.", id=actor.agency_id))
    hidden = Agency(
        name=f"(import staging {secrets.token_hex(6)})", type=target.type, country=target.country
    )
    session.add(hidden)
    session.flush()
    job = ImportStaging(
        agency_id=target.id, staging_agency_id=hidden.id, state="staging", started_by=actor.username
    )
    session.add(job)
    session.flush()
    return job


def _job(session: Session, staging_id: int) -> ImportStaging:
    job = session.get(ImportStaging, staging_id)
    if job is None or job.staging_agency_id is None:
        raise NotFound(msg("No import {id} is being staged.", id=staging_id))
    return job


def _finish(session: Session, job: ImportStaging, state: str, count: int) -> None:
    hidden = session.get(Agency, job.staging_agency_id)
    audit.name_change(session, job, "swap" if state == "done" else "discard")
    job.state, job.cases, job.finished_at = state, count, utcnow()
    job.staging_agency_id = None
    session.flush()
    if hidden is not None:
        session.delete(hidden)
        session.flush()


@audit.audited
def swap_in(session: Session, *, staging_id: int, actor: Actor) -> int:
    """Move every staged case (and its persons) into the importing agency; their number.

    Two UPDATEs in the caller's transaction: the cases appear together, or not at all.
    """
    job = _job(session, staging_id)
    hidden, target = job.staging_agency_id, job.agency_id
    moved = session.scalar(select(func.count(Case.id)).where(Case.agency_id == hidden))
    session.execute(update(Case).where(Case.agency_id == hidden).values(agency_id=target))
    session.execute(update(Person).where(Person.agency_id == hidden).values(agency_id=target))
    _finish(session, job, "done", moved or 0)
    return moved or 0


def discard(store: Store, *, staging_id: int, actor: Actor, batch: int = 2000) -> int:
    """Delete what an import staged, in short transactions; the number of cases deleted."""
    with store.session() as session:
        hidden = _job(session, staging_id).staging_agency_id
    deleted = 0
    while True:
        with store.session() as session:
            ids = list(
                session.scalars(select(Case.id).where(Case.agency_id == hidden).limit(batch))
            )
            if not ids:
                break
            # The database's ON DELETE CASCADE takes the codes, events and perpetrators.
            session.execute(delete(Case).where(Case.id.in_(ids)))
            deleted += len(ids)
    with store.session() as session, audit.acting_as(session, actor):
        session.execute(delete(Person).where(Person.agency_id == hidden))
        _finish(session, _job(session, staging_id), "discarded", deleted)
    return deleted
