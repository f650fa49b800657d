"""Storing a screened feed for the monitors' queue, and reading the queue back.

    PYTHONPATH=src python bench/bench_monitor_store.py            # 100,000 ads
    PYTHONPATH=src python bench/bench_monitor_store.py --n 20000

Simulates a feed (not counted), screens it and ties it into networks (counted apart),
then prints the time to store the run (flagged ads, their flags, the networks) in a
fresh SQLite store, and the time of the queue's first page unfiltered, filtered by
risk, by flag and by network. Timings taken while other jobs run are noisy: the load
average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from palermo.prevent.monitor_queue import QueueFilter, ad_queue  # noqa: E402
from palermo.prevent.screening_runs import FeedPlaces, store_screening_run  # noqa: E402
from palermo.recruitment import AgencyRegistry, FeedSpec  # noqa: E402
from palermo.recruitment.bulk import networks_of, screen_frame  # noqa: E402
from palermo.recruitment.feed import check_feed  # noqa: E402
from palermo.simulate.ads import AdsSpec, iter_ads, registry_of  # noqa: E402
from palermo.store import open_store  # noqa: E402
from palermo.store.actor import Actor  # noqa: E402
from palermo.store.keys import new_keyring  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    spec = AdsSpec(n=args.n, seed=args.seed)
    frames = [pl.DataFrame(ads) for ads, _ in iter_ads(spec, chunk_size=50_000)]
    frame = check_feed(pl.concat(frames))
    registry = AgencyRegistry.from_records(registry_of(spec))
    t = time.perf_counter()
    screened = screen_frame(frame, spec=FeedSpec(), registry=registry)
    nets = networks_of(screened, frame)
    screen_s = time.perf_counter() - t
    places = FeedPlaces(
        frame["site"].to_list(), frame["city"].to_list(), frame["country"].to_list()
    )
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(url=f"sqlite:///{folder}/bench.db", keyring=new_keyring())
        actor = Actor.system("bench")
        t = time.perf_counter()
        with store.session() as s:
            run = store_screening_run(
                s, feed="bench", screening=screened, places=places, networks=nets, actor=actor
            )
        store_s = time.perf_counter() - t
        flag = next(iter(c for row in screened.flags for c, _ in row), None)
        network = nets.networks[0].network_id if nets.networks else None
        timings = {}
        for name, chosen in (
            ("unfiltered", QueueFilter()),
            ("risk=high", QueueFilter(risk="high")),
            (f"flag={flag}", QueueFilter(flag=flag)),
            (f"network={network}", QueueFilter(network_id=network)),
        ):
            t = time.perf_counter()
            with store.session(read_only=True) as s:
                queue = ad_queue(s, run_id=run.id, chosen=chosen, actor=actor)
            timings[name] = (time.perf_counter() - t, queue.total)
        store.close()
    one, five, _ = os.getloadavg()
    print(f"ads: {run.ads:,}; flagged and stored: {run.flagged:,}; networks: {run.networks:,}")
    print(f"screen + networks: {screen_s:.1f} s (not the stored part)")
    print(f"store the run: {store_s:.2f} s ({run.flagged / store_s:,.0f} flagged ads/s)")
    for name, (seconds, total) in timings.items():
        print(f"queue first page, {name}: {seconds * 1000:.0f} ms ({total:,} ads match)")
    print(f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
