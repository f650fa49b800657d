"""Two Palermo installations in one test: an NGO in Moldova and a shelter in Belgium,
each with its own SQLite database and exchange keys, each knowing the other as a peer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from palermo.accounts import service as accounts
from palermo.cooperate.crossborder import add_peer
from palermo.linkage.envelope import InstallationKeys
from palermo.store import Store, open_store
from palermo.store.actor import Actor
from palermo.store.keys import KeyRing
from tests.factories import make_agency_user

ADMIN = Actor.system("exchange-test")


@dataclass(frozen=True)
class Installation:
    store: Store
    keys: InstallationKeys
    worker: Actor  # a case worker of the installation's own agency


def _installation(
    path: Path, keyring: KeyRing, *, name: str, agency: str, country: str, kind: str
) -> Installation:
    # One process holds one key ring for encrypted fields: both databases share it here.
    store = open_store(url=f"sqlite:///{path}", keyring=keyring)
    with store.session() as s:
        accounts.create_agency(s, name=agency, type=kind, country=country, actor=ADMIN)
    worker = make_agency_user(store, agency=agency, username=f"worker-{country.lower()}")
    return Installation(store, InstallationKeys.generate(name), worker)


def introduce(one: Installation, other: Installation, *, agency: str, country: str) -> None:
    """``one`` records ``other`` as a peer, with the agency that stands for it."""
    with one.store.session() as s:
        add_peer(
            s, name=other.keys.name, public_jwks=other.keys.public_jwks(), agency_name=agency,
            agency_country=country, agency_type="Shelter" if country == "BE" else "NGO",
            actor=ADMIN,
        )


@pytest.fixture
def pair(tmp_path: Path, keyring: KeyRing) -> Iterator[tuple[Installation, Installation]]:
    origin = _installation(
        tmp_path / "md.db", keyring, name="palermo-md", agency="Speranta", country="MD", kind="NGO"
    )
    shelter = _installation(
        tmp_path / "be.db", keyring, name="palermo-be", agency="Shelter South", country="BE",
        kind="Shelter",
    )
    introduce(origin, shelter, agency="Shelter South", country="BE")
    introduce(shelter, origin, agency="Speranta", country="MD")
    yield origin, shelter
    origin.store.engine.dispose()
    shelter.store.engine.dispose()
