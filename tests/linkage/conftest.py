"""Shared small worlds for the record-linkage tests (simulated once per session)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from palermo.linkage.records import LinkResult, LinkSpec, link_records, read_records
from palermo.simulate import WorldSpec, write_world

KEY = b"test-key-for-person-keys-0123456789"


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 victims, 4 agencies, CSV files with ground truth (seeded)."""
    out = tmp_path_factory.mktemp("world")
    write_world(WorldSpec(victims=2000, agencies=4, seed=11), out, formats=("csv",))
    return out


@pytest.fixture(scope="session")
def small_records(small_world: Path) -> pl.DataFrame:
    return read_records([small_world])


@pytest.fixture(scope="session")
def person_key() -> bytes:
    """The secret of the person keys in these tests."""
    return KEY


@pytest.fixture(scope="session")
def small_link(small_records: pl.DataFrame, person_key: bytes) -> LinkResult:
    return link_records(small_records, LinkSpec(), key=person_key)


@pytest.fixture(scope="session")
def truth(small_world: Path) -> pl.DataFrame:
    return pl.read_csv(small_world / "ground_truth.csv", infer_schema=False)
