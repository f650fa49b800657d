"""Near-duplicate ads: MinHash signatures (rensa) and locality-sensitive hashing.

Ads written from one template share most of their word shingles. Each ad becomes the
set of its word k-shingles (lower case, digits read as 0, so that a changed price or
phone number does not hide the template); rensa computes its MinHash signature from
the shingle hashes; the signature is cut into bands, and ads that share a band are
candidates. A candidate pair is kept when the signatures agree on at least
``threshold`` of their positions (the estimated Jaccard similarity).

Why rensa and not datasketch: on this machine rensa's batch API signs about 150,000
ads a second from pre-hashed shingles, datasketch's ``MinHash.bulk`` about 2,600
(same 128 permutations, same shingles; see bench/bench_ads.py --compare-minhash).

Within a bucket every ad is tied to the one with the smallest ad id, so the pairs
tried do not depend on the order of the feed (a Spark run finds the same pairs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from time import perf_counter

import numpy as np
import polars as pl

from palermo.errors import FieldProblem, ValidationFailed

_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))
WORD = r"[\p{L}\p{N}']+"


@dataclass(frozen=True)
class NetworkSpec:
    """How ads are tied into networks."""

    num_perm: int = 64  # MinHash signature length
    bands: int = 16  # LSH bands (num_perm / bands rows each)
    # Least estimated Jaccard similarity of two ads of one template. 0.5 ties too many
    # look-alike ads at a million ads (chains of benign study or marriage ads, ARI 0.48);
    # 0.7 keeps ARI >= 0.99 at 250,000 and gives 0.996 at a million (bench/bench_ads.py).
    threshold: float = 0.7
    shingle: int = 3  # words per shingle
    min_shingles: int = 5  # shorter ads are not compared by template
    min_size: int = 2  # smallest network reported
    seed: int = 1
    max_contact_ads: int | None = None  # a contact on more ads ties nothing (hub numbers)

    def __post_init__(self) -> None:
        problems = []
        if self.num_perm < 8 or self.bands < 1 or self.num_perm % self.bands:
            problems.append(FieldProblem("bands", "num_perm >= 8 and a multiple of bands"))
        if not 0 < self.threshold <= 1:
            problems.append(FieldProblem("threshold", "between 0 and 1", value=str(self.threshold)))
        if self.shingle < 1 or self.min_shingles < 1 or self.min_size < 2:
            problems.append(FieldProblem("shingle", "shingle, min_shingles >= 1, min_size >= 2"))
        if problems:
            raise ValidationFailed("Invalid network settings.", problems=problems)


def shingle_hashes(texts: Sequence[str], spec: NetworkSpec) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of each text's word shingles: a flat uint64 array and row offsets."""
    from palermo.recruitment.patterns import EMAIL, URL, phone_pattern

    # Contacts become one word each: a template's ads differ in them, not in their text.
    words = (
        pl.Series(list(texts), dtype=pl.String)
        .str.replace_all(EMAIL, " zzemail ")
        .str.replace_all(URL, " zzurl ")
        .str.replace_all(phone_pattern(), " zzphone ")
        .str.to_lowercase()
        .str.replace_all(r"[0-9]", "0")
        .str.extract_all(WORD)
    )
    lengths = words.list.len().fill_null(0).to_numpy().astype(np.int64)
    hashed = words.explode().drop_nulls().hash(seed=spec.seed).to_numpy().astype(np.uint64)
    k = spec.shingle
    n = len(hashed)
    if n < k:
        return np.zeros(0, np.uint64), np.zeros(len(texts) + 1, np.uint64)
    combined = hashed[: n - k + 1] * _MIX[0]
    for j in range(1, k):
        combined ^= hashed[j : n - k + 1 + j] * _MIX[j % 3]
    ends = np.cumsum(lengths)
    valid = np.ones(n - k + 1, dtype=bool)
    # A shingle may not run over the end of its text: the last k-1 starts of each text go.
    for back in range(1, k):
        cut = ends - back
        valid[cut[(cut >= 0) & (cut < n - k + 1)]] = False
    per_row = np.maximum(lengths - (k - 1), 0)
    offsets = np.zeros(len(texts) + 1, dtype=np.uint64)
    offsets[1:] = np.cumsum(per_row)
    return combined[valid], offsets


def signatures(texts: Sequence[str], spec: NetworkSpec) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures (rows x num_perm, uint32) and which rows are long enough."""
    from rensa import RMinHash

    flat, offsets = shingle_hashes(texts, spec)
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, spec.num_perm, spec.seed)
    rows = matrix.to_rows()
    sig = np.fromiter(chain.from_iterable(rows), dtype=np.uint32, count=len(rows) * spec.num_perm)
    counts = np.diff(offsets.astype(np.int64))
    return sig.reshape(len(rows), spec.num_perm), counts >= spec.min_shingles


def band_keys(sig: np.ndarray, spec: NetworkSpec) -> np.ndarray:
    """One 64-bit key per (row, band): rows x bands."""
    r = spec.num_perm // spec.bands
    parts = sig.reshape(len(sig), spec.bands, r).astype(np.uint64)
    keys = np.zeros((len(sig), spec.bands), dtype=np.uint64)
    for j in range(r):
        keys = (keys ^ parts[:, :, j]) * _MIX[j % 3] + np.uint64(j + 1)
    # The band number goes into the key, so that equal values in two bands differ.
    return keys ^ (np.arange(spec.bands, dtype=np.uint64) << np.uint64(56))


def star_pairs(keys: np.ndarray, rank: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (row, head) for rows sharing a key, head = the row of smallest ``rank``."""
    if not len(keys):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    order = np.lexsort((rank, keys))
    sorted_keys = keys[order]
    starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    group = np.cumsum(starts) - 1
    heads = order[np.flatnonzero(starts)][group]
    keep = heads != order
    return order[keep], heads[keep]


def template_pairs(
    sig: np.ndarray,
    usable: np.ndarray,
    rank: np.ndarray,
    spec: NetworkSpec,
    timings: dict[str, float] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Verified near-duplicate pairs (a, b, estimated similarity)."""
    timings = {} if timings is None else timings
    began = perf_counter()
    rows = np.flatnonzero(usable)
    if len(rows) < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    keys = band_keys(sig[rows], spec)
    found_a, found_b = [], []
    for band in range(spec.bands):
        a, b = star_pairs(keys[:, band], rank[rows])
        found_a.append(rows[a])
        found_b.append(rows[b])
    a = np.concatenate(found_a)
    b = np.concatenate(found_b)
    if not len(a):
        return a, b, np.zeros(0)
    code = np.unique(a.astype(np.int64) * len(sig) + b)
    a, b = code // len(sig), code % len(sig)
    timings["LSH candidates"] = perf_counter() - began
    began = perf_counter()
    similarity = np.empty(len(a))
    for start in range(0, len(a), 200_000):
        end = start + 200_000
        similarity[start:end] = (sig[a[start:end]] == sig[b[start:end]]).mean(axis=1)
    keep = similarity >= spec.threshold
    timings["candidate verification"] = perf_counter() - began
    return a[keep], b[keep], similarity[keep]
