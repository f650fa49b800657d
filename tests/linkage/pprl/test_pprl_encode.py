"""Encoding at the data holder: keyed, normalised, hardened, refusing bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from palermo.errors import KeyMaterialError, ValidationFailed
from palermo.linkage.pprl import default_spec, encode_frame, load_secret, new_secret
from palermo.linkage.pprl.clk_encode import diffusion_indexes, field_tokens
from palermo.linkage.pprl.clk_normalise import birth_date_parts, normalise_name
from palermo.linkage.pprl.dice_kernel import dice_numpy


def frame(**columns: list[str | None]) -> pl.DataFrame:
    n = len(next(iter(columns.values())))
    return pl.DataFrame({"record_id": [f"R{i}" for i in range(n)], **columns})


def dice_of(a: object, b: object) -> float:
    return float(dice_numpy(a.words[:1], b.words[:1])[0, 0])  # type: ignore[attr-defined]


def test_normalisation_folds_scripts_diacritics_case_and_punctuation() -> None:
    assert normalise_name("Rodríguez-Flores") == "rodriguezflores"
    assert normalise_name("  O'NEILL ") == "oneill"
    assert normalise_name("Юлія") == "yuliya"  # anyascii; the shared names module may differ
    assert normalise_name(None) == ""
    assert birth_date_parts("1990-05-17") == ("1990", "05", "17")
    assert birth_date_parts("19900517") == ("1990", "05", "17")
    assert birth_date_parts("1990") == ("1990", "", "")
    assert birth_date_parts("17/05/1990") is None


def test_tokens_are_padded_bigrams_and_date_parts() -> None:
    given = default_spec().fields[0]
    assert field_tokens(given, "Ana") == ["_a", "an", "na", "a_"]
    date = next(f for f in default_spec().fields if f.kind == "date")
    assert field_tokens(date, "1990") == ["y1990"]


def test_same_secret_same_bits_other_secret_unrelated_bits(secret: bytes) -> None:
    spec = default_spec()
    records = frame(
        prs_FirstName=["Maria"], prs_SecondName=["Popescu"], prs_Birthdate=["1990-01-02"]
    )
    once = encode_frame(records, spec=spec, secret=secret)
    again = encode_frame(records, spec=spec, secret=secret)
    other = encode_frame(records, spec=spec, secret=new_secret())
    assert np.array_equal(once.words, again.words)
    assert dice_of(once, again) == 1.0
    # Under another key the same person looks like a stranger (hardened: about half the bits).
    assert dice_of(once, other) < 0.65


def test_spelling_variants_stay_close_and_strangers_do_not(secret: bytes) -> None:
    records = frame(
        prs_FirstName=["María", "Maria", "Jonathan"],
        prs_SecondName=["Rodríguez", "Rodriguez", "Okafor"],
        prs_Birthdate=["1990-01-02", "1990-01-02", "1975-11-30"],
        prs_Gender=["Feminine", "feminine", "Masculine"],
    )
    clks = encode_frame(records, spec=default_spec(), secret=secret)
    sim = dice_numpy(clks.words, clks.words)
    assert sim[0, 1] == 1.0  # diacritics and case fold away before hashing
    assert sim[0, 2] < 0.6


def test_missing_optional_columns_are_allowed_but_record_id_is_not(secret: bytes) -> None:
    only_names = frame(prs_FirstName=["Ion"], prs_SecondName=["Rusu"])
    assert len(encode_frame(only_names, spec=default_spec(), secret=secret)) == 1
    with pytest.raises(ValidationFailed, match="record_id"):
        encode_frame(pl.DataFrame({"prs_FirstName": ["Ion"]}), spec=default_spec(), secret=secret)
    with pytest.raises(ValidationFailed, match="None of the schema's columns"):
        encode_frame(frame(colour=["blue"]), spec=default_spec(), secret=secret)
    twice = pl.DataFrame({"record_id": ["R1", "R1"], "prs_FirstName": ["A", "B"]})
    with pytest.raises(ValidationFailed, match="unique"):
        encode_frame(twice, spec=default_spec(), secret=secret)


def test_unreadable_birth_date_names_the_row(secret: bytes) -> None:
    records = frame(prs_FirstName=["A", "B", "C"], prs_Birthdate=["1990-01-01", None, "1/2/90"])
    with pytest.raises(ValidationFailed) as caught:
        encode_frame(records, spec=default_spec(), secret=secret)
    assert [(p.field, p.row, p.value) for p in caught.value.problems] == [
        ("prs_Birthdate", 2, "1/2/90")
    ]


def test_hardened_bits_are_balanced_and_the_diffusion_is_keyed(secret: bytes, world: tuple) -> None:
    records, _ = world
    spec = default_spec()

    def bit_shares(s: object) -> np.ndarray:
        clks = encode_frame(records.head(2000), spec=s, secret=secret)  # type: ignore[arg-type]
        return np.unpackbits(clks.words.view(np.uint8), axis=1, bitorder="little").mean(axis=0)

    hardened, plain = bit_shares(spec), bit_shares(default_spec(hardened=False))
    # Plain Bloom filters have bits that almost nobody sets and bits that the frequent
    # tokens (a sex code, 'a_') set in most records; diffused bits sit nearer the middle.
    assert np.percentile(plain, 5) < 0.05 and plain.max() > 0.6
    assert np.percentile(hardened, 5) > 0.15 and hardened.max() < 0.75
    indexes = diffusion_indexes(secret, spec)
    assert indexes.shape == (spec.hardening.output_bits, spec.hardening.t)
    assert all(len(set(row)) == spec.hardening.t for row in indexes.tolist())
    assert not np.array_equal(indexes, diffusion_indexes(new_secret(), spec))


def test_short_or_missing_secret_is_refused(tmp_path: Path) -> None:
    weak = tmp_path / "weak.key"
    weak.write_bytes(b"password")
    with pytest.raises(KeyMaterialError, match="too short"):
        load_secret(weak)
    with pytest.raises(KeyMaterialError, match="Cannot read"):
        load_secret(tmp_path / "none.key")
    good = tmp_path / "good.key"
    good.write_bytes(new_secret() + b"\n")
    assert len(load_secret(good)) == 64


def test_a_refused_input_leaves_no_clk_file(secret: bytes, tmp_path: Path) -> None:
    from palermo.linkage.pprl.clk_encode import encode_file

    source = tmp_path / "records.csv"
    frame(prs_FirstName=["A", "B"], prs_Birthdate=["1990-01-01", "soon"]).write_csv(source)
    out = tmp_path / "out.clk"
    with pytest.raises(ValidationFailed, match="row 1"):
        encode_file(source, spec=default_spec(), secret=secret, out=out)
    assert not out.exists() and list(tmp_path.iterdir()) == [source]


def test_diffusion_is_the_xor_of_the_chosen_bits() -> None:
    from palermo.linkage.pprl.clk_encode import diffuse

    rng = np.random.default_rng(2)
    filters = rng.random((77, 256)) < 0.3
    indexes = rng.integers(0, 256, (128, 4))
    expected = np.bitwise_xor.reduce(filters[:, indexes], axis=2)
    assert np.array_equal(diffuse(filters, indexes), expected)


def test_rows_are_numbered_across_chunks(secret: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    from palermo.linkage.pprl import clk_encode

    monkeypatch.setattr(clk_encode, "_ROWS_PER_CHUNK", 2)
    records = frame(prs_Birthdate=["1990", "1991", "1992", "bad", None])
    with pytest.raises(ValidationFailed) as caught:
        encode_frame(records, spec=default_spec(), secret=secret)
    assert [p.row for p in caught.value.problems] == [3]
    whole = encode_frame(records.head(3), spec=default_spec(), secret=secret)
    monkeypatch.setattr(clk_encode, "_ROWS_PER_CHUNK", 50_000)
    assert np.array_equal(
        whole.words, encode_frame(records.head(3), spec=default_spec(), secret=secret).words
    )
