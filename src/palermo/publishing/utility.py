"""How well synthetic rows keep the real data's one- and two-way structure.

The total variation distance (TVD) of a marginal is half the L1 distance between the
real and synthetic shares of its cells (0: identical, 1: disjoint). A pair of attributes
is **lost** when its two-way TVD exceeds ``max_tvd`` (0.10 by default: a tenth of the
persons sit in the wrong cells), or when the real data shows an association (Cramer's V
at least ``min_association``, 0.10) and the synthetic data moves it by more than half
(``|V_synthetic - V_real| > 0.5 V_real``): the pair then no longer tells the same story.

This report reads the real data exactly: it is for the publisher's own check and is not
itself differentially private. Publish the synthetic rows, not the report's figures per
pair, unless they are released through a DP mechanism of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
import polars as pl

from palermo.errors import ValidationFailed
from palermo.publishing.encode import column_codes
from palermo.publishing.layout import Layout, validate_frame


@dataclass(frozen=True)
class UtilitySpec:
    max_tvd: float = 0.10
    min_association: float = 0.10
    max_relative_change: float = 0.5


@dataclass(frozen=True)
class PairUtility:
    a: str
    b: str
    tvd: float
    cramers_v_real: float
    cramers_v_synthetic: float
    lost: bool


@dataclass(frozen=True)
class UtilityResult:
    """One- and two-way distances; ``pairs`` holds every attribute pair."""

    rows_real: int
    rows_synthetic: int
    one_way: dict[str, float]
    pairs: tuple[PairUtility, ...]
    spec: UtilitySpec = field(default_factory=UtilitySpec)

    @property
    def mean_one_way_tvd(self) -> float:
        return float(np.mean(list(self.one_way.values())))

    @property
    def mean_two_way_tvd(self) -> float:
        return float(np.mean([p.tvd for p in self.pairs]))

    @property
    def max_two_way_tvd(self) -> float:
        return float(max(p.tvd for p in self.pairs))

    @property
    def share_lost(self) -> float:
        return sum(p.lost for p in self.pairs) / len(self.pairs)

    def to_dict(self) -> dict[str, Any]:
        worst = sorted(self.pairs, key=lambda p: p.tvd, reverse=True)[:20]
        return {
            "rows_real": self.rows_real,
            "rows_synthetic": self.rows_synthetic,
            "mean_one_way_tvd": self.mean_one_way_tvd,
            "mean_two_way_tvd": self.mean_two_way_tvd,
            "max_two_way_tvd": self.max_two_way_tvd,
            "pairs": len(self.pairs),
            "pairs_lost": sum(p.lost for p in self.pairs),
            "share_pairs_lost": self.share_lost,
            "lost_rule": (
                f"two-way TVD > {self.spec.max_tvd}, or real Cramer's V >= "
                f"{self.spec.min_association} and synthetic V moved by more than "
                f"{self.spec.max_relative_change:.0%} of it"
            ),
            "one_way_tvd": self.one_way,
            "worst_pairs": [p.__dict__ for p in worst],
            "lost_pairs": [p.__dict__ for p in self.pairs if p.lost],
        }


def _cramers_v(table: np.ndarray) -> float:
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    n = table.sum()
    if n == 0 or min(table.shape) < 2:
        return 0.0
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    chi2 = float(((table - expected) ** 2 / expected).sum())
    return float(np.sqrt(chi2 / (n * (min(table.shape) - 1))))


def utility_report(
    real: pl.DataFrame,
    synthetic: pl.DataFrame,
    *,
    years: tuple[int, int],
    spec: UtilitySpec | None = None,
) -> UtilityResult:
    """Compare ``synthetic`` with ``real`` (both in the CTDC layout of ``years``).

    Only the CTDC columns the synthetic data holds are compared.
    """
    spec = spec or UtilitySpec()
    full = Layout(years)
    layout = Layout(years, tuple(n for n in full.names if n in synthetic.columns))
    if real.height == 0 or synthetic.height == 0:
        raise ValidationFailed("Both the real and the synthetic data need at least one row.")
    real = validate_frame(real, layout)
    synthetic = validate_frame(synthetic, layout)
    names = list(layout.names)
    sizes = {n: layout.column(n).size for n in names}
    codes_r = {n: column_codes(real, layout, n) for n in names}
    codes_s = {n: column_codes(synthetic, layout, n) for n in names}

    def shares(codes: np.ndarray, size: int) -> np.ndarray:
        return np.bincount(codes, minlength=size) / len(codes)

    one_way = {
        n: 0.5 * float(np.abs(shares(codes_r[n], sizes[n]) - shares(codes_s[n], sizes[n])).sum())
        for n in names
    }
    pairs = []
    for a, b in combinations(names, 2):
        cells = sizes[a] * sizes[b]
        tr = np.bincount(codes_r[a] * sizes[b] + codes_r[b], minlength=cells)
        ts = np.bincount(codes_s[a] * sizes[b] + codes_s[b], minlength=cells)
        tvd = 0.5 * float(np.abs(tr / tr.sum() - ts / ts.sum()).sum())
        v_r = _cramers_v(tr.reshape(sizes[a], sizes[b]).astype(float))
        v_s = _cramers_v(ts.reshape(sizes[a], sizes[b]).astype(float))
        collapsed = v_r >= spec.min_association and abs(v_s - v_r) > spec.max_relative_change * v_r
        pairs.append(PairUtility(a, b, tvd, v_r, v_s, tvd > spec.max_tvd or collapsed))
    return UtilityResult(real.height, synthetic.height, one_way, tuple(pairs), spec)
