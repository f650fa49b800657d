"""Benchmark: ``palermo demo build`` phase by phase, on a temporary SQLite store.

    python bench/bench_demo.py [victims] [--seed N] [--keep DIR] [--counts]

Default: the demo's 4000 victims and seed. Prints each phase's wall-clock and CPU
seconds (agencies, world build, cases, casework, justice, linkage), the whole build's,
the machine's load average before and after (the machine may be shared: CPU seconds,
this process's own, say more than wall-clock seconds then), and what was built: cases,
the casework's counts, and the persons the linkage run found beside the case records and
the simulator's true persons. ``--counts`` adds the number of rows of every table (to
compare two builds of the same seed on the same day); ``--keep DIR`` builds in DIR as
``make demo`` does (``palermo.db``, ``palermo.keys``, the audit checkpoints), so that
``palermo audit verify`` can be run on it afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from palermo.config import Settings
from palermo.demo import build_demo
from palermo.store import open_store
from palermo.store.keys import new_keyring, write_keyring
from palermo.store.models import Base


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("victims", type=int, nargs="?", default=4000)
    parser.add_argument("--seed", type=int, default=2007)
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and keep it")
    parser.add_argument("--counts", action="store_true", help="print rows per table")
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    load_before = os.getloadavg()
    marks: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=not args.keep)
        ring = new_keyring()
        write_keyring(ring, folder / "palermo.keys")
        settings = Settings(
            database_url=f"sqlite:///{folder / 'palermo.db'}", key_file=folder / "palermo.keys"
        )
        store = open_store(settings, keyring=ring)
        start, cpu_start = time.perf_counter(), time.process_time()
        last = [start, cpu_start]

        def mark(message: str) -> None:
            print(f"  {time.perf_counter() - start:7.1f} s  {message}", file=sys.stderr)
            if message.startswith("["):
                now, cpu = time.perf_counter(), time.process_time()
                marks.append((message[1:].split(":")[0], now - last[0], cpu - last[1]))
                last[:] = [now, cpu]

        summary = build_demo(store, victims=args.victims, seed=args.seed, progress=mark)
        total, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        counts = {}
        if args.counts:
            with store.engine.connect() as conn:
                for table in Base.metadata.sorted_tables:
                    counts[table.name] = conn.execute(
                        select(func.count()).select_from(table)
                    ).scalar_one()
        store.close()
    print(f"victims          {args.victims:,} (seed {args.seed})")
    print(f"load average     {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
    for phase, wall, phase_cpu in marks:
        print(f"{phase:<16} {wall:7.1f} s wall {phase_cpu:7.1f} s CPU")
    print(f"{'demo build':<16} {total:7.1f} s wall {cpu:7.1f} s CPU")
    print(f"cases            {summary.cases:,}")
    print(f"logins           {len(summary.logins):,}")
    work = summary.casework
    if work is not None:
        print(
            f"casework         {work.consents:,} consents, {work.referrals:,} referrals, "
            f"{work.services:,} services, {work.decisions:,} decisions, {work.closures:,} "
            f"closures, {len(work.skipped):,} refused"
        )
    print(summary.persons_line())
    for name, rows in counts.items():
        if rows:
            print(f"  {name:<32} {rows:>9,}")
    if args.keep:
        print(
            f"kept in {folder}: PALERMO_DATABASE_URL=sqlite:///{folder}/palermo.db "
            f"PALERMO_KEY_FILE={folder}/palermo.keys palermo audit verify"
        )


if __name__ == "__main__":
    main()
