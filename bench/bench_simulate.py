"""Benchmark: simulate 200,000 victims and six agencies into a temporary directory.

Run ``python bench/bench_simulate.py [victims]``; prints records per second and peak RSS.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from palermo.simulate import WorldSpec, write_world


def main() -> None:
    victims = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    spec = WorldSpec(victims=victims, agencies=6, seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary = write_world(spec, Path(tmp))
        elapsed = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_mib = usage.ru_maxrss / 1024  # kilobytes on Linux
    cpu = usage.ru_utime + usage.ru_stime  # polars uses threads: may exceed wall time
    print(f"victims            {victims:,}")
    print(f"agency records     {summary.total_records:,}")
    print(f"seconds            {elapsed:.2f}")
    print(f"records/second     {summary.total_records / elapsed:,.0f}")
    print(f"victims/second     {victims / elapsed:,.0f}")
    print(f"CPU seconds        {cpu:.2f} (whole process, incl. imports)")
    print(f"peak RSS           {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    main()
