"""Many writers at once keep the audit chain whole (threads, as the web server runs them)."""

from concurrent.futures import ThreadPoolExecutor

from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.audit import record, verify_chain


def test_concurrent_appends_keep_the_chain(store: Store) -> None:
    def append(i: int) -> None:
        actor = Actor(user_id=i, username=f"u{i}", agency_id=1, role="caseworker")
        for _ in range(5):
            with store.session() as session:
                record(session, actor=actor, action="read", entity="case", entity_id=i)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(append, range(16)))
    with store.session() as session:
        report = verify_chain(session)
    assert report.intact and report.rows == 80
