"""Model selection by adding two-list interactions one at a time.

``sparse_stepwise`` is the procedure of Chan, Silverman & Vincent (2021), SparseMSE's
``stepwisefit``: one-sided Poisson p-values of the observed overlap N*_ij given the
current fit; a pair whose addition would make the MLE fail to exist or the model
non-identifiable counts as p = 1; ties go to the first pair in lexicographic order.

A list with no cases at all (which happens in bootstrap resamples of sparse data)
makes SparseMSE's ``checkident`` fail for every candidate: the list's main effect has
sufficient statistic 0, so the linear program's optimum is 0 ("the estimate does not
exist"), every p-value is set to 1 and the main-effects model is returned. We do the
same, because the BCa limits depend on those replicates.

``aic_stepwise`` is the Home Office 2014 procedure of Bales, Hesketh & Silverman
(modslavmse ``MSEfit``): add the pair that lowers the AIC most, but stop if its
Wald p-value exceeds the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.special import pdtr, pdtrc

from palermo.estimation.design import Model, containment, margins, pairs
from palermo.estimation.existence import Check, check
from palermo.estimation.fit import Fit, fit


@dataclass(frozen=True)
class Step:
    """One decision of a selection procedure, kept to explain the model chosen."""

    term: int | None  # the pair added, or None when the procedure stopped
    score: float  # p-value (stepwise) or AIC (Home Office)
    accepted: bool
    note: str


@dataclass(frozen=True, eq=False)
class Selection:
    fit: Fit
    steps: tuple[Step, ...]


def poisson_p(nstar: np.ndarray, pstar: np.ndarray) -> np.ndarray:
    """min(P(X <= n*), P(X >= n*)) for X ~ Poisson(p*), as SparseMSE computes it."""
    lower = pdtr(nstar, pstar)
    upper = np.where(nstar > 0, pdtrc(np.maximum(nstar - 1, 0), pstar), 1.0)
    p = np.minimum(lower, upper)
    return np.where(pstar > 0, p, 1.0)


@cache
def mains(t: int) -> tuple[int, ...]:
    return tuple(1 << j for j in range(t))


def sparse_stepwise(counts: np.ndarray, t: int, threshold: float = 0.02) -> Selection:
    """SparseMSE stepwise selection (``stepwisefit``) with threshold ``threshold``."""
    current = fit(counts, t, Model())
    if threshold <= 0:
        return Selection(current, (Step(None, 1.0, False, "threshold 0: main effects only"),))
    ps = pairs(t)
    if threshold >= 1:
        full = Model(ps)
        if check(counts, t, full) == Check.OK:
            return Selection(fit(counts, t, full), (Step(None, 1.0, True, "threshold 1"),))
    empty = [j for j, m in enumerate(margins(counts, t, mains(t))) if m == 0]
    if empty:
        lists = ", ".join(str(j + 1) for j in empty)
        note = f"list {lists} has no cases: no interaction passes the existence check"
        return Selection(current, (Step(None, 1.0, False, note),))
    nstar = margins(counts, t, ps).astype(np.float64)
    indicator = containment(t, ps)
    included = np.zeros(len(ps), dtype=bool)
    steps: list[Step] = []
    for _ in range(len(ps)):
        pstar = current.fitted @ indicator
        pval = poisson_p(nstar, pstar)
        pval[included] = np.inf
        order = np.lexsort((np.arange(len(ps)), pval))
        chosen = None
        for j in order:
            if pval[j] >= threshold:
                break
            status = check(counts, t, current.model.plus(ps[j]))
            if status == Check.OK:
                chosen = int(j)
                break
            steps.append(Step(ps[j], float(pval[j]), False, f"skipped: {status.describe()}"))
        if chosen is None:
            best = float(np.min(pval[~included])) if (~included).any() else 1.0
            steps.append(Step(None, best, False, f"no remaining pair has p < {threshold:g}"))
            break
        steps.append(Step(ps[chosen], float(pval[chosen]), True, "lowest p-value"))
        included[chosen] = True
        current = fit(counts, t, current.model.plus(ps[chosen]))
    return Selection(current, tuple(steps))


def aic_stepwise(counts: np.ndarray, t: int, threshold: float = 0.05) -> Selection:
    """Home Office 2014 (Bales, Hesketh & Silverman): AIC steps, Wald p-value stop rule."""
    current = fit(counts, t, Model())
    ps = pairs(t)
    aic0 = current.aic
    included: set[int] = set()
    steps: list[Step] = []
    for _ in range(len(ps)):
        best_aic, best = aic0, None
        for p in ps:
            if p in included:
                continue
            cand = fit(counts, t, current.model.plus(p))
            if cand.aic < best_aic:
                best_aic, best = cand.aic, cand
                best_term = p
        if best is None:
            steps.append(Step(None, aic0, False, "no pair lowers the AIC"))
            break
        pval = best.wald_p(best_term)
        if pval > threshold:
            steps.append(
                Step(best_term, best_aic, False, f"Wald p = {pval:.3g} above {threshold:g}")
            )
            break
        steps.append(Step(best_term, best_aic, True, f"lowest AIC, Wald p = {pval:.3g}"))
        included.add(best_term)
        current, aic0 = best, best_aic
    return Selection(current, tuple(steps))
