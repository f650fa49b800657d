"""Many users at once: writers keep the audit chain whole, reads take no write lock and
their entries are group-committed, and a held lock is a bounded SystemBusy (threads, as
the web server runs them)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text

from palermo.config import Settings
from palermo.errors import SystemBusy
from palermo.store import Store, open_store
from palermo.store.actor import Actor
from palermo.store.audit import record, verify_chain
from palermo.store.keys import KeyRing
from palermo.store.models import Agency, AuditEntry


def _actor(i: int) -> Actor:
    return Actor(user_id=i, username=f"u{i}", agency_id=1, role="caseworker")


@pytest.fixture
def quick_store(database_url: str, keyring: KeyRing) -> Iterator[Store]:
    """A store whose bounded waits are short, so a held lock answers quickly."""
    settings = Settings(database_url=database_url, db_busy_seconds=0.3)
    s = open_store(settings, keyring=keyring)
    yield s
    s.close()


def test_concurrent_appends_keep_the_chain(store: Store) -> None:
    def append(i: int) -> None:
        for _ in range(5):
            with store.session() as session:
                record(session, actor=_actor(i), action="update", entity="case", entity_id=i)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(append, range(16)))
    with store.session() as session:
        report = verify_chain(session)
    assert report.intact and report.rows == 81  # and the switch-over row


def test_concurrent_reads_are_all_logged_in_few_commits(store: Store) -> None:
    def read(i: int) -> None:
        for _ in range(5):
            with store.session(read_only=True) as session:
                session.scalar(select(func.count(Agency.id)))
                record(session, actor=_actor(i), action="read", entity="case", entity_id=i)

    def write(i: int) -> None:
        for _ in range(5):
            with store.session() as session:
                record(session, actor=_actor(i), action="update", entity="case", entity_id=i)

    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(read, range(16)))
        list(pool.map(write, range(4)))
    with store.session() as session:
        report = verify_chain(session)
        reads = session.scalar(select(func.count()).where(AuditEntry.action == "read"))
    assert report.intact and report.rows == 101
    assert reads == 80
    assert store.writer is not None and store.writer.batches_written <= 80


def test_a_served_read_is_durable_when_its_commit_returns(store: Store) -> None:
    with store.session(read_only=True) as session:
        record(session, actor=_actor(1), action="read", entity="case", entity_id=7)
        with store.engine.connect() as other:  # not yet: it is appended on commit
            assert other.execute(text("SELECT count(*) FROM audit_entry")).scalar() == 1
    with store.engine.connect() as other:
        found = other.execute(text("SELECT entity_id FROM audit_entry WHERE id = 2")).scalar()
    assert found == 7


def test_a_failed_read_request_logs_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session(read_only=True) as session:
        record(session, actor=_actor(1), action="read", entity="case", entity_id=7)
        raise RuntimeError("the page failed to render")
    with store.session() as session:
        assert verify_chain(session).rows == 1


def test_an_open_read_does_not_block_a_writer(quick_store: Store) -> None:
    """Before: every transaction began IMMEDIATE, so a writer waited for any open read."""
    done = threading.Event()
    with quick_store.session(read_only=True) as reading:
        reading.scalar(select(func.count(Agency.id)))  # the read transaction is open

        def write() -> None:
            with quick_store.session() as session:
                record(session, actor=_actor(2), action="update", entity="case", entity_id=1)
            done.set()

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(timeout=10)
        assert done.is_set()  # committed while the read was still open
        record(reading, actor=_actor(1), action="read", entity="case", entity_id=1)
    with quick_store.session() as session:
        assert verify_chain(session).rows == 3


def _hold_the_lock(store: Store) -> tuple[threading.Event, threading.Event]:
    """Another process's long transaction: SQLite's write lock, PostgreSQL's head row."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("COMMIT")  # leave the transaction SQLAlchemy began
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.execute(text("SELECT * FROM audit_head FOR UPDATE"))
            held.set()
            release.wait(10)
            conn.exec_driver_sql("ROLLBACK")

    threading.Thread(target=hold, daemon=True).start()
    held.wait(5)
    return held, release


def test_a_held_lock_is_a_bounded_busy_answer_for_reads_and_writes(quick_store: Store) -> None:
    _held, release = _hold_the_lock(quick_store)
    try:
        with (
            pytest.raises(SystemBusy) as read_refused,
            quick_store.session(read_only=True) as session,
        ):
            record(session, actor=_actor(1), action="read", entity="case", entity_id=1)
        with pytest.raises(SystemBusy), quick_store.session() as session:
            record(session, actor=_actor(1), action="update", entity="case", entity_id=1)
    finally:
        release.set()
    assert read_refused.value.retry_after >= 1
    with quick_store.session(read_only=True) as session:  # and it recovers
        record(session, actor=_actor(1), action="read", entity="case", entity_id=1)


def test_a_read_session_refuses_to_change_rows(store: Store) -> None:
    with (
        pytest.raises(RuntimeError, match="read-only session"),
        store.session(read_only=True) as session,
    ):
        session.add(Agency(name="X", type="NGO", country="NL"))
        session.flush()
