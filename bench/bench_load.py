"""Load benchmark: a served database of many cases under concurrent API clients.

    python bench/bench_load.py                       # 100,000 cases on SQLite, 10/30/100 clients
    python bench/bench_load.py --cases 20000 --clients 10,30 --seconds 10
    python bench/bench_load.py --database-url postgresql://palermo:palermo@127.0.0.1:5432/x
    python bench/bench_load.py --keep var/load       # build once, reuse on the next runs

Builds one agency's cases from a simulated world through the batched import (the import's
rows/s is the first figure), serves it with ``palermo serve --workers N``, then runs, for
each number of clients, case list, case page and case creation for ``--seconds`` each and
prints requests/s, p50/p95/p99 and errors (HTTP 5xx or no answer; other non-2xx counted
apart). Last, one client alone times name search, the exploitation filter and a deep list
page, and the Protect report service is timed in process.

Targets (issue 14, 2 cores): 0 errors at 100 clients; case list and case page p95 <= 150 ms
and >= 100 requests/s at 10 clients. Figures taken while other work runs are noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import func, select

from palermo.accounts import service as accounts
from palermo.cases.exchange import import_in_batches
from palermo.cases.record.casefile import case_to_create
from palermo.cases.work.reports import protect_report
from palermo.simulate import WorldSpec, iter_agency_records
from palermo.store import Store, open_store
from palermo.store.actor import Actor
from palermo.store.keys import KeyRing, new_keyring
from palermo.store.models import Case, User

USER = "load"
NEW_CASE = {
    "person": {"given_name": "Ana", "family_name": "Load"},
    "exploitation_types": [],
}


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0  # 5xx or no answer
    refused: int = 0  # other non-2xx answers
    kinds: Counter[str] = field(default_factory=Counter)  # what the errors were

    def line(self, label: str, seconds: float) -> str:
        lat = sorted(self.latencies)
        if not lat:
            return f"{label:<28} no answers: errors {self.errors}, refused {self.refused}"

        def pct(p: float) -> float:
            return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000

        return (
            f"{label:<28} {len(lat) / seconds:7.1f} req/s  p50 {pct(50):7.0f} ms  "
            f"p95 {pct(95):7.0f} ms  p99 {pct(99):7.0f} ms  errors {self.errors}"
            + (f"  refused {self.refused}" if self.refused else "")
            + (
                f"  ({', '.join(f'{k} {n}' for k, n in self.kinds.most_common())})"
                if self.kinds
                else ""
            )
        )


def _build(store: Store, cases: int, *, batch: int = 1000) -> str:
    """One agency with ``cases`` simulated cases and a caseworker; the caseworker's token.

    The cases go through the batched import (every row checked, encrypted, blind-indexed
    and audited as any import), fed 10,000 rows at a time straight from the simulator and
    ``batch`` cases per transaction, so 100,000 cases need neither the whole world in
    memory nor a commit per 250 rows.
    """
    system = Actor.system("bench")
    with store.session() as s:
        agency = accounts.create_agency(s, name="Load NGO", type="NGO", country="GB", actor=system)
        accounts.create_user(s, username=USER, password="load-bench-password-1",
                             role="caseworker", agency_id=agency.id, actor=system)  # fmt: skip
    # About a third of simulated victims reach an agency: simulate enough, keep ``cases``.
    spec = WorldSpec(victims=cases * 4 + 100, agencies=1, seed=7, chunk_size=10_000)
    actor = _actor(store)
    start = time.perf_counter()
    imported = 0
    for chunk in iter_agency_records(spec):
        rows = list(chunk)[: cases - imported]
        if not rows:
            break
        imported += import_in_batches(store, rows=rows, actor=actor, batch=batch).imported
        took = time.perf_counter() - start
        print(f"  {imported:,} cases imported, {imported / took:6.1f} rows/s", flush=True)
        if imported >= cases:
            break
    took = time.perf_counter() - start
    print(f"import {imported:,} cases    {imported / took:7.1f} rows/s ({took:.0f} s)")
    with store.session() as s:
        return accounts.issue_token(s, username=USER, actor=system)


def _actor(store: Store) -> Actor:
    with store.session() as s:
        return accounts.actor_of(s.scalars(select(User).where(User.username == USER)).one())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(
    url: str, ring: KeyRing, port: int, folder: Path, workers: int
) -> subprocess.Popen[bytes]:
    """``palermo serve`` as a user starts it, with ``workers`` processes (0: per core)."""
    env = {
        **os.environ,
        "PALERMO_DATABASE_URL": url,
        "PALERMO_KEYS": ring.to_json(),
        "PALERMO_AUDIT_CHECKPOINTS": str(folder / "audit-checkpoints.jsonl"),
    }
    command = [sys.executable, "-c", "from palermo.cli import main; main()", "serve",
               "--port", str(port), "--workers", str(workers)]  # fmt: skip
    # The server's tracebacks (one per 5xx) go to a file, not between the figures.
    with (folder / "server.log").open("ab") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=out)


async def _wait_up(base: str, token: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=5) as client:
        for _ in range(300):
            try:
                answer = await client.get("/api/cases?per_page=1", headers=_auth(token))
                if answer.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise SystemExit("the server did not answer within 60 s")


def _auth(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def _run(
    base: str, token: str, clients: int, seconds: float, request: str, ids: list[int]
) -> Tally:
    tally = Tally()
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def one(client: httpx.AsyncClient) -> None:
        while time.perf_counter() < stop:
            began = time.perf_counter()
            try:
                if request == "list":
                    answer = await client.get(f"/api/cases?page={random.randint(1, 40)}")
                elif request == "page":
                    answer = await client.get(f"/api/cases/{random.choice(ids)}")
                else:
                    answer = await client.post("/api/cases", json=NEW_CASE)
            except httpx.HTTPError as error:
                tally.errors += 1
                tally.kinds[type(error).__name__] += 1
                continue
            if answer.status_code >= 500:
                tally.errors += 1
                tally.kinds[f"HTTP {answer.status_code}"] += 1
            elif answer.status_code >= 300:
                tally.refused += 1
            else:
                tally.latencies.append(time.perf_counter() - began)

    async with httpx.AsyncClient(
        base_url=base, headers=_auth(token), timeout=30, limits=limits
    ) as client:
        await asyncio.gather(*(one(client) for _ in range(clients)))
    return tally


async def _alone(base: str, token: str, path: str, times: int = 10) -> str:
    async with httpx.AsyncClient(base_url=base, headers=_auth(token), timeout=60) as client:
        took = []
        for _ in range(times):
            began = time.perf_counter()
            try:
                answer = await client.get(path)
            except httpx.HTTPError as exc:
                return f"{path:<44} no answer ({type(exc).__name__})"
            took.append(time.perf_counter() - began)
            if answer.status_code != 200:
                return f"{path:<44} HTTP {answer.status_code}"
    return f"{path:<44} median {statistics.median(took) * 1000:7.0f} ms (1 client, {times} runs)"


def _report_time(store: Store) -> str:
    actor = _actor(store)
    took = []
    for _ in range(5):
        with store.session() as s:
            began = time.perf_counter()
            protect_report(s, date_from=date(2000, 1, 1), date_to=date(2100, 1, 1), actor=actor)
            took.append(time.perf_counter() - began)
    label = "Protect report (service, whole range)"
    return f"{label:<44} median {statistics.median(took) * 1000:7.0f} ms (5 runs)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--clients", default="10,30,100")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--keep", type=Path, default=None, help="folder to build once and reuse")
    parser.add_argument("--workers", type=int, default=0, help="server processes (0: per core)")
    parser.add_argument("--build-only", action="store_true", help="build (or reuse), then stop")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="palermo-load-"))
    folder.mkdir(parents=True, exist_ok=True)
    state = folder / "load.json"
    if state.exists():
        saved = json.loads(state.read_text())
        url, token = saved["url"], saved["token"]
        ring = KeyRing.from_json(saved["keys"], source=str(state))
        store = open_store(url=url, keyring=ring)
        print(f"reusing {url}")
    else:
        url = args.database_url or f"sqlite:///{folder / 'load.db'}"
        ring = new_keyring()
        store = open_store(url=url, keyring=ring)
        token = _build(store, args.cases)
        state.write_text(json.dumps({"url": url, "keys": ring.to_json(), "token": token}))
        state.chmod(0o600)
    workers = args.workers or "per core"
    print(f"database {store.engine.url.get_backend_name()}, server workers {workers}")
    print(f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with store.session() as s:
        ids = list(s.scalars(select(Case.id).order_by(func.random()).limit(2000)))
        print(f"cases in the database {s.scalar(select(func.count(Case.id))):,}")
    if args.build_only:
        store.close()
        return
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(url, ring, port, folder, args.workers)
    print(f"server errors are logged in {folder / 'server.log'}")
    try:
        asyncio.run(_wait_up(base, token))
        for clients in (int(c) for c in args.clients.split(",")):
            for request in ("list", "page", "create"):
                tally = asyncio.run(_run(base, token, clients, args.seconds, request, ids))
                print(tally.line(f"{request} x {clients} clients", args.seconds), flush=True)
                # Requests the clients gave up on may still be queued in the server.
                asyncio.run(_wait_up(base, token))
        with store.session() as s:
            sample = case_to_create(s.get(Case, ids[0]))
        name = sample.person.given_name or "Ana"
        kind = next(iter(sample.exploitation_types), "sexual")
        for path in (f"/api/cases?name={name}", f"/api/cases?exploitation_type={kind}",
                     "/api/cases?page=1500"):  # fmt: skip
            print(asyncio.run(_alone(base, token, path)), flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    print(_report_time(store))
    store.engine.dispose()


if __name__ == "__main__":
    main()
