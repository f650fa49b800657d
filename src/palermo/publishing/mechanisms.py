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
    measurement, scale, spent = _histogram_measurement(size, epsilon, contributions)
    counts = np.asarray(measurement(indices.astype(np.int64).tolist()), dtype=np.int64)
    return NoisyHistogram(counts, scale, spent, contributions)


@lru_cache(maxsize=64)
def _histogram_measurement(
    size: int, epsilon: float, contributions: int
) -> tuple[Any, float, float]:
    """OpenDP measurement, scale and loss; measurements are immutable, so reuse is safe."""
    dp = _dp()
    domain = dp.vector_domain(dp.atom_domain(T=dp.i64))
    counter = dp.t.make_count_by_categories(
        domain,
        dp.symmetric_distance(),
        categories=list(range(size)),
        null_category=False,
        MO=dp.L1Distance[dp.i64],
        TOA=dp.i64,
    )

    def chain(scale: float) -> Any:
        return counter >> dp.m.then_laplace(scale)

    scale = dp.binary_search_param(chain, d_in=contributions, d_out=epsilon, T=float)
    measurement = chain(scale)
    return measurement, float(scale), float(measurement.map(contributions))


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
