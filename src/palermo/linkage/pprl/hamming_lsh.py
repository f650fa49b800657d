"""Blocking for large inputs: Hamming LSH by bit sampling on the encodings themselves.

Each band samples ``bits_per_band`` bit positions; two records fall in the same
bucket of a band when they agree on all of them. A pair that agrees on a share
``s`` of all bits meets in one band with probability ``s ** bits_per_band`` and in
at least one of ``bands`` with ``1 - (1 - s ** r) ** bands``, so close pairs are
almost always compared and far pairs rarely. The positions are the linkage unit's
own choice (a seed), not a secret: bit sampling needs no key and learns nothing
about the plain values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from palermo.errors import ValidationFailed


@dataclass(frozen=True)
class LshSpec:
    """Bit-sampling LSH: ``bands`` bands of ``bits_per_band`` sampled bits each.

    Buckets holding more than ``max_bucket_pairs`` pairs are skipped: they are
    bands where everyone agrees (for example all-zero samples) and would compare
    nearly every pair. A band whose candidates exceed ``max_band_pairs`` is refused
    (the bands need more bits for inputs that large).
    """

    bands: int = 80
    bits_per_band: int = 12
    seed: int = 0
    max_bucket_pairs: int = 200_000
    max_band_pairs: int = 50_000_000  # bounds the memory of one band's candidate list

    def __post_init__(self) -> None:
        if not 1 <= self.bits_per_band <= 63 or self.bands < 1:
            raise ValidationFailed(
                "LSH needs 1-63 bits per band and at least one band "
                f"(got {self.bits_per_band} bits, {self.bands} bands)."
            )

    def recall_at(self, agreement: float) -> float:
        """Probability that a pair agreeing on this share of bits becomes a candidate."""
        return 1.0 - (1.0 - agreement**self.bits_per_band) ** self.bands


def _band_keys(words: np.ndarray, positions: np.ndarray) -> np.ndarray:
    keys = np.zeros(words.shape[0], dtype=np.uint64)
    for shift, pos in enumerate(positions.tolist()):
        bit = (words[:, pos >> 6] >> np.uint64(pos & 63)) & np.uint64(1)
        keys |= bit << np.uint64(shift)
    return keys


def band_keys(
    a: np.ndarray, b: np.ndarray, spec: LshSpec
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield, band by band, the bucket key of every row of ``a`` and of ``b``.

    Refuses a band whose buckets would hold more than ``spec.max_band_pairs`` pairs.
    """
    rng = np.random.default_rng(spec.seed)
    bits = a.shape[1] * 64
    for _ in range(spec.bands):
        positions = rng.choice(bits, size=spec.bits_per_band, replace=False)
        keys_a, keys_b = _band_keys(a, positions), _band_keys(b, positions)
        ua, ca = np.unique(keys_a, return_counts=True)
        ub, cb = np.unique(keys_b, return_counts=True)
        _, ia, ib = np.intersect1d(ua, ub, assume_unique=True, return_indices=True)
        sizes = ca[ia].astype(np.int64) * cb[ib]
        total = int(sizes[sizes <= spec.max_bucket_pairs].sum())
        if total > spec.max_band_pairs:
            raise ValidationFailed(
                f"One LSH band would compare {total:,} pairs: the inputs are too large for "
                f"{spec.bits_per_band} sampled bits per band.",
                hint="Raise bits_per_band (about log2 of the larger input + 2) and the number of "
                "bands with it.",
            )
        yield keys_a, keys_b
