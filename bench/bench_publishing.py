"""Benchmark: DP tables for 200,000 simulated persons, DP synthetic data and its utility.

Run ``python bench/bench_publishing.py [--persons 200000] [--synthetic-persons 50000]
[--epsilons 1,1,1,0.5,2]``. Prints, in order:

- the time of the default table release for one year, from 200,000 persons (all years)
  and from 200,000 persons all registered in that year (the worst case);
- per run (epsilon 1 three times: the DP noise differs run to run): synthetic-data
  time (MST, all CTDC columns), mean one- and two-way TVD
  and the share of attribute pairs lost (rule in palermo.publishing.utility);
- peak RSS of the process.

Targets (issue 12): tables <= 10 s; at epsilon 1, mean two-way TVD <= 0.03 and <= 5% of
pairs lost.
"""

from __future__ import annotations

import argparse
import resource
import time

import polars as pl

from palermo.publishing import (
    Layout,
    SyntheticSpec,
    TablesSpec,
    ctdc_rows,
    release_tables,
    synthesize,
    utility_report,
)
from palermo.simulate import WorldSpec, iter_world

YEARS = (2018, 2025)


def persons(wanted: int, seed: int) -> pl.DataFrame:
    """About ``wanted`` identified persons in the CTDC layout (73% of victims are found)."""
    victims = int(wanted / 0.73)
    frames = [
        c.records.with_columns(c.truth["person_id"])
        for c in iter_world(WorldSpec(victims=victims, seed=seed))
    ]
    rows = ctdc_rows(pl.concat(frames), person_key="person_id", layout=Layout(YEARS))
    return rows.head(wanted)


def bench_tables(frame: pl.DataFrame) -> None:
    spec = TablesSpec(year=2021, epsilon=1.0, years=YEARS)
    start = time.perf_counter()
    result = release_tables(frame, spec)
    elapsed = time.perf_counter() - start
    cells = sum(t.frame.height for t in result.tables)
    in_year = frame.filter(pl.col("yearOfRegistration") == "2021").height
    print(
        f"tables, {frame.height:,} persons ({in_year:,} in 2021), {cells:,} cells: {elapsed:.2f} s"
    )
    same_year = frame.with_columns(pl.lit("2021").alias("yearOfRegistration"))
    start = time.perf_counter()
    release_tables(same_year, spec)
    elapsed = time.perf_counter() - start
    print(f"tables, {frame.height:,} persons all in 2021:             {elapsed:.2f} s")


def bench_synthetic(frame: pl.DataFrame, epsilon: float) -> None:
    start = time.perf_counter()
    result = synthesize(frame, SyntheticSpec(epsilon=epsilon, years=YEARS, seed=1))
    elapsed = time.perf_counter() - start
    report = utility_report(frame, result.frame, years=YEARS)
    print(
        f"synthetic eps={epsilon:g}: {frame.height:,} persons x {len(frame.columns)} columns, "
        f"{elapsed:.1f} s; mean 1-way TVD {report.mean_one_way_tvd:.4f}, mean 2-way TVD "
        f"{report.mean_two_way_tvd:.4f} (max {report.max_two_way_tvd:.3f}), pairs lost "
        f"{report.share_lost:.1%} of {len(report.pairs)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--synthetic-persons", type=int, default=50_000)
    parser.add_argument("--epsilons", default="1,1,1,0.5,2", help="one run per value")
    args = parser.parse_args()
    start = time.perf_counter()
    big = persons(args.persons, seed=1)
    print(f"simulated and converted {big.height:,} persons in {time.perf_counter() - start:.1f} s")
    bench_tables(big)
    small = big.head(args.synthetic_persons)
    for epsilon in (float(e) for e in args.epsilons.split(",")):
        bench_synthetic(small, epsilon)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
