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
from functools import lru_cache
from itertools import combinations

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
    if max_order <= 2:  # every set of pairs is hierarchical
        models = [Model(c) for k in range(len(terms) + 1) for c in combinations(terms, k)]
        models.sort(key=lambda m: (len(m.terms), list(m.terms)))
        yield from models
        return
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


def score_models(counts: np.ndarray, t: int, models: list[Model]) -> list[Ranked | None]:
    """Fit of each model (None where it fails the existence or identifiability check).

    All models are checked and fitted together (``check_many``, ``batchfit``).
    """
    codes = check_many(counts, t, models)
    valid = [i for i, c in enumerate(codes) if c == Check.OK]
    out: list[Ranked | None] = [None] * len(models)
    if not valid:
        return out
    ylat = np.repeat(on_lattice(counts), len(valid), axis=0)
    params, kept, _ = structure_rows(ylat, declared(t, [models[i] for i in valid]), t)
    bf = fit_lattice(ylat, params, kept, t)
    observed = int(counts.sum())
    log_n = math.log(max(observed, 1))
    for k, i in enumerate(valid):
        m = models[i]
        bic = m.n_params(t) * log_n - 2.0 * float(bf.loglik[k])
        est = observed + math.exp(float(bf.intercept[k]))
        out[i] = Ranked(m, est, bic, bf.beta[k])
    return out


def rank_models(counts: np.ndarray, t: int, models: list[Model]) -> list[Ranked]:
    """The valid models among ``models``, lowest BIC first (stable for ties)."""
    out = [r for r in score_models(counts, t, models) if r is not None and math.isfinite(r.bic)]
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


@lru_cache(maxsize=16)
def family(t: int, max_order: int) -> tuple[Model, ...]:
    """``hierarchical_models`` as a tuple, kept for the next run on as many lists."""
    return tuple(hierarchical_models(t, max_order))


def rank_all(counts: np.ndarray, t: int, max_order: int = 2) -> list[Ranked]:
    """Every valid hierarchical model, lowest BIC first (stable for ties)."""
    return rank_models(counts, t, list(family(t, max_order)))


@lru_cache(maxsize=65_536)
def neighbours(model: Model, t: int, max_order: int) -> tuple[Model, ...]:
    """Hierarchical models one term away: drop a maximal term or add an admissible one.

    Cached: the searches on bootstrap resamples walk through the same models again.
    """
    have = set(model.terms)
    out = [model.minus(g) for g in model.generators()]
    for term in terms_up_to(t, max_order):
        if term in have:
            continue
        if popcount(term) == 2 or all(s in have for s in _subsets_one_smaller(term)):
            out.append(model.plus(term))
    return tuple(out)


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
        scored = [r for r in score_models(counts, t, new) if r is not None]
        visited.extend(scored)
        if not scored:
            break
        top = min(scored, key=lambda r: r.bic)
        if top.bic >= best_bic:
            break
        current, best_bic, best_est = top.model, top.bic, top.estimate
    visited.sort(key=lambda r: r.bic)
    return current, best_est, best_bic, visited


def _score_jobs(tables: np.ndarray, t: int, jobs: list[tuple[int, Model]]) -> list[Ranked | None]:
    """``score_models`` for (table row, model) pairs, all fits in one batch."""
    out: list[Ranked | None] = [None] * len(jobs)
    by_table: dict[int, list[int]] = {}
    for k, (i, _) in enumerate(jobs):
        by_table.setdefault(i, []).append(k)
    valid: list[int] = []
    for i, ks in by_table.items():
        codes = check_many(tables[i], t, [jobs[k][1] for k in ks])
        valid.extend(k for k, c in zip(ks, codes, strict=True) if c == Check.OK)
    if not valid:
        return out
    rows = np.array([jobs[k][0] for k in valid])
    ylat = on_lattice(tables)[rows]
    models = [jobs[k][1] for k in valid]
    params, kept, _ = structure_rows(ylat, declared(t, models), t)
    bf = fit_lattice(ylat, params, kept, t)
    observed = tables.sum(axis=1)[rows]
    for j, k in enumerate(valid):
        n = int(observed[j])
        bic = models[j].n_params(t) * math.log(max(n, 1)) - 2.0 * float(bf.loglik[j])
        out[k] = Ranked(models[j], n + math.exp(float(bf.intercept[j])), bic)
    return out


class DownhillSearch:
    """The downhill BIC search as a bootstrap estimator: ``many`` steps the searches of
    many resamples together, one batch of fits per step (same path as ``downhill``)."""

    def __init__(self, t: int, max_order: int | None) -> None:
        self.t = t
        self.order = t - 1 if max_order is None else max_order

    def __call__(self, counts: np.ndarray) -> float:
        return float(self.many(np.asarray(counts)[None, :])[0])

    def chunk(self) -> int:
        return 50

    def many(self, tables: np.ndarray) -> np.ndarray:
        tables = np.atleast_2d(np.asarray(tables))
        r, t = tables.shape[0], self.t
        start = _score_jobs(tables, t, [(i, Model()) for i in range(r)])
        current = [Model()] * r
        best_bic = [math.inf if s is None else s.bic for s in start]
        best_est = [math.nan if s is None else s.estimate for s in start]
        seen = [{Model()} for _ in range(r)]
        alive = list(range(r))
        for _ in range(DOWNHILL_ITERATIONS):
            jobs: list[tuple[int, Model]] = []
            spans = []
            for i in alive:
                new = [m for m in neighbours(current[i], t, self.order) if m not in seen[i]]
                seen[i].update(new)
                spans.append((i, len(jobs), len(jobs) + len(new)))
                jobs.extend((i, m) for m in new)
            scored = _score_jobs(tables, t, jobs)
            alive = []
            for i, a, b in spans:
                mine = [s for s in scored[a:b] if s is not None]
                if not mine:
                    continue
                top = min(mine, key=lambda s: s.bic)
                if top.bic >= best_bic[i]:
                    continue
                current[i], best_bic[i], best_est[i] = top.model, top.bic, top.estimate
                alive.append(i)
            if not alive:
                break
        return np.array(best_est)
