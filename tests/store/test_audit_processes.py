"""Two server processes (``palermo serve --workers 2``) append to one audit chain: each
has its own group-commit writer and its own checkpointer, and the chain must still be
whole, in order and keyed, with checkpoints from both, as ``palermo audit verify`` sees it.

Real processes on a real database file or server, not threads and not a mock: the
processes share nothing but the database and the checkpoint file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from palermo.store import open_store
from palermo.store.audit import verify_chain
from palermo.store.audit.checkpoints import FileSink, parse
from palermo.store.keys import KeyRing
from palermo.store.models import AuditEntry

# One worker process: threads reading (entries through the group-commit writer) and
# writing (entries in their own transaction), all starting at the same moment.
WORKER = """
import sys, threading, time
from palermo.store import open_store
from palermo.store.actor import Actor
from palermo.store.audit import record

name, start = sys.argv[1], float(sys.argv[2])
store = open_store(upgrade=False)

def work(thread, read_only):
    actor = Actor(user_id=thread, username=f"{name}-{thread}", agency_id=1, role="caseworker")
    for i in range(ROUNDS):
        with store.session(read_only=read_only) as session:
            record(session, actor=actor, action="read" if read_only else "update",
                   entity="case", entity_id=i)

while time.time() < start:
    time.sleep(0.005)
threads = [threading.Thread(target=work, args=(t, t % 3 != 0)) for t in range(THREADS)]
for t in threads: t.start()
for t in threads: t.join()
store.close()
"""
THREADS, ROUNDS = 6, 15


def _env(url: str, ring: KeyRing, checkpoints: Path) -> dict[str, str]:
    src = str(Path(__file__).resolve().parents[2] / "src")
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]),
        "PALERMO_DATABASE_URL": url,
        "PALERMO_KEYS": ring.to_json(),
        "PALERMO_AUDIT_CHECKPOINTS": str(checkpoints),
        "PALERMO_AUDIT_CHECKPOINT_SECONDS": "0",  # a checkpoint after every commit
    }


@pytest.mark.slow
def test_two_processes_appending_leave_a_chain_that_verifies(
    database_url: str, keyring: KeyRing, tmp_path: Path
) -> None:
    checkpoints = tmp_path / "checkpoints.jsonl"
    store = open_store(url=database_url, keyring=keyring, checkpoints=str(checkpoints))
    store.close()  # migrated once, as ``palermo serve`` does before starting its workers
    env = _env(database_url, keyring, checkpoints)
    code = WORKER.replace("ROUNDS", str(ROUNDS)).replace("THREADS", str(THREADS))
    start = time.time() + 4  # both processes have imported Palermo by then
    workers = [
        subprocess.Popen([sys.executable, "-c", code, name, str(start)], env=env)
        for name in ("a", "b")
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]

    store = open_store(url=database_url, keyring=keyring, upgrade=False)
    try:
        found, damaged = parse(FileSink(checkpoints).read() or [])
        with store.session(read_only=True) as session:
            report = verify_chain(session, checkpoints=found, sink=str(checkpoints))
            actors = session.scalars(select(AuditEntry.actor).where(AuditEntry.entity == "case"))
            by_process = Counter(actor.split("-")[0] for actor in actors)
    finally:
        store.close()
    assert report.intact, [f.message for f in report.findings]
    assert not damaged
    assert by_process == {"a": THREADS * ROUNDS, "b": THREADS * ROUNDS}
    # Checkpoints from both processes, interleaved: each signs the head it extended.
    assert report.checkpoints >= 2 and report.uncovered == 0

    verified = subprocess.run(
        [sys.executable, "-c", "from palermo.cli import main; main()", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verified.returncode == 0, verified.stderr
    assert "Audit log intact" in verified.stdout
