"""A small simulated world written to files once for the exchange tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from palermo.accounts import service as accounts
from palermo.config import get_settings
from palermo.simulate import WorldSpec, write_world
from palermo.store import open_store
from palermo.store.actor import Actor
from palermo.store.keys import new_keyring

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


@pytest.fixture
def configured(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Settings pointing at a fresh database with one agency; yields the agency's name."""
    ring = new_keyring()
    monkeypatch.setenv("PALERMO_DATABASE_URL", database_url)
    monkeypatch.setenv("PALERMO_KEYS", ring.to_json())
    get_settings.cache_clear()
    store = open_store(url=database_url, keyring=ring)
    with store.session() as s:
        accounts.create_agency(s, name="NGO North", type="NGO", country="GB",
                               actor=Actor.system("test"))  # fmt: skip
    store.engine.dispose()
    yield "NGO North"
    get_settings.cache_clear()
