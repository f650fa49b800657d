"""Differencing: why exact tables with small-cell suppression do not protect a person.

Two exact releases that differ by one person (the same table published before and after
a late registration, or for two overlapping periods) differ in exactly the cell of that
person: subtracting them gives the person's row, whatever the suppression threshold, as
long as the cell is not itself suppressed. CTDC's k = 11 rule and any "suppress counts
under k" rule leave this open. Differentially private releases bound what any such
subtraction can tell: by :func:`guessing_bound`.

These functions exist to show and test the attack; no release path uses them.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from palermo.publishing.encode import cell_indices, cell_labels, dimension
from palermo.publishing.layout import Layout, validate_frame


def exact_suppressed_table(
    frame: pl.DataFrame,
    *,
    dims: tuple[str, ...],
    years: tuple[int, int],
    k: int = 11,
    max_forms: int = 2,
) -> pl.DataFrame:
    """The table an exact, k-suppressed release would publish: counts under ``k`` blanked."""
    layout = Layout(years)
    data = validate_frame(frame, layout)
    dimensions = tuple(dimension(layout, d, max_forms) for d in dims)
    size = math.prod(d.size for d in dimensions)
    cells, _ = cell_indices(data, layout, dimensions)
    counts = pl.Series("count", np.bincount(cells, minlength=size), dtype=pl.Int64)
    return cell_labels(dimensions).with_columns(
        pl.when(counts < k).then(None).otherwise(counts).alias("count")
    )


def differencing_attack(
    before: pl.DataFrame, after: pl.DataFrame, *, dims: tuple[str, ...]
) -> dict[str, str]:
    """The cell whose published count rose most from ``before`` to ``after``.

    Suppressed cells count as zero, as an attacker reads them. Against exact releases this
    is the added person's row; against DP releases it is a guess that the noise governs.
    """
    joined = before.select(*dims, pl.col("count").fill_null(0).alias("a")).join(
        after.select(*dims, pl.col("count").fill_null(0).alias("b")),
        on=list(dims),
        maintain_order="left",
    )
    best = joined.with_columns((pl.col("b") - pl.col("a")).alias("rise")).sort(
        "rise", descending=True, maintain_order=True
    )
    return {d: best[d][0] for d in dims}


def guessing_bound(epsilon: float, candidates: int) -> float:
    """Most often any attacker can name a person's value among ``candidates`` equally likely
    ones from an epsilon-DP release (exp(epsilon) / candidates, capped at 1)."""
    return min(1.0, math.exp(epsilon) / candidates)
