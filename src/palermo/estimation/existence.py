"""Does the (extended) MLE exist, and is the model identifiable?

Existence follows Fienberg & Rinaldo (2012) as used by SparseMSE: with A the design
on the histories kept and t = A'n, the MLE exists when "maximise s subject to
A'y = t, y >= s, y >= 0" has optimum s* > 0. Both answers depend on the data only
through which histories are non-empty, so results are cached per support pattern,
which is what makes a stepwise bootstrap affordable.

Before solving the linear program we try a shortcut: if the design restricted to
the non-empty histories has full column rank, no direction can push the fitted
values of the empty histories to zero while keeping the others, so the MLE exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

import numpy as np
from scipy.optimize import linprog

from palermo.estimation.batchfit import declared, on_lattice, structure_rows
from palermo.estimation.design import Model, margins, pairs
from palermo.estimation.fit import design, structure

_CACHE: dict[tuple[int, Model, bytes], int] = {}
_CACHE_MAX = 500_000
_LP_TOL = 1e-8
_NULL_TOL = 1e-9


class Check(IntEnum):
    """SparseMSE's error codes."""

    OK = 0
    NOT_EXIST = 1
    NOT_IDENTIFIABLE = 2
    BOTH = 3

    @property
    def exists(self) -> bool:
        return not self & 1

    @property
    def identifiable(self) -> bool:
        return not self & 2

    def describe(self) -> str:
        return {
            0: "the estimate exists and is identifiable",
            1: "the maximum likelihood estimate does not exist",
            2: "the model is not identifiable",
            3: "the estimate does not exist and the model is not identifiable",
        }[int(self)]


def _rank(x: np.ndarray) -> int:
    if x.size == 0:
        return 0
    return int(np.linalg.matrix_rank(x))


def mle_exists_by_lp(x: np.ndarray, y: np.ndarray) -> bool:
    """The reference check: the linear program of Fienberg & Rinaldo (slow, for tests)."""
    n_cells, n_par = x.shape
    # variables: y_1..y_m, s ; maximise s
    c = np.zeros(n_cells + 1)
    c[-1] = -1.0
    a_eq = np.hstack([x.T, np.zeros((n_par, 1))])
    b_eq = x.T @ y
    a_ub = np.hstack([-np.eye(n_cells), np.ones((n_cells, 1))])  # s - y_w <= 0
    b_ub = np.zeros(n_cells)
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if res.status != 0:
        return False
    return -res.fun > _LP_TOL * max(1.0, float(y.sum()) / n_cells)


def mle_exists(x: np.ndarray, y: np.ndarray) -> bool:
    """Does the MLE exist? (Haberman 1974; the dual of Fienberg & Rinaldo's program.)

    It does not exactly when some direction ``c`` of the parameters leaves every
    history with a count unchanged (``X_pos c = 0``) and lowers the fitted values of
    some empty histories without raising any (``X_zero c >= 0``, not all 0): the
    likelihood then grows without bound along ``-c``. Such directions live in the null
    space of ``X_pos``, usually of dimension 1 or 2, so the linear program is over a
    handful of variables (none for dimension 1) instead of one per history.
    """
    pos = y > 0
    xp = x[pos]
    if xp.shape[0] == 0:
        return False  # nothing observed: the likelihood grows as every mean goes to 0
    _, sv, vt = np.linalg.svd(xp, full_matrices=True)
    rank = int((sv > sv.max() * max(xp.shape) * np.finfo(float).eps).sum()) if sv.size else 0
    basis = vt[rank:].T
    if basis.shape[1] == 0:
        return True
    m = x[~pos] @ basis
    m /= max(1.0, float(np.abs(m).max(initial=0.0)))
    if basis.shape[1] == 1:
        col = m[:, 0]
        up = bool((col >= -_NULL_TOL).all() and (col > _NULL_TOL).any())
        down = bool((col <= _NULL_TOL).all() and (col < -_NULL_TOL).any())
        return not (up or down)
    res = linprog(
        -m.sum(axis=0), A_ub=-m, b_ub=np.zeros(m.shape[0]), bounds=(-1, 1), method="highs"
    )
    if res.status != 0:
        return mle_exists_by_lp(x, y)
    return -res.fun <= _NULL_TOL


def clear_cache() -> None:
    """Forget the checks made so far (benchmarks measure from a cold start)."""
    _CACHE.clear()


def check(counts: np.ndarray, t: int, model: Model) -> Check:
    """Existence and identifiability of ``model`` on ``counts`` (SparseMSE ``checkident``)."""
    key = (t, model, np.packbits(counts > 0).tobytes())
    hit = _CACHE.get(key)
    if hit is not None:
        return Check(hit)
    params, sparse, kept = structure(counts, t, model)
    x = design(t, params, kept)
    y = counts[kept].astype(np.float64)
    code = 0
    # On the full table every non-saturated model has full rank (the design is a
    # column subset of the invertible zeta matrix), so only dropped rows need a check.
    if (sparse or x.shape[1] >= x.shape[0]) and _rank(x) < x.shape[1]:
        code |= 2
    pos = y > 0
    if _rank(x[pos]) < x.shape[1] and not mle_exists(x, y):
        code |= 1
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[key] = code
    return Check(code)


def count_triangles(counts: np.ndarray, t: int) -> int:
    """Triples of lists overlapping pairwise; with none, the all-pairs model is unidentifiable."""

    ps = pairs(t)
    m = margins(counts, t, ps)
    ok = {p for p, v in zip(ps, m, strict=True) if v > 0}
    n = 0
    for i in range(t):
        for j in range(i + 1, t):
            for k in range(j + 1, t):
                a, b, c = (1 << i) | (1 << j), (1 << i) | (1 << k), (1 << j) | (1 << k)
                n += a in ok and b in ok and c in ok
    return n


def _ranks(stack: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Ranks of stacked matrices, with ``matrix_rank``'s tolerance for ``rows`` x p each."""
    if stack.shape[-1] == 0 or stack.shape[-2] == 0:
        return np.zeros(stack.shape[0], dtype=int)
    s = np.linalg.svd(stack, compute_uv=False)
    tol = s.max(axis=-1) * np.maximum(rows, stack.shape[-1]) * np.finfo(s.dtype).eps
    return (s > tol[:, None]).sum(axis=-1)


def _full_rank(x: np.ndarray) -> bool:
    return (
        x.shape[0] >= x.shape[1] and int(_ranks(x[None], np.array([x.shape[0]]))[0]) == x.shape[1]
    )


def _full_rank_by_kept(zeta: np.ndarray, params: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """Per model: does the union of the parameters of the models that keep the same
    histories have a full-rank design on them (so this model is identifiable)?"""
    out = np.zeros(params.shape[0], dtype=bool)
    packed = np.ascontiguousarray(np.packbits(kept, axis=1))
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    for g, row in enumerate(first):
        rows = np.flatnonzero(inverse.ravel() == g)
        out[rows] = _full_rank(zeta[kept[row]][:, params[rows].any(axis=0)])
    return out


def check_many(counts: np.ndarray, t: int, models: Sequence[Model]) -> list[Check]:
    """``check`` for many models on one table: the ranks in batches, the LP where needed."""

    pattern = np.packbits(counts > 0).tobytes()
    out: list[Check | None] = [None] * len(models)
    todo = []
    for i, m in enumerate(models):
        hit = _CACHE.get((t, m, pattern))
        if hit is None:
            todo.append(i)
        else:
            out[i] = Check(hit)
    if todo:
        ylat = on_lattice(counts)
        decl = declared(t, [models[i] for i in todo])
        params, kept, sparse = structure_rows(np.repeat(ylat, len(todo), axis=0), decl, t)
        # zeta[w, s] = 1 when s is contained in w: every design row, on the lattice
        lat = np.arange(2**t)
        zeta = ((lat[:, None] & lat[None, :]) == lat[None, :]).astype(np.float64)
        pos = ylat[0] > 0
        n_pos = int(pos.sum())
        plen = params.sum(axis=1)
        # A design whose columns are a subset of a full-rank design has full rank: when
        # the union of all the models' parameters passes a rank test, every model does.
        all_pos = _full_rank(zeta[pos][:, params.any(axis=0)])
        ident_ok = _full_rank_by_kept(zeta, params, kept)
        for p in np.unique(plen):
            grp = np.flatnonzero(plen == p)
            cols = np.nonzero(params[grp])[1].reshape(grp.size, int(p))
            codes = np.zeros(grp.size, dtype=int)
            n_kept = kept[grp].sum(axis=1)
            need = (sparse[grp].any(axis=1) | (p >= n_kept)) & ~ident_ok[grp]
            if need.any():
                sub = grp[need]
                x = zeta[:, cols[need]].transpose(1, 0, 2) * kept[sub][:, :, None]
                codes[need] |= np.where(_ranks(x, n_kept[need]) < p, 2, 0)
            if all_pos:
                deficient = np.zeros(0, dtype=int)
            else:
                xpos = zeta[pos][:, cols].transpose(1, 0, 2)
                deficient = np.flatnonzero(_ranks(xpos, np.full(grp.size, n_pos)) < p)
            for k in deficient:
                m = models[todo[grp[k]]]
                prm, _, kp = structure(counts, t, m)
                if not mle_exists(design(t, prm, kp), counts[kp].astype(np.float64)):
                    codes[k] |= 1
            for k, code in zip(grp, codes, strict=True):
                out[todo[k]] = Check(int(code))
                if len(_CACHE) >= _CACHE_MAX:
                    _CACHE.clear()
                _CACHE[(t, models[todo[k]], pattern)] = int(code)
    return [c if c is not None else Check.OK for c in out]
