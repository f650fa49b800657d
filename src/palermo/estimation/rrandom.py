"""R-compatible random numbers: ``set.seed``, ``unif_rand``, ``rbinom`` and ``rmultinom``.

The reference bootstraps (SparseMSE ``estimatepopulation``, MultipleSystemsEstimation
``bootstrapcal``) draw their resamples with R's default generator, so with the same
seed the same resamples can be drawn here and the published BCa limits reproduced to
the digit, instead of only within Monte Carlo error. This module re-implements, from
the published algorithms, what R does:

* ``set.seed(seed)`` with the default Mersenne-Twister: the seed is scrambled by 50
  steps of the congruential map ``s -> 69069 s + 1`` (mod 2**32), the next 625 values
  fill R's seed vector, whose first slot is then reset to 624 (the position), so the
  624 words of the MT19937 state are values 2..625 and the first draw twists the
  state. ``unif_rand`` is the tempered 32-bit output times 2**-32, kept inside (0, 1).
  numpy's ``MT19937`` implements the same twist and tempering, so it is used for the
  words once its state has been set as R sets it.
* ``rbinom(n, p)``: Kachitvichyanukul & Schmeiser (1988): with ``p' = min(p, 1 - p)``,
  inversion from 0 upwards when ``n p' < 30``, otherwise the BTPE
  triangle/parallelogram/exponential-tails acceptance-rejection, with the explicit
  ratio test or the squeeze and Stirling bound as in that paper; the count is
  reflected (``n - x``) when ``p > 1/2``.
* ``rmultinom(size, prob)``: categories in order, each a binomial of what is left with
  probability ``prob[k] / (remaining total)`` (the running total in extended precision),
  categories with probability 0 skipped without a draw, and the last one takes the rest.
"""

from __future__ import annotations

import math

import numpy as np

_MASK = 0xFFFFFFFF
_I2_32M1 = 2.328306437080797e-10  # 1 / (2**32 - 1)
_TWO_M32 = 2.3283064365386963e-10  # 2**-32


class RRandom:
    """One R random-number stream, started as ``set.seed(seed)`` starts it."""

    def __init__(self, seed: int) -> None:
        s = seed & _MASK
        for _ in range(50):
            s = (69069 * s + 1) & _MASK
        words = []
        for _ in range(625):
            s = (69069 * s + 1) & _MASK
            words.append(s)
        self._bits = np.random.MT19937(0)
        self._bits.state = {
            "bit_generator": "MT19937",
            "state": {"key": np.array(words[1:], dtype=np.uint32), "pos": 624},
        }
        self._buffer: list[int] = []
        self._next = 0

    def _word(self) -> int:
        if self._next >= len(self._buffer):
            self._buffer = self._bits.random_raw(4096).tolist()
            self._next = 0
        w = self._buffer[self._next]
        self._next += 1
        return w

    def unif_rand(self) -> float:
        x = self._word() * _TWO_M32
        if x <= 0.0:
            return 0.5 * _I2_32M1
        if 1.0 - x <= 0.0:
            return 1.0 - 0.5 * _I2_32M1
        return x

    def rbinom(self, n: int, pp: float) -> int:
        if n == 0 or pp == 0.0:
            return 0
        if pp == 1.0:
            return n
        p = min(pp, 1.0 - pp)
        q = 1.0 - p
        np_ = n * p
        r = p / q
        g = r * (n + 1)
        # inversion for small means, BTPE otherwise
        ix = self._inversion(n, q, r, g) if np_ < 30.0 else self._btpe(n, p, q, np_, r, g)
        return n - ix if pp > 0.5 else ix

    def _inversion(self, n: int, q: float, r: float, g: float) -> int:
        qn = _pow_di(q, n)
        while True:
            ix = 0
            f = qn
            u = self.unif_rand()
            while True:
                if u < f:
                    return ix
                if ix > 110:
                    break
                u -= f
                ix += 1
                f *= g / ix - r

    def _btpe(self, n: int, p: float, q: float, np_: float, r: float, g: float) -> int:
        fm = np_ + p
        m = int(fm)
        npq = np_ * q
        p1 = int(2.195 * math.sqrt(npq) - 4.6 * q) + 0.5
        xm = m + 0.5
        xl = xm - p1
        xr = xm + p1
        c = 0.134 + 20.5 / (15.3 + m)
        al = (fm - xl) / (fm - xl * p)
        xll = al * (1.0 + 0.5 * al)
        al = (xr - fm) / (xr * q)
        xlr = al * (1.0 + 0.5 * al)
        p2 = p1 * (1.0 + c + c)
        p3 = p2 + c / xll
        p4 = p3 + c / xlr
        while True:
            u = self.unif_rand() * p4
            v = self.unif_rand()
            if u <= p1:  # triangular region: accept at once
                return int(xm - p1 * v + u)
            if u <= p2:  # parallelogram
                x = xl + (u - p1) / c
                v = v * c + 1.0 - abs(xm - x) / p1
                if v > 1.0 or v <= 0.0:
                    continue
                ix = int(x)
            elif u > p3:  # right exponential tail
                ix = int(xr - math.log(v) / xlr)
                if ix > n:
                    continue
                v = v * (u - p3) * xlr
            else:  # left exponential tail
                ix = int(xl + math.log(v) / xll)
                if ix < 0:
                    continue
                v = v * (u - p2) * xll
            k = abs(ix - m)
            if k <= 20 or k >= npq / 2 - 1:
                f = 1.0
                if m < ix:
                    for i in range(m + 1, ix + 1):
                        f *= g / i - r
                elif m > ix:
                    for i in range(ix + 1, m + 1):
                        f /= g / i - r
                if v <= f:
                    return ix
                continue
            amaxp = (k / npq) * ((k * (k / 3.0 + 0.625) + 0.1666666666666) / npq + 0.5)
            ynorm = -k * k / (2.0 * npq)
            alv = math.log(v)
            if alv < ynorm - amaxp:
                return ix
            if alv <= ynorm + amaxp:
                x1 = ix + 1
                f1 = fm + 1.0
                z = n + 1 - fm
                w = n - ix + 1.0
                bound = (
                    xm * math.log(f1 / x1)
                    + (n - m + 0.5) * math.log(z / w)
                    + (ix - m) * math.log(w * p / (x1 * q))
                    + _stirling(f1)
                    + _stirling(z)
                    + _stirling(x1)
                    + _stirling(w)
                )
                if alv <= bound:
                    return ix

    def rmultinom(self, size: int, prob: np.ndarray) -> np.ndarray:
        """One draw of R's ``rmultinom(1, size, prob)`` (``prob`` need not sum to 1)."""
        return self.rmultinom_n(1, size, prob)[0]

    def rmultinom_n(self, n: int, size: int, prob: np.ndarray) -> np.ndarray:
        """``n`` draws in a row (rows), as ``n`` calls of ``rmultinom(1, size, prob)``.

        The conditional probability of each category given the ones before depends
        only on ``prob``, so it is computed once rather than for every draw.
        """
        prob = np.asarray(prob, dtype=np.float64)
        prob = prob / prob.sum()
        steps = []  # (category, conditional probability); 0-probability ones skipped
        total = np.longdouble(0.0)
        for v in prob:
            total += np.longdouble(v)
        for k in range(prob.size - 1):
            if prob[k] != 0.0:
                steps.append((k, float(np.longdouble(prob[k]) / total)))
            total -= np.longdouble(prob[k])
        out = np.zeros((n, prob.size), dtype=np.int64)
        last = prob.size - 1
        for row in out:
            left = size
            for k, pk in steps:
                x = self.rbinom(left, pk) if pk < 1.0 else left
                row[k] = x
                left -= x
                if left <= 0:
                    break
            else:
                row[last] = left
        return out


def _pow_di(x: float, n: int) -> float:
    """x**n by repeated squaring, as R's ``R_pow_di`` (the last bit can differ from pow)."""
    out = 1.0
    while True:
        if n & 1:
            out *= x
        n >>= 1
        if not n:
            return out
        x *= x


def _stirling(y: float) -> float:
    y2 = y * y
    return (13860.0 - (462.0 - (132.0 - (99.0 - 140.0 / y2) / y2) / y2) / y2) / y / 166320.0
