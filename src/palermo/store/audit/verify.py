"""Verify the audit log: every row's keyed hash and link, the head, and the signed
checkpoints written outside the database, naming each thing found.

What each attack leaves behind:

* a row edited in place: its content no longer matches its keyed hash (``edited``);
* the chain recomputed without the key after an edit, or rows deleted and the rest
  renumbered: a run of rows that link to each other but whose hashes are not the keyed
  ones (``recomputed``), or rows rewritten as if from before the switch to keyed hashes
  (``unkeyed``);
* rows deleted without renumbering: ids missing (``missing``), or a row that does not
  link to the one before it (``unlinked``);
* rows cut off the end: the head row, or a signed checkpoint, names a later row than the
  log's last (``truncated``);
* the whole log rewritten by someone holding the key file: a row that differs from what a
  checkpoint signed (``rewritten``); checkpoints themselves altered: ``forged_checkpoint``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.i18n import msg
from palermo.store.audit.chain import GENESIS, SCHEME_ACTION, digest
from palermo.store.audit.checkpoints import Checkpoint, signed_by_ring
from palermo.store.fields import current_keyring
from palermo.store.keys import KeyRing
from palermo.store.models import AuditEntry, AuditHead


@dataclass(frozen=True)
class Finding:
    kind: str
    first_id: int | None
    last_id: int | None
    message: str


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    rows: int
    first_broken_id: int | None = None
    reason: str | None = None
    findings: tuple[Finding, ...] = ()
    checkpoints: int = 0  # signed checkpoints of this log that were checked
    uncovered: int = 0  # rows after the last checkpoint (written since, or cut off unseen)


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


# Kinds found row by row whose neighbouring rows are reported as one span.
_SPANS = frozenset({"unkeyed", "unknown_key"})


def _message(kind: str, first: int, last: int, key: str | None, since: int | None) -> str:
    span = _span(first, last)
    if kind == "edited":
        return msg("Row {id} was changed after it was written: its content does not match "
                   "its keyed hash.", id=first)  # fmt: skip
    if kind == "recomputed":
        return msg("Rows {span} link to each other but do not match their keyed hashes: the "
                   "chain was recomputed without the audit key (rows rewritten, or deleted "
                   "and the rest renumbered).", span=span)  # fmt: skip
    if kind == "unkeyed":
        return msg("Rows {span} have no keyed hash although keyed hashes began at row "
                   "{since}: they were rewritten without the audit key.", span=span,
                   since=since)  # fmt: skip
    return msg("Rows {span} name audit key {key}, which is not in the key ring.",
               span=span, key=key)  # fmt: skip


@dataclass
class _Walk:
    ring: KeyRing
    findings: list[Finding] = field(default_factory=list)
    rows: int = 0
    last_id: int = 0
    last_hash: str = GENESIS
    keyed_since: int | None = None
    chain: str | None = None
    run: list[int] = field(default_factory=list)  # consecutive rows failing their hash
    hashes_at: dict[int, str] = field(default_factory=dict)  # rows a checkpoint names

    def add(self, kind: str, first: int | None, last: int | None, message: str) -> None:
        self.findings.append(Finding(kind, first, last, message))

    def add_row(self, kind: str, row: int, key: str | None = None) -> None:
        """A finding about one row, merged into the previous one if it is its neighbour."""
        before = self.findings[-1] if self.findings else None
        first = row
        if before and before.kind == kind and before.last_id == row - 1:
            first = before.first_id or row
            self.findings.pop()
        self.add(kind, first, row, _message(kind, first, row, key, self.keyed_since))

    def close_run(self) -> None:
        if self.run:
            first, last = self.run[0], self.run[-1]
            kind = "edited" if first == last else "recomputed"
            self.add(kind, first, last, _message(kind, first, last, None, None))
            self.run = []

    def visit(self, entry: AuditEntry) -> None:
        if entry.id != self.last_id + 1:
            self.add(
                "missing",
                self.last_id + 1,
                entry.id - 1,
                msg("Rows {span} are missing.", span=_span(self.last_id + 1, entry.id - 1)),
            )
        elif entry.prev_hash != self.last_hash and not self.run:
            # (After a row failing its hash, a broken link only says the same again.)
            self.add(
                "unlinked",
                entry.id,
                entry.id,
                msg("Row {id} does not link to the row before it: a row was removed or "
                    "replaced there.", id=entry.id),
            )  # fmt: skip
        if entry.key_id is None:
            if self.keyed_since is not None:
                self.add_row("unkeyed", entry.id)
        elif self.keyed_since is None:
            self.keyed_since = entry.id
            if entry.action == SCHEME_ACTION:
                self.chain = entry.hash
            else:
                self.add(
                    "no_switch_over",
                    entry.id,
                    entry.id,
                    msg("The row that marks the switch to keyed hashes is missing before "
                        "row {id}.", id=entry.id),
                )  # fmt: skip
        expected = digest(entry, self.ring)
        if expected is None:
            self.add_row("unknown_key", entry.id, entry.key_id)
        elif expected != entry.hash:
            self.run.append(entry.id)
        else:
            self.close_run()
        if entry.id in self.hashes_at:
            self.hashes_at[entry.id] = entry.hash
        self.last_id, self.last_hash = entry.id, entry.hash
        self.rows += 1


def _entries(session: Session, batch: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.id > last).order_by(AuditEntry.id).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id
        session.expunge_all()


def verify_chain(
    session: Session,
    *,
    ring: KeyRing | None = None,
    checkpoints: list[Checkpoint] | None = None,
    sink: str = "",
    batch: int = 5000,
) -> ChainReport:
    """Walk the log in id order and report what does not hold. ``checkpoints`` (read from
    their sink) are checked when given; an empty list means none were found."""
    walk = _Walk(ring or current_keyring())
    for cp in checkpoints or []:
        walk.hashes_at[cp.last_id] = ""
    for entry in _entries(session, batch):
        walk.visit(entry)
    walk.close_run()
    if walk.rows and walk.keyed_since is None:
        walk.add(
            "unkeyed",
            1,
            walk.last_id,
            msg("No row has a keyed hash: the log was rewritten without the audit key."),
        )
    head = session.get(AuditHead, 1)
    if head is not None and head.last_id > walk.last_id:
        walk.add(
            "truncated",
            walk.last_id + 1,
            head.last_id,
            msg("Rows {span} were removed from the end of the log.",
                span=_span(walk.last_id + 1, head.last_id)),
        )  # fmt: skip
    elif head is not None and (head.last_id, head.last_hash) != (walk.last_id, walk.last_hash):
        walk.add(
            "head",
            walk.last_id,
            walk.last_id,
            msg("The head row does not point at the log's last row {id}.", id=walk.last_id),
        )
    ours = [cp for cp in checkpoints or [] if cp.chain == walk.chain]  # others: other logs
    valid = []
    for cp in ours:
        if signed_by_ring(cp, walk.ring):
            valid.append(cp)
        else:
            walk.add(
                "forged_checkpoint",
                cp.last_id,
                cp.last_id,
                msg("A checkpoint for row {id} dated {at} has no valid signature: the "
                    "checkpoints were altered.", id=cp.last_id, at=cp.at),
            )  # fmt: skip
    uncovered = _check_checkpoints(walk, valid, sink=sink, checked=checkpoints is not None)
    findings = tuple(walk.findings)
    first = findings[0] if findings else None
    return ChainReport(
        intact=not findings,
        rows=walk.rows,
        first_broken_id=first.first_id if first else None,
        reason=first.message if first else None,
        findings=findings,
        checkpoints=len(valid),
        uncovered=uncovered,
    )


def _check_checkpoints(walk: _Walk, valid: list[Checkpoint], *, sink: str, checked: bool) -> int:
    """Compare the log with the signed checkpoints of this chain; rows not yet covered."""
    ours = sorted(valid, key=lambda cp: cp.last_id)
    if not checked:
        return 0
    if not ours:
        if walk.rows:
            walk.add(
                "no_checkpoint",
                None,
                None,
                msg("No signed checkpoint of this log was found in {sink}: rows cut off its "
                    "end could not be detected.", sink=sink or "the checkpoints"),
            )  # fmt: skip
        return walk.rows
    latest = ours[-1]
    if latest.last_id > walk.last_id:
        walk.add(
            "truncated",
            walk.last_id + 1,
            latest.last_id,
            msg("The log ends at row {end}, but a checkpoint signed at {at} covers row {id}: "
                "rows {span} were removed.", end=walk.last_id, at=latest.at,
                id=latest.last_id, span=_span(walk.last_id + 1, latest.last_id)),
        )  # fmt: skip
    for cp in ours:
        stored = walk.hashes_at.get(cp.last_id)
        if stored and stored != cp.last_hash:
            walk.add(
                "rewritten",
                cp.last_id,
                cp.last_id,
                msg("Row {id} differs from the checkpoint signed at {at}: the log was "
                    "rewritten after it was signed.", id=cp.last_id, at=cp.at),
            )  # fmt: skip
            break
    return max(0, walk.last_id - latest.last_id)
