"""Write a simulated world to a directory, chunk by chunk, in bounded memory.

Files (``A01`` stands for each agency id):

- ``A01.csv`` / ``A01.parquet``: the agency's records (columns in
  :mod:`palermo.simulate`), multi-valued picklists as ';'-separated codes;
- ``ground_truth.csv``: ``record_id, agency_id, person_id`` for every record;
- ``persons.csv``: every true victim, found or not (canonical name, birth date,
  route, kind of exploitation, latent visibility);
- ``perpetrators.csv`` and ``victim_perpetrator.csv``: perpetrators and who
  recruited, moved or exploited whom;
- ``world.json``: seed, spec, true total, agencies, record counts and the true
  list-overlap table (victims per capture history, including the unobserved).
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from palermo.errors import ValidationFailed
from palermo.simulate.agencies import build_agencies
from palermo.simulate.spec import WorldSpec
from palermo.simulate.world import iter_world

FORMATS = ("csv", "parquet")


@dataclass(frozen=True)
class WorldSummary:
    """What :func:`write_world` wrote."""

    out_dir: Path
    true_total: int
    observed: int
    records: dict[str, int]
    files: tuple[str, ...]

    @property
    def total_records(self) -> int:
        return sum(self.records.values())


class _CsvAppender:
    """Append frames to CSV files, writing each header once."""

    def __init__(self) -> None:
        self.handles: dict[Path, BinaryIO] = {}

    def write(self, path: Path, frame: pl.DataFrame) -> None:
        handle = self.handles.get(path)
        if handle is None:
            handle = self.handles[path] = path.open("wb")
            frame.write_csv(handle, include_header=True)
        else:
            frame.write_csv(handle, include_header=False)

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()


def write_world(
    spec: WorldSpec,
    out_dir: Path,
    *,
    formats: tuple[str, ...] = FORMATS,
    on_chunk: Callable[[int], None] | None = None,
) -> WorldSummary:
    """Simulate ``spec`` into ``out_dir``; ``on_chunk(n)`` is called with each chunk's size."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValidationFailed(
            f"Unknown output format(s) {unknown or formats}.",
            hint=f"Choose from {', '.join(FORMATS)}.",
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    parts_dir = out_dir / ".parts"
    agencies = build_agencies(spec)
    csv = _CsvAppender()
    counts: Counter[str] = Counter()
    patterns: Counter[str] = Counter()
    parts: dict[str, list[Path]] = {a.agency_id: [] for a in agencies}
    try:
        for chunk in iter_world(spec, lists=False):
            by_agency = chunk.records.partition_by("agency_id", as_dict=True)
            for agency in agencies:
                mine = by_agency.get((agency.agency_id,), chunk.records.clear())
                counts[agency.agency_id] += mine.height
                if "csv" in formats:
                    csv.write(out_dir / f"{agency.agency_id}.csv", mine)
                if "parquet" in formats:
                    part = parts_dir / agency.agency_id / f"{chunk.index:06d}.parquet"
                    part.parent.mkdir(parents=True, exist_ok=True)
                    mine.write_parquet(part)
                    parts[agency.agency_id].append(part)
            csv.write(out_dir / "ground_truth.csv", chunk.truth)
            csv.write(out_dir / "persons.csv", chunk.persons)
            csv.write(out_dir / "perpetrators.csv", chunk.perpetrators)
            csv.write(out_dir / "victim_perpetrator.csv", chunk.links)
            patterns.update(chunk.patterns)
            if on_chunk:
                on_chunk(chunk.persons.height)
    finally:
        csv.close()
    if "parquet" in formats:
        for agency_id, files in parts.items():
            # Streaming concatenation keeps memory bounded however many chunks there are.
            pl.scan_parquet(files).sink_parquet(out_dir / f"{agency_id}.parquet")
    shutil.rmtree(parts_dir, ignore_errors=True)
    unobserved = patterns.get("0" * len(agencies), 0)
    names = sorted(p.name for p in out_dir.iterdir() if p.is_file() and p.name != "world.json")
    world: dict[str, Any] = {
        "seed": spec.seed,
        "spec": spec.to_dict(),
        "true_total": spec.victims,
        "observed": spec.victims - unobserved,
        "agencies": [
            a.to_dict()
            | {"records": counts[a.agency_id], "files": [f"{a.agency_id}.{f}" for f in formats]}
            for a in agencies
        ],
        "overlap": {
            "agency_order": [a.agency_id for a in agencies],
            "counts": dict(sorted(patterns.items())),
        },
        "files": [*names, "world.json"],
    }
    (out_dir / "world.json").write_text(
        json.dumps(world, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return WorldSummary(
        out_dir, spec.victims, spec.victims - unobserved, dict(counts), tuple(world["files"])
    )
