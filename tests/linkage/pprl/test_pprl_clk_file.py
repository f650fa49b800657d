"""The .clk file: ids and bits only, checked on reading."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from palermo.errors import ValidationFailed
from palermo.linkage.pprl import default_spec, encode_frame, read_clk, write_clk


def test_round_trip_keeps_ids_bits_and_schema(secret: bytes, world: tuple, tmp_path: Path) -> None:
    records, _ = world
    clks = encode_frame(records.head(300), spec=default_spec(), secret=secret)
    path = tmp_path / "a.clk"
    write_clk(clks, path)
    back = read_clk(path)
    assert back.record_ids == clks.record_ids
    assert np.array_equal(back.words, clks.words)
    assert np.array_equal(back.popcounts, clks.popcounts)
    assert back.spec == clks.spec


def test_the_file_holds_no_name_birth_date_or_secret(
    secret: bytes, world: tuple, tmp_path: Path
) -> None:
    records, _ = world
    sample = records.head(200)
    path = tmp_path / "a.clk"
    write_clk(encode_frame(sample, spec=default_spec(), secret=secret), path)
    table = pq.read_table(path)
    assert table.column_names == ["record_id", "clk"]
    raw = path.read_bytes()
    # Names of six letters or more: a shorter one ("Nam") can occur by chance in any
    # compressed bytes, which would say nothing about the file.
    names = [v for v in sample["prs_SecondName"].drop_nulls().unique().to_list() if len(v) >= 6]
    assert len(names) >= 10
    for value in names[:50]:
        assert value.encode() not in raw
    assert secret not in raw


def _rewrite_metadata(path: Path, **changes: bytes) -> None:
    table = pq.read_table(path)
    meta = dict(table.schema.metadata) | {k.encode(): v for k, v in changes.items()}
    pq.write_table(table.replace_schema_metadata(meta), path)


def test_altered_schema_or_fingerprint_is_refused(
    secret: bytes, world: tuple, tmp_path: Path
) -> None:
    records, _ = world
    path = tmp_path / "a.clk"
    write_clk(encode_frame(records.head(50), spec=default_spec(), secret=secret), path)
    schema = json.loads(default_spec().to_json())
    schema["fields"][0]["k"] = 30  # claims another schema than the bits were made with
    _rewrite_metadata(path, palermo_clk_schema=json.dumps(schema).encode())
    with pytest.raises(ValidationFailed, match="fingerprint does not match"):
        read_clk(path)
    _rewrite_metadata(path, palermo_clk_format=b"9")
    with pytest.raises(ValidationFailed, match="format"):
        read_clk(path)


def test_a_file_that_is_not_a_clk_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "b.clk"
    bogus.write_text("record_id,clk\nA,0101\n")
    with pytest.raises(ValidationFailed, match="not Parquet"):
        read_clk(bogus)
    with pytest.raises(ValidationFailed, match="No such"):
        read_clk(tmp_path / "missing.clk")
