"""Engine, sessions and migrations for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from palermo.config import Settings, get_settings
from palermo.errors import ConfigurationError, SystemBusy
from palermo.i18n import msg
from palermo.store import crypto
from palermo.store.audit.chain import CHECKPOINTS, READ_ONLY, WRITER
from palermo.store.audit.checkpoints import Checkpointer, sink_for
from palermo.store.audit.writer import AuditWriter
from palermo.store.fields import use_keyring
from palermo.store.keys import KeyRing, load_keyring

MIGRATIONS = Path(__file__).with_name("migrations")
READ = "palermo_read"  # execution option of the engine that read sessions are bound to


def _sqlite_pragmas(busy_ms: int) -> Callable[[Any, object], None]:
    def connect(dbapi_connection: Any, _record: object) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself instead of pysqlite.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.close()

    return connect


class _WriteTurns:
    """This process's writers of one SQLite file take the write lock in turn.

    SQLite's busy handler makes a waiting writer sleep and retry, sleeping longer each
    time, so under many writers the lock is often free while every waiter sleeps, and
    waits grow until they run out (503s at thirty clients creating cases). Writers of
    this process therefore queue on a lock here first (woken the moment it is released)
    and only one at a time asks SQLite; the busy timeout then only arbitrates between
    processes (``palermo serve --workers N``), one waiter from each. The wait here is
    bounded by the same busy timeout: past it, "database is locked", a 503. A plain
    Lock, not an RLock: a request's transaction may begin in one thread of the server's
    pool and commit in another.
    """

    _by_file: dict[str, threading.Lock] = {}
    _guard = threading.Lock()

    @classmethod
    def of(cls, database: str) -> threading.Lock:
        key = os.path.realpath(database)
        with cls._guard:
            return cls._by_file.setdefault(key, threading.Lock())


def _begin_sqlite(
    turns: threading.Lock | None, busy_seconds: float
) -> Callable[[Connection], None]:
    def begin(connection: Connection) -> None:
        """Start a SQLite transaction: deferred for a read session, IMMEDIATE otherwise.

        A writing transaction takes the write lock at once: its audit entries chain on
        the last row, so it must not read a head another writer commits first, and a
        deferred transaction that read and then wrote would fail at once (not wait) if
        another writer committed in between. A read session never writes (its audit
        entries go through the group-commit writer), so it takes no lock and never blocks
        or waits for writers (WAL). PostgreSQL gets the same order from SELECT ... FOR
        UPDATE on the head.
        """
        if connection.get_execution_options().get(READ):
            connection.exec_driver_sql("BEGIN")
            return
        if turns is not None:
            if not turns.acquire(timeout=busy_seconds):
                raise OperationalError(
                    "BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked")
                )
            connection.info[_TURN] = turns
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _end_turn(connection)
            raise

    return begin


_TURN = "palermo_write_turn"


def _end_turn(connection: Connection, *_args: object) -> None:
    turns = connection.info.pop(_TURN, None)
    if turns is not None:
        turns.release()


def _private_file(path: Path) -> None:
    """Create the database file owner-only: SQLite gives its WAL and shared-memory files
    the database file's permissions, so they are private too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def make_engine(
    url: str, *, busy_seconds: float = 5.0, pool_size: int = 10, max_overflow: int = 30
) -> Engine:
    """An engine whose waits are bounded by ``busy_seconds``: SQLite's busy timeout,
    PostgreSQL's lock timeout and the wait for a pooled connection."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # SQLAlchemy raises ArgumentError with an unhelpful message
        raise ConfigurationError(
            msg("PALERMO_DATABASE_URL is not a database URL: {url!r}.", url=url),
            hint=msg("Use sqlite:///path/to/palermo.db or postgresql+psycopg://user@host/db."),
        ) from exc
    pool = {"pool_size": pool_size, "max_overflow": max_overflow, "pool_timeout": busy_seconds}
    if parsed.drivername.startswith("sqlite"):
        if parsed.database and parsed.database != ":memory:":
            _private_file(Path(parsed.database))
            engine = create_engine(url, connect_args={"check_same_thread": False}, **pool)
            turns: threading.Lock | None = _WriteTurns.of(parsed.database)
        else:
            engine = create_engine(url, connect_args={"check_same_thread": False})
            turns = None
        event.listen(engine, "connect", _sqlite_pragmas(int(busy_seconds * 1000)))
        event.listen(engine, "begin", _begin_sqlite(turns, busy_seconds))
        # Just before the COMMIT or ROLLBACK: a next writer meets at most a millisecond of
        # SQLite busy, retried after its first short sleep.
        event.listen(engine, "commit", _end_turn)
        event.listen(engine, "rollback", _end_turn)
        return engine
    if parsed.drivername in {"postgresql", "postgres"}:
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    options = f"-c lock_timeout={int(busy_seconds * 1000)}"
    return create_engine(url, pool_pre_ping=True, connect_args={"options": options}, **pool)


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` from whatever state it is in (empty included)."""
    command.upgrade(alembic_config(engine), revision)


def is_migrated(engine: Engine) -> bool:
    return inspect(engine).has_table("alembic_version")


@dataclass
class Store:
    engine: Engine
    sessions: sessionmaker[Session]
    keyring: KeyRing
    read_sessions: sessionmaker[Session] | None = None
    writer: AuditWriter | None = None
    checkpoints: Checkpointer | None = None
    retry_after: int = 2

    @contextmanager
    def session(self, *, read_only: bool = False) -> Iterator[Session]:
        """A unit of work: commit on success, roll back on any error.

        ``read_only``: a session that changes no row (a GET request): on SQLite it takes no
        lock, and its audit entries are appended by the group-commit writer before its
        commit returns. A wait that runs out becomes :class:`SystemBusy`.
        """
        # Encrypted columns read the process's key ring; a process that opened another
        # store since (a test run, a CLI job beside the server) must not read with its keys.
        use_keyring(self.keyring)
        factory = self.read_sessions if read_only and self.read_sessions else self.sessions
        session = factory()
        try:
            yield session
            session.commit()
        except BaseException as exc:
            session.rollback()
            busy = busy_from(exc, retry_after=self.retry_after)
            if busy is not None:
                raise busy from exc
            raise
        finally:
            session.close()

    def close(self) -> None:
        """Write the last checkpoint of the audit log and release the connections."""
        if self.checkpoints is not None:
            self.checkpoints.flush()
        if self.writer is not None:
            self.writer.engine.dispose()
        self.engine.dispose()


_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")
_SQLITE_FULL = ("database or disk is full", "disk i/o error")
# PostgreSQL SQLSTATEs: lock timeout, serialization failure, deadlock, statement timeout,
# too many connections, cannot connect now, admin shutdown; then disk full, out of memory.
_PG_BUSY = {"55P03", "40001", "40P01", "57014", "53300", "57P03", "57P01"}
_PG_FULL = {"53100", "53200"}


def busy_from(exc: BaseException, *, retry_after: int = 2) -> SystemBusy | None:
    """The SystemBusy a database error means, or None if it means something else."""
    if isinstance(exc, SystemBusy):
        return None
    if isinstance(exc, PoolTimeout):
        return SystemBusy(
            msg("The system is busy: all database connections are in use."),
            hint=msg("Try again in a few seconds."),
            retry_after=retry_after,
        )
    if not isinstance(exc, DBAPIError):
        return None
    text_ = str(exc.orig).lower()
    code = getattr(exc.orig, "sqlstate", None)
    if code in _PG_FULL or any(s in text_ for s in _SQLITE_FULL):
        return SystemBusy(
            msg("The database cannot store anything more right now: its disk is full."),
            hint=msg("Nothing was saved. Try again later; an administrator must free space."),
            retry_after=max(retry_after, 30),
        )
    if code in _PG_BUSY or any(s in text_ for s in _SQLITE_BUSY):
        return SystemBusy(
            msg("The system is busy: the database did not answer in time."),
            hint=msg("Nothing was saved. Try again in a few seconds."),
            retry_after=retry_after,
        )
    if (
        isinstance(exc, OperationalError)
        and code is None
        and "sqlite" not in type(exc.orig).__module__
    ):
        return SystemBusy(
            msg("The database cannot be reached right now."),
            hint=msg("Try again in a few seconds."),
            retry_after=retry_after,
        )
    return None


@event.listens_for(Session, "before_flush")
def _reads_change_nothing(session: Session, _context: object, _instances: object) -> None:
    if not session.info.get(READ_ONLY):
        return
    changed = [
        *session.new,
        *session.deleted,
        *(o for o in session.dirty if session.is_modified(o)),
    ]
    if changed:
        kinds = ", ".join(sorted({type(o).__name__ for o in changed}))
        raise RuntimeError(
            f"A read-only session (a GET request) tried to change {kinds}; "
            "change rows in a POST, or use audit.chain.defer for bookkeeping."
        )


def check_keyring(engine: Engine, ring: KeyRing) -> None:
    """Refuse to start with keys that cannot read this database.

    Decrypting the newest person's name is cheap and catches a wrong key file or
    PALERMO_KEYS before the app writes data no one could read back.
    """
    if not inspect(engine).has_table("person"):
        return
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT id, given_name FROM person WHERE given_name IS NOT NULL ORDER BY id DESC")
        ).first()
    if row is not None and not row[1].startswith("v1:"):  # v1: re-encrypted by a migration
        crypto.decrypt(ring, row[1], context="person.given_name", row=row[0])


def open_store(
    settings: Settings | None = None,
    *,
    keyring: KeyRing | None = None,
    url: str | None = None,
    upgrade: bool = True,
    checkpoints: str | None = None,
) -> Store:
    """The store of ``settings`` (or ``url``), migrated, with its audit writer and the sink
    of its audit checkpoints (``checkpoints`` overrides ``settings.audit_checkpoints``)."""
    settings = settings or get_settings()
    ring = keyring or load_keyring(settings.key_file, settings.keys)
    ring.audit  # noqa: B018 - refuse to start without an audit key, before anything is written
    use_keyring(ring)
    target = url or settings.database_url
    busy = settings.db_busy_seconds
    engine = make_engine(target, busy_seconds=busy, pool_size=settings.db_pool_size)
    if upgrade:
        migrate(engine)
    check_keyring(engine, ring)
    with engine.connect() as conn:
        head = conn.execute(text("SELECT last_id, last_hash, chain_id FROM audit_head")).first()
    sink = sink_for(checkpoints or settings.audit_checkpoints, settings.key_file)
    checkpointer = Checkpointer(
        sink, chain=head[2] if head else None, interval=settings.audit_checkpoint_seconds
    )
    writer = AuditWriter(
        make_engine(target, busy_seconds=busy, pool_size=1, max_overflow=0),
        wait_seconds=busy * 2,
        retry_after=settings.busy_retry_after_seconds,
        checkpoints=checkpointer,
    )
    info = {CHECKPOINTS: checkpointer}
    return Store(
        engine=engine,
        sessions=sessionmaker(engine, expire_on_commit=False, info=info),
        keyring=ring,
        read_sessions=sessionmaker(
            engine.execution_options(**{READ: True}),
            expire_on_commit=False,
            info={**info, READ_ONLY: True, WRITER: writer},
        ),
        writer=writer,
        checkpoints=checkpointer,
        retry_after=settings.busy_retry_after_seconds,
    )
