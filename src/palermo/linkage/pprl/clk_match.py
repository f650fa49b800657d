"""Matching at the linkage unit: ``.clk`` files in, scored links out; no secret anywhere.

The linkage unit gets two ``.clk`` files and, from the agreement, the schema. It
compares encodings only: nothing on this path takes or derives a key, and the
functions here have no parameter through which a secret could be passed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from palermo.errors import ValidationFailed
from palermo.linkage.pprl.clk_file import ClkSet
from palermo.linkage.pprl.clk_schema import EncodingSpec
from palermo.linkage.pprl.hamming_lsh import LshSpec, band_keys
from palermo.linkage.pprl.one_to_one import Assignment, assign

#: Above this many pairs, ``blocking="auto"`` switches from all pairs to LSH.
ALL_PAIRS_LIMIT = 4_000_000_000
#: For the hardened default, unrelated records score about 0.45-0.5 (after diffusion about
#: half the bits agree). On simulated agencies' records (many without a partner) the best
#: F1 came at 0.65-0.7 (3,000 victims) and 0.75 (60,000 victims); a closed one-to-one
#: population such as FEBRL4 does best at 0.5.
DEFAULT_THRESHOLD = 0.7


@dataclass(frozen=True)
class MatchSpec:
    """How to match: Dice ``threshold``, blocking, one-to-one ``assignment``.

    ``candidates_per_record`` bounds, for each record of A, the best candidates
    kept from the all-pairs comparison (the assignment sees only those).
    """

    threshold: float = DEFAULT_THRESHOLD
    assignment: Assignment = "greedy"
    blocking: str = "auto"  # auto | all | lsh
    candidates_per_record: int = 10
    lsh: LshSpec = field(default_factory=LshSpec)
    expected: EncodingSpec | None = None  # the agreement's schema, if the unit has it

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValidationFailed(f"The Dice threshold must be in (0, 1]; got {self.threshold}.")
        if self.assignment not in ("greedy", "hungarian", "none"):
            raise ValidationFailed(
                f"Unknown assignment {self.assignment!r}.", hint="Use greedy, hungarian or none."
            )
        if self.blocking not in ("auto", "all", "lsh"):
            raise ValidationFailed(
                f"Unknown blocking {self.blocking!r}.", hint="Use auto, all or lsh."
            )
        if self.candidates_per_record < 1:
            raise ValidationFailed("candidates_per_record must be at least 1.")


@dataclass(frozen=True)
class MatchResult:
    """Links (row indexes into A and B, similarity) and how much work they took."""

    record_id_a: tuple[str, ...]
    record_id_b: tuple[str, ...]
    similarity: np.ndarray
    blocking: str
    compared: int  # candidate pairs whose Dice was computed
    candidates: int  # pairs at or above the threshold before assignment
    seconds_compare: float
    seconds_assign: float

    @property
    def pairs_per_second(self) -> float:
        return self.compared / self.seconds_compare if self.seconds_compare > 0 else float("inf")

    def to_frame(self) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "record_id_a": list(self.record_id_a),
                "record_id_b": list(self.record_id_b),
                "similarity": np.round(self.similarity, 6),
            },
            schema={"record_id_a": pl.String, "record_id_b": pl.String, "similarity": pl.Float64},
        )

    def write_csv(self, path: Path) -> None:
        """Exactly ``record_id_a,record_id_b,similarity``, best first."""
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.part")
        self.to_frame().write_csv(temp)
        temp.replace(path)


def _check(a: ClkSet, b: ClkSet, spec: MatchSpec) -> None:
    if a.fingerprint != b.fingerprint:
        raise ValidationFailed(
            f"The two files were encoded under different schemas ({a.spec.id} {a.fingerprint[:12]} "
            f"vs {b.spec.id} {b.fingerprint[:12]}); their bits cannot be compared.",
            hint="Both data holders must encode with the agreement's schema and secret.",
        )
    if spec.expected is not None and spec.expected.fingerprint != a.fingerprint:
        raise ValidationFailed(
            f"The files were encoded under schema {a.spec.id} ({a.fingerprint[:12]}), not the "
            f"agreement's {spec.expected.id} ({spec.expected.fingerprint[:12]}).",
            hint="Ask the data holders to encode again with the agreement's schema.",
        )


def _all_pairs(
    a: ClkSet, b: ClkSet, spec: MatchSpec
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    from palermo.linkage.pprl.dice_kernel import top_k_dice

    k = min(spec.candidates_per_record, max(len(b), 1))
    best_j, best_s = top_k_dice(
        a.words, b.words, a.popcounts, b.popcounts, threshold=spec.threshold, k=k
    )
    keep = best_j >= 0
    rows = np.nonzero(keep)[0]
    return rows, best_j[keep], best_s[keep], len(a) * len(b)


def _lsh(a: ClkSet, b: ClkSet, spec: MatchSpec) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    from palermo.linkage.pprl.dice_kernel import band_hits

    found: list[pl.DataFrame] = []
    compared = 0
    for keys_a, keys_b in band_keys(a.words, b.words, spec.lsh):
        ia, ib, sim, n = band_hits(
            keys_a, keys_b, a.words, b.words, a.popcounts, b.popcounts,
            threshold=spec.threshold, max_bucket=spec.lsh.max_bucket_pairs,
        )  # fmt: skip
        compared += n
        found.append(pl.DataFrame({"i": ia, "j": ib, "s": sim}))
    if not found:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0), 0
    pairs = pl.concat(found).unique(["i", "j"])
    # Same bound as all pairs: the best candidates of each record of A.
    pairs = (
        pairs.sort(["i", "s"], descending=[False, True])
        .group_by("i", maintain_order=True)
        .head(spec.candidates_per_record)
    )
    return pairs["i"].to_numpy(), pairs["j"].to_numpy(), pairs["s"].to_numpy(), compared


def match_clks(a: ClkSet, b: ClkSet, *, spec: MatchSpec) -> MatchResult:
    """Link the records of ``a`` to those of ``b`` by the Dice similarity of their encodings."""
    _check(a, b, spec)
    blocking = spec.blocking
    if blocking == "auto":
        blocking = "lsh" if len(a) * len(b) > ALL_PAIRS_LIMIT else "all"
    started = time.perf_counter()
    ia, ib, sim, compared = (_lsh if blocking == "lsh" else _all_pairs)(a, b, spec)
    seconds_compare = time.perf_counter() - started
    started = time.perf_counter()
    kept = assign(ia, ib, sim, spec.assignment)
    seconds_assign = time.perf_counter() - started
    ids_a = np.array(a.record_ids, dtype=object)
    ids_b = np.array(b.record_ids, dtype=object)
    return MatchResult(
        tuple(ids_a[ia[kept]].tolist()),
        tuple(ids_b[ib[kept]].tolist()),
        sim[kept],
        blocking,
        compared,
        int(ia.size),
        seconds_compare,
        seconds_assign,
    )


def match_files(a: Path, b: Path, *, spec: MatchSpec, out: Path) -> MatchResult:
    """The linkage unit's job: read two ``.clk`` files, link them, write the pairs CSV."""
    from palermo.linkage.pprl.clk_file import read_clk

    result = match_clks(read_clk(a), read_clk(b), spec=spec)
    result.write_csv(out)
    return result
