"""Benchmark: ``palermo demo build`` phase by phase, on a temporary SQLite store.

Run ``python bench/bench_demo.py [victims]`` (default: the demo's 4000 victims). Prints
each phase's wall-clock and CPU seconds (world build, cases, casework, justice,
linkage), the whole build's, the machine's load average before and after (the machine
may be shared: CPU seconds, this process's own, say more than wall-clock seconds then),
and what was built: cases, the casework's counts, and the persons the linkage run found
beside the case records and the simulator's true persons.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from palermo.config import Settings
from palermo.demo import build_demo
from palermo.store import open_store
from palermo.store.keys import new_keyring


def main() -> None:
    victims = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    load_before = os.getloadavg()
    marks: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{Path(folder) / 'demo.db'}")
        store = open_store(settings, keyring=new_keyring())
        start, cpu_start = time.perf_counter(), time.process_time()
        last = [start, cpu_start]

        def mark(message: str) -> None:
            print(f"  {time.perf_counter() - start:7.1f} s  {message}", file=sys.stderr)
            if message.startswith("["):
                now, cpu = time.perf_counter(), time.process_time()
                marks.append((message[1:].split(":")[0], now - last[0], cpu - last[1]))
                last[:] = [now, cpu]

        summary = build_demo(store, victims=victims, progress=mark)
        total, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        store.close()
    print(f"victims          {victims:,}")
    print(f"load average     {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
    for phase, wall, phase_cpu in marks:
        print(f"{phase:<16} {wall:7.1f} s wall {phase_cpu:7.1f} s CPU")
    print(f"{'demo build':<16} {total:7.1f} s wall {cpu:7.1f} s CPU")
    print(f"cases            {summary.cases:,}")
    work = summary.casework
    if work is not None:
        print(
            f"casework         {work.consents:,} consents, {work.referrals:,} referrals, "
            f"{work.services:,} services, {work.decisions:,} decisions, {work.closures:,} closures"
        )
    print(summary.persons_line())


if __name__ == "__main__":
    main()
