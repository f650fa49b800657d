"""BCa bootstrap intervals that re-run the whole model selection on each resample.

As in SparseMSE ``estimatepopulation`` and MultipleSystemsEstimation
``bootstrapcal``/``jackknifecal``: counts are resampled from Multinomial(n, n_w / n),
the acceleration comes from a count-weighted jackknife (each observed history loses
one case in turn), and the limits are type-8 quantiles (R ``quantile(type = 8)``,
numpy ``method="median_unbiased"``) at the BCa-adjusted levels.

The resamples are drawn with R's own random-number stream (``rrandom``): the same
seed (R's default ``iseed = 1234``) gives the same resamples as the R packages, so the
published BCa limits are reproduced to the digit rather than within Monte Carlo
error. The multinomial categories are taken in R's order: the rows of the input file
for SparseMSE (``estimatepopulation`` draws over ``zdat``'s rows), and every history by
number of lists then "list 1 first" for MultipleSystemsEstimation (``tidy_lists``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.stats import norm

from palermo.estimation.design import popcount
from palermo.estimation.rrandom import RRandom

Estimator = Callable[[np.ndarray], float]
Progress = Callable[[int], None]

DEFAULT_SEED = 1234


@dataclass(frozen=True, eq=False)
class BootstrapResult:
    replicates: np.ndarray = field(repr=False)  # nan where no model could be fitted
    jackknife: np.ndarray = field(repr=False)
    acceleration: float
    bias: float  # z0
    seed: int

    @property
    def failed(self) -> int:
        return int(np.isnan(self.replicates).sum())

    def limits(self, estimate: float, alphas: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(bca_limits(self.replicates, estimate, self.acceleration, alphas))


def type8_quantile(values: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """R's ``quantile(type = 8)`` (median-unbiased), ignoring missing values."""
    v = values[np.isfinite(values)]
    if v.size == 0:
        return np.full(np.shape(probs), np.nan)
    return np.quantile(v, probs, method="median_unbiased")


def bias_z0(replicates: np.ndarray, estimate: float) -> float:
    v = replicates[np.isfinite(replicates)]
    share = float(np.mean(v < estimate)) if v.size else 0.5
    return float(norm.ppf(share))


def bca_limits(
    replicates: np.ndarray, estimate: float, acceleration: float, alphas: tuple[float, ...]
) -> np.ndarray:
    """BCa limits at cumulative levels ``alphas`` (e.g. 0.025 and 0.975)."""
    z0 = bias_z0(replicates, estimate)
    za = norm.ppf(np.asarray(alphas, dtype=float))
    za0 = za + z0
    with np.errstate(divide="ignore", invalid="ignore"):
        adj = norm.cdf(z0 + za0 / (1.0 - acceleration * za0))
    if not np.all(np.isfinite(adj)):
        return np.full(len(alphas), np.nan)
    return type8_quantile(replicates, adj)


def jackknife(
    counts: np.ndarray, estimator: Estimator, progress: Progress | None = None
) -> tuple[np.ndarray, float]:
    """Delete-one estimates per non-empty history, and the count-weighted acceleration."""
    jack = np.zeros(counts.shape[0])
    positive = np.flatnonzero(counts > 0)
    tables = np.repeat(counts[None, :], positive.size, axis=0)
    tables[np.arange(positive.size), positive] -= 1
    many = getattr(estimator, "many", None)
    if many is not None:
        jack[positive] = many(tables)
    else:
        for j, table in zip(positive, tables, strict=True):
            jack[j] = estimator(table)
    if progress is not None:
        progress(positive.size)
    w = counts.astype(float)
    if np.isnan(jack[positive]).any():
        return jack, math.nan
    mean = float(np.sum(w * jack) / w.sum())
    d = mean - jack
    denom = float(np.sum(w * d**2))
    if denom <= 0:
        return jack, 0.0
    return jack, float(np.sum(w * d**3) / (6.0 * denom**1.5))


def tidy_order(t: int) -> list[int]:
    """Histories in R's ``tidy_lists`` order: by number of lists, then list 1 first.

    R builds the rows with list 1 as the most significant (slowest) column, 1 before 0,
    and sorts them stably by the number of lists.
    """

    def weight(h: int) -> int:
        return sum(1 << (t - 1 - j) for j in range(t) if h >> j & 1)

    return sorted(range(1, 2**t), key=lambda h: (popcount(h), -weight(h)))


def categories(
    counts: np.ndarray, t: int, rows: Sequence[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """The multinomial categories as (history, count): ``rows`` as given, else tidy order."""
    if rows is not None:
        return [(h, c) for h, c in rows]
    return [(h, int(counts[h - 1])) for h in tidy_order(t)]


def resample(
    counts: np.ndarray,
    nboot: int,
    seed: int,
    rows: Sequence[tuple[int, int]] | None = None,
) -> np.ndarray:
    """``nboot`` multinomial resamples (rows) of the full table, as R draws them.

    One R stream started by ``set.seed(seed)``; each replicate is R's
    ``rmultinom(1, n, prob)`` over the categories (see ``categories``).
    """
    t = int(counts.shape[0] + 1).bit_length() - 1
    cats = categories(counts, t, rows)
    hist = np.array([h for h, _ in cats], dtype=np.int64)
    prob = np.array([c for _, c in cats], dtype=np.float64)
    n = int(prob.sum())
    draws = RRandom(seed).rmultinom_n(nboot, n, prob)
    out = np.zeros((nboot, counts.shape[0]), dtype=np.int64)
    for k, h in enumerate(hist):  # repeated histories (file rows) add up
        out[:, h - 1] += draws[:, k]
    return out


def bootstrap(
    counts: np.ndarray,
    estimator: Estimator,
    *,
    estimate: float,
    nboot: int = 1000,
    seed: int = DEFAULT_SEED,
    rows: Sequence[tuple[int, int]] | None = None,
    progress: Progress | None = None,
    samples: np.ndarray | None = None,
    done: np.ndarray | None = None,
) -> BootstrapResult:
    """Run ``estimator`` (the full selection + fit) on resamples and on the jackknife.

    ``rows``: the multinomial categories in R's order (the input file's rows for the
    SparseMSE methods); ``None`` for MultipleSystemsEstimation's ``tidy_lists`` order.
    ``samples`` and ``done``: resamples already drawn and the estimates of the first of
    them already computed (by ``planning.plan``). ``progress`` is told of every
    resample computed here (not of those in ``done``) and, at the end, of the
    jackknife tables.
    """
    if samples is None:
        samples = resample(counts, nboot, seed, rows)
    reps = np.empty(nboot)
    first = 0 if done is None else done.size
    if first:
        reps[:first] = done
    many = getattr(estimator, "many", None)
    step = int(getattr(estimator, "chunk", lambda: 1)()) if many is not None else 1
    for b in range(first, nboot, step):
        if many is not None:
            reps[b : b + step] = many(samples[b : b + step])
        else:
            reps[b] = estimator(samples[b])
        if progress is not None:
            progress(min(step, nboot - b))
    jack, accel = jackknife(counts, estimator, progress=progress)
    return BootstrapResult(
        replicates=reps,
        jackknife=jack,
        acceleration=accel,
        bias=bias_z0(reps, estimate),
        seed=seed,
    )
