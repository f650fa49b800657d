"""Group commit of the audit entries of read sessions.

A read (a case opened, a search, a list) changes no row but must be in the log before
it is served. Appending its entry in the reading transaction made every read a writer:
on SQLite each request held the database's one write lock from its first statement to
its commit, and on PostgreSQL every read queued on the audit head's row lock.

Instead a read session queues its entries and, when it commits, hands them to this
writer and waits. Whichever waiting request finds the writer idle becomes the leader:
it takes every batch queued so far (its own and those of requests that arrived while the
previous batch was being written), appends them in one short transaction on the writer's
own connection, commits once, and wakes their requests. The write lock is held for one
small transaction per batch instead of once per request for its whole life.

Completeness: a request's commit returns only after its entries are committed, so a read
that was served is in the log even if the process is killed right after; if the batch
cannot be written within the bounded wait the request fails with
:class:`~palermo.errors.SystemBusy` (503) and serves nothing. The queue is bounded: when
it is full, new reads are refused as busy rather than piling up.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.sql import Executable

from palermo.errors import SystemBusy
from palermo.i18n import msg
from palermo.store.audit.chain import NewEntry, append, lock_head
from palermo.store.audit.checkpoints import Checkpointer
from palermo.store.fields import current_keyring


@dataclass
class _Batch:
    entries: list[NewEntry]
    statements: list[Executable]
    done: bool = False
    error: BaseException | None = None


def _busy(retry_after: int) -> SystemBusy:
    return SystemBusy(
        msg("The system is busy and could not record this request in the audit log in time."),
        hint=msg("Try again in a few seconds."),
        retry_after=retry_after,
    )


class AuditWriter:
    def __init__(
        self,
        engine: Engine,
        *,
        wait_seconds: float,
        max_pending: int = 5000,
        retry_after: int = 2,
        checkpoints: Checkpointer | None = None,
    ) -> None:
        self.engine = engine  # its own small pool: a request waiting here holds a connection
        self.wait_seconds = wait_seconds
        self.max_pending = max_pending
        self.retry_after = retry_after
        self.checkpoints = checkpoints
        self._cond = threading.Condition()
        self._queue: list[_Batch] = []
        self._queued = 0
        self._leading = False
        self.batches_written = 0  # for benchmarks: entries per commit = entries / batches

    def submit(self, entries: Iterable[NewEntry], *, statements: Iterable[Executable] = ()) -> None:
        """Append ``entries`` (and run ``statements``) durably, or raise SystemBusy."""
        batch = _Batch(list(entries), list(statements))
        deadline = time.monotonic() + self.wait_seconds
        with self._cond:
            while self._queued + len(batch.entries) > self.max_pending and self._queue:
                if not self._cond.wait(max(0.0, deadline - time.monotonic())):
                    raise _busy(self.retry_after)
            self._queue.append(batch)
            self._queued += len(batch.entries)
            while not batch.done:
                if not self._leading:
                    self._lead()
                    continue
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise _busy(self.retry_after)
                self._cond.wait(remaining)
        if batch.error is not None:
            raise batch.error

    def _lead(self) -> None:
        """Write everything queued (called holding the condition; released while writing)."""
        self._leading = True
        taken, self._queue, self._queued = self._queue, [], 0
        self._cond.notify_all()  # room in the queue again
        self._cond.release()
        try:
            self._write(taken)
        finally:
            self._cond.acquire()
            self._leading = False
            self._cond.notify_all()

    def _write(self, taken: list[_Batch]) -> None:
        entries = [e for b in taken for e in b.entries]
        statements = [s for b in taken for s in b.statements]
        try:
            with self.engine.begin() as conn:
                for statement in statements:
                    conn.execute(statement)
                head = lock_head(conn)
                append(conn, head, entries, current_keyring())
        except Exception as exc:  # every request of the batch gets the same answer
            for b in taken:
                b.error, b.done = exc, True
            return
        self.batches_written += 1
        for b in taken:
            b.done = True
        if head.moved and self.checkpoints is not None:
            self.checkpoints.note(head.last_id, head.last_hash)
