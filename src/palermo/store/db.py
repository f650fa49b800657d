"""Engine, sessions and migrations for SQLite (default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from palermo.config import Settings, get_settings
from palermo.errors import ConfigurationError
from palermo.i18n import msg
from palermo.store import crypto
from palermo.store.fields import use_keyring
from palermo.store.keys import KeyRing, load_keyring

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    # Let SQLAlchemy's "begin" event below emit BEGIN itself instead of pysqlite.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _begin_immediate(connection: Connection) -> None:
    """Take SQLite's write lock when a transaction starts.

    Nearly every request appends to the audit chain, whose next row depends on the
    last one; a deferred transaction could read a head that another commits first.
    (PostgreSQL gets the same order from SELECT ... FOR UPDATE on the head.)
    """
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except Exception as exc:  # SQLAlchemy raises ArgumentError with an unhelpful message
        raise ConfigurationError(
            msg("PALERMO_DATABASE_URL is not a database URL: {url!r}.", url=url),
            hint=msg("Use sqlite:///path/to/palermo.db or postgresql+psycopg://user@host/db."),
        ) from exc
    if parsed.drivername.startswith("sqlite"):
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    if parsed.drivername in {"postgresql", "postgres"}:
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True)


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

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commit on success, roll back on any error."""
        # Encrypted columns read the process's key ring; a process that opened another
        # store since (a test run, a CLI job beside the server) must not read with its keys.
        use_keyring(self.keyring)
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


def check_keyring(engine: Engine, ring: KeyRing) -> None:
    """Refuse to start with keys that cannot read this database.

    Decrypting the newest person's name is cheap and catches a wrong key file or
    PALERMO_KEYS before the app writes data no one could read back.
    """
    if not inspect(engine).has_table("person"):
        return
    with engine.connect() as conn:
        token = conn.execute(
            text("SELECT given_name FROM person WHERE given_name IS NOT NULL ORDER BY id DESC")
        ).first()
    if token is not None:
        crypto.decrypt(ring, token[0], context="person.given_name")


def open_store(
    settings: Settings | None = None,
    *,
    keyring: KeyRing | None = None,
    url: str | None = None,
    upgrade: bool = True,
) -> Store:
    settings = settings or get_settings()
    ring = keyring or load_keyring(settings.key_file, settings.keys)
    use_keyring(ring)
    engine = make_engine(url or settings.database_url)
    if upgrade:
        migrate(engine)
    check_keyring(engine, ring)
    return Store(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False), keyring=ring)
