"""Record-linkage benchmark: records/s, peak memory and accuracy against simulated truth.

Run: ``.venv/bin/python bench/bench_linkage.py [--victims 100000 1000000] [--agencies 12]
[--saved-model] [--keep var/worlds]`` (the second also links again with the model just
trained, untimed training). For each size it simulates a world (palermo.simulate, Parquet
files in a temporary directory, or in ``--keep``, where a world simulated to the end with
the same size, agencies and seed is reused; not timed), links every agency's records with
``palermo.linkage.records`` (DuckDB) and prints the time of each step, records per
second, the peak resident memory of the process, pairwise precision/recall/F1 and
B-cubed F1 against the simulator's ground truth. ``--no-event-dates`` links on the
person's identifiers only (the simulator writes event dates without noise, which
flatters them).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import polars as pl

from palermo.linkage.records import LinkResult, LinkSpec, link_records, read_records, score_clusters
from palermo.simulate import WorldSpec, write_world


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(
    victims: int, agencies: int, seed: int, events: bool, budget: int, root: Path, saved: bool
) -> None:
    world = root / f"w{victims}-a{agencies}-s{seed}"
    started = time.perf_counter()
    if not (world / "world.json").exists():  # written last
        write_world(
            WorldSpec(victims=victims, agencies=agencies, seed=seed), world, formats=("parquet",)
        )
    simulated = time.perf_counter() - started
    started = time.perf_counter()
    records = read_records([world])
    read = time.perf_counter() - started
    spec = LinkSpec(event_dates=events, comparisons_per_record=budget)
    result = link_records(records, spec)
    linked = time.perf_counter() - started
    truth = pl.read_csv(world / "ground_truth.csv", infer_schema=False)
    _print(
        victims, agencies, events, simulated, read, linked, records, result, truth, "trained now"
    )
    if saved:
        model = root / f"model{victims}.json"
        model.write_text(json.dumps(result.model_json), "utf-8")
        started = time.perf_counter()
        again = link_records(read_records([world]), replace(spec, model=model))
        linked = time.perf_counter() - started
        _print(
            victims, agencies, events, simulated, read, linked, records, again, truth, "saved model"
        )


def _print(
    victims: int, agencies: int, events: bool, simulated: float, read: float, linked: float,
    records: pl.DataFrame, result: LinkResult, truth: pl.DataFrame, how: str,
) -> None:  # fmt: skip
    s = score_clusters(result.clusters, truth)
    n = records.height
    steps = ", ".join(f"{k} {v:.1f}" for k, v in result.seconds.items())
    print(
        f"victims {victims:,} agencies {agencies} records {n:,} (simulated in {simulated:.0f} s)"
        f" event dates {'on' if events else 'off'}; {how}"
    )
    print(
        f"  time {linked:.1f} s incl. reading (read {read:.1f}; {steps})"
        f" = {n / linked:,.0f} records/s"
    )
    print(
        f"  comparisons (upper bound) {result.blocking[-1].cumulative:,}; "
        f"pairs kept {result.pairs.height:,}"
    )
    print(f"  peak RSS {_peak_mib():,.0f} MiB")
    print(
        f"  pairwise precision {s.precision:.4f} recall {s.recall:.4f} F1 {s.f1:.4f}; "
        f"B-cubed F1 {s.bcubed_f1:.4f}; persons {result.persons:,} "
        f"(true {truth['person_id'].n_unique():,})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--victims", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--agencies", type=int, default=6)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-event-dates", action="store_true")
    parser.add_argument(
        "--saved-model", action="store_true", help="link again with the model just trained"
    )
    parser.add_argument(
        "--budget",
        type=int,
        default=LinkSpec.comparisons_per_record,
        help="comparisons per record for the wide rules",
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="folder to simulate each world once and reuse"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-linkage-") as tmp:
        for victims in args.victims:
            run(
                victims, args.agencies, args.seed, not args.no_event_dates, args.budget,
                args.keep or Path(tmp), args.saved_model,
            )  # fmt: skip
    print("load:", os.getloadavg())


if __name__ == "__main__":
    main()
