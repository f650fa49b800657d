"""BCa bootstrap intervals that re-run the whole model selection on each resample.

As in SparseMSE ``estimatepopulation`` and MultipleSystemsEstimation
``bootstrapcal``/``jackknifecal``: counts are resampled from Multinomial(n, n_w / n),
the acceleration comes from a count-weighted jackknife (each observed history loses
one case in turn), and the limits are type-8 quantiles (R ``quantile(type = 8)``,
numpy ``method="median_unbiased"``) at the BCa-adjusted levels.

R's random numbers cannot be reproduced; a seeded numpy ``Generator`` makes our
own runs reproducible.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.stats import norm

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


def jackknife(counts: np.ndarray, estimator: Estimator) -> tuple[np.ndarray, float]:
    """Delete-one estimates per non-empty history, and the count-weighted acceleration."""
    jack = np.zeros(counts.shape[0])
    positive = np.flatnonzero(counts > 0)
    for j in positive:
        c = counts.copy()
        c[j] -= 1
        jack[j] = estimator(c)
    w = counts.astype(float)
    if np.isnan(jack[positive]).any():
        return jack, math.nan
    mean = float(np.sum(w * jack) / w.sum())
    d = mean - jack
    denom = float(np.sum(w * d**2))
    if denom <= 0:
        return jack, 0.0
    return jack, float(np.sum(w * d**3) / (6.0 * denom**1.5))


def resample(counts: np.ndarray, nboot: int, seed: int) -> np.ndarray:
    """``nboot`` multinomial resamples (rows) of the observed table, one seed for all."""
    rng = np.random.default_rng(seed)
    n = int(counts.sum())
    return rng.multinomial(n, counts / n, size=nboot)


def bootstrap(
    counts: np.ndarray,
    estimator: Estimator,
    *,
    estimate: float,
    nboot: int = 1000,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
) -> BootstrapResult:
    """Run ``estimator`` (the full selection + fit) on resamples and on the jackknife."""
    samples = resample(counts, nboot, seed)
    reps = np.empty(nboot)
    for b in range(nboot):
        reps[b] = estimator(samples[b])
        if progress is not None:
            progress(1)
    jack, accel = jackknife(counts, estimator)
    return BootstrapResult(
        replicates=reps,
        jackknife=jack,
        acceleration=accel,
        bias=bias_z0(reps, estimate),
        seed=seed,
    )
