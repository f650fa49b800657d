"""A small simulated world shared by the simulate tests (built once per session)."""

from __future__ import annotations

import polars as pl
import pytest

from palermo.simulate import WorldSpec, iter_world


@pytest.fixture(scope="session")
def world_20k() -> dict[str, pl.DataFrame]:
    """A fixed 20,000-victim national world: records, truth, persons."""
    spec = WorldSpec(victims=20_000, agencies=6, seed=2024, chunk_size=10_000)
    chunks = list(iter_world(spec))
    return {
        "records": pl.concat([c.records for c in chunks]),
        "truth": pl.concat([c.truth for c in chunks]),
        "persons": pl.concat([c.persons for c in chunks]),
        "perpetrators": pl.concat([c.perpetrators for c in chunks]),
        "links": pl.concat([c.links for c in chunks]),
    }
