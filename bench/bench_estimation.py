"""Benchmark of palermo.estimation where users wait; prints wall-clock figures.

    .venv/bin/python bench/bench_estimation.py [--boot 1000] [--seed 1234] [--only NAME]

Each run is planned first (model selection + a timed first batch of resamples, as the
CLI does before it prints its estimate of the run time) and then run with the plan;
the figures are the wall and CPU time of plan + run, and the run's wall time against
the time the plan predicted for it.

1. Kosovo (4 lists): BIC over all 113 hierarchical models of order <= 3 + BCa
   (Silverman, Chan & Vincent 2024; R MultipleSystemsEstimation took 79-205 s).
2. UK (6 lists): BIC over all 32,768 models of order <= 2: the point estimate alone,
   then with the BCa bootstrap re-selecting among all of them on every resample.
3. UK: downhill BIC search (order <= 5) + BCa (the published Table 6 row).
4. New Orleans (8 lists): SparseMSE stepwise + BCa (R SparseMSE took 651 s).

The machine's load average is printed first: figures taken while other work runs are
noisy, compare CPU seconds or re-run on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from palermo.estimation import EstimateSpec, estimate, plan, read_capture_data
from palermo.estimation.existence import clear_cache

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "mse"
KOSOVO = ROOT / "tests" / "estimation" / "data" / "Kosovo.csv"


def _run(label: str, path: Path, spec: EstimateSpec) -> None:
    data = read_capture_data(path)
    clear_cache()  # each figure from a cold start of the existence-check cache
    w0, c0 = time.perf_counter(), time.process_time()
    p = plan(data, spec)
    w1 = time.perf_counter()
    res = estimate(data, spec, plan=p)
    w2 = time.perf_counter()
    wall, cpu = w2 - w0, time.process_time() - c0
    interval = "" if res.lower is None else f" ({res.lower:,.1f}, {res.upper:,.1f})"
    print(
        f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU (plan {w1 - w0:.2f} s, then "
        f"{w2 - w1:.2f} s run against {p.seconds:.1f} s predicted); "
        f"estimate {res.estimate:,.1f}{interval}, {len(res.candidates) or '-'} models ranked"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--boot", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument("--only", default="", help="run only figures whose label has this")
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average {load} on {os.cpu_count()} CPUs; {args.boot} resamples, seed {args.seed}")

    boot = dict(ci="bca", boot=args.boot, seed=args.seed)
    uk = args.reference / "UKdat.csv"
    runs = [
        ("Kosovo BIC order 3 + BCa", KOSOVO, EstimateSpec(method="bic", max_order=3, **boot)),
        ("UKdat BIC order 2, point estimate", uk, EstimateSpec(method="bic", max_order=2)),
        ("UKdat BIC order 2 + BCa", uk, EstimateSpec(method="bic", max_order=2, **boot)),
        (
            "UKdat downhill BIC order 5 + BCa",
            uk,
            EstimateSpec(method="bic", search="downhill", max_order=5, **boot),
        ),
        (
            "NewOrl stepwise + BCa",
            args.reference / "NewOrl.csv",
            EstimateSpec(method="stepwise", **boot),
        ),
    ]
    for label, path, spec in runs:
        if args.only.lower() in label.lower():
            _run(label, path, spec)


if __name__ == "__main__":
    main()
