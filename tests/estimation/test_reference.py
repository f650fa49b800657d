"""Every row of ../shared/reference/mse/reference_estimates.csv, reproduced.

The interpretation of each row (rounded published values, the UK range, bootstrap
limits drawn with R's own random numbers) is documented in ``mse_reference_cases``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The helper sits beside this file; the test tree is not a package.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from mse_reference_cases import compare, load_cases  # noqa: E402

N_ROWS = 19
SLOW_ROWS = {14}  # UK downhill BIC search re-run on 1,000 resamples (~35 s)


def test_reference_file_has_the_rows_we_interpret(shared_reference: Path) -> None:
    assert len(load_cases(shared_reference)) == N_ROWS


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(i, marks=pytest.mark.slow) if i in SLOW_ROWS else i
        for i in range(1, N_ROWS + 1)
    ],
)
def test_reference_row(shared_reference: Path, row: int) -> None:
    case = load_cases(shared_reference)[row - 1]
    results = compare(shared_reference, case)
    failures = [r for r in results if not r[3]]
    assert not failures, f"row {row} ({case.dataset}, {case.method}): {failures}"


def test_every_dataset_is_covered(shared_reference: Path) -> None:
    datasets = {p.stem for p in (shared_reference / "mse").glob("*.csv")}
    datasets.discard("reference_estimates")
    covered = {c.dataset for c in load_cases(shared_reference)} | {"Artificial_3"}
    assert datasets <= covered
