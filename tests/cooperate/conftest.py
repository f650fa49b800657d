"""Agencies, users and cases for Cooperate's tests.

``people`` builds three agencies (a shelter, the police, an NGO) and a national office
with a coordinator; one woman, Ioana Petrescu, is a case at the shelter, at the police
and at the NGO (the same identifiers, as three agencies would record them); each case
has the consents to share with the other agencies unless a test withdraws them.
``linked_world`` adds a small simulated world imported through the HTCDS importer, so
that the linker has enough records to train on, and runs a linkage over everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from palermo import cases
from palermo.accounts import service as accounts
from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.exchange import import_simulated_agency
from palermo.cases.record.schemas import CaseCreate, EventData, PersonData
from palermo.cooperate.agreements import AgreementCreate, record_agreement
from palermo.cooperate.link_runs import RunView, run_link_job, start_link_run
from palermo.simulate import WorldSpec, iter_agency_records
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.vocab import InformedOf
from tests.factories import make_agency_user

WOMAN = PersonData(
    given_name="Ioana",
    family_name="Petrescu",
    birth_date="1994-06-21",
    identity_number="RO4471902",
    gender="Feminine",
)


@dataclass
class People:
    shelter: Actor
    shelter_sup: Actor
    police: Actor
    police_sup: Actor
    ngo: Actor
    ngo_sup: Actor
    coordinator: Actor
    cases: dict[str, int]  # agency -> its case of the woman


def _share(store: Store, case_id: int, to_agency_id: int, actor: Actor) -> None:
    with store.session() as s:
        record_consent(
            s,
            case_id=case_id,
            data=ConsentCreate(
                purpose="sharing",
                shared_with_agency_id=to_agency_id,
                informed_of=list(InformedOf),
            ),
            actor=actor,
        )


def make_people(store: Store) -> People:
    agencies: dict[str, int] = {}

    def user(agency: str, role: str, name: str) -> Actor:
        """An actor of ``agency``; only the coordinator needs an account (to sign in)."""
        if role == "national_coordinator":
            return make_agency_user(store, agency=agency, role=role, username=name)
        if agency not in agencies:
            kind = {"Safe House": "Shelter", "Police Central": "Police"}.get(agency, "NGO")
            with store.session() as s:
                row = accounts.create_agency(
                    s, name=agency, type=kind, country="NL", actor=Actor.system("t")
                )
                agencies[agency] = row.id
        return Actor(
            user_id=None, username=name, agency_id=agencies[agency], role=role, origin="test"
        )

    p = People(
        shelter=user("Safe House", "caseworker", "sh-worker"),
        shelter_sup=user("Safe House", "supervisor", "sh-sup"),
        police=user("Police Central", "caseworker", "po-worker"),
        police_sup=user("Police Central", "supervisor", "po-sup"),
        ngo=user("Outreach NGO", "caseworker", "ngo-worker"),
        ngo_sup=user("Outreach NGO", "supervisor", "ngo-sup"),
        coordinator=user("National Office", "national_coordinator", "coord"),
        cases={},
    )
    events = [EventData(type="Recruitment", country="RO", started_on=date(2023, 3, 1))]
    for name, actor in (("shelter", p.shelter), ("police", p.police), ("ngo", p.ngo)):
        with store.session() as s:
            case = cases.open_case(
                s,
                data=CaseCreate(person=WOMAN, citizenship=["RO"], events=events),
                actor=actor,
            )
            p.cases[name] = case.id
    agencies = {"shelter": p.shelter, "police": p.police, "ngo": p.ngo}
    for name, actor in agencies.items():
        for other, their in agencies.items():
            if other != name:
                assert their.agency_id is not None
                _share(store, p.cases[name], their.agency_id, actor)
    return p


def agreement(
    store: Store,
    by: Actor,
    other: Actor,
    purposes: list[str],
    groups: list[str] | None = None,
    starts_on: date = date(2024, 1, 1),
) -> int:
    with store.session() as s:
        view = record_agreement(
            s,
            data=AgreementCreate(
                title="Shelter and police",
                party_agency_ids=[by.agency_id, other.agency_id],  # type: ignore[list-item]
                purposes=purposes,  # type: ignore[arg-type]
                field_groups=groups if groups is not None else ["identity", "birth_date"],  # type: ignore[arg-type]
                legal_basis="Anti-trafficking Act, article 12",
                starts_on=starts_on,
                signed_by="Directors of both agencies",
            ),
            actor=by,
        )
        return view.id


def import_world(store: Store, *, victims: int = 250, seed: int = 3) -> int:
    """A small simulated world's agencies as three more agencies of the store."""
    spec = WorldSpec(victims=victims, agencies=3, seed=seed)
    by_agency: dict[str, list[dict]] = {}
    for chunk in iter_agency_records(spec):
        for record in chunk:
            by_agency.setdefault(record["agency_id"], []).append(record)
    imported = 0
    kinds = ("Police", "Shelter", "NGO")
    for k, (sim_id, records) in enumerate(sorted(by_agency.items())):
        with store.session() as s:
            agency = accounts.create_agency(
                s,
                name=f"Simulated {sim_id}",
                type=kinds[k % 3],
                country="NL",
                actor=Actor.system("t"),
            )
            actor = Actor(
                user_id=None, username="system:t", agency_id=agency.id, role="admin", origin="t"
            )
            imported += import_simulated_agency(s, records=records, actor=actor).imported
    return imported


def link_store(store: Store, coordinator: Actor, threshold: float = 0.9) -> RunView:
    with store.session() as s:
        run = start_link_run(s, actor=coordinator, threshold=threshold)
    return run_link_job(store, run_id=run.id, actor=coordinator)


@pytest.fixture
def people(store: Store) -> People:
    return make_people(store)


@pytest.fixture
def linked(store: Store) -> tuple[People, int]:
    """The woman at three agencies, a small simulated world beside her, linked once."""
    people = make_people(store)
    import_world(store)
    run = link_store(store, people.coordinator)
    return people, run.id
