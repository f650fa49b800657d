"""Signed checkpoints of the audit log's head, written outside the database.

The keyed chain stops anyone without the audit key from editing, deleting or
renumbering rows unseen, but cutting rows off the end leaves a shorter chain that is
still whole. So the head (last row's id and hash) is signed with the audit key's Ed25519
key and written to a sink outside the database: by default a file beside the key file
(appended, mode 0600), or syslog, which can ship it to another machine. ``verify``
then knows how long the log was at each checkpoint and what its rows' hashes were.

A checkpoint is written at most every ``audit_checkpoint_seconds`` while the log grows
(and on a timer after the last change, and when the store closes): the rows written
since the last one are reported as not yet covered, never as tampered with.
"""

from __future__ import annotations

import atexit
import base64
import json
import logging
import logging.handlers
import os
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidSignature

from palermo import clock
from palermo.store.fields import current_keyring
from palermo.store.keys import KeyRing

log = logging.getLogger(__name__)
MARK = "palermo-audit-checkpoint"
_DOMAIN = b"palermo audit checkpoint v1\n"


@dataclass(frozen=True)
class Checkpoint:
    chain: str  # the switch-over row's hash: which log this is
    last_id: int
    last_hash: str
    at: str
    key_id: str
    signature: str = ""

    def payload(self) -> bytes:
        content = {k: v for k, v in asdict(self).items() if k != "signature"}
        return _DOMAIN + json.dumps(content, sort_keys=True, separators=(",", ":")).encode()

    def to_line(self) -> str:
        return f"{MARK} {json.dumps(asdict(self), sort_keys=True, separators=(',', ':'))}"

    @classmethod
    def from_line(cls, line: str) -> Checkpoint:
        """A checkpoint from a sink's line (or a syslog line that contains one)."""
        raw = json.loads(line[line.index(MARK) + len(MARK) :])
        return cls(
            chain=str(raw["chain"]),
            last_id=int(raw["last_id"]),
            last_hash=str(raw["last_hash"]),
            at=str(raw["at"]),
            key_id=str(raw["key_id"]),
            signature=str(raw["signature"]),
        )


def sign(ring: KeyRing, *, chain: str, last_id: int, last_hash: str) -> Checkpoint:
    key = ring.audit
    unsigned = Checkpoint(
        chain=chain,
        last_id=last_id,
        last_hash=last_hash,
        at=clock.now().isoformat(timespec="seconds"),
        key_id=key.key_id,
    )
    signature = base64.b64encode(key.signer.sign(unsigned.payload())).decode()
    return Checkpoint(**{**asdict(unsigned), "signature": signature})


def signed_by_ring(checkpoint: Checkpoint, ring: KeyRing) -> bool:
    key = ring.audit_key(checkpoint.key_id)
    if key is None:
        return False
    try:
        key.public_key.verify(base64.b64decode(checkpoint.signature), checkpoint.payload())
    except (InvalidSignature, ValueError):
        return False
    return True


class Sink(Protocol):
    description: str

    def write(self, line: str) -> None: ...

    def read(self) -> list[str] | None:
        """The lines written so far, or None if this sink cannot be read back."""
        ...


class FileSink:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = str(path)

    def write(self, line: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, (line + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)

    def read(self) -> list[str] | None:
        if not self.path.exists():
            return []
        return [line for line in self.path.read_text().splitlines() if MARK in line]


class SyslogSink:
    """Checkpoints sent to syslog (``/dev/log``, or ``host:port`` over UDP), where a
    collector outside this machine keeps them out of reach of whoever holds the database.
    ``palermo audit verify --checkpoints FILE`` reads them back from the collected lines."""

    def __init__(self, address: str | None) -> None:
        target: str | tuple[str, int] = "/dev/log"
        if address:
            host, _, port = address.rpartition(":")
            target = (host, int(port)) if host else (address, 514)
        self.handler = logging.handlers.SysLogHandler(address=target)
        self.description = f"syslog ({address or '/dev/log'})"

    def write(self, line: str) -> None:
        self.handler.emit(logging.makeLogRecord({"msg": line, "levelno": logging.INFO}))

    def read(self) -> list[str] | None:
        return None


def sink_for(setting: str | None, key_file: Path) -> Sink:
    """``audit_checkpoints``: a file path (default: beside the key file), ``syslog`` or
    ``syslog:HOST:PORT``."""
    if setting and (setting == "syslog" or setting.startswith("syslog:")):
        return SyslogSink(setting.partition(":")[2] or None)
    if setting:
        return FileSink(Path(setting.removeprefix("file:")))
    return FileSink(key_file.parent / "audit-checkpoints.jsonl")


def parse(lines: Iterable[str]) -> tuple[list[Checkpoint], list[int]]:
    """The checkpoints in ``lines``, and the numbers of the lines that are not readable."""
    found, damaged = [], []
    for number, line in enumerate(lines, start=1):
        try:
            found.append(Checkpoint.from_line(line))
        except (ValueError, KeyError, TypeError):
            damaged.append(number)
    return found, damaged


_OPEN: weakref.WeakSet[Checkpointer] = weakref.WeakSet()


class Checkpointer:
    """Signs the head after commits, at most every ``interval`` seconds, and on close."""

    def __init__(self, sink: Sink, *, chain: str | None, interval: float) -> None:
        self.sink, self.chain, self.interval = sink, chain, interval
        self._lock = threading.Lock()
        self._pending: tuple[int, str] | None = None
        self._written: tuple[int, str] | None = None
        self._last_write = 0.0
        self._timer: threading.Timer | None = None
        _OPEN.add(self)

    def note(self, last_id: int, last_hash: str) -> None:
        with self._lock:
            if self._pending is None or last_id > self._pending[0]:
                self._pending = (last_id, last_hash)
            wait = self._last_write + self.interval - time.monotonic()
            if wait <= 0:
                self._write_locked()
            elif self._timer is None:
                self._timer = threading.Timer(wait, self.flush)
                self._timer.daemon = True
                self._timer.start()

    def flush(self) -> None:
        with self._lock:
            self._timer = None
            self._write_locked()

    def _write_locked(self) -> None:
        if self._pending is None or self.chain is None or self._pending == self._written:
            return
        last_id, last_hash = self._pending
        try:
            line = sign(
                current_keyring(), chain=self.chain, last_id=last_id, last_hash=last_hash
            ).to_line()
            self.sink.write(line)
        except OSError as exc:  # the commit stands; the next checkpoint covers these rows
            log.error("Audit checkpoint not written to %s: %s", self.sink.description, exc)
            return
        self._written, self._pending = self._pending, None
        self._last_write = time.monotonic()


@atexit.register
def flush_all() -> None:
    """Write every pending checkpoint (at exit, so a CLI run's last rows are covered)."""
    for checkpointer in list(_OPEN):
        checkpointer.flush()
