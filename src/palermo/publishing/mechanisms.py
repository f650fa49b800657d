"""The OpenDP measurements every release is made of (pure epsilon-differential privacy).

Why pure DP and the discrete Laplace mechanism: a release's epsilon then composes by plain
addition, so the budget ledger is an exact sum with no delta to explain or to run out of;
counts stay integers; and for tables where each person falls in a few cells the Laplace
error is close to the Gaussian's. OpenDP computes each privacy loss from its own privacy
map (``Measurement.map``); Palermo only adds the losses of the measurements of a release
(sequential composition). OpenDP draws its noise from the operating system's secure random
source: it cannot be seeded, on purpose.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from types import SimpleNamespace
from typing import Any

import numpy as np

from palermo.errors import PalermoError


@cache
def _dp() -> Any:
    """The OpenDP modules used here (``opendp.prelude`` would also import scikit-learn)."""
    import opendp.accuracy as accuracy
    import opendp.domains as domains
    import opendp.measurements as measurements
    import opendp.measures as measures
    import opendp.metrics as metrics
    import opendp.mod as mod
    import opendp.transformations as transformations
    import opendp.typing as typing

    mod.enable_features("contrib")
    return SimpleNamespace(
        m=measurements,
        t=transformations,
        vector_domain=domains.vector_domain,
        atom_domain=domains.atom_domain,
        symmetric_distance=metrics.symmetric_distance,
        l1_distance=metrics.l1_distance,
        linf_distance=metrics.linf_distance,
        max_divergence=measures.max_divergence,
        binary_search_param=mod.binary_search_param,
        discrete_laplacian_scale_to_accuracy=accuracy.discrete_laplacian_scale_to_accuracy,
        i64=typing.i64,
        L1Distance=typing.L1Distance,
    )


@dataclass(frozen=True)
class NoisyHistogram:
    """Noisy counts of a histogram over a known domain, and what they cost."""

    counts: np.ndarray  # int64, one per category
    scale: float  # discrete Laplace scale
    epsilon: float  # privacy loss by OpenDP's privacy map
    contributions: int  # most categories one person adds to

    def margin(self, alpha: float = 0.05) -> float:
        """Half-width of the (1 - alpha) interval of each count (same for every cell)."""
        return float(_dp().discrete_laplacian_scale_to_accuracy(self.scale, alpha))


def laplace_histogram(
    indices: np.ndarray, size: int, *, epsilon: float, contributions: int
) -> NoisyHistogram:
    """Counts of ``indices`` in ``range(size)`` with discrete Laplace noise costing ``epsilon``.

    ``contributions`` bounds how many entries of ``indices`` one person can add or remove;
    the noise scale is the smallest that OpenDP certifies for that bound and epsilon.
    """
    if epsilon <= 0:
        raise PalermoError("Epsilon must be positive.", hint="Give --epsilon greater than 0.")
    counter, measurement, scale, spent = _histogram_measurement(size, epsilon, contributions)
    # numpy arrays cross into OpenDP in one copy; lists are checked element by element.
    data = np.require(indices, dtype=np.int64, requirements=["C", "W"])
    if size < _PARALLEL_CELLS:
        counts = np.asarray(measurement(data), dtype=np.int64)
    else:
        counts = _noised_in_parts(np.asarray(counter(data), dtype=np.int64), scale)
    return NoisyHistogram(counts, scale, spent, contributions)


# Exact discrete Laplace sampling costs ~5-20 us a cell, so a table of 200,000 cells (sex x
# age x form x citizenship) takes seconds; past this size its cells are noised in threads
# (OpenDP's library runs outside the GIL).
_PARALLEL_CELLS = 50_000


def _noised_in_parts(exact: np.ndarray, scale: float) -> np.ndarray:
    """The same noise as ``counter >> then_laplace(scale)``, drawn in parallel parts.

    Each cell gets its own independent discrete Laplace(scale) draw either way, so the
    output has exactly the distribution of the certified measurement, whose privacy map
    gave the epsilon.
    """
    dp = _dp()
    noise = dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=dp.i64)), dp.l1_distance(T=dp.i64), scale
    )
    workers = max(1, min(4, os.cpu_count() or 1))
    parts = np.array_split(exact, workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        noisy = list(pool.map(lambda part: noise(np.ascontiguousarray(part)), parts))
    return np.concatenate([np.asarray(p, dtype=np.int64) for p in noisy])


@lru_cache(maxsize=64)
def _histogram_measurement(
    size: int, epsilon: float, contributions: int
) -> tuple[Any, Any, float, float]:
    """OpenDP counting transformation, measurement, scale and loss (immutable: reusable)."""
    dp = _dp()
    domain = dp.vector_domain(dp.atom_domain(T=dp.i64))
    counter = dp.t.make_count_by_categories(
        domain,
        dp.symmetric_distance(),
        categories=np.arange(size, dtype=np.int64),
        null_category=False,
        MO=dp.L1Distance[dp.i64],
        TOA=dp.i64,
    )

    def chain(scale: float) -> Any:
        return counter >> dp.m.then_laplace(scale)

    scale = dp.binary_search_param(chain, d_in=contributions, d_out=epsilon, T=float)
    measurement = chain(scale)
    return counter, measurement, float(scale), float(measurement.map(contributions))


class NoisyMax:
    """OpenDP's noisy max (exponential mechanism) at a fixed privacy loss per selection.

    ``sensitivity`` bounds how much one person moves any score. The scale is found once
    and reused for every selection.
    """

    def __init__(self, *, epsilon: float, sensitivity: float) -> None:
        dp = _dp()
        space = dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.linf_distance(T=float)

        def chain(scale: float) -> Any:
            return dp.m.make_noisy_max(*space, dp.max_divergence(), scale=scale)

        scale = dp.binary_search_param(chain, d_in=float(sensitivity), d_out=epsilon, T=float)
        self.measurement = chain(scale)
        self.epsilon = float(self.measurement.map(float(sensitivity)))

    def __call__(self, scores: np.ndarray) -> int:
        """Index of a high score."""
        return int(self.measurement([float(s) for s in scores]))
