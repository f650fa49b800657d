"""Writing a simulated feed to a directory: the ads, their truth, the agency registry.

Files: ``ads.parquet`` (and ``ads.csv`` / ``ads.jsonl`` on request), ``truth.csv``
(``ad_id, kind, profile, network_id, template_id, language, planted_flags``),
``agencies.csv`` (the registry of monitored agencies: ``name, licence_number,
status, country, kind``) and ``ads.json`` (the spec and the counts). The feed is
written chunk by chunk; a failure removes the partial files.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from palermo.errors import FieldProblem, ValidationFailed
from palermo.simulate.ads.generate import Generator
from palermo.simulate.ads.plan import AdsSpec

FORMATS = ("parquet", "csv", "jsonl")
AD_SCHEMA = {
    "ad_id": pl.String,
    "site": pl.String,
    "country": pl.String,
    "city": pl.String,
    "posted_on": pl.String,
    "text": pl.String,
    "contract": pl.String,
}


@dataclass(frozen=True)
class AdsSummary:
    ads: int
    kinds: dict[str, int]
    networks: int
    decoys: int
    agencies: int
    files: tuple[str, ...]


def write_ads(
    spec: AdsSpec,
    out: Path,
    *,
    formats: tuple[str, ...] = ("parquet",),
    chunk_size: int = 50_000,
    on_chunk: Callable[[int], None] | None = None,
) -> AdsSummary:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValidationFailed(
            f"Unknown output format(s): {', '.join(unknown) or 'none given'}.",
            problems=[FieldProblem("format", f"one of {', '.join(FORMATS)}")],
        )
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / ".ads-partial"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        summary = _write(spec, tmp, formats, chunk_size, on_chunk)
        for name in summary.files:
            (tmp / name).replace(out / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return summary


def _write(
    spec: AdsSpec,
    tmp: Path,
    formats: tuple[str, ...],
    chunk_size: int,
    on_chunk: Callable[[int], None] | None,
) -> AdsSummary:
    import pyarrow.parquet as pq

    gen = Generator(spec)
    kinds: Counter[str] = Counter()
    parquet = None
    csv_handle = (tmp / "ads.csv").open("wb") if "csv" in formats else None
    jsonl_handle = (tmp / "ads.jsonl").open("wb") if "jsonl" in formats else None
    truth_handle = (tmp / "truth.csv").open("wb")
    try:
        first = True
        from palermo.simulate.ads.generate import chunks

        for ads, truth in chunks(gen, chunk_size):
            frame = pl.DataFrame(ads, schema=AD_SCHEMA)
            if "parquet" in formats:
                table = frame.to_arrow()
                parquet = parquet or pq.ParquetWriter(tmp / "ads.parquet", table.schema)
                parquet.write_table(table)
            if csv_handle:
                frame.write_csv(csv_handle, include_header=first)
            if jsonl_handle:
                frame.write_ndjson(jsonl_handle)
            pl.DataFrame(truth, infer_schema_length=None).write_csv(
                truth_handle, include_header=first
            )
            kinds.update(row["kind"] for row in truth)
            first = False
            if on_chunk:
                on_chunk(len(ads))
    finally:
        for handle in (csv_handle, jsonl_handle, truth_handle):
            if handle:
                handle.close()
        if parquet:
            parquet.close()
    pl.DataFrame(gen.feed.registry).write_csv(tmp / "agencies.csv")
    posters = gen.feed.posters
    summary = AdsSummary(
        ads=spec.n,
        kinds=dict(kinds),
        networks=sum(p.kind == "network" for p in posters),
        decoys=sum(p.kind == "decoy" for p in posters),
        agencies=len(gen.feed.registry),
        files=tuple(f"ads.{f}" for f in formats) + ("truth.csv", "agencies.csv", "ads.json"),
    )
    meta: dict[str, Any] = {
        "spec": spec.to_dict(),
        **{k: v for k, v in summary.__dict__.items() if k != "files"},
    }
    (tmp / "ads.json").write_text(json.dumps(meta, indent=2) + "\n")
    return summary
