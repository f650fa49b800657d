"""Matching at the linkage unit: compiled Dice, LSH blocking, one-to-one links."""

from __future__ import annotations

import inspect

import numpy as np
import polars as pl
import pytest

from palermo.errors import ValidationFailed
from palermo.linkage.pprl import (
    ClkSet,
    LshSpec,
    MatchSpec,
    default_spec,
    encode_frame,
    match_clks,
    new_secret,
)
from palermo.linkage.pprl.clk_match import match_files
from palermo.linkage.pprl.dice_kernel import dice_numpy, dice_of_pairs, top_k_dice
from palermo.linkage.pprl.one_to_one import greedy, hungarian


def random_words(rng: np.random.Generator, n: int, density: float = 0.4) -> np.ndarray:
    bits = rng.random((n, 1024)) < density
    return np.packbits(bits, axis=1, bitorder="little").view("<u8")


def test_compiled_dice_agrees_with_plain_numpy() -> None:
    rng = np.random.default_rng(1)
    a, b = random_words(rng, 70), random_words(rng, 2100)  # b spans two tiles
    b[5] = a[3]  # an exact duplicate
    b[7] = 0  # an empty filter: similarity 0, never a division by zero
    ref = dice_numpy(a, b)
    pa, pb = np.bitwise_count(a).sum(1), np.bitwise_count(b).sum(1)
    best_j, best_s = top_k_dice(a, b, pa, pb, threshold=0.0, k=3)
    expected = np.sort(ref, axis=1)[:, ::-1][:, :3]
    assert np.allclose(best_s, expected)
    assert np.allclose(ref[np.arange(70)[:, None], best_j], best_s)
    assert best_j[3, 0] == 5 and best_s[3, 0] == 1.0
    ia, ib = rng.integers(0, 70, 500), rng.integers(0, 2100, 500)
    assert np.allclose(dice_of_pairs(a, b, pa, pb, ia, ib), ref[ia, ib])
    # Above the threshold only; empty slots are -1.
    high_j, high_s = top_k_dice(a, b, pa, pb, threshold=0.99, k=2)
    assert high_j[3].tolist() == [5, -1] and (high_s[np.arange(70) != 3] == -1).all()


def test_hungarian_beats_greedy_where_greedy_is_short_sighted() -> None:
    # a0-b0 is the single best pair, but taking it leaves a1 without a partner.
    ia = np.array([0, 0, 1])
    ib = np.array([0, 1, 0])
    sim = np.array([0.9, 0.8, 0.85])
    assert sorted(zip(ia[greedy(ia, ib, sim)], ib[greedy(ia, ib, sim)], strict=True)) == [(0, 0)]
    kept = hungarian(ia, ib, sim)
    assert sorted(zip(ia[kept].tolist(), ib[kept].tolist(), strict=True)) == [(0, 1), (1, 0)]


def _truth_pairs(
    records: pl.DataFrame, truth: pl.DataFrame, a: str, b: str
) -> set[tuple[str, str]]:
    joined = records.select("record_id", "agency_id").join(truth, on=["record_id", "agency_id"])
    left = joined.filter(pl.col("agency_id") == a).select("record_id", "person_id")
    right = joined.filter(pl.col("agency_id") == b).select("record_id", "person_id")
    pairs = left.join(right, on="person_id")
    return set(zip(pairs["record_id"], pairs["record_id_right"], strict=True))


def test_lsh_blocking_finds_nearly_what_all_pairs_find(secret: bytes, world: tuple) -> None:
    records, truth = world
    spec = default_spec()
    a = encode_frame(records.filter(pl.col("agency_id") == "A01"), spec=spec, secret=secret)
    b = encode_frame(records.filter(pl.col("agency_id") == "A02"), spec=spec, secret=secret)
    full = match_clks(a, b, spec=MatchSpec(blocking="all"))
    lsh = match_clks(a, b, spec=MatchSpec(blocking="lsh", lsh=LshSpec()))
    assert lsh.compared < 0.5 * full.compared  # blocking must save work
    found_full = set(zip(full.record_id_a, full.record_id_b, strict=True))
    found_lsh = set(zip(lsh.record_id_a, lsh.record_id_b, strict=True))
    assert len(found_lsh & found_full) >= 0.95 * len(found_full)
    true = _truth_pairs(records, truth, "A01", "A02")
    precision = len(found_full & true) / len(found_full)
    assert precision > 0.75, precision  # noisy simulated records; see the three-party test


def test_files_of_different_schemas_or_an_unexpected_schema_are_refused(secret: bytes) -> None:
    records = pl.DataFrame({"record_id": ["R1"], "prs_FirstName": ["Ana"]})
    hardened = encode_frame(records, spec=default_spec(), secret=secret)
    plain = encode_frame(records, spec=default_spec(hardened=False), secret=secret)
    with pytest.raises(ValidationFailed, match="different schemas"):
        match_clks(hardened, plain, spec=MatchSpec())
    with pytest.raises(ValidationFailed, match="not the agreement's"):
        match_clks(plain, plain, spec=MatchSpec(expected=default_spec()))


def test_the_linkage_unit_path_takes_no_secret() -> None:
    for function in (match_clks, match_files, ClkSet.build):
        names = set(inspect.signature(function).parameters)
        assert not names & {"secret", "key", "secret_file"}, function
    assert not {"secret", "key"} & {f.name for f in MatchSpec.__dataclass_fields__.values()}
    # Encodings under another agreement's secret do not link, so a unit cannot mix them.
    records = pl.DataFrame(
        {"record_id": ["R1"], "prs_FirstName": ["Ana"], "prs_SecondName": ["Lupu"]}
    )
    mine = encode_frame(records, spec=default_spec(), secret=new_secret())
    theirs = encode_frame(records, spec=default_spec(), secret=new_secret())
    assert len(match_clks(mine, theirs, spec=MatchSpec()).similarity) == 0


def test_bad_match_settings_are_refused() -> None:
    with pytest.raises(ValidationFailed, match="threshold"):
        MatchSpec(threshold=1.5)
    with pytest.raises(ValidationFailed, match="assignment"):
        MatchSpec(assignment="best")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="bits per band"):
        LshSpec(bits_per_band=80)


def test_lsh_refuses_a_band_too_coarse_for_the_input() -> None:
    rng = np.random.default_rng(3)
    words = random_words(rng, 200)
    from palermo.linkage.pprl.hamming_lsh import band_keys

    with pytest.raises(ValidationFailed, match="Raise bits_per_band"):
        list(band_keys(words, words, LshSpec(bits_per_band=1, max_band_pairs=1000)))


def test_hungarian_on_the_sparse_graph_reaches_the_dense_optimum() -> None:
    from scipy.optimize import linear_sum_assignment

    rng = np.random.default_rng(7)
    for _ in range(20):
        na, nb, edges = int(rng.integers(2, 9)), int(rng.integers(2, 9)), int(rng.integers(1, 20))
        pairs = {(int(rng.integers(na)), int(rng.integers(nb))) for _ in range(edges)}
        ia = np.array([p[0] for p in pairs])
        ib = np.array([p[1] for p in pairs])
        sim = rng.uniform(0.5, 1.0, len(pairs))
        kept = hungarian(ia, ib, sim)
        assert len(set(ia[kept])) == len(kept) == len(set(ib[kept]))  # one-to-one
        dense = np.zeros((na, nb))
        dense[ia, ib] = sim
        rows, cols = linear_sum_assignment(dense, maximize=True)
        assert np.isclose(sim[kept].sum(), dense[rows, cols].sum())


def test_band_join_scores_exactly_the_pairs_that_share_a_bucket() -> None:
    from palermo.linkage.pprl.dice_kernel import band_hits

    rng = np.random.default_rng(5)
    a, b = random_words(rng, 300), random_words(rng, 280)
    keys_a = rng.integers(0, 40, 300).astype(np.uint64)
    keys_b = rng.integers(0, 40, 280).astype(np.uint64)
    keys_b[:5] = 999  # buckets only B has
    pa, pb = np.bitwise_count(a).sum(1), np.bitwise_count(b).sum(1)
    ia, ib, sim, compared = band_hits(
        keys_a, keys_b, a, b, pa, pb, threshold=0.4, max_bucket=10_000
    )
    ref = dice_numpy(a, b)
    same = keys_a[:, None] == keys_b[None, :]
    assert compared == same.sum()
    expected = {(int(i), int(j)) for i, j in zip(*np.nonzero(same & (ref >= 0.4)), strict=True)}
    assert set(zip(ia.tolist(), ib.tolist(), strict=True)) == expected
    assert np.allclose(sim, ref[ia, ib])
    # A bucket with more pairs than allowed is skipped whole.
    _, _, _, capped = band_hits(keys_a, keys_b, a, b, pa, pb, threshold=0.4, max_bucket=1)
    assert capped == 0
