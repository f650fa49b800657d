"""The public check's first answer, cold and after ``warm_up()`` (what ``palermo serve``
runs in the background at start). Each figure is taken in a fresh process.

    PYTHONPATH=src python bench/bench_check_warmup.py
"""

from __future__ import annotations

import subprocess
import sys

COLD = """
import time
from palermo.recruitment.check import check_offer
t = time.perf_counter()
check_offer(text="Drivers wanted in Doha, no experience, visa arranged.", country="QA")
print(f"{time.perf_counter() - t:.3f}")
"""
WARM = """
import time
from palermo.recruitment.check import check_offer, warm_up
w = warm_up()
t = time.perf_counter()
check_offer(text="Drivers wanted in Doha, no experience, visa arranged.", country="QA")
print(f"{w:.3f} {time.perf_counter() - t:.3f}")
"""


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def main() -> None:
    cold = float(_run(COLD))
    warm_up, warm = (float(x) for x in _run(WARM).split())
    print(f"first check, cold process:           {cold:.3f} s")
    print(f"warm-up at start (two sample checks): {warm_up:.3f} s")
    print(f"first check after the warm-up:        {warm * 1000:.1f} ms")


if __name__ == "__main__":
    main()
