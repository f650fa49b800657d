"""Poisson log-linear fit with the extended maximum likelihood of Chan, Silverman & Vincent.

A term whose margin N*_s is zero (lists that never overlap) has its extended MLE at
minus infinity: the histories containing it are dropped (fitted value 0) and the
term leaves the design. Fitting is iteratively reweighted least squares on small
dense design matrices, which is Newton's method for the canonical Poisson link;
the stopping rule mirrors R's ``glm.fit`` (relative change of deviance) but
tighter, so a model whose MLE does not exist still stops where R would.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from scipy.special import gammaln

from palermo.estimation.design import Model, cells, containment, margins

_EPS = 1e-12
_MAXIT = 100
_ETA_MAX = 700.0


@dataclass(frozen=True, eq=False)
class Fit:
    """One fitted model. ``estimate`` is observed + exp(intercept)."""

    model: Model
    n_lists: int
    observed: int
    params: tuple[int, ...]  # masks of estimated parameters; 0 is the intercept
    sparse: tuple[int, ...]  # terms (main effects included) fixed at minus infinity
    beta: np.ndarray = field(repr=False)
    cov: np.ndarray = field(repr=False)  # unscaled covariance (inverse Fisher information)
    fitted: np.ndarray = field(repr=False)  # over all histories, 0 where dropped
    kept: np.ndarray = field(repr=False)
    loglik: float
    deviance: float
    converged: bool
    iterations: int

    @property
    def intercept(self) -> float:
        return float(self.beta[0])

    @property
    def se_intercept(self) -> float:
        return math.sqrt(max(float(self.cov[0, 0]), 0.0))

    @property
    def dark(self) -> float:
        return math.exp(self.intercept)

    @property
    def estimate(self) -> float:
        return self.observed + self.dark

    @property
    def n_params(self) -> int:
        """Every parameter of the model, those at minus infinity included."""
        return self.model.n_params(self.n_lists)

    @property
    def aic(self) -> float:
        # R's glm AIC counts the estimated columns; SparseMSE adds 2 per empty overlap.
        return -2.0 * self.loglik + 2.0 * (len(self.params) + len(self.sparse))

    @property
    def bic(self) -> float:
        # Silverman, Chan & Vincent (2024): all parameters, n = number of observed cases.
        return self.n_params * math.log(max(self.observed, 1)) - 2.0 * self.loglik

    def wald_p(self, mask: int) -> float:
        """Two-sided Wald p-value of a parameter; 1 for a term at minus infinity (as glm)."""
        if mask in self.sparse or mask not in self.params:
            return 1.0
        k = self.params.index(mask)
        se = math.sqrt(max(float(self.cov[k, k]), 0.0))
        if se == 0.0:
            return 1.0
        return math.erfc(abs(float(self.beta[k])) / se / math.sqrt(2.0))


@cache
def _all_params(t: int, model: Model) -> tuple[int, ...]:
    return (0, *(1 << j for j in range(t)), *model.terms)


def structure(
    counts: np.ndarray, t: int, model: Model
) -> tuple[tuple[int, ...], tuple[int, ...], np.ndarray]:
    """(estimated params, sparse terms, kept-history mask) for these counts."""
    allp = _all_params(t, model)
    m = margins(counts, t, allp[1:])
    sparse = tuple(p for p, v in zip(allp[1:], m, strict=True) if v == 0)
    if not sparse:
        return allp, (), _all_kept(t)
    c = cells(t)
    kept = np.ones(c.shape[0], dtype=bool)
    for s in sparse:
        kept &= (c & s) != s
    return tuple(p for p in allp if p not in sparse), sparse, kept


@cache
def _all_kept(t: int) -> np.ndarray:
    k = np.ones(2**t - 1, dtype=bool)
    k.setflags(write=False)
    return k


def design(t: int, params: tuple[int, ...], kept: np.ndarray) -> np.ndarray:
    x = containment(t, params)
    return x if kept.all() else x[kept]


def irls(
    x: np.ndarray, y: np.ndarray, beta0: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, bool, int]:
    """Newton/IRLS for the Poisson log link: (beta, cov, mu, deviance, converged, iterations)."""
    if beta0 is None:
        mu = y + 0.1
        eta = np.log(mu)
    else:
        eta = np.clip(x @ beta0, -_ETA_MAX, _ETA_MAX)
        mu = np.exp(eta)
    dev_old = math.inf
    beta = np.zeros(x.shape[1])
    converged = False
    it = 0
    pos = y > 0
    for it in range(1, _MAXIT + 1):  # noqa: B007 - the count is returned
        z = eta + (y - mu) / mu
        xtw = x.T * mu
        a = xtw @ x
        try:
            beta = np.linalg.solve(a, xtw @ z)
        except np.linalg.LinAlgError:
            beta = np.linalg.lstsq(a, xtw @ z, rcond=None)[0]
        eta = np.clip(x @ beta, -_ETA_MAX, _ETA_MAX)
        mu = np.exp(eta)
        dev = 2.0 * float(np.sum(y[pos] * np.log(y[pos] / mu[pos])) - np.sum(y - mu))
        if abs(dev - dev_old) / (abs(dev) + 0.1) < _EPS:
            converged = True
            break
        dev_old = dev
    a = (x.T * mu) @ x
    try:
        cov = np.linalg.inv(a)
    except np.linalg.LinAlgError:
        cov = np.linalg.pinv(a)
    return beta, cov, mu, dev, converged, it


def fit(counts: np.ndarray, t: int, model: Model, beta0: np.ndarray | None = None) -> Fit:
    """Fit ``model`` to the full table ``counts`` (length 2**t - 1)."""
    params, sparse, kept = structure(counts, t, model)
    x = design(t, params, kept)
    y = counts[kept].astype(np.float64)
    beta, cov, mu, dev, converged, it = irls(x, y, beta0)
    fitted = np.zeros(counts.shape[0])
    fitted[kept] = mu
    pos = y > 0
    loglik = float(np.sum(y[pos] * np.log(mu[pos])) - mu.sum() - gammaln(y + 1.0).sum())
    return Fit(
        model=model,
        n_lists=t,
        observed=int(counts.sum()),
        params=params,
        sparse=sparse,
        beta=beta,
        cov=cov,
        fitted=fitted,
        kept=kept,
        loglik=loglik,
        deviance=dev,
        converged=converged,
        iterations=it,
    )
