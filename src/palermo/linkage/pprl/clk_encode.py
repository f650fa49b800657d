"""Encode records into hardened cryptographic long-term keys (CLKs); data holders only.

Each field's tokens (q-grams of the normalised name, birth-date parts, the sex code)
are hashed into one record-level Bloom filter of ``spec.bits`` bits. Each token sets
``k`` bits chosen by HMAC-SHA256 under a key derived (HKDF) from the agreement's
secret, the token space and the schema fingerprint: *random hashing*, every position
drawn independently from the keyed hash, rather than double hashing, whose positions
``h1 + i*h2`` form arithmetic progressions that published attacks read back
(Niedermeyer et al. 2014; Kroll & Steinmetzer 2015). The filter is then hardened by
a *linear diffusion layer* (Armknecht, Heng & Schnell, PoPETs 2023): output bit ``j``
is the XOR of ``t`` filter bits chosen by the same secret, so no output bit belongs to
one q-gram and the bit patterns that pattern-mining attacks look for are gone, while
similar filters stay similar (see ``docs/pprl.md`` for the measured trade-off).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import polars as pl
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from palermo.errors import FieldProblem, KeyMaterialError, ValidationFailed
from palermo.linkage.pprl.clk_file import ClkSet, write_clk
from palermo.linkage.pprl.clk_normalise import (
    birth_date_parts,
    normalise_code,
    normalise_identifier,
    normalise_name,
)
from palermo.linkage.pprl.clk_schema import EncodingSpec, FieldSpec

MIN_SECRET_BYTES = 32
_INFO = b"palermo-pprl-v1/"
_ROWS_PER_CHUNK = 50_000  # rows x bits booleans of Bloom filters in memory at once


def new_secret() -> bytes:
    """A fresh agreement secret: 32 random bytes as 64 hex characters (a text file)."""
    return secrets.token_hex(32).encode("ascii")


def load_secret(path: Path) -> bytes:
    """The agreement secret from ``path``; refused if missing or shorter than 32 bytes."""
    try:
        raw = path.read_bytes().strip()
    except OSError as exc:
        raise KeyMaterialError(
            f"Cannot read the secret file {path}: {exc.strerror}.",
            hint="Give the file with the sharing agreement's secret (palermo pprl new-secret).",
        ) from exc
    if len(raw) < MIN_SECRET_BYTES or len(set(raw)) < 8:
        raise KeyMaterialError(
            f"The secret in {path} is too short or too regular ({len(raw)} bytes).",
            hint="Use at least 32 random bytes; `palermo pprl new-secret --out FILE` makes one.",
        )
    return raw


def _derive(secret: bytes, spec: EncodingSpec, label: str) -> bytes:
    kdf = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=bytes.fromhex(spec.fingerprint),
        info=_INFO + label.encode("utf-8"),
    )
    return kdf.derive(secret)


def _draw(key: bytes, message: bytes, count: int, modulus: int, *, distinct: bool) -> np.ndarray:
    """``count`` indexes below ``modulus`` (a power of two) from HMAC-SHA256 blocks."""
    out: list[int] = []
    block = 0
    while len(out) < count:
        digest = hmac.digest(key, message + block.to_bytes(2, "big"), hashlib.sha256)
        for value in np.frombuffer(digest, dtype="<u2").tolist():
            index = value % modulus
            if distinct and index in out:
                continue
            out.append(index)
        block += 1
    return np.array(out[:count], dtype=np.int32)


def field_tokens(field: FieldSpec, value: str | None) -> list[str] | None:
    """The tokens one value contributes; ``None`` when the value cannot be read."""
    if field.kind == "date":
        parts = birth_date_parts(value)
        if parts is None:
            return None
        return [f"{tag}{part}" for tag, part in zip("ymd", parts, strict=True) if part]
    if field.kind == "code":
        code = normalise_code(value)
        return [code] if code else []
    text = normalise_name(value) if field.kind == "name" else normalise_identifier(value)
    if not text:
        return []
    if field.q == 1:
        return list(text)
    padded = f"_{text}_"
    return [padded[i : i + field.q] for i in range(len(padded) - field.q + 1)]


class _FieldHasher:
    """Positions of one field's values, cached: names repeat, HMACs are the cost."""

    def __init__(self, field: FieldSpec, key: bytes, bits: int) -> None:
        self.field, self.key, self.bits = field, key, bits
        self.tokens: dict[str, np.ndarray] = {}

    def positions(self, value: str | None) -> np.ndarray | None:
        tokens = field_tokens(self.field, value)
        if tokens is None:
            return None
        parts = [self._token(t) for t in tokens]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int32)

    def _token(self, token: str) -> np.ndarray:
        found = self.tokens.get(token)
        if found is None:
            found = _draw(self.key, token.encode("utf-8"), self.field.k, self.bits, distinct=False)
            self.tokens[token] = found
        return found


def diffusion_indexes(secret: bytes, spec: EncodingSpec) -> np.ndarray:
    """``output_bits x t`` filter positions: output bit j is the XOR of row j's bits."""
    key = _derive(secret, spec, "diffusion")
    t = spec.hardening.t
    rows = [
        _draw(key, j.to_bytes(4, "big"), t, spec.bits, distinct=True)
        for j in range(spec.hardening.output_bits)
    ]
    return np.stack(rows)


def _field_positions(
    hasher: _FieldHasher, series: pl.Series
) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """(row indexes, bit positions) to set for one column, and the rows refused.

    Each distinct value is tokenised and hashed once; rows are expanded in NumPy.
    """
    frame = pl.DataFrame({"v": series}).with_row_index("row")
    distinct = frame.select(pl.col("v").unique(maintain_order=True)).with_row_index("u")
    codes = frame.join(distinct, on="v", how="left", nulls_equal=True).sort("row")["u"].to_numpy()
    parts: list[np.ndarray] = []
    bad_codes: set[int] = set()
    for u, value in enumerate(distinct["v"].to_list()):
        pos = hasher.positions(value)
        if pos is None:
            bad_codes.add(u)
            pos = np.empty(0, dtype=np.int32)
        parts.append(pos)
    lengths = np.array([p.size for p in parts], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    flat = np.concatenate(parts) if parts else np.empty(0, dtype=np.int32)
    per_row = lengths[codes]
    rows = np.repeat(np.arange(codes.size, dtype=np.int64), per_row)
    starts = np.repeat(offsets[codes] - (np.cumsum(per_row) - per_row), per_row)
    cols = flat[starts + np.arange(rows.size, dtype=np.int64)]
    refused = np.flatnonzero(np.isin(codes, list(bad_codes))).tolist() if bad_codes else []
    return rows, cols, refused


def bloom_filters(
    secret: bytes,
    spec: EncodingSpec,
    columns: dict[str, pl.Series],
    n: int,
    *,
    first_row: int = 0,
) -> np.ndarray:
    """Boolean ``n x spec.bits`` record-level Bloom filters (before hardening).

    ``first_row`` numbers the rows in error messages (data rows from 0).
    """
    spaces = {f.space for f in spec.fields}
    keys = {s: _derive(secret, spec, f"space/{s}") for s in sorted(spaces)}
    filters = np.zeros((n, spec.bits), dtype=bool)
    problems: list[FieldProblem] = []
    refused = 0
    for field in spec.fields:
        series = columns.get(field.column)
        if series is None:
            continue  # an optional column this data holder does not keep
        hasher = _FieldHasher(field, keys[field.space], spec.bits)
        rows, cols, bad = _field_positions(hasher, series)
        filters[rows, cols] = True
        refused += len(bad)
        for row in bad[: max(0, 20 - len(problems))]:
            value = series[row]
            problems.append(
                FieldProblem(field.column, "not a date (YYYY-MM-DD)", first_row + row, value)
            )
    if problems:
        raise ValidationFailed(
            f"{refused} value(s) cannot be encoded, first in row {problems[0].row}: "
            + "; ".join(f"row {p.row} {p.field}={p.value!r}" for p in problems[:5])
            + ".",
            problems=problems,
            hint="Correct or blank them (dates as YYYY-MM-DD or YYYY); nothing was written.",
        )
    return filters


def diffuse(filters: np.ndarray, indexes: np.ndarray) -> np.ndarray:
    """The diffusion layer: output bit j is the XOR of filter bits ``indexes[j]``.

    Works on the transposed, packed matrix (one row of record bits per filter
    position), so each XOR handles 64 records at once.
    """
    n = filters.shape[0]
    by_position = np.packbits(filters.T, axis=1)  # bits x ceil(n/8)
    out = by_position[indexes[:, 0]].copy()
    for i in range(1, indexes.shape[1]):
        out ^= by_position[indexes[:, i]]
    return np.unpackbits(out, axis=1, count=n).T


def pack(bits: np.ndarray) -> np.ndarray:
    """Boolean ``n x m`` to ``n x m/64`` uint64 words: filter bit i is bit i%64 of word i//64."""
    packed = np.packbits(bits, axis=1, bitorder="little")
    return np.ascontiguousarray(packed).view("<u8").astype(np.uint64, copy=False)


def encode_frame(
    frame: pl.DataFrame,
    *,
    spec: EncodingSpec,
    secret: bytes,
    id_column: str = "record_id",
    progress: Callable[[int], None] | None = None,
) -> ClkSet:
    """Encode every row of ``frame`` (HTCDS columns; absent optional columns are empty)."""
    if id_column not in frame.columns:
        raise ValidationFailed(
            f"The input has no {id_column!r} column.",
            problems=[FieldProblem(id_column, "missing column")],
            hint="Each record needs its record id: the only plain value in the .clk file.",
        )
    ids = frame[id_column].cast(pl.String)
    if ids.null_count() or ids.n_unique() != frame.height:
        raise ValidationFailed(
            f"The {id_column} column must be present and unique on every row.",
            hint="Fix duplicate or empty record ids before encoding.",
        )
    if not any(f.column in frame.columns for f in spec.fields):
        raise ValidationFailed(
            "None of the schema's columns is in the input: "
            + ", ".join(f.column for f in spec.fields)
            + ".",
            hint="Is this an HTCDS-shaped export (palermo simulate writes one)?",
        )
    present = [f.column for f in spec.fields if f.column in frame.columns]
    indexes = diffusion_indexes(secret, spec) if spec.hardening.method == "diffusion" else None
    parts = []
    for start in range(0, frame.height, _ROWS_PER_CHUNK):
        chunk = frame.slice(start, _ROWS_PER_CHUNK)
        columns = {c: chunk[c].cast(pl.String) for c in present}
        filters = bloom_filters(secret, spec, columns, chunk.height, first_row=start)
        if indexes is not None:
            filters = diffuse(filters, indexes)
        parts.append(pack(filters))
        if progress:
            progress(chunk.height)
    words = np.concatenate(parts) if parts else np.zeros((0, spec.output_bits // 64), np.uint64)
    return ClkSet.build(record_ids=ids.to_list(), words=words, spec=spec)


def encode_file(
    path: Path,
    *,
    spec: EncodingSpec,
    secret: bytes,
    out: Path,
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> ClkSet:
    """Encode the records of a CSV/Parquet file into the ``.clk`` file ``out``.

    ``on_start(n)`` is told the number of records once the file is read; ``progress(k)``
    after each chunk of ``k`` records.
    """
    frame = read_records(path)
    if on_start:
        on_start(frame.height)
    clks = encode_frame(frame, spec=spec, secret=secret, progress=progress)
    write_clk(clks, out)
    return clks


def read_records(path: Path) -> pl.DataFrame:
    """An HTCDS-shaped CSV or Parquet file, every column as text."""
    if not path.is_file():
        raise ValidationFailed(f"No such input file: {path}.")
    try:
        if path.suffix.lower() == ".parquet":
            return pl.read_parquet(path)
        return pl.read_csv(path, infer_schema=False)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise ValidationFailed(
            f"Cannot read {path} as CSV or Parquet: {exc}",
            hint="Give the CSV or Parquet file of records (palermo simulate writes both).",
        ) from exc


def tokens_of(spec: EncodingSpec, record: dict[str, str | None]) -> Iterable[tuple[str, str]]:
    """(token space, token) pairs of one plain record: what the filter encodes."""
    for field in spec.fields:
        for token in field_tokens(field, record.get(field.column)) or []:
            yield field.space, token
