"""Model-conditional intervals for the population size.

* Wald on the log scale (SparseMSE ``estimatepopulation.0``): with b0 the fitted
  intercept and se its standard error, N_q = n + exp(b0 + z_q se).
* Profile likelihood of the multinomial model (Rcapture ``closedpCI.t``, used by the
  Home Office 2014 analysis): for each N the unobserved cell gets N - n cases and
  the Poisson model is refitted; the multinomial log likelihood is the Poisson one
  plus Cormack's (1992) correction term. Its maximiser is the point estimate, which
  is slightly below n + exp(b0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln
from scipy.stats import chi2, norm

from palermo.estimation.fit import Fit, design, irls

#: R's ``closedpCI.t`` searches the upper limit up to this multiple of the estimate.
PROFILE_SEARCH_FACTOR = 3.0
_TOL = 1e-4


@dataclass(frozen=True)
class Interval:
    estimate: float
    lower: float
    upper: float
    level: float
    method: str  # "wald", "profile" or "bca"


def wald(f: Fit, level: float = 0.95) -> Interval:
    z = float(norm.ppf(0.5 + level / 2))
    b0, se = f.intercept, f.se_intercept
    return Interval(
        estimate=f.estimate,
        lower=f.observed + math.exp(b0 - z * se),
        upper=f.observed + math.exp(b0 + z * se),
        level=level,
        method="wald",
    )


def _cormack(n0: float, total: float) -> float:
    if total > 100:
        if n0 in (0.0, 1.0):
            return -total + 0.5 * math.log(2 * math.pi * total)
        return n0 - total - 0.5 * math.log(n0 / total)
    return (
        (n0 * math.log(n0) if n0 > 0 else 0.0)
        + float(gammaln(total + 1))
        - total * math.log(total)
        - float(gammaln(n0 + 1))
    )


class ProfileLikelihood:
    """Multinomial profile log likelihood of N for one fitted model."""

    def __init__(self, f: Fit, counts: np.ndarray) -> None:
        x = design(f.n_lists, f.params, f.kept)
        zero = np.zeros((1, x.shape[1]))
        zero[0, 0] = 1.0
        self.x = np.vstack([x, zero])
        self.y = np.append(counts[f.kept].astype(np.float64), 0.0)
        self.n = float(f.observed)
        self.poisson_estimate = f.estimate
        self._beta = f.beta.copy()

    def __call__(self, total: float) -> float:
        n0 = max(total - self.n, 0.0)
        y = self.y.copy()
        y[-1] = n0
        beta, _, _, dev, _, _ = irls(self.x, y, self._beta)
        if np.all(np.isfinite(beta)):
            self._beta = beta
        return (dev - 2.0 * _cormack(n0, total)) / -2.0

    def interval(self, level: float = 0.95) -> Interval:
        lo_b, hi_b = self.n, PROFILE_SEARCH_FACTOR * self.poisson_estimate
        res = minimize_scalar(
            lambda v: -self(v), bounds=(lo_b, hi_b), method="bounded", options={"xatol": _TOL}
        )
        n_max = float(res.x)
        l_max = self(n_max)
        cut = l_max - float(chi2.ppf(level, 1)) / 2.0

        def g(v: float) -> float:
            return self(v) - cut

        try:
            lower = brentq(g, lo_b, n_max, xtol=_TOL) if g(lo_b) < 0 else lo_b
        except ValueError:
            lower = lo_b
        try:
            upper = brentq(g, n_max, hi_b, xtol=_TOL) if g(hi_b) < 0 else math.inf
        except ValueError:
            upper = math.inf
        return Interval(n_max, float(lower), float(upper), level, "profile")


def profile(f: Fit, counts: np.ndarray, level: float = 0.95) -> Interval:
    return ProfileLikelihood(f, counts).interval(level)
