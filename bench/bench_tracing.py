"""Family-tracing benchmark: precision, recall and time of the matcher on simulated families.

Run: ``.venv/bin/python bench/bench_tracing.py [--victims 5000] [--seed 0]``.
The simulated world (palermo.simulate) gives relatives, tracing requests written
the way relatives describe people, the agencies' register persons and the true
pairs; every request is matched against all persons and all other requests.
"""

from __future__ import annotations

import argparse
import time

from palermo.linkage import DEFAULT_THRESHOLD, evaluate_tracing
from palermo.simulate import WorldSpec
from palermo.simulate.families import simulate_families


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--victims", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    started = time.perf_counter()
    world = simulate_families(WorldSpec(victims=args.victims, seed=args.seed))
    simulated = time.perf_counter() - started
    truth = world.person_pairs | world.request_pairs
    ev = evaluate_tracing(world.persons, world.requests, truth)

    print(f"world: {args.victims} victims, seed {args.seed}, simulated in {simulated:.1f} s")
    print(
        f"register persons {ev.persons}, requests {ev.requests}, true pairs {ev.true_pairs} "
        f"({len(world.person_pairs)} request-person, {len(world.request_pairs)} request-request)"
    )
    print(
        f"blocking: {ev.compared} candidate pairs scored "
        f"({ev.compared / max(ev.requests, 1):.0f} per request, "
        f"of {ev.persons + ev.requests} possible)"
    )
    print(f"time: index {ev.seconds_index:.2f} s, matching {ev.seconds_match:.2f} s")
    print(f"{'threshold':>9} {'proposed':>9} {'true':>6} {'precision':>9} {'recall':>7}")
    for r in ev.results:
        mark = "  <- default" if r.threshold == DEFAULT_THRESHOLD else ""
        print(
            f"{r.threshold:>9.2f} {r.proposed:>9} {r.true_positives:>6} "
            f"{r.precision:>9.3f} {r.recall:>7.3f}{mark}"
        )


if __name__ == "__main__":
    main()
