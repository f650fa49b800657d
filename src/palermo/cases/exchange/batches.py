"""Import a long file in committed batches, so the web app keeps answering while it runs.

Rows are read and checked first, without writing (``prepare_rows``); then the good
ones are written ``batch`` at a time, each batch its own short transaction. Without
``atomic`` the batches land as they commit: if the import stops halfway,
``ImportInterrupted`` says how many cases were kept and from which row nothing was.
With ``atomic`` the batches go into a staging agency no one sees and are swapped in
together at the end (``staging``), or discarded: all or nothing, without holding the
database's write lock for the whole file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from palermo.cases.exchange.importer import (
    ImportReport,
    check_actor,
    find_existing,
    prepare_rows,
)
from palermo.cases.exchange.staging import discard, open_staging, swap_in
from palermo.cases.record.casefile import open_cases
from palermo.cases.record.schemas import CaseCreate
from palermo.errors import PalermoError
from palermo.i18n import msg
from palermo.store import Store
from palermo.store.actor import Actor

BATCH = 250  # cases per transaction: a fraction of a second of the write lock


class ImportInterrupted(PalermoError):
    """A batched import stopped part way; the batches before ``next_row`` are kept."""

    def __init__(
        self, message: str, *, hint: str, case_ids: list[int], next_row: int | None
    ) -> None:
        super().__init__(message, hint=hint)
        self.case_ids = tuple(case_ids)
        self.next_row = next_row


def _write(
    store: Store,
    good: Sequence[tuple[int, CaseCreate]],
    *,
    actor: Actor,
    batch: int,
    staged_in: int | None,
    on_row: Callable[[], None] | None,
    on_batch: Callable[[int], None] | None,
    before: int = 0,
) -> list[int]:
    case_ids: list[int] = []
    for start in range(0, len(good), batch):
        chunk = [data for _row, data in good[start : start + batch]]
        with store.session() as session:
            if on_row:  # one case at a time, so the callback sees each one written
                opened = []
                for data in chunk:
                    opened += open_cases(session, data=[data], actor=actor, staged_in=staged_in)
                    on_row()
            else:
                opened = open_cases(session, data=chunk, actor=actor, staged_in=staged_in)
            case_ids += [case.id for case in opened]
        if on_batch:
            on_batch(before + len(case_ids))
    return case_ids


def _interrupted(exc: BaseException, kept: list[int], next_row: int | None) -> ImportInterrupted:
    cause = exc.message if isinstance(exc, PalermoError) else repr(exc)
    return ImportInterrupted(
        msg(
            "The import stopped at row {row}: {cause}. {kept} case(s) from the rows before "
            "it were imported and are kept.",
            row=next_row or "—",
            cause=cause,
            kept=len(kept),
        ),
        hint=msg(
            "Remove the rows already imported (before row {row}) from the file and import "
            "the rest, or use --atomic for all or nothing.",
            row=next_row or "—",
        ),
        case_ids=kept,
        next_row=next_row,
    )


def import_in_batches(
    store: Store,
    *,
    rows: Iterable[Mapping[str, Any]],
    actor: Actor,
    atomic: bool = False,
    batch: int = BATCH,
    on_start: Callable[[int], None] | None = None,
    on_row: Callable[[], None] | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> ImportReport:
    """Open one case per good row in ``actor``'s agency, ``batch`` cases per commit.

    Same report as ``import_cases``. ``on_start`` gets the number of cases about to be
    written, once the rows are checked; ``on_row`` is called once per case written and
    ``on_batch`` after each commit, with the number of cases written so far.
    """
    check_actor(actor)
    assert actor.agency_id is not None
    prepared = prepare_rows(rows)
    prepared.refuse_if_atomic(atomic)
    with store.session() as session:
        find_existing(session, prepared, agency_id=actor.agency_id)
    good = prepared.good
    if on_start:
        on_start(len(good))
    if not atomic:
        kept: list[int] = []
        try:
            for start in range(0, len(good), batch):
                kept += _write(store, good[start : start + batch], actor=actor, batch=batch,
                               staged_in=None, on_row=on_row, on_batch=on_batch,
                               before=len(kept))  # fmt: skip
        except BaseException as exc:
            next_row = good[len(kept)][0] if len(kept) < len(good) else None
            raise _interrupted(exc, kept, next_row) from exc
        return prepared.report(kept)
    with store.session() as session:
        job = open_staging(session, actor=actor)
        staging_id, hidden = job.id, job.staging_agency_id
    try:
        case_ids = _write(store, good, actor=actor, batch=batch, staged_in=hidden, on_row=on_row,
                          on_batch=on_batch)  # fmt: skip
        with store.session() as session:
            swap_in(session, staging_id=staging_id, actor=actor)
    except BaseException:
        discard(store, staging_id=staging_id, actor=actor)
        raise
    return prepared.report(case_ids)
