"""Differentially private synthetic CTDC microdata by MST (McKenna, Miklau and Sheldon 2021).

MST measures every one-way marginal, picks a maximum spanning tree of attribute pairs
whose joint distribution the one-way marginals explain worst (exponential mechanism, one
edge per round), measures those two-way marginals, fits a graphical model to all the
noisy marginals with Private-PGM (``mbi``) and samples rows from it. The joint structure
the tree carries survives; nothing is read from the data except through the OpenDP
measurements of :mod:`palermo.publishing.mechanisms` (pure epsilon-DP: discrete Laplace
counts, noisy-max selection), so the whole release costs ``spec.epsilon``.

Categories whose noisy one-way count is under three noise standard deviations are merged
into one bucket before the pairs are measured (as MST does); synthetic rows in a bucket
get one of its categories drawn in proportion to their noisy counts. Both steps only
post-process DP output.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
import polars as pl

from palermo.errors import PalermoError, ValidationFailed
from palermo.publishing.encode import column_codes
from palermo.publishing.layout import Layout, validate_frame
from palermo.publishing.mechanisms import NoisyMax, laplace_histogram


@dataclass(frozen=True)
class SyntheticSpec:
    """What to synthesise: ``epsilon`` for the whole release, over ``years`` (first, last).

    ``rows`` defaults to the noisy number of persons. ``seed`` fixes the sampling of rows
    from the fitted model (the DP noise itself is never seeded). ``iters`` bounds the
    model fit.
    """

    epsilon: float
    years: tuple[int, int]
    rows: int | None = None
    seed: int = 0
    iters: int = 1000
    columns: tuple[str, ...] = ()  # a subset of the CTDC columns; all when empty
    split: tuple[float, float, float] = (1 / 3, 1 / 3, 1 / 3)  # one-way, selection, pairs

    def __post_init__(self) -> None:
        if not self.epsilon > 0:
            raise ValidationFailed("Epsilon must be positive.", hint="Give --epsilon > 0.")
        if abs(sum(self.split) - 1) > 1e-9 or min(self.split) <= 0:
            raise ValidationFailed("The budget split must be three positive shares summing to 1.")


@dataclass(frozen=True)
class SyntheticResult:
    """Synthetic rows in the CTDC layout, and how the budget was spent."""

    frame: pl.DataFrame
    epsilon_spent: float
    pairs: tuple[tuple[str, str], ...] = field(default=())
    merged: dict[str, int] = field(default_factory=dict)  # column -> categories merged


@dataclass(frozen=True)
class _Scaled:
    """Query over a marginal with per-cell weights (the merged bucket scaled by 1/sqrt(k))."""

    groups: tuple[tuple[int, ...], ...]
    weights: tuple[float, ...]

    def __call__(self, factor: Any) -> Any:
        import jax.numpy as jnp

        return factor.datavector() * jnp.asarray(self.weights)


def _require_mbi() -> Any:
    try:
        import mbi  # type: ignore[import-untyped]
    except ImportError as exc:
        raise PalermoError(
            "Synthetic data needs Private-PGM (the mbi package), which is not installed.",
            hint="pip install 'palermo[synthetic]'",
        ) from exc
    return mbi


@dataclass
class _Column:
    name: str
    categories: tuple[str, ...]
    noisy: np.ndarray  # noisy one-way counts over all categories
    keep: np.ndarray  # indices kept as their own category
    rare: np.ndarray  # indices merged into the bucket (empty: no bucket)

    @property
    def size(self) -> int:
        return len(self.keep) + (1 if len(self.rare) else 0)

    def compress(self, codes: np.ndarray) -> np.ndarray:
        mapping = np.full(len(self.categories), len(self.keep), dtype=np.int64)
        mapping[self.keep] = np.arange(len(self.keep))
        return mapping[codes]

    def expand(self, compressed: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        out = np.empty(len(compressed), dtype=np.int64)
        kept = compressed < len(self.keep)
        out[kept] = self.keep[compressed[kept]]
        if len(self.rare):
            weights = np.clip(self.noisy[self.rare], 0, None).astype(float)
            weights = weights if weights.sum() > 0 else np.ones(len(self.rare))
            picks = rng.choice(self.rare, size=int((~kept).sum()), p=weights / weights.sum())
            out[~kept] = picks
        return out


def synthesize(
    frame: pl.DataFrame,
    spec: SyntheticSpec,
    *,
    progress: Callable[[str], None] | None = None,
) -> SyntheticResult:
    """Synthetic CTDC rows from ``frame`` (one row per person), costing ``spec.epsilon``."""
    mbi = _require_mbi()
    say = progress or (lambda _: None)
    layout = Layout(spec.years, spec.columns)
    data = validate_frame(frame, layout)
    names = list(layout.names)
    d = len(names)
    eps_one, eps_select, eps_pairs = (spec.epsilon * s for s in spec.split)
    codes = {n: column_codes(data, layout, n) for n in names}

    say("one-way marginals")
    spent = 0.0
    columns: dict[str, _Column] = {}
    measurements = []
    totals = []
    for name in names:
        cats = layout.column(name).categories
        hist = laplace_histogram(codes[name], len(cats), epsilon=eps_one / d, contributions=1)
        spent += hist.epsilon
        sigma = math.sqrt(2) * hist.scale
        keep = np.flatnonzero(hist.counts >= 3 * sigma)
        rare = np.setdiff1d(np.arange(len(cats)), keep)
        if len(rare) == 1:  # a bucket of one is just the category itself
            keep, rare = np.arange(len(cats)), rare[:0]
        col = _Column(name, cats, hist.counts, keep, rare)
        columns[name] = col
        y = hist.counts[keep].astype(float)
        weights = np.ones(col.size)
        if len(rare):
            weights[-1] = 1 / math.sqrt(len(rare))
            y = np.append(y, hist.counts[rare].sum() * weights[-1])
        totals.append(hist.counts.sum())
        measurements.append(
            mbi.LinearMeasurement(
                y, (name,), stddev=sigma, query=_Scaled(((),), tuple(weights.tolist()))
            )
        )
    compressed = {n: columns[n].compress(codes[n]) for n in names}
    total = max(1.0, float(np.median(totals)))

    say("choosing attribute pairs")
    pairs, eps_used = _select_tree(names, columns, compressed, total, eps_select)
    spent += eps_used

    say("two-way marginals")
    for a, b in pairs:
        size_b = columns[b].size
        cells = compressed[a] * size_b + compressed[b]
        hist = laplace_histogram(
            cells,
            columns[a].size * size_b,
            epsilon=eps_pairs / len(pairs) if pairs else eps_pairs,
            contributions=1,
        )
        spent += hist.epsilon
        measurements.append(
            mbi.LinearMeasurement(
                hist.counts.astype(float), (a, b), stddev=math.sqrt(2) * hist.scale
            )
        )

    say("fitting the model")
    domain = mbi.Domain(tuple(names), tuple(columns[n].size for n in names))
    model = mbi.estimation.mirror_descent(domain, measurements, iters=spec.iters)
    say("sampling rows")
    rows = spec.rows or int(round(total))
    rng = np.random.default_rng(spec.seed)
    # Rows are drawn i.i.d. ("sample"): mbi's "round" assigns siblings by rank within their
    # parent's group, which couples columns the model holds independent.
    # mbi samples with numpy's global generator; seed it from ours so runs repeat.
    np.random.seed(int(rng.integers(0, 2**32 - 1)))
    sample = model.synthetic_data(rows, method="sample").df
    out = {}
    for name in names:
        col = columns[name]
        idx = col.expand(sample[name].to_numpy().astype(np.int64), rng)
        out[name] = np.asarray(col.categories, dtype=object)[idx].tolist()
    result = pl.DataFrame(out, schema=dict.fromkeys(names, pl.String))
    merged = {n: len(c.rare) for n, c in columns.items() if len(c.rare)}
    return SyntheticResult(result, spent, tuple(pairs), merged)


def _select_tree(
    names: list[str],
    columns: dict[str, _Column],
    compressed: dict[str, np.ndarray],
    total: float,
    epsilon: float,
) -> tuple[list[tuple[str, str]], float]:
    """Kruskal's algorithm with each edge chosen by noisy max over the L1 misfit scores."""
    probs = {}
    for n in names:
        col = columns[n]
        y = np.clip(col.noisy[col.keep], 0, None).astype(float)
        if len(col.rare):
            y = np.append(y, max(0.0, float(col.noisy[col.rare].sum())))
        probs[n] = y / y.sum() if y.sum() > 0 else np.full(col.size, 1 / col.size)
    scores = {}
    for a, b in combinations(names, 2):
        size_b = columns[b].size
        true = np.bincount(
            compressed[a] * size_b + compressed[b], minlength=columns[a].size * size_b
        )
        independent = total * np.outer(probs[a], probs[b]).ravel()
        scores[(a, b)] = float(np.abs(true - independent).sum())
    component = {n: n for n in names}

    def root(n: str) -> str:
        while component[n] != n:
            component[n] = component[component[n]]
            n = component[n]
        return n

    rounds = len(names) - 1
    chosen: list[tuple[str, str]] = []
    spent = 0.0
    # One person moves a marginal by one count, so each L1 score by at most one.
    select = NoisyMax(epsilon=epsilon / max(rounds, 1), sensitivity=1)
    for _ in range(rounds):
        candidates = [p for p in scores if root(p[0]) != root(p[1])]
        if not candidates:
            break
        pick = select(np.asarray([scores[p] for p in candidates]))
        spent += select.epsilon
        a, b = candidates[pick]
        chosen.append((a, b))
        component[root(a)] = root(b)
    return chosen, spent
