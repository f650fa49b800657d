"""Flag families synthesised as one attribute: the pattern of a person's codes in a group.

The 0/1 columns of one HTCDS picklist (``isForcedLabour``, ``isSexualExploitation``...)
are not independent choices: most persons have one form of exploitation, or one method
of recruitment, so the flags exclude each other. A tree of attribute pairs cannot carry
all of those associations (measured on 50,000 simulated persons at epsilon 1: flags of
one family made about half of the pairs MST lost). Synthesised as one attribute whose
categories are the 2^k patterns, a family keeps them exactly up to noise, and one tree
edge carries its association with another column for all its flags at once.

Which families are joined is fixed in advance (never chosen from the data), and so is
every pattern of the domain. A family whose codes combine freely (methods of control:
11,491 distinct patterns among 50,000 simulated persons) is better left as flags: nearly
every pattern would be rare.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from palermo.publishing.layout import Layout, flag_columns

# Families joined by default: their codes mostly exclude each other.
JOINED: tuple[str, ...] = ("form", "typeOfSex", "recruitment")
# Rare patterns are drawn back among those with at most this many codes: with 2^k
# patterns, the noise of the empty ones would otherwise outweigh the few real ones.
MAX_RARE_CODES = 2


@dataclass(frozen=True)
class Family:
    """One group's flag columns as one attribute; bit i of a pattern is ``members[i]``."""

    name: str
    members: tuple[str, ...]

    @property
    def size(self) -> int:
        return 1 << len(self.members)

    @cached_property
    def categories(self) -> tuple[str, ...]:
        k = len(self.members)
        return tuple("".join(str((p >> i) & 1) for i in range(k)) for p in range(self.size))

    @cached_property
    def plausible(self) -> np.ndarray:
        """Pattern indices with at most :data:`MAX_RARE_CODES` codes."""
        counts = np.array([bin(p).count("1") for p in range(self.size)])
        return np.flatnonzero(counts <= MAX_RARE_CODES)

    def encode(self, codes: dict[str, np.ndarray]) -> np.ndarray:
        """Each row's pattern index from its members' 0/1 codes."""
        out = np.zeros(len(codes[self.members[0]]), dtype=np.int64)
        for i, member in enumerate(self.members):
            out |= codes[member].astype(np.int64) << i
        return out

    def decode(self, patterns: np.ndarray) -> dict[str, np.ndarray]:
        """Each member's 0/1 code from pattern indices."""
        return {m: (patterns >> i) & 1 for i, m in enumerate(self.members)}


def families_of(layout: Layout, joined: tuple[str, ...]) -> list[Family]:
    """The families of ``joined`` with at least two flag columns in the layout."""
    out = []
    for name in joined:
        members = tuple(c.name for c in flag_columns(layout, name))
        if len(members) >= 2:
            out.append(Family(name, members))
    return out


def keep_threshold(scale: float, cells: int) -> float:
    """Noisy count from which a category is kept on its own.

    Three noise standard deviations, as MST does, or ``scale * ln(cells)`` when that is
    higher: the expected number of empty categories whose discrete Laplace noise reaches
    the threshold then stays near one half, however large the domain.
    """
    return max(3 * np.sqrt(2) * scale, scale * float(np.log(max(cells, 1))))
