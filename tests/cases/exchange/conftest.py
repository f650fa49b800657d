"""A small simulated world written to files once for the exchange tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from palermo.simulate import WorldSpec, write_world

SPEC = WorldSpec(victims=200, agencies=3, seed=11, chunk_size=200)


@pytest.fixture(scope="session")
def world_spec() -> WorldSpec:
    return SPEC


@pytest.fixture(scope="session")
def world_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Agency files (CSV and Parquet) of a 200-victim world, written by the simulator."""
    out = tmp_path_factory.mktemp("world")
    write_world(SPEC, out, formats=("csv", "parquet"))
    return out
