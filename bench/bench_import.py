"""Benchmark: the batched import of simulated cases into one agency.

    python bench/bench_import.py [cases] [database-url]     # default 2,000 cases, SQLite

Prints rows/s of wall time and per CPU second of this process (the second is less
sensitive to other work on the machine; the database's own work on PostgreSQL is not in
it). The rows are checked and converted first, then written 250 cases per commit.
"""

from __future__ import annotations

import sys
import tempfile
import time

from palermo.accounts import service as accounts
from palermo.cases.exchange import import_in_batches
from palermo.simulate import WorldSpec, iter_agency_records
from palermo.store import open_store
from palermo.store.actor import Actor
from palermo.store.keys import new_keyring


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000
    url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{tempfile.mkdtemp()}/import.db"
    store = open_store(url=url, keyring=new_keyring())
    system = Actor.system("bench")
    stamp = time.time_ns()
    with store.session() as s:
        agency = accounts.create_agency(
            s, name=f"Import {stamp}", type="NGO", country="GB", actor=system
        )
        user = accounts.create_user(
            s,
            username=f"import-{stamp}",
            password="bench-password-1",
            role="caseworker",
            agency_id=agency.id,
            actor=system,
        )
        actor = accounts.actor_of(user)
    # About a third of simulated victims reach an agency: simulate enough, keep ``cases``.
    spec = WorldSpec(victims=cases * 4 + 100, agencies=1, seed=7)
    rows = [r for chunk in iter_agency_records(spec) for r in chunk][:cases]
    wall, cpu = time.perf_counter(), time.process_time()
    report = import_in_batches(store, rows=rows, actor=actor)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"database           {store.engine.url.get_backend_name()}")
    print(f"cases imported     {report.imported:,} of {len(rows):,} rows")
    print(f"seconds            {wall:.1f}")
    print(f"rows/s (wall)      {report.imported / wall:,.1f}")
    print(f"rows per CPU-s     {report.imported / cpu:,.1f} (this process)")
    store.engine.dispose()


if __name__ == "__main__":
    main()
