"""Model choice by BIC over hierarchical models (Silverman, Chan & Vincent 2024).

Every hierarchical model up to a maximum interaction order is fitted with the
minus-infinity handling, models whose extended MLE does not exist (or is not
identifiable) are left out, and the lowest BIC wins. The bootstrap re-selects
among the ``ntop`` models ranked best on the original data. A downhill search
(MultipleSystemsEstimation ``downhill_fit``) is offered where enumerating every
model is too costly.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from palermo.errors import ValidationFailed
from palermo.estimation.batchfit import declared, fit_lattice, on_lattice, structure_rows
from palermo.estimation.design import Model, popcount, term_lists, terms_up_to
from palermo.estimation.existence import Check, check, check_many
from palermo.estimation.fit import Fit, fit

#: Refuse exhaustive searches larger than this; downhill search is the way out.
MAX_MODELS = 200_000
DOWNHILL_ITERATIONS = 20


@dataclass(frozen=True)
class Ranked:
    model: Model
    estimate: float
    bic: float
    #: Parameters on the lattice (``batchfit``), to warm-start refits; None if not kept.
    beta: np.ndarray | None = field(default=None, repr=False, compare=False)


def _subsets_one_smaller(term: int) -> list[int]:
    return [term & ~(1 << j) for j in term_lists(term)]


def hierarchical_models(t: int, max_order: int = 2, limit: int = MAX_MODELS) -> Iterator[Model]:
    """Every hierarchical model with interactions of order 2..max_order (main effects first)."""
    terms = terms_up_to(t, max_order)
    if max_order <= 2 and 2 ** len(terms) > limit:
        raise ValidationFailed(
            f"{2 ** len(terms):,} models with {t} lists is too many to fit one by one.",
            hint="Use the downhill BIC search (--search downhill) or the stepwise method.",
        )
    count = 0

    def rec(i: int, chosen: tuple[int, ...], have: frozenset[int]) -> Iterator[Model]:
        nonlocal count
        if i == len(terms):
            count += 1
            if count > limit:
                raise ValidationFailed(
                    f"More than {limit:,} hierarchical models up to order {max_order}.",
                    hint="Lower --max-order or use the downhill BIC search.",
                )
            yield Model(chosen)
            return
        term = terms[i]
        yield from rec(i + 1, chosen, have)
        subs = _subsets_one_smaller(term)
        if popcount(term) == 2 or all(s in have for s in subs):
            yield from rec(i + 1, (*chosen, term), have | {term})

    models = list(rec(0, (), frozenset()))
    models.sort(key=lambda m: (len(m.terms), [t_ for t_ in m.terms]))
    yield from models


def _score(counts: np.ndarray, t: int, model: Model) -> Fit | None:
    if check(counts, t, model) != Check.OK:
        return None
    return fit(counts, t, model)


def rank_models(counts: np.ndarray, t: int, models: list[Model]) -> list[Ranked]:
    """The valid models among ``models``, lowest BIC first (stable for ties).

    All models are checked and fitted together (``check_many``, ``batchfit``).
    """
    codes = check_many(counts, t, models)
    valid = [m for m, c in zip(models, codes, strict=True) if c == Check.OK]
    if not valid:
        return []
    ylat = on_lattice(counts)
    params, kept, _ = structure_rows(np.repeat(ylat, len(valid), axis=0), declared(t, valid), t)
    bf = fit_lattice(np.repeat(ylat, len(valid), axis=0), params, kept, t)
    observed = int(counts.sum())
    log_n = math.log(max(observed, 1))
    out = []
    for i, m in enumerate(valid):
        bic = m.n_params(t) * log_n - 2.0 * float(bf.loglik[i])
        if math.isfinite(bic):
            out.append(Ranked(m, observed + math.exp(float(bf.intercept[i])), bic, bf.beta[i]))
    out.sort(key=lambda r: r.bic)
    return out


def best_of(counts: np.ndarray, t: int, models: list[Model]) -> float:
    """Estimate from the lowest-BIC valid model among ``models``, one fit at a time."""
    best_bic, best = math.inf, math.nan
    for model in models:
        f = _score(counts, t, model)
        if f is not None and f.bic < best_bic:
            best_bic, best = f.bic, f.estimate
    return best


def rank_all(counts: np.ndarray, t: int, max_order: int = 2) -> list[Ranked]:
    """Every valid hierarchical model, lowest BIC first (stable for ties)."""
    return rank_models(counts, t, list(hierarchical_models(t, max_order)))


def neighbours(model: Model, t: int, max_order: int) -> list[Model]:
    """Hierarchical models one term away: drop a maximal term or add an admissible one."""
    have = set(model.terms)
    out = [model.minus(g) for g in model.generators()]
    for term in terms_up_to(t, max_order):
        if term in have:
            continue
        if popcount(term) == 2 or all(s in have for s in _subsets_one_smaller(term)):
            out.append(model.plus(term))
    return out


def downhill(
    counts: np.ndarray, t: int, max_order: int | None = None
) -> tuple[Model, float, float, list[Ranked]]:
    """Greedy BIC descent from main effects; returns (model, estimate, bic, all visited)."""
    order = t - 1 if max_order is None else max_order
    current = Model()
    f = _score(counts, t, current)
    best_bic = f.bic if f is not None else math.inf
    best_est = f.estimate if f is not None else math.nan
    seen = {current}
    visited = [Ranked(current, best_est, best_bic)]
    for _ in range(DOWNHILL_ITERATIONS):
        new = [m for m in neighbours(current, t, order) if m not in seen]
        if not new:
            break
        seen.update(new)
        scored = []
        for m in new:
            g = _score(counts, t, m)
            if g is not None:
                scored.append(Ranked(m, g.estimate, g.bic))
        visited.extend(scored)
        if not scored:
            break
        top = min(scored, key=lambda r: r.bic)
        if top.bic >= best_bic:
            break
        current, best_bic, best_est = top.model, top.bic, top.estimate
    visited.sort(key=lambda r: r.bic)
    return current, best_est, best_bic, visited
