from sqlalchemy import text

from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.audit import record, verify_chain


def _fill(store: Store, n: int = 5) -> None:
    actor = Actor(user_id=1, username="ana", agency_id=1, role="caseworker", origin="127.0.0.1")
    with store.session() as session:
        for i in range(n):
            record(session, actor=actor, action="read", entity="case", entity_id=i, fields=["x"])


def test_intact_chain_verifies(store: Store) -> None:
    _fill(store)
    with store.session() as session:
        report = verify_chain(session)
    assert report.intact and report.rows == 5


def test_edited_row_is_named(store: Store) -> None:
    _fill(store)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET actor = 'mallory' WHERE id = 3"))
    with store.session() as session:
        report = verify_chain(session)
    assert not report.intact and report.first_broken_id == 3


def test_deleted_middle_row_is_named(store: Store) -> None:
    _fill(store)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE id = 2"))
    with store.session() as session:
        report = verify_chain(session)
    assert not report.intact and report.first_broken_id == 2


def test_truncated_tail_is_detected(store: Store) -> None:
    _fill(store)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE id >= 4"))
    with store.session() as session:
        report = verify_chain(session)
    assert not report.intact and report.first_broken_id == 4


def test_rolled_back_change_leaves_no_entry(store: Store) -> None:
    _fill(store, 2)
    actor = Actor.system("t")
    try:
        with store.session() as session:
            record(session, actor=actor, action="delete", entity="case", entity_id=9)
            raise RuntimeError("abort")
    except RuntimeError:
        pass
    with store.session() as session:
        report = verify_chain(session)
    assert report.intact and report.rows == 2
