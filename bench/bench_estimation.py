"""Benchmark of palermo.estimation; prints wall-clock figures.

    .venv/bin/python bench/bench_estimation.py [--boot 1000] [--seed 1234]

1. 1,000-replicate BCa bootstrap with SparseMSE stepwise re-selection on the 8-list
   New Orleans data (plus the jackknife for the acceleration).
2. BIC search over all 32,768 hierarchical models of order <= 2 on the 6-list UK data.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from palermo.estimation import EstimateSpec, estimate, read_capture_data
from palermo.estimation.bic import rank_all
from palermo.estimation.existence import _CACHE

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "mse"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--boot", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    args = parser.parse_args()

    neworl = read_capture_data(args.reference / "NewOrl.csv")
    _CACHE.clear()
    t0 = time.perf_counter()
    res = estimate(
        neworl, EstimateSpec(method="stepwise", ci="bca", boot=args.boot, seed=args.seed)
    )
    dt = time.perf_counter() - t0
    print(
        f"NewOrl stepwise + BCa, {args.boot} replicates: {dt:.2f} s "
        f"({1000 * dt / args.boot:.2f} ms per replicate); "
        f"estimate {res.estimate:.1f} ({res.lower:.1f}, {res.upper:.1f})"
    )

    uk = read_capture_data(args.reference / "UKdat.csv")
    _CACHE.clear()
    t0 = time.perf_counter()
    ranked = rank_all(uk.counts, uk.n_lists, max_order=2)
    dt = time.perf_counter() - t0
    best = ranked[0]
    print(
        f"UKdat BIC over all hierarchical models of order <= 2: {dt:.2f} s for {len(ranked)} "
        f"valid models ({1e6 * dt / max(len(ranked), 1):.0f} us per model); best "
        f"{', '.join(best.model.names(uk.list_names))} -> {best.estimate:.1f}"
    )


if __name__ == "__main__":
    main()
