"""Benchmark of the justice pillar's core; prints wall-clock figures and the funnel shares.

    .venv/bin/python bench/bench_justice.py [--victims 10000 100000] [--seed 7]

For each world size: time to simulate investigations and trials (world generation
included and shown apart), to compute the attrition funnel, a breakdown by year, the
GLOTIP tables of one year and to write their workbook; peak memory of the process; and
the simulated attrition (shares of identified victims reaching each stage, of suspects
prosecuted and convicted, convicted persons per 100 identified victims), which the
simulator's docstring quotes.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from palermo.justice import (
    Dimension,
    FunnelSpec,
    GlotipSpec,
    attrition_by,
    compute_funnel,
    glotip_tables,
)
from palermo.justice.glotip_export import write_glotip_xlsx
from palermo.simulate import WorldSpec, iter_world
from palermo.simulate.justice import justice_from_chunks

T = TypeVar("T")


def _timed(label: str, fn: Callable[[], T]) -> T:
    """Run ``fn``, print its wall-clock and CPU time (CPU time is what a loaded machine
    does not inflate)."""
    t0, c0 = time.perf_counter(), time.process_time()
    value = fn()
    print(f"  {label}: {time.perf_counter() - t0:.2f} s wall, {time.process_time() - c0:.2f} s CPU")
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--victims", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for victims in args.victims:
        run(WorldSpec(victims=victims, seed=args.seed))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MiB")


def run(world: WorldSpec) -> None:
    victims = world.victims
    print(f"== national world, {victims:,} victims, seed {world.seed}")
    chunks = _timed("world generation", lambda: list(iter_world(world)))
    sim = _timed("justice simulation", lambda: justice_from_chunks(chunks, world=world))
    data = sim.data
    print(
        f"  records: {len(data.victims):,} victims, {len(data.suspects):,} suspects, "
        f"{len(data.investigations):,} investigations, {len(data.proceedings):,} proceedings, "
        f"{len(data.compensations):,} compensation orders"
    )
    spec = FunnelSpec(as_of=sim.as_of)
    funnel = _timed("funnel", lambda: compute_funnel(data, spec))
    _timed("breakdown by year", lambda: attrition_by(data, spec, by=Dimension.year))
    year = world.years[1] - 2
    tables = _timed(
        f"GLOTIP tables {year}",
        lambda: glotip_tables(data, GlotipSpec("GB", year=year, as_of=sim.as_of)),
    )
    with tempfile.TemporaryDirectory() as tmp:
        _timed("GLOTIP workbook", lambda: write_glotip_xlsx(tables, Path(tmp) / "glotip.xlsx"))
    v = [r.count for r in funnel.victims]
    s = [r.count for r in funnel.suspects]
    print(
        "  victims: "
        + ", ".join(
            f"{r.stage.code} {r.count:,} ({100 * r.count / v[0]:.1f} %)" for r in funnel.victims
        )
    )
    print(
        f"  suspects: {s[0]:,}; prosecuted {100 * s[1] / s[0]:.1f} %; "
        f"convicted {100 * s[2] / s[1]:.1f} % of prosecuted; "
        f"{100 * s[2] / v[0]:.1f} convicted per 100 identified victims"
    )
    print(
        f"  median days identification -> verdict: {funnel.identification_to_verdict.median} "
        f"(n={funnel.identification_to_verdict.n})"
    )


if __name__ == "__main__":
    main()
