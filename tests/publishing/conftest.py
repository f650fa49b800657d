"""A small simulated world in the CTDC layout, shared by the publishing tests."""

from __future__ import annotations

import polars as pl
import pytest

from palermo.publishing import Layout, ctdc_rows
from palermo.simulate import WorldSpec, iter_world

YEARS = (2018, 2025)  # agencies register up to a month before and four after 2019-2024


@pytest.fixture(scope="session")
def world_records() -> pl.DataFrame:
    """Records of a fixed 6,000-victim world with the true person id of each."""
    chunks = list(iter_world(WorldSpec(victims=6_000, seed=11)))
    return pl.concat([c.records.with_columns(c.truth["person_id"]) for c in chunks])


@pytest.fixture(scope="session")
def persons(world_records: pl.DataFrame) -> pl.DataFrame:
    """One CTDC row per identified person of the world."""
    return ctdc_rows(world_records, person_key="person_id", layout=Layout(YEARS))
