"""One small simulated national world in a store, shared by the statistics tests.

Three agencies (A, B, C) hold the records of a seeded world of 160 victims identified
2021-2024, imported through the ordinary HTCDS importer; a few cases are screened with
vulnerabilities and given services. The simulator's ground truth gives each case its true
person, which stands in for a linkage run where a test needs persons.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from palermo.accounts import service as accounts
from palermo.cases.exchange import import_simulated_agency
from palermo.config import get_settings
from palermo.screening.facts import Facts
from palermo.screening.records import screen_case
from palermo.simulate import WorldSpec, iter_agency_records
from palermo.stats.counting import PersonKeys
from palermo.stats.scope import national_actor
from palermo.store import Store, open_store
from palermo.store.actor import Actor
from palermo.store.keys import new_keyring, write_keyring
from palermo.store.models import Case, ServiceDelivery
from palermo.store.models.sealing import open_selected
from tests.browser_support import serve_live
from tests.factories import PASSWORD, as_fixture

SPEC = WorldSpec(victims=160, agencies=3, seed=12, years=(2021, 2024))
YEARS = (2021, 2024)
VULNERABLE = ("poverty", "irregular_status")


@dataclass
class StatsWorld:
    store: Store
    url: str
    agencies: dict[str, int]  # "A", "B", "C" -> agency id
    national: Actor  # the command line's
    coordinator: Actor  # a national coordinator's account (agency C)
    analyst: Actor  # of agency A
    supervisor: Actor  # of agency B
    caseworker: Actor  # of agency A
    truth: PersonKeys  # case id -> true person
    records: int
    screened: int


def _user(store: Store, agency_id: int, role: str, username: str) -> Actor:
    with store.session() as session:
        user = accounts.create_user(
            session,
            username=username,
            password=PASSWORD,
            role=role,
            agency_id=agency_id,
            actor=Actor.system("test"),
        )
        return accounts.actor_of(user, origin="127.0.0.1")


def build_stats_world(path: Path) -> StatsWorld:
    url = f"sqlite:///{path / 'stats.db'}"
    store = open_store(url=url, keyring=new_keyring())
    system = Actor.system("test")
    by_sim: dict[str, list[dict]] = {}
    person_of: dict[str, str] = {}
    for chunk in iter_agency_records(SPEC, include_person_id=True):
        for record in chunk:
            person_of[record["record_id"]] = str(record.pop("person_id"))
            by_sim.setdefault(record["agency_id"], []).append(record)
    agencies: dict[str, int] = {}
    with store.session() as session:
        for letter in "ABC":
            agency = accounts.create_agency(
                session, name=f"Agency {letter}", type="NGO", country="GB", actor=system
            )
            agencies[letter] = agency.id
    imported = 0
    for letter, (_, records) in zip("ABC", sorted(by_sim.items()), strict=True):
        actor = Actor(None, "system:test", agencies[letter], "admin", "cli")
        with store.session() as session:
            imported += import_simulated_agency(session, records=records, actor=actor).imported
    with store.session() as session:
        rows = session.execute(
            select(Case.id, Case.external_id, Case.agency_id, Case.identified_on)
        )
        cases = list(rows)
        keys = {
            case_id: person_of[open_selected(Case.external_id, external, row=case_id)]
            for case_id, external, _, _ in cases
        }
        screened = 0
        for case_id, _, agency_id, _day in cases[::9]:
            actor = Actor(None, "system:test", agency_id, "admin", "cli")
            screen_case(
                session, case_id=case_id, facts=Facts(vulnerabilities=VULNERABLE), actor=actor
            )
            screened += 1
        with as_fixture(session):
            for case_id, _, agency_id, identified_on in cases[::4]:
                session.add(
                    ServiceDelivery(
                        case_id=case_id,
                        provider_agency_id=agency_id,
                        service_type="shelter",
                        delivered_on=identified_on + timedelta(days=10),
                        recorded_by="test",
                    )
                )
    return StatsWorld(
        store=store,
        url=url,
        agencies=agencies,
        national=national_actor("test"),
        coordinator=_user(store, agencies["C"], "national_coordinator", "nina-national"),
        analyst=_user(store, agencies["A"], "analyst", "ana-analyst"),
        supervisor=_user(store, agencies["B"], "supervisor", "bob-supervisor"),
        caseworker=_user(store, agencies["A"], "caseworker", "cat-caseworker"),
        truth=PersonKeys("ground truth", keys),
        records=imported,
        screened=screened,
    )


@pytest.fixture(scope="session")
def stats_world(tmp_path_factory: pytest.TempPathFactory) -> StatsWorld:
    return build_stats_world(tmp_path_factory.mktemp("stats-world"))


@pytest.fixture
def cli_env(
    stats_world: StatsWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The CLI's settings pointing at the shared world (its keys written to a key file)."""
    keys = tmp_path / "palermo.keys"
    write_keyring(stats_world.store.keyring, keys)
    monkeypatch.setenv("PALERMO_DATABASE_URL", stats_world.url)
    monkeypatch.setenv("PALERMO_KEY_FILE", str(keys))
    monkeypatch.delenv("PALERMO_KEYS", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


# --- the browser -----------------------------------------------------------------------


@dataclass
class LiveStats:
    url: str
    world: StatsWorld


@pytest.fixture
def live_stats(browser: object, stats_world: StatsWorld) -> Iterator[LiveStats]:  # noqa: F811
    """The app on the shared world, served on loopback for Chromium."""
    from palermo.config import Settings

    settings = Settings(database_url=stats_world.url, insecure_cookies=True)
    with serve_live(stats_world.store, settings) as server:
        yield LiveStats(server.url, stats_world)
