"""Differentially private synthetic CTDC microdata by MST (McKenna, Miklau and Sheldon 2021),
with an AIM-style second round of pairs.

MST measures every one-way marginal, picks a maximum spanning tree of attribute pairs
whose joint distribution the one-way marginals explain worst (exponential mechanism, one
edge per round) and measures those two-way marginals. A tree cannot carry every strong
association, so a second round picks up to ``extra_pairs`` more pairs that the noisy tree
predicts worst (AIM's idea, with the tree's path products as the model and a cap on the
graphical model's size), and measures them too. Private-PGM (``mbi``) fits one graphical
model to all the noisy marginals and rows are sampled from it. Nothing is read from the
data except through the OpenDP measurements of :mod:`palermo.publishing.mechanisms`
(pure epsilon-DP: discrete Laplace counts, noisy-max selection), so the whole release
costs ``spec.epsilon``.

The flags of a family whose codes mostly exclude each other (forms of exploitation,
methods of recruitment, types of sexual exploitation) are one attribute, the pattern of
codes (:mod:`palermo.publishing.families`). Categories whose noisy one-way count is under
three noise standard deviations (or under ``scale * ln(cells)`` for a large domain) are
merged into one bucket before the pairs are measured (as MST does); synthetic rows in a
bucket get one of its categories drawn in proportion to their noisy counts. Both steps
only post-process DP output.
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
from palermo.publishing.families import JOINED, Family, families_of, keep_threshold
from palermo.publishing.layout import GROUP_BY_NAME, Layout, validate_frame
from palermo.publishing.mechanisms import laplace_histogram
from palermo.publishing.pairs import (
    Pair,
    sample_tree,
    select_extra,
    select_tree,
    tree_predictions,
    true_pair,
)


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
    # Pairs measured beyond the tree. 0 (plain MST) by default. Measured at epsilon 1 on 50k
    # persons with every flag its own attribute: 1, 10 and 16 extra pairs lost 7.6%,
    # 8.7-8.8% and 11.9% of pairs, plain MST 3.6-8.6%. With the families joined, plain
    # MST lost 0.0-0.3% in seven runs (bench/bench_publishing.py).
    extra_pairs: int = 0
    max_model_mb: float = 80.0  # largest graphical model the extra pairs may build
    families: tuple[str, ...] = JOINED  # flag groups synthesised as one attribute each
    # Shares of epsilon: one-way, tree choice, tree pairs, extra choice, extra pairs.
    # Without extra pairs the first three shares are rescaled: MST's even thirds.
    split: tuple[float, float, float, float, float] = (0.25, 0.25, 0.25, 0.1, 0.15)

    def __post_init__(self) -> None:
        if not self.epsilon > 0:
            raise ValidationFailed("Epsilon must be positive.", hint="Give --epsilon > 0.")
        if len(self.split) != 5 or abs(sum(self.split) - 1) > 1e-9 or min(self.split) <= 0:
            raise ValidationFailed("The budget split must be five positive shares summing to 1.")
        if self.extra_pairs < 0:
            raise ValidationFailed("extra_pairs must be 0 or more.")
        unknown = [f for f in self.families if f not in GROUP_BY_NAME]
        if unknown:
            raise ValidationFailed(
                f"No flag group {', '.join(unknown)}.",
                hint=f"Flag groups: {', '.join(GROUP_BY_NAME)}.",
            )


@dataclass(frozen=True)
class SyntheticResult:
    """Synthetic rows in the CTDC layout, and how the budget was spent.

    ``pairs`` names attributes: a column, or a joined flag group (``form``...).
    """

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


def _without_extra(split: tuple[float, ...]) -> tuple[float, ...]:
    """Plain MST: the extra shares go back to the first three, in proportion."""
    head = sum(split[:3])
    return (*(share / head for share in split[:3]), 0.0, 0.0)


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
    drawn: np.ndarray  # the bucket's categories that synthetic rows may get

    @property
    def size(self) -> int:
        return len(self.keep) + (1 if len(self.rare) else 0)

    def shares(self, total: float) -> np.ndarray:
        """Noisy shares over the compressed categories (clipped at zero).

        The bucket gets what the kept categories leave of ``total``: the sum of its many
        noisy cells would carry their summed noise.
        """
        y = np.clip(self.noisy[self.keep], 0, None).astype(float)
        if len(self.rare):
            y = np.append(y, max(0.0, total - float(y.sum())))
        return y / y.sum() if y.sum() > 0 else np.full(self.size, 1 / self.size)

    def compress(self, codes: np.ndarray) -> np.ndarray:
        mapping = np.full(len(self.categories), len(self.keep), dtype=np.int64)
        mapping[self.keep] = np.arange(len(self.keep))
        return mapping[codes]

    def expand(self, compressed: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        out = np.empty(len(compressed), dtype=np.int64)
        kept = compressed < len(self.keep)
        out[kept] = self.keep[compressed[kept]]
        if len(self.rare):
            weights = np.clip(self.noisy[self.drawn], 0, None).astype(float)
            weights = weights if weights.sum() > 0 else np.ones(len(self.drawn))
            picks = rng.choice(self.drawn, size=int((~kept).sum()), p=weights / weights.sum())
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
    from mbi.junction_tree import hypothetical_model_size  # type: ignore[import-untyped]

    say = progress or (lambda _: None)
    layout = Layout(spec.years, spec.columns)
    data = validate_frame(frame, layout)
    columns_out = list(layout.names)
    shares = spec.split if spec.extra_pairs else _without_extra(spec.split)
    eps_one, eps_tree, eps_tree_pairs, eps_extra, eps_extra_pairs = (
        spec.epsilon * share for share in shares
    )
    codes = {n: column_codes(data, layout, n) for n in columns_out}
    names, domains, families = _attributes(layout, codes, spec.families)
    d = len(names)

    say("one-way marginals")
    spent = 0.0
    columns: dict[str, _Column] = {}
    measurements = []
    totals = []
    for name in names:
        cats = domains[name]
        hist = laplace_histogram(codes[name], len(cats), epsilon=eps_one / d, contributions=1)
        spent += hist.epsilon
        sigma = math.sqrt(2) * hist.scale
        keep = np.flatnonzero(hist.counts >= keep_threshold(hist.scale, len(cats)))
        rare = np.setdiff1d(np.arange(len(cats)), keep)
        if len(rare) == 1:  # a bucket of one is just the category itself
            keep, rare = np.arange(len(cats)), rare[:0]
        drawn = rare
        if name in families:
            plausible = np.intersect1d(rare, families[name].plausible)
            drawn = plausible if len(plausible) else rare
        col = _Column(name, cats, hist.counts, keep, rare, drawn)
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
    sizes = {n: columns[n].size for n in names}
    total = max(1.0, float(np.median(totals)))
    probs = {n: columns[n].shares(total) for n in names}

    say("choosing attribute pairs")
    tree, eps_used = select_tree(names, sizes, compressed, probs, total, eps_tree)
    spent += eps_used
    noisy: dict[Pair, np.ndarray] = {}

    def measure(pairs: list[Pair], epsilon: float) -> float:
        used = 0.0
        for a, b in pairs:
            cells = compressed[a] * sizes[b] + compressed[b]
            hist = laplace_histogram(
                cells, sizes[a] * sizes[b], epsilon=epsilon / len(pairs), contributions=1
            )
            used += hist.epsilon
            noisy[(a, b)] = hist.counts.reshape(sizes[a], sizes[b])
            measurements.append(
                mbi.LinearMeasurement(
                    hist.counts.astype(float), (a, b), stddev=math.sqrt(2) * hist.scale
                )
            )
        return used

    say("two-way marginals")
    spent += measure(tree, eps_tree_pairs) if tree else 0.0
    domain = mbi.Domain(tuple(names), tuple(sizes[n] for n in names))
    extra: list[Pair] = []
    if spec.extra_pairs and len(names) > 2:
        say("choosing more pairs")
        predict = tree_predictions(names, tree, probs, noisy)
        others = [p for p in combinations(names, 2) if p not in noisy]
        # As AIM does, a pair gains only what its misfit exceeds the noise its measurement
        # would add (mean |Laplace(b)| = b per cell): wide, weakly associated pairs stay out.
        scale = spec.extra_pairs / eps_extra_pairs
        scores = {
            p: float(np.abs(true_pair(compressed, sizes, p) - total * predict(p)).sum())
            - scale * sizes[p[0]] * sizes[p[1]]
            for p in others
        }

        def fits(chosen: list[Pair]) -> bool:
            size = hypothetical_model_size(domain, [*tree, *chosen])
            return bool(size <= spec.max_model_mb)

        extra, eps_used = select_extra(
            others, scores, count=spec.extra_pairs, epsilon=eps_extra, fits=fits
        )
        spent += eps_used
        spent += measure(extra, eps_extra_pairs) if extra else 0.0

    say("fitting the model")
    model = mbi.estimation.mirror_descent(domain, measurements, iters=spec.iters)
    say("sampling rows")
    rows = spec.rows or int(round(total))
    rng = np.random.default_rng(spec.seed)
    if extra:
        sample = _sample_model(model, rows, rng)
    else:
        sample = sample_tree(
            lambda attrs: np.asarray(model.project(attrs).datavector(flatten=False)),
            names,
            tree,
            rows,
            rng,
        )
    out: dict[str, list[str]] = {}
    for name in names:
        idx = columns[name].expand(np.asarray(sample[name], dtype=np.int64), rng)
        if name in families:
            for member, bits in families[name].decode(idx).items():
                out[member] = np.asarray(["0", "1"], dtype=object)[bits].tolist()
        else:
            out[name] = np.asarray(columns[name].categories, dtype=object)[idx].tolist()
    result = pl.DataFrame(
        {n: out[n] for n in columns_out}, schema=dict.fromkeys(columns_out, pl.String)
    )
    merged = {n: len(c.rare) for n, c in columns.items() if len(c.rare)}
    return SyntheticResult(result, spent, (*tree, *extra), merged)


def _attributes(
    layout: Layout, codes: dict[str, np.ndarray], joined: tuple[str, ...]
) -> tuple[list[str], dict[str, tuple[str, ...]], dict[str, Family]]:
    """The attributes synthesised, in layout order (a family where its first flag is),
    their domains, and the families among them; adds each family's codes to ``codes``."""
    families = {f.name: f for f in families_of(layout, joined)}
    first = {f.members[0]: f for f in families.values()}
    grouped = {m for f in families.values() for m in f.members}
    names: list[str] = []
    domains: dict[str, tuple[str, ...]] = {}
    for column in layout.names:
        if column in first:
            family = first[column]
            codes[family.name] = family.encode(codes)
            names.append(family.name)
            domains[family.name] = family.categories
        elif column not in grouped:
            names.append(column)
            domains[column] = layout.column(column).categories
    return names, domains, families


def _sample_model(model: Any, rows: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """i.i.d. rows from mbi's sampler ("sample": its "round" assigns siblings by rank within
    their parent's group, coupling columns the model holds independent). It draws from
    numpy's global generator: seed it from ``rng`` and put the caller's state back."""
    state = np.random.get_state()
    np.random.seed(int(rng.integers(0, 2**32 - 1)))
    try:
        frame = model.synthetic_data(rows, method="sample").df
    finally:
        np.random.set_state(state)
    return {c: frame[c].to_numpy() for c in frame.columns}
