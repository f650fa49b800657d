"""Linkage runs on the store: started by the national coordinator, run to the end, read back.

A run reads every agency's victims inside the installation (:mod:`.store_records`),
links them with :func:`palermo.linkage.records.link_records`, and keeps only the link
table (case -> pseudonymous person key, at the run's threshold and at each threshold of
the sensitivity analysis) and its own figures: when, by whom, the model, the threshold,
counts, and the self-contained report. The key of the person keys is drawn for the run
and never stored: keys mean something within one run only. Links of earlier runs are
deleted when a run succeeds, so the store holds one link table at a time.

Linking grants no one new access: the national coordinator reads no case, and agencies
see link-derived data only through the "also known to" hint, under an agreement and the
person's consent (:mod:`.known_to`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cooperate.link_table import save_run_results
from palermo.cooperate.store_records import FIELDS_READ, read_linkable_records
from palermo.errors import Conflict, NotFound, PalermoError, ValidationFailed
from palermo.i18n import msg
from palermo.store import Store, audit
from palermo.store.actor import Actor
from palermo.store.models import LinkageRun
from palermo.vocab import LinkRunState, UserRole

LINKERS = frozenset({UserRole.national_coordinator.value})
#: Steps shown on the progress bar, in order.
STEPS = ("reading", "features", "comparisons", "training", "predicting", "clustering", "saving")
_STEP_OF = {
    "features": "features",
    "up to": "comparisons",
    "training": "training",
    "predicting": "predicting",
    "clustering": "clustering",
}
_STEP_NAMES = {LinkRunState.running.value: "start", LinkRunState.failed.value: "fail"}
#: A run whose heartbeat stopped this long ago died with its process.
STALE_AFTER = timedelta(minutes=5)
HEARTBEAT_SECONDS = 30.0
Progress = Callable[[str, int, int], None]  # message, steps done, steps in all


@dataclass(frozen=True)
class RunView:
    """A run as the national coordinator reads it (no records, no keys)."""

    id: int
    state: str
    threshold: float
    started_by: str
    started_at: datetime
    finished_at: datetime | None
    progress: str | None
    steps_done: int
    steps_total: int
    records: int | None
    persons: int | None
    agencies: int | None
    pairs: int | None
    comparisons: int | None
    error: str | None
    seconds: dict[str, float] = field(default_factory=dict)
    blocking: tuple[dict, ...] = ()
    persons_by_threshold: tuple[tuple[float, int], ...] = ()

    @property
    def active(self) -> bool:
        return self.state in (LinkRunState.queued, LinkRunState.running)

    @property
    def percent(self) -> int:
        return round(100 * self.steps_done / self.steps_total) if self.steps_total else 0


def view_of(row: LinkageRun) -> RunView:
    details = row.details or {}
    return RunView(
        id=row.id,
        state=row.state,
        threshold=row.threshold,
        started_by=row.started_by,
        started_at=row.started_at,
        finished_at=row.finished_at,
        progress=row.progress,
        steps_done=row.steps_done,
        steps_total=row.steps_total,
        records=row.records,
        persons=row.persons,
        agencies=row.agencies,
        pairs=row.pairs,
        comparisons=row.comparisons,
        error=row.error,
        seconds=dict(details.get("seconds", {})),
        blocking=tuple(details.get("blocking", ())),
        persons_by_threshold=tuple(
            (float(t), int(n)) for t, n in details.get("persons_by_threshold", ())
        ),
    )


def _stale(row: LinkageRun, now: datetime) -> bool:
    beat = row.heartbeat_at or row.started_at
    return now - beat > STALE_AFTER


@audit.audited
def start_link_run(session: Session, *, actor: Actor, threshold: float = 0.9) -> RunView:
    """Record a new run (queued); :func:`run_link_job` does the work.

    One run at a time: a run still in progress is a Conflict, unless its heartbeat
    stopped (its process died), in which case it is marked failed first.
    """
    access.require_role(actor, LINKERS, doing=msg("link records across agencies"))
    if not 0 < threshold < 1:
        raise ValidationFailed(
            msg("The match threshold must be between 0 and 1 (got {value}).", value=threshold),
            hint=msg("Use a match probability such as 0.9."),
        )
    now = clock.utcnow_naive()
    active = session.scalars(
        select(LinkageRun).where(LinkageRun.state.in_([LinkRunState.queued, LinkRunState.running]))
    ).all()
    for row in active:
        if not _stale(row, now):
            raise Conflict(
                msg("Linkage run {id} is still in progress.", id=row.id),
                hint=msg("Wait for it to finish, then start another."),
            )
        row.state, row.finished_at = LinkRunState.failed.value, now
        row.error = msg("Interrupted: the process running it stopped.")
        audit.name_change(session, row, "interrupt")
    row = LinkageRun(
        state=LinkRunState.queued.value,
        threshold=threshold,
        started_by_id=actor.user_id,
        started_by=actor.username,
        started_at=now,
        heartbeat_at=now,
        steps_total=len(STEPS),
        progress=msg("Waiting to start."),
    )
    session.add(row)
    session.flush()
    return view_of(row)


def _update(store: Store, run_id: int, actor: Actor, **values: object) -> None:
    with store.session() as session, audit.acting_as(session, actor):
        row = session.get(LinkageRun, run_id)
        if row is None:
            raise NotFound(msg("No linkage run {id}.", id=run_id))
        for name, value in values.items():
            setattr(row, name, value)
        row.heartbeat_at = clock.utcnow_naive()
        if "state" in values:
            audit.name_change(session, row, _STEP_NAMES[str(values["state"])])


def _wait_for_row(store: Store, run_id: int, seconds: float = 30.0) -> None:
    """The request that started the run commits after the job starts: wait for its row."""
    deadline = clock.utcnow_naive() + timedelta(seconds=seconds)
    while True:
        with store.session() as session:
            if session.get(LinkageRun, run_id) is not None:
                return
        if clock.utcnow_naive() > deadline:
            raise NotFound(msg("No linkage run {id}.", id=run_id))
        threading.Event().wait(0.2)


def run_link_job(
    store: Store, *, run_id: int, actor: Actor, progress: Progress | None = None
) -> RunView:
    """Run a started run to its end, writing its progress into its row as it goes.

    On failure the run is marked failed with the reason, and the error is raised again.
    """
    from palermo.linkage.records import LinkSpec, link_records, records_frame

    _wait_for_row(store, run_id)
    with store.session() as session:
        threshold = session.get(LinkageRun, run_id).threshold  # type: ignore[union-attr]
    done = 0

    def step(message: str, advance: bool = True) -> None:
        nonlocal done
        done = min(done + advance, len(STEPS))
        _update(store, run_id, actor, progress=message[:300], steps_done=done)
        if progress is not None:
            progress(message, done, len(STEPS))

    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(store, run_id, actor, stop), daemon=True)
    beat.start()
    try:
        _update(store, run_id, actor, state=LinkRunState.running.value)
        step(msg("Reading the agencies' records."), advance=False)
        records = read_linkable_records(store)
        agencies = records["agency_id"].n_unique()
        if agencies < 2:
            raise ValidationFailed(
                msg(
                    "Linking needs the records of at least two agencies; the store has "
                    "{count} record(s) of {agencies} agency(ies).",
                    count=records.height,
                    agencies=agencies,
                ),
                hint=msg("Import or record the agencies' cases first."),
            )
        with store.session() as session:
            audit.record(
                session,
                actor=actor,
                action="read_for_linkage",
                entity="linkage_run",
                entity_id=run_id,
                fields=FIELDS_READ,
            )
        step(msg("{count} records read.", count=records.height))

        def said(line: str) -> None:
            for prefix, name in _STEP_OF.items():
                if line.startswith(prefix):
                    step(line, advance=STEPS.index(name) >= done)
                    return

        result = link_records(
            records_frame(records.drop("agency_type"), source="store"),
            LinkSpec(threshold=threshold),
            key=os.urandom(32),
            progress=said,
        )
        step(msg("Saving the link table."))
        save_run_results(store, run_id=run_id, actor=actor, result=result)
    except Exception as exc:
        reason = exc.message if isinstance(exc, PalermoError) else f"{type(exc).__name__}: {exc}"
        _update(
            store,
            run_id,
            actor,
            state=LinkRunState.failed.value,
            finished_at=clock.utcnow_naive(),
            error=str(reason)[:1000],
        )
        raise
    finally:
        stop.set()
    with store.session() as session:
        return view_of(session.get(LinkageRun, run_id))  # type: ignore[arg-type]


def _heartbeat(store: Store, run_id: int, actor: Actor, stop: threading.Event) -> None:
    """Tell other processes the run is alive while one long step (predicting) runs."""
    while not stop.wait(HEARTBEAT_SECONDS):
        _update(store, run_id, actor)


def launch_link_run(store: Store, *, run_id: int, actor: Actor) -> threading.Thread:
    """Run :func:`run_link_job` in a background thread (the web page watches its row)."""

    def work() -> None:
        try:
            run_link_job(store, run_id=run_id, actor=actor)
        except Exception:  # noqa: BLE001 - recorded in the run's row by run_link_job
            return

    thread = threading.Thread(target=work, name=f"linkage-run-{run_id}", daemon=True)
    thread.start()
    return thread


def coordinator_actor(session: Session, *, username: str, origin: str = "cli") -> Actor:
    """The actor of a national coordinator's account, for runs from the command line."""
    from palermo.accounts.service import actor_of
    from palermo.store.models import User

    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        raise NotFound(
            msg("No active user {username!r}.", username=username),
            hint=msg("Give the username of a national coordinator."),
        )
    actor = actor_of(user, origin)
    access.require_role(actor, LINKERS, doing=msg("link records across agencies"))
    return actor


def _load(session: Session, *, run_id: int, actor: Actor) -> LinkageRun:
    access.require_role(actor, LINKERS, doing=msg("read linkage runs"))
    row = session.get(LinkageRun, run_id)
    if row is None:
        raise NotFound(msg("No linkage run {id}.", id=run_id), hint=msg("Check the run number."))
    return row


def read_link_run(session: Session, *, run_id: int, actor: Actor) -> RunView:
    return view_of(_load(session, run_id=run_id, actor=actor))


def link_run_report(session: Session, *, run_id: int, actor: Actor) -> str:
    """The run's self-contained HTML report (charts and their libraries inline); audited."""
    row = _load(session, run_id=run_id, actor=actor)
    if row.report_html is None:
        raise NotFound(
            msg("Linkage run {id} has no report yet.", id=run_id),
            hint=msg("The report is written when the run is done."),
        )
    audit.record(
        session,
        actor=actor,
        action="read",
        entity="linkage_run",
        entity_id=row.id,
        fields=["report"],
    )
    return row.report_html


def list_link_runs(session: Session, *, actor: Actor, limit: int = 50) -> list[RunView]:
    access.require_role(actor, LINKERS, doing=msg("read linkage runs"))
    rows = session.scalars(select(LinkageRun).order_by(LinkageRun.id.desc()).limit(limit))
    return [view_of(r) for r in rows]
