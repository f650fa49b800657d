"""Two Palermo installations in one test: an NGO in Moldova and a shelter in Belgium,
each with its own SQLite database and exchange keys, each knowing the other as a peer."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from palermo.accounts import service as accounts
from palermo.cooperate.crossborder import add_peer
from palermo.linkage.envelope import InstallationKeys
from palermo.store import Store, open_store
from palermo.store.actor import Actor
from palermo.store.keys import KeyRing, new_keyring

ADMIN = Actor.system("exchange-test")


@dataclass(frozen=True)
class Installation:
    store: Store
    keys: InstallationKeys
    worker: Actor  # a case worker of the installation's own agency


@pytest.fixture(scope="session")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated, empty SQLite file per worker; each installation starts from a copy."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    open_store(url=f"sqlite:///{path}", keyring=new_keyring()).engine.dispose()
    return path


def _installation(
    path: Path,
    keyring: KeyRing,
    *,
    name: str,
    agency: str,
    country: str,
    kind: str,
    template: Path,
) -> Installation:
    shutil.copyfile(template, path)
    # Each installation has its own encryption keys; a store's sessions use its own ring.
    store = open_store(url=f"sqlite:///{path}", keyring=keyring, upgrade=False)
    with store.session() as s:
        own = accounts.create_agency(s, name=agency, type=kind, country=country, actor=ADMIN)
    # A case worker without a login: hashing passwords would be most of the test's time.
    worker = Actor(None, f"worker-{country.lower()}", own.id, "caseworker", "test")
    return Installation(store, InstallationKeys.generate(name), worker)


def introduce(one: Installation, other: Installation, *, agency: str, country: str) -> None:
    """``one`` records ``other`` as a peer, with the agency that stands for it."""
    with one.store.session() as s:
        add_peer(
            s,
            name=other.keys.name,
            public_jwks=other.keys.public_jwks(),
            agency_name=agency,
            agency_country=country,
            agency_type="Shelter" if country == "BE" else "NGO",
            actor=ADMIN,
        )


@pytest.fixture
def pair(tmp_path: Path, empty_database: Path) -> Iterator[tuple[Installation, Installation]]:
    origin = _installation(
        tmp_path / "md.db",
        new_keyring(),
        name="palermo-md",
        agency="Speranta",
        country="MD",
        kind="NGO",
        template=empty_database,
    )
    shelter = _installation(
        tmp_path / "be.db",
        new_keyring(),
        name="palermo-be",
        agency="Shelter South",
        country="BE",
        kind="Shelter",
        template=empty_database,
    )
    introduce(origin, shelter, agency="Shelter South", country="BE")
    introduce(shelter, origin, agency="Speranta", country="MD")
    yield origin, shelter
    origin.store.engine.dispose()
    shelter.store.engine.dispose()
