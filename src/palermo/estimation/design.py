"""Log-linear models on capture histories and their design matrices.

A term is a set of lists stored as a bit mask; its design column is 1 on every
history containing the set. Every model holds the intercept and all main effects;
``Model.terms`` lists only the interactions (two lists or more).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import combinations

import numpy as np


def popcount(mask: int) -> int:
    return bin(mask).count("1")


@cache
def term_lists(mask: int) -> tuple[int, ...]:
    return tuple(j for j in range(mask.bit_length()) if mask >> j & 1)


def term_key(mask: int) -> tuple[int, tuple[int, ...]]:
    """Order terms by size, then lexicographically by list index (R's column order)."""
    return popcount(mask), term_lists(mask)


@lru_cache(maxsize=8192)
def term_name(mask: int, list_names: tuple[str, ...]) -> str:
    return ":".join(list_names[j] for j in term_lists(mask))


@cache
def pairs(t: int) -> tuple[int, ...]:
    """Every two-list term in lexicographic order: (1,2), (1,3), ..., (t-1,t)."""
    return tuple((1 << i) | (1 << j) for i, j in combinations(range(t), 2))


@cache
def terms_up_to(t: int, max_order: int) -> tuple[int, ...]:
    """Every interaction term of order 2..max_order, in ``term_key`` order."""
    out = [
        sum(1 << j for j in combo)
        for k in range(2, min(max_order, t) + 1)
        for combo in combinations(range(t), k)
    ]
    return tuple(sorted(out, key=term_key))


@dataclass(frozen=True, order=True)
class Model:
    """The interactions of a log-linear model (main effects are always in)."""

    terms: tuple[int, ...] = ()

    @staticmethod
    def of(terms: object) -> Model:
        return Model(tuple(sorted(set(terms), key=term_key)))  # type: ignore[call-overload]

    def plus(self, term: int) -> Model:
        return Model.of((*self.terms, term))

    def minus(self, term: int) -> Model:
        return Model.of(t for t in self.terms if t != term)

    @property
    def order(self) -> int:
        return max((popcount(t) for t in self.terms), default=1)

    def n_params(self, t: int) -> int:
        return 1 + t + len(self.terms)

    def is_hierarchical(self) -> bool:
        have = set(self.terms)
        for term in self.terms:
            for j in term_lists(term):
                sub = term & ~(1 << j)
                if popcount(sub) >= 2 and sub not in have:
                    return False
        return True

    def names(self, list_names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(term_name(t, list_names) for t in self.terms)

    def describe(self, list_names: tuple[str, ...]) -> str:
        return (
            "main effects"
            if not self.terms
            else "main effects + " + ", ".join(self.names(list_names))
        )

    def generators(self) -> tuple[int, ...]:
        """Maximal terms (the hierarchical class), for the bracket notation."""
        return tuple(t for t in self.terms if not any(o != t and o & t == t for o in self.terms))

    def bracket(self, t: int) -> str:
        """SparseMSE/MultipleSystemsEstimation notation, e.g. ``[12,3]`` (lists 1-based)."""
        covered = 0
        for g in self.generators():
            covered |= g
        gens = sorted(self.generators(), key=term_key)
        singles = [1 << j for j in range(t) if not covered >> j & 1]
        parts = ["".join(str(j + 1) for j in term_lists(g)) for g in [*gens, *singles]]
        return "[" + ",".join(parts) + "]"


def parse_term(text: str, list_names: tuple[str, ...]) -> int:
    """``"A:B"`` (list names) to a bit mask."""
    mask = 0
    for part in text.split(":"):
        name = part.strip()
        if name not in list_names:
            raise ValueError(f"unknown list {name!r} in term {text!r}")
        mask |= 1 << list_names.index(name)
    if popcount(mask) < 2:
        raise ValueError(f"term {text!r} must join at least two lists")
    return mask


@cache
def cells(t: int) -> np.ndarray:
    """History bit masks 1 .. 2**t - 1, in the order of ``CaptureData.counts``."""
    out = np.arange(1, 2**t, dtype=np.int64)
    out.setflags(write=False)
    return out


@cache
def column(t: int, mask: int) -> np.ndarray:
    """Design column of one term: 1.0 on every history containing it (0 = intercept)."""
    c = cells(t)
    col = ((c & mask) == mask).astype(np.float64)
    col.setflags(write=False)
    return col


@cache
def containment(t: int, masks: tuple[int, ...]) -> np.ndarray:
    """Matrix (cells x terms) of containment indicators, cached per term set."""
    if not masks:
        return np.zeros((2**t - 1, 0))
    m = np.column_stack([column(t, k) for k in masks])
    m.setflags(write=False)
    return m


def margins(counts: np.ndarray, t: int, masks: tuple[int, ...]) -> np.ndarray:
    """N*_s for each term s: the number of people seen on (at least) all lists of s."""
    return counts @ containment(t, masks)
