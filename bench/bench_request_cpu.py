"""CPU cost of one request, in process, on a database that bench_load.py built and kept.

    python bench/bench_load.py --cases 3000 --keep var/load   # once
    python bench/bench_request_cpu.py --keep var/load

Prints the processor time of the case search service alone and of whole requests through
the app (case list, case page), so that the share outside the service (authentication,
session, audit, serialisation) can be read off. One uvicorn process is held to one core by
the GIL: 1000 / (ms per request) is its ceiling in requests per second.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

from sqlalchemy import select

from palermo.cases.record.schemas import CaseQuery
from palermo.cases.record.search import find_cases
from palermo.store import open_store
from palermo.store.actor import Actor
from palermo.store.keys import KeyRing
from palermo.store.models import Case, User


def _per_call(fn, times: int) -> tuple[float, float]:  # noqa: ANN001
    for _ in range(5):
        fn()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(times):
        fn()
    return (
        (time.process_time() - cpu) / times * 1000,
        (time.perf_counter() - wall) / times * 1000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, required=True, help="bench_load.py's folder")
    parser.add_argument("--times", type=int, default=100)
    args = parser.parse_args()
    state = args.keep / "load.json"
    if not state.exists():
        raise SystemExit(f"{state} is missing: run bench/bench_load.py --keep {args.keep} first")
    saved = json.loads(state.read_text())
    ring = KeyRing.from_json(saved["keys"], source=str(state))
    store = open_store(url=saved["url"], keyring=ring)
    with store.session() as s:
        user = s.scalars(select(User).where(User.username == "load")).one()
        actor = Actor(user.id, user.username, user.agency_id, user.role, "api")
        ids = list(s.scalars(select(Case.id).limit(2000)))
    pages = max(1, len(ids) // 25)

    def search() -> None:
        with store.session(read_only=True) as s:
            find_cases(s, query=CaseQuery(page=random.randint(1, pages)), actor=actor)

    from fastapi.testclient import TestClient

    from palermo.web.app import create_app

    client = TestClient(create_app(store=store))
    auth = {"Authorization": f"Bearer {saved['token']}"}

    def listing() -> None:
        assert client.get(f"/api/cases?page={random.randint(1, pages)}", headers=auth).is_success

    def case_page() -> None:
        assert client.get(f"/api/cases/{random.choice(ids)}", headers=auth).is_success

    print(f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for label, fn in (
        ("find_cases (service, page of 25)", search),
        ("GET /api/cases (whole request)", listing),
        ("GET /api/cases/{id} (whole request)", case_page),
    ):
        cpu, wall = _per_call(fn, args.times)
        print(f"{label:<38} {cpu:6.1f} ms CPU  {wall:6.1f} ms wall  (ceiling {1000 / cpu:5.0f}/s)")


if __name__ == "__main__":
    main()
