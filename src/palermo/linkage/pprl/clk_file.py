"""The ``.clk`` file: what a data holder sends to the linkage unit.

A Parquet file with two columns and no other person data:

- ``record_id`` (string): the data holder's own record id, to map links back;
- ``clk`` (fixed-size binary, ``output_bits / 8`` bytes): the hardened encoding,
  bit ``i`` in byte ``i // 8`` at bit ``i % 8`` (little-endian bit order), so the
  bytes read as little-endian uint64 words give bit ``i`` at word ``i // 64``.

The file's key-value metadata holds ``palermo_clk_format`` (``1``),
``palermo_clk_schema`` (the schema JSON, which carries no secret) and
``palermo_clk_fingerprint`` (its SHA-256); reading checks all three, so a file made
under another schema, or altered, is refused before it is compared.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from palermo.errors import ValidationFailed
from palermo.linkage.pprl.clk_schema import EncodingSpec, parse_spec

FILE_FORMAT = "1"
_META_FORMAT = b"palermo_clk_format"
_META_SCHEMA = b"palermo_clk_schema"
_META_FINGERPRINT = b"palermo_clk_fingerprint"


@dataclass(frozen=True)
class ClkSet:
    """Encodings of one data holder's records: ids, packed bits and their schema."""

    record_ids: tuple[str, ...]
    words: np.ndarray  # n x output_bits/64, uint64, C-contiguous
    popcounts: np.ndarray  # n, int32: bits set per record
    spec: EncodingSpec

    @classmethod
    def build(cls, *, record_ids: list[str], words: np.ndarray, spec: EncodingSpec) -> ClkSet:
        words = np.ascontiguousarray(words, dtype=np.uint64)
        if words.shape != (len(record_ids), spec.output_bits // 64):
            raise ValidationFailed(
                f"Encodings of shape {words.shape} do not fit {len(record_ids)} records of "
                f"{spec.output_bits} bits."
            )
        counts = np.bitwise_count(words).sum(axis=1, dtype=np.int32)
        return cls(tuple(record_ids), words, counts, spec)

    def __len__(self) -> int:
        return len(self.record_ids)

    @property
    def fingerprint(self) -> str:
        return self.spec.fingerprint


def write_clk(clks: ClkSet, path: Path) -> None:
    """Write ``clks`` to ``path`` atomically (a failed write leaves no file)."""
    width = clks.spec.output_bits // 8
    data = clks.words.astype("<u8", copy=False).view(np.uint8).reshape(len(clks), width)
    column = pa.FixedSizeBinaryArray.from_buffers(
        pa.binary(width), len(clks), [None, pa.py_buffer(np.ascontiguousarray(data).tobytes())]
    )
    table = pa.table({"record_id": pa.array(clks.record_ids, pa.string()), "clk": column})
    table = table.replace_schema_metadata(
        {
            _META_FORMAT: FILE_FORMAT.encode(),
            _META_SCHEMA: clks.spec.to_json().encode("utf-8"),
            _META_FINGERPRINT: clks.fingerprint.encode(),
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".clk-", dir=path.parent)
    os.close(handle)
    try:
        pq.write_table(table, temp, compression="zstd")
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _refuse(path: Path, what: str) -> ValidationFailed:
    return ValidationFailed(
        f"{path} is not a usable .clk file: {what}.",
        hint="Ask the data holder to encode again (palermo pprl encode, agreement's schema).",
    )


def read_clk(path: Path) -> ClkSet:
    """Read and check a ``.clk`` file (format, schema, fingerprint, widths, unique ids)."""
    if not path.is_file():
        raise ValidationFailed(f"No such .clk file: {path}.")
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise _refuse(path, f"not Parquet ({exc})") from exc
    meta = table.schema.metadata or {}
    if meta.get(_META_FORMAT) != FILE_FORMAT.encode():
        raise _refuse(path, f"format {meta.get(_META_FORMAT)!r}, expected {FILE_FORMAT!r}")
    try:
        spec = parse_spec(json.loads(meta[_META_SCHEMA].decode("utf-8")))
    except (KeyError, ValueError) as exc:
        raise _refuse(path, "its schema metadata is missing or unreadable") from exc
    if meta.get(_META_FINGERPRINT, b"").decode() != spec.fingerprint:
        raise _refuse(path, "the schema fingerprint does not match the schema it carries")
    width = spec.output_bits // 8
    if set(table.column_names) != {"record_id", "clk"}:
        raise _refuse(path, f"columns {table.column_names}, expected record_id and clk")
    if table.schema.field("clk").type != pa.binary(width):
        raise _refuse(
            path,
            f"clk column of type {table.schema.field('clk').type}, expected {width}-byte binary",
        )
    ids = table.column("record_id").to_pylist()
    if any(i is None for i in ids) or len(set(ids)) != len(ids):
        raise _refuse(path, "record ids are empty or repeated")
    chunks = table.column("clk").combine_chunks()
    raw = np.frombuffer(
        chunks.buffers()[1], dtype=np.uint8, count=len(ids) * width, offset=chunks.offset * width
    )
    words = raw.reshape(len(ids), width).view("<u8")
    return ClkSet.build(record_ids=ids, words=words, spec=spec)
