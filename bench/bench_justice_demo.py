"""Benchmark: the demo's justice step (investigations and trials played through the
services) against the rest of ``palermo demo build``, on a temporary SQLite store.

Run ``python bench/bench_justice_demo.py [victims] [share]`` (default: the demo's 4000
victims and share 0.25); prints the seconds of each step, the records played and the
attrition funnel of the result (every stage non-empty, never increasing).
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
    marks: list[tuple[float, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{Path(folder) / 'demo.db'}")
        store = open_store(settings, keyring=new_keyring())
        start = time.perf_counter()
        summary = build_demo(
            store,
            victims=victims,
            justice_share=share,
            progress=lambda m: marks.append((time.perf_counter() - start, m)),
        )
        total = time.perf_counter() - start
        first = next(t for t, m in marks if m.startswith("justice:"))
        with store.session() as session:
            funnel = attrition(session, actor=Actor.system("bench"), breakdowns=False).national
        store.engine.dispose()
    tally = summary.justice
    assert tally is not None
    print(f"victims            {victims:,} (share of networks played: {share:.0%})")
    print(f"cases              {summary.cases:,}")
    print(f"demo build, s      {total:.1f}")
    print(f"before justice, s  {first:.1f}")
    print(f"justice step, s    {total - first:.1f}")
    print(f"investigations     {tally.investigations}  proceedings {tally.proceedings}")
    print(f"charges            {tally.charges}  links {tally.links}  refused {len(tally.refused)}")
    print(f"victims funnel     {[s.count for s in funnel.victims]}")
    print(f"suspects funnel    {[s.count for s in funnel.suspects]}")


if __name__ == "__main__":
    main()
