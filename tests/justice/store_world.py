"""Justice agencies and users in a store, and the hand-made dataset of conftest.py written
into it through the services (the store-level path of the counts known by construction).

Agencies (all in GB): "Refuge North" (an NGO holding the cases of agency A1), "Police
Central" (Police: holds the cases of A2 and leads the investigations of POL), "Border
Police" (BorderPolice: the investigations of LAB), "Crown Prosecution" (Prosecutor),
"Crown Court" (Court), "Police East" (another police force, which must see nothing),
"Trial Watch" (an NGO whose trial monitor follows trials). Users are named by role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from palermo.accounts import service as accounts
from palermo.cases import open_case
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.justice import JusticeDataset
from palermo.justice.services.replay import ReplayAgencies, ReplayTally, replay_justice
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.models import User
from tests.factories import PASSWORD, as_fixture

AGENCIES = {
    "ngo": ("Refuge North", "NGO"),
    "police": ("Police Central", "Police"),
    "border": ("Border Police", "BorderPolice"),
    "prosecutor": ("Crown Prosecution", "Prosecutor"),
    "court": ("Crown Court", "Court"),
    "other_police": ("Police East", "Police"),
    "watch": ("Trial Watch", "NGO"),
}
USERS = {
    "ngo": ("ngo-worker", "ngo", "caseworker"),
    "ngo_supervisor": ("ngo-sup", "ngo", "supervisor"),
    "police": ("pol-inv", "police", "investigator"),
    "police_worker": ("pol-worker", "police", "caseworker"),
    "border": ("border-inv", "border", "investigator"),
    "prosecutor": ("prosecutor", "prosecutor", "caseworker"),
    "court": ("clerk", "court", "caseworker"),
    "other_police": ("east-inv", "other_police", "investigator"),
    "monitor": ("monitor", "watch", "trial_monitor"),
    "analyst": ("pol-analyst", "police", "analyst"),
}


@dataclass
class JusticeActors:
    by_name: dict[str, Actor]
    agency_ids: dict[str, int]

    def __getattr__(self, name: str) -> Actor:
        try:
            return self.by_name[name]
        except KeyError:
            raise AttributeError(name) from None


def make_justice_agencies(store: Store, country: str = "GB") -> JusticeActors:
    system = Actor.system("test")
    agency_ids: dict[str, int] = {}
    actors: dict[str, Actor] = {}
    with store.session() as session:
        for key, (name, kind) in AGENCIES.items():
            agency = accounts.create_agency(
                session, name=name, type=kind, country=country, actor=system
            )
            agency_ids[key] = agency.id
        first = None
        for key, (username, agency, role) in USERS.items():
            if first is None:
                user = accounts.create_user(
                    session,
                    username=username,
                    password=PASSWORD,
                    role=role,
                    agency_id=agency_ids[agency],
                    actor=system,
                )
                first = user
            else:
                # Hashing a password takes a second on purpose; the others share the hash.
                with as_fixture(session):
                    user = User(
                        username=username,
                        display_name=username,
                        password_hash=first.password_hash,
                        role=role,
                        agency_id=agency_ids[agency],
                    )
                    session.add(user)
            actors[key] = accounts.actor_of(user, origin="127.0.0.1")
    return JusticeActors(actors, agency_ids)


def _birth(on: date, age: int | None) -> str | None:
    return None if age is None else date(on.year - age, on.month, min(on.day, 28)).isoformat()


def write_handmade(
    store: Store, data: JusticeDataset, actors: JusticeActors
) -> tuple[dict[str, int], ReplayTally]:
    """Open a case per victim (A1 at the NGO, A2 at the police), then replay the rest."""
    holders = {"A1": actors.ngo, "A2": actors.police_worker}
    cases: dict[str, int] = {}
    with store.session() as session:
        for v in data.victims:
            events = [{"type": "Exploitation", "country": v.exploited_in}] if v.exploited_in else []
            if v.origin:
                events.append({"type": "Recruitment", "country": v.origin})
            case = open_case(
                session,
                actor=holders[v.agency_id or "A1"],
                data=CaseCreate(
                    person=PersonData(
                        given_name=f"Victim{v.victim_id}",
                        family_name="Handmade",
                        gender=v.gender,
                        birth_date=_birth(v.identified_on, v.age),
                    ),
                    identified_on=v.identified_on,
                    citizenship=list(v.citizenship),
                    exploitation_types=list(v.exploitation),
                    sexual_exploitation_types=list(v.sex_exploitation),
                    means_of_control=list(v.means_of_control),
                    recruitment_methods=list(v.recruitment),
                    recruitment_platforms=list(v.recruitment_apps),
                    forced_labour_industry=v.industry,
                    events=events,
                ),
            )
            cases[v.victim_id] = case.id
    identities = {
        s.suspect_id: PersonData(
            given_name=f"Suspect{s.suspect_id}",
            family_name="Quarrington",
            identity_number=f"DOC-{s.suspect_id}-77",
        )
        for s in data.suspects
    }
    agencies = ReplayAgencies(
        investigators={"POL": actors.police, "LAB": actors.border},
        prosecutor=actors.prosecutor,
        court_agency_id=actors.agency_ids["court"],
        case_holders={
            actors.agency_ids["ngo"]: actors.ngo,
            actors.agency_ids["police"]: actors.police_worker,
        },
    )
    tally = replay_justice(store, data, cases=cases, agencies=agencies, identities=identities)
    return cases, tally
