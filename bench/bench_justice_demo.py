"""Benchmark: the demo's justice step (investigations and trials played through the
services) against the rest of ``palermo demo build``, on a temporary SQLite store.

Run ``python bench/bench_justice_demo.py [victims] [share]`` (default: the demo's 4000
victims and share 0.25); prints the wall-clock and CPU seconds of the demo before the
justice step and of the justice step (from the end of the casework to the end: simulating
the justice records, then recording them), the records played and the attrition funnel
of the result (every stage non-empty, never increasing). CPU seconds are this process's
own, so they say more than wall-clock seconds on a busy machine.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from palermo.config import Settings
from palermo.demo import build_demo
from palermo.justice.services.reporting import attrition
from palermo.store import open_store
from palermo.store.actor import Actor
from palermo.store.keys import new_keyring


def main() -> None:
    victims = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    share = float(sys.argv[2]) if len(sys.argv) > 2 else 0.25
    marks: list[tuple[float, float, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{Path(folder) / 'demo.db'}")
        store = open_store(settings, keyring=new_keyring())
        start, cpu_start = time.perf_counter(), time.process_time()

        def mark(message: str) -> None:
            marks.append((time.perf_counter() - start, time.process_time() - cpu_start, message))
            print(f"  {marks[-1][0]:7.1f} s  {message}", file=sys.stderr)

        summary = build_demo(store, victims=victims, justice_share=share, progress=mark)
        total, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        # The justice step starts where the casework ends.
        wall_before, cpu_before = next((w, c) for w, c, m in marks if m.startswith("[casework"))
        with store.session() as session:
            funnel = attrition(session, actor=Actor.system("bench"), breakdowns=False).national
        store.engine.dispose()
    tally = summary.justice
    assert tally is not None
    print(f"victims            {victims:,} (share of networks played: {share:.0%})")
    print(f"cases              {summary.cases:,}")
    print(f"demo build, s      {total:.1f} wall, {cpu:.1f} CPU")
    print(f"before justice, s  {wall_before:.1f} wall, {cpu_before:.1f} CPU")
    print(f"justice step, s    {total - wall_before:.1f} wall, {cpu - cpu_before:.1f} CPU")
    print(f"investigations     {tally.investigations}  proceedings {tally.proceedings}")
    print(f"charges            {tally.charges}  links {tally.links}  refused {len(tally.refused)}")
    print(f"victims funnel     {[s.count for s in funnel.victims]}")
    print(f"suspects funnel    {[s.count for s in funnel.suspects]}")


if __name__ == "__main__":
    main()
