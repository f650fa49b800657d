"""How common a name is in the register searched: the chance that namesakes agree.

In Fellegi and Sunter's terms, agreeing on a name is worth ``log2(m / u)``, where
``u`` is the probability that two different people agree on it by chance: the
name's frequency among the people searched. Agreeing on "Smith" in a register
full of Smiths says little; agreeing on a rare name says a lot. Multiplying the
frequencies of the given and the family name by the size of the register gives
the number of namesakes one should expect there by chance. :func:`namesake_bits`
returns ``-log2`` of that number: negative when namesakes are expected, positive
when the name is distinctive. The register's size enters on purpose: the bigger
the register, the more namesakes it holds, and the less a shared name proves.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from palermo.linkage.names import name_forms


def _keys(text: str | None) -> list[str]:
    return [f.key for f in name_forms(text) if f.key]


@dataclass(frozen=True)
class NameFrequencies:
    """How many of ``total`` people carry each name token (phonetic key), in either part.

    Given and family names are counted together: registers swap them ("Popa Maria"),
    and a token's frequency as either is what a chance agreement on it depends on.
    """

    counts: Counter[str] = field(default_factory=Counter)
    total: int = 0

    @classmethod
    def of(cls, people: Iterable[object]) -> NameFrequencies:
        """Count the names of ``people`` (anything with ``given_name`` and ``family_name``)."""
        counts: Counter[str] = Counter()
        total = 0
        for p in people:
            total += 1
            given = _keys(getattr(p, "given_name", None))
            counts.update(set(given) | set(_keys(getattr(p, "family_name", None))))
        return cls(counts, total)

    def share(self, text: str | None) -> float:
        """Frequency of the name (its most common token: the conservative choice), or 1.0."""
        keys = _keys(text)
        if not keys or not self.total:
            return 1.0
        return min(1.0, max(max(self.counts.get(k, 0), 1) for k in keys) / self.total)

    def namesake_bits(self, given: str | None, family: str | None) -> float:
        """``-log2`` of the namesakes expected by chance in the register for these names.

        An unknown part counts as shared by everyone (frequency 1). Given and family
        names are taken as independent, which undercounts namesakes where both come
        from one culture's small pool; the weight in :mod:`.compare` is set with that.
        """
        if not self.total:
            return 0.0
        u = self.share(given) * self.share(family)
        return -math.log2(max(u * self.total, 1e-9))
