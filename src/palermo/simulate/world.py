"""Generate the world chunk by chunk: victims, perpetrators, agencies' records, truth.

Each chunk of ``spec.chunk_size`` victims is drawn from its own random streams
(seeded by ``(seed, chunk, stream)``), so memory stays bounded and the victims do
not change when only the agencies change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from palermo.simulate.agencies import Agency, build_agencies
from palermo.simulate.nametable import name_table
from palermo.simulate.perpetrators import draw_perpetrators
from palermo.simulate.population import KIND_NAMES, Victims, draw_victims
from palermo.simulate.records import (
    LIST_COLUMNS,
    SCHEMA,
    agency_frame,
    capture,
    citizenships,
    frame_from_columns,
)
from palermo.simulate.spec import WorldSpec

_VICTIMS, _CAPTURE, _PERPETRATORS, _AGENCY = 0, 1, 2, 100
RECORD_ORDER = ["record_id", *SCHEMA]


@dataclass(frozen=True)
class WorldChunk:
    """One chunk of the world.

    ``records`` are what the agencies hold (``record_id`` first, no ``person_id``);
    ``truth`` maps each record to its person, row for row; ``persons`` are the
    true victims (found or not); ``patterns`` counts victims per capture history
    (one 0/1 character per agency, in agency order; duplicates not counted).
    """

    index: int
    persons: pl.DataFrame
    records: pl.DataFrame
    truth: pl.DataFrame
    perpetrators: pl.DataFrame
    links: pl.DataFrame
    patterns: dict[str, int]


def _rng(spec: WorldSpec, chunk: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([spec.seed, chunk, stream])


def _persons(v: Victims, lists: bool) -> pl.DataFrame:
    table = name_table()
    return frame_from_columns(
        {
            "person_id": v.index,
            "prs_FirstName": table.canonical[v.given],
            "prs_SecondName": table.canonical[v.family],
            "prs_Birthdate": v.birth,
            "prs_Gender": v.gender,
            "prs_Citizenship": citizenships(v),
            "prs_IdentityNumber": v.document,
            "name_culture": v.culture,
            "hte_Country__Recruitment": v.origin,
            "hte_Country__Transit": v.transit,
            "hte_Country__Exploitation": v.destination,
            "exploitation_kind": np.asarray(KIND_NAMES, dtype=object)[v.kind],
            "plm_IdentificationDate": v.identified,
            "visibility": v.visibility,
        },
        PERSON_SCHEMA,
        lists=lists,
    )


PERSON_SCHEMA: dict[str, Any] = {
    "person_id": pl.String,
    "prs_FirstName": pl.String,
    "prs_SecondName": pl.String,
    "prs_Birthdate": pl.String,
    "prs_Gender": pl.String,
    "prs_Citizenship": pl.List(pl.String),
    "prs_IdentityNumber": pl.String,
    "name_culture": pl.String,
    "hte_Country__Recruitment": pl.String,
    "hte_Country__Transit": pl.String,
    "hte_Country__Exploitation": pl.String,
    "exploitation_kind": pl.String,
    "plm_IdentificationDate": pl.String,
    "visibility": pl.Float64,
}


def iter_world(spec: WorldSpec, *, lists: bool = True) -> Iterator[WorldChunk]:
    """Yield the world in chunks of at most ``spec.chunk_size`` victims.

    With ``lists=False`` multi-valued picklists stay ';'-separated strings, the
    form written to files (faster when the chunks go straight to disk).
    """
    agencies = build_agencies(spec)
    counters = dict.fromkeys((a.agency_id for a in agencies), 0)
    for chunk, start in enumerate(range(0, spec.victims, spec.chunk_size)):
        n = min(spec.chunk_size, spec.victims - start)
        victims = draw_victims(spec, _rng(spec, chunk, _VICTIMS), start, n)
        found = capture(agencies, victims, _rng(spec, chunk, _CAPTURE))
        frames = []
        for j, agency in enumerate(agencies):
            rng = _rng(spec, chunk, _AGENCY + j)
            rows = np.flatnonzero(found[:, j])
            again = rows[rng.random(len(rows)) < spec.duplicate_rate]
            # Shuffle so that the order of records says nothing about who they are.
            rows = rng.permutation(np.concatenate([rows, again]))
            frame = agency_frame(spec, agency, victims, rows, rng, lists=lists)
            first = counters[agency.agency_id]
            counters[agency.agency_id] += len(rows)
            ids = [f"{agency.agency_id}-{k:07d}" for k in range(first + 1, first + 1 + len(rows))]
            frames.append(frame.with_columns(record_id=pl.Series(ids, dtype=pl.String)))
        records = pl.concat(frames).select(RECORD_ORDER)
        bits: Any = (
            (found.astype(np.uint8) + ord("0")).view(f"S{len(agencies)}") if found.size else []
        )
        patterns = Counter(b.decode() for b in np.asarray(bits).ravel())
        perpetrators, links = draw_perpetrators(victims, _rng(spec, chunk, _PERPETRATORS), chunk)
        if not lists:
            perpetrators = join_lists(perpetrators)
        yield WorldChunk(
            index=chunk,
            persons=_persons(victims, lists),
            records=records.drop("person_id"),
            truth=records.select("record_id", "agency_id", "person_id"),
            perpetrators=perpetrators,
            links=links,
            patterns=dict(patterns),
        )


def iter_agency_records(
    spec: WorldSpec, *, include_person_id: bool = False
) -> Iterator[list[dict[str, Any]]]:
    """Yield every agency's records as dicts, one list per chunk.

    Multi-valued picklists are lists of HTCDS codes. ``include_person_id`` adds
    the ground-truth ``person_id`` to each dict (for evaluation only).
    """
    for chunk in iter_world(spec):
        frame = chunk.records
        if include_person_id:
            frame = frame.with_columns(chunk.truth["person_id"])
        yield frame.to_dicts()


def agencies(spec: WorldSpec) -> tuple[Agency, ...]:
    """The agencies of ``spec`` (the ``AGENCY`` metadata)."""
    return build_agencies(spec)


def join_lists(frame: pl.DataFrame) -> pl.DataFrame:
    """Multi-valued picklists as ';'-separated strings of codes, as written to files."""
    present = [
        c
        for c in (*LIST_COLUMNS, "per_RoleInProcess")
        if c in frame.columns and isinstance(frame.schema[c], pl.List)
    ]
    return frame.with_columns(pl.col(c).list.join(";") for c in present)
