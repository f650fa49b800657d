"""Many Poisson log-linear fits at once, on the lattice of capture histories.

Every model of the family sees the same table, and the design row of history ``w``
is "1 for every parameter mask ``s`` contained in ``w``". So ``X beta`` is a subset
sum (zeta transform) of the parameters placed on the ``2**t`` lattice, and the
Newton (IRLS) normal equations ``X'WX`` and ``X'Wz`` are superset sums of ``mu`` and
``mu z`` read at the unions ``s | u`` of the model's parameter masks. One step of one
model then costs three transforms of length ``2**t`` and a ``p x p`` solve, instead
of products with a ``(2**t - 1) x p`` design matrix, and thousands of fits (models,
bootstrap replicates, or both) are stepped together as the rows of one array.

The iteration is the one of ``fit.irls`` (same start, same steps, same stopping rule),
so a row's result equals ``fit.fit`` on that model and table to rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from palermo.estimation.design import Model
from palermo.estimation.fit import _EPS, _ETA_MAX, _MAXIT

#: A fit is trusted as a bound on its submodels' deviance only if its score is this small.
_SCORE_TOL = 1e-6


def subset_sum(a: np.ndarray, t: int) -> np.ndarray:
    """In place over the last axis: ``a[w] <- sum of a[s] for s a subset of w``."""
    for j in range(t):
        v = a.reshape(-1, 2 ** (t - 1 - j), 2, 2**j)
        v[:, :, 1, :] += v[:, :, 0, :]
    return a


def superset_sum(a: np.ndarray, t: int) -> np.ndarray:
    """In place over the last axis: ``a[s] <- sum of a[w] for w a superset of s``."""
    for j in range(t):
        v = a.reshape(-1, 2 ** (t - 1 - j), 2, 2**j)
        v[:, :, 0, :] += v[:, :, 1, :]
    return a


def on_lattice(counts: np.ndarray) -> np.ndarray:
    """Tables (rows, length ``2**t - 1``) as lattice arrays: cell 0 (seen on no list) is 0."""
    c = np.atleast_2d(np.asarray(counts, dtype=np.float64))
    return np.hstack([np.zeros((c.shape[0], 1)), c])


@dataclass(frozen=True, eq=False)
class BatchFit:
    """One row per fit. ``beta`` is on the lattice (0 where not a parameter)."""

    intercept: np.ndarray
    loglik: np.ndarray
    deviance: np.ndarray
    converged: np.ndarray
    trusted: np.ndarray  # converged, finite and with a vanishing score
    beta: np.ndarray

    def estimate(self, observed: np.ndarray) -> np.ndarray:
        return observed + np.exp(self.intercept)


def _solve(g: np.ndarray, r: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(g, r[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.empty_like(r)
        for i in range(g.shape[0]):
            try:
                out[i] = np.linalg.solve(g[i], r[i])
            except np.linalg.LinAlgError:
                out[i] = np.linalg.lstsq(g[i], r[i], rcond=None)[0]
        return out


def declared(t: int, models: list[Model]) -> np.ndarray:
    """Lattice masks (one row per model) of every parameter: intercept, main effects, terms."""
    out = np.zeros((len(models), 2**t), dtype=bool)
    out[:, 0] = True
    out[:, [1 << j for j in range(t)]] = True
    rows = np.repeat(np.arange(len(models)), [len(m.terms) for m in models])
    cols = np.fromiter((s for m in models for s in m.terms), dtype=np.int64, count=rows.size)
    out[rows, cols] = True
    return out


def structure_rows(
    ylat: np.ndarray, decl: np.ndarray, t: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(estimated params, kept histories, sparse terms) for each row's table and model.

    As ``fit.structure``: a declared term whose margin is zero is at minus infinity, so
    it leaves the parameters and every history containing it leaves the fit.
    """
    margins = superset_sum(ylat.copy(), t)
    sparse = decl & (margins == 0)
    sparse[:, 0] = False  # the intercept is always estimated
    params = decl & ~sparse
    kept = subset_sum(sparse.astype(np.float64), t) == 0
    kept[:, 0] = False
    return params, kept, sparse


def fit_lattice(
    y: np.ndarray,
    params: np.ndarray,
    kept: np.ndarray,
    t: int,
    beta0: np.ndarray | None = None,
    *,
    score: bool = False,
) -> BatchFit:
    """Fit row ``i``: counts ``y[i]`` on the lattice, parameter masks ``params[i]`` (bool
    over the lattice, intercept = mask 0), histories ``kept[i]`` (cell 0 never kept).

    ``beta0`` (lattice rows) is a warm start, e.g. the fit of the same model on the
    original data; rows of zeros there start cold, as ``fit.irls`` does. ``score``:
    also test that each fit's score vanishes (``BatchFit.trusted``).
    """
    b, size = y.shape
    out = [np.full(b, np.nan), np.full(b, np.nan), np.full(b, np.nan)]
    conv = np.zeros(b, dtype=bool)
    trust = np.zeros(b, dtype=bool)
    out_beta = np.zeros((b, size))
    plen = params.sum(axis=1)
    # Fits with different numbers of parameters go in separate batches, except when
    # there are few: then one padded batch (a few identity rows in each solve) saves
    # many small array operations.
    bins = plen if b > _ONE_BATCH else np.zeros_like(plen)
    for key in np.unique(bins):
        rows = np.flatnonzero(bins == key)
        width = int(plen[rows].max())
        if int(plen[rows].min()) == width:
            masks = np.nonzero(params[rows])[1].reshape(rows.size, width)
        else:
            masks = np.argsort(~params[rows], axis=1, kind="stable")[:, :width]
        real = np.arange(width)[None, :] < plen[rows][:, None]
        # fits whose MLE does not exist overflow on their way to minus infinity; the
        # clipping of eta and the finiteness test of the deviance deal with them
        with np.errstate(over="ignore", invalid="ignore"):
            res = _fit_group(
                y[rows], masks, real, kept[rows], t, None if beta0 is None else beta0[rows]
            )
        out[0][rows], out[1][rows], out[2][rows], conv[rows] = res[:4]
        if score:
            with np.errstate(over="ignore", invalid="ignore"):
                small = _small_score(y[rows], masks, real, kept[rows], res[4], t)
            trust[rows] = conv[rows] & small
        lat = np.zeros((rows.size, size))
        _scatter(lat, masks, real, res[4])
        out_beta[rows] = lat
    return BatchFit(out[0], out[1], out[2], conv, trust, out_beta)


#: Up to this many fits are stepped as one padded batch.
_ONE_BATCH = 512


def _scatter(lat: np.ndarray, masks: np.ndarray, real: np.ndarray, beta: np.ndarray) -> None:
    """``lat[i, masks[i, k]] = beta[i, k]`` for the real (not padding) entries."""
    offs = (lat.shape[1] * np.arange(lat.shape[0]))[:, None]
    lat.ravel()[(masks + offs)[real]] = beta[real]


def _fit_group(
    y: np.ndarray,
    masks: np.ndarray,
    real: np.ndarray,
    kept: np.ndarray,
    t: int,
    beta0: np.ndarray | None,
) -> tuple[np.ndarray, ...]:
    """IRLS for a batch of fits with at most ``p = masks.shape[1]`` parameters each.

    ``real[i, k]`` is False for padding: its row and column of the normal equations
    are the identity's, so its coefficient stays 0.
    """
    g, p = masks.shape
    size = y.shape[1]
    keptf = kept.astype(np.float64)
    ylogy = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0)), 0.0).sum(axis=1)
    ysum = y.sum(axis=1)
    unions = (masks[:, :, None] | masks[:, None, :]).reshape(g, p * p)
    padded = not real.all()
    keep_pair = (real[:, :, None] & real[:, None, :]).astype(np.float64)
    pad_eye = np.eye(p)[None, :, :] * (~real)[:, None, :]
    eta = np.zeros_like(y)
    cold = np.ones(g, dtype=bool)
    if beta0 is not None:
        start = np.zeros_like(y)
        rows = np.arange(g)[:, None]
        start[rows, masks] = np.take_along_axis(beta0, masks, axis=1) * real
        cold = ~np.any(start != 0.0, axis=1)
        eta = np.clip(subset_sum(start, t), -_ETA_MAX, _ETA_MAX)
    eta[cold] = np.log(y[cold] + 0.1)
    eta *= keptf
    mu = np.exp(eta) * keptf
    mu[cold] = (y[cold] + 0.1) * keptf[cold]

    res_b0 = np.full(g, np.nan)
    res_ll = np.full(g, np.nan)
    res_dev = np.full(g, np.nan)
    res_conv = np.zeros(g, dtype=bool)
    res_beta = np.zeros((g, p))
    active = np.arange(g)
    dev_old = np.full(g, np.inf)
    a_y, a_k, a_un, a_m = y, keptf, unions, masks
    a_pair, a_eye, a_real = keep_pair, pad_eye, real
    for it in range(1, _MAXIT + 1):
        n_act = active.size
        # mu, eta and y are 0 on the histories left out, so no mask is needed here
        both = np.empty((2 * n_act, size))
        both[:n_act] = mu
        work = both[n_act:]
        np.multiply(mu, eta, out=work)
        work += a_y
        work -= mu
        superset_sum(both, t)
        offs = (size * np.arange(n_act))[:, None]
        flat = both.ravel()
        gmat = flat[a_un + offs].reshape(n_act, p, p)
        rhs = flat[a_m + offs + n_act * size]
        if padded:
            gmat = gmat * a_pair + a_eye
            rhs = rhs * a_real
        beta = _solve(gmat, rhs)
        lat = np.zeros((n_act, size))
        _scatter(lat, a_m, a_real, beta)
        eta = subset_sum(lat, t)
        np.clip(eta, -_ETA_MAX, _ETA_MAX, out=eta)
        eta *= a_k
        mu = np.exp(eta)
        mu *= a_k
        # log(mu) is eta on every history with a count (those are always kept)
        ylogmu = (a_y * eta).sum(axis=1)
        dev = 2.0 * (ylogy[active] - ylogmu - ysum[active] + mu.sum(axis=1))
        done = np.abs(dev - dev_old[active]) / (np.abs(dev) + 0.1) < _EPS
        bad = ~np.isfinite(dev)
        finish = done | bad if it < _MAXIT else np.ones(n_act, dtype=bool)
        dev_old[active] = dev
        if not finish.any():
            continue
        idx = active[finish]
        res_b0[idx] = beta[finish, 0]
        res_ll[idx] = ylogmu[finish] - mu[finish].sum(axis=1)
        res_dev[idx] = dev[finish]
        res_conv[idx] = done[finish] & ~bad[finish]
        res_beta[idx] = beta[finish]
        keep = ~finish
        if not keep.any():
            break
        active, mu, eta = active[keep], mu[keep], eta[keep]
        a_y, a_k, a_un, a_m = y[active], keptf[active], unions[active], masks[active]
        a_pair, a_eye, a_real = keep_pair[active], pad_eye[active], real[active]
    res_ll -= np.where(y > 0, gammaln(y + 1.0), 0.0).sum(axis=1)
    return res_b0, res_ll, res_dev, res_conv, res_beta


def _small_score(
    y: np.ndarray,
    masks: np.ndarray,
    real: np.ndarray,
    kept: np.ndarray,
    beta: np.ndarray,
    t: int,
) -> np.ndarray:
    """Is the score ``X'(y - mu)`` at the final parameters negligible (a true optimum)?"""
    keptf = kept.astype(np.float64)
    lat = np.zeros_like(y)
    _scatter(lat, masks, real, np.nan_to_num(beta))
    mu = np.exp(np.clip(subset_sum(lat, t), -_ETA_MAX, _ETA_MAX)) * keptf
    score = np.take_along_axis(superset_sum((y - mu) * keptf, t), masks, axis=1) * real
    scale = np.maximum(1.0, y.sum(axis=1))
    return np.all(np.abs(score) <= _SCORE_TOL * scale[:, None], axis=1)
