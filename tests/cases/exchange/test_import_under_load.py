"""Fault test: a long import runs while the web app is read and written; nobody gets a 5xx.

The import commits in short batches, so the app's requests wait at most for one batch
instead of failing with "database is locked" for the whole file (issue 14). Between
batches the import waits for the app to answer: were the file one transaction, the
app's writes would wait on the import's lock, past SQLite's busy timeout, and fail.
"""

from __future__ import annotations

import threading
from collections import Counter

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from palermo.accounts import service as accounts
from palermo.cases.exchange import ImportReport, import_in_batches
from palermo.config import Settings
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.models import Case
from palermo.web.app import create_app
from tests.factories import make_agency_user

ROWS = [{"record_id": f"R{n}", "prs_FirstName": f"Name{n}"} for n in range(1, 25)]


def test_import_while_the_app_reads_and_writes(store: Store, database_url: str) -> None:
    actor = make_agency_user(store)
    with store.session() as s:
        token = accounts.issue_token(s, username=actor.username, actor=Actor.system("test"))
    app = create_app(store=store, settings=Settings(database_url=database_url))
    reports: list[ImportReport] = []
    answered = threading.Event()

    def between_batches(_written: int) -> None:
        # The next batch waits until the app has answered a round of requests, so
        # requests certainly fall between batches as well as during them.
        answered.wait(timeout=30)
        answered.clear()

    def run() -> None:
        reports.append(import_in_batches(store, rows=ROWS, actor=actor, batch=6,
                                         on_batch=between_batches))  # fmt: skip

    statuses: Counter[int] = Counter()
    during = 0
    with TestClient(app, headers={"authorization": f"Bearer {token}"}) as client:
        importer = threading.Thread(target=run)
        importer.start()
        while importer.is_alive():
            listed = client.get("/api/cases")
            created = client.post("/api/cases", json={"person": {"given_name": "Walk-in"}})
            statuses.update([listed.status_code, created.status_code])
            if created.status_code == 201:
                statuses[client.get(f"/api/cases/{created.json()['id']}").status_code] += 1
            during += importer.is_alive()
            answered.set()
        importer.join()
    assert reports and reports[0].imported == len(ROWS)
    # Requests ran while batches were still being written, and every one was answered.
    assert during >= len(ROWS) // 6 - 1
    assert [code for code in statuses if code >= 500] == []
    assert set(statuses) == {200, 201}
    with store.session() as s:
        total = s.scalar(select(func.count(Case.id)))
    assert total == len(ROWS) + statuses[201]
