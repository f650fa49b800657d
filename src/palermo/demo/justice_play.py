"""Play the simulated world's investigations and trials through the justice services.

The world's police forces investigate (``palermo.simulate.justice``); the demo adds a
prosecutor's office, a court and a trial-monitoring NGO in the world's main country, with
their logins. Each simulated record goes through the service a user would call
(``palermo.justice.services.replay``): the agency holding a victim's case records the
consents and refers it to the police and, for a prosecution, to the prosecutor's office.

To keep ``make demo`` short, only ``share`` of the networks' investigations (and of the
victims' own records: reasons for not reporting, charges against victims) are played,
chosen by a hash of their ids so the same ones are chosen every time; the funnel keeps
every stage (``bench/bench_justice_demo.py`` measures the time per share).
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select

from palermo.accounts import service as accounts
from palermo.cases.record.schemas import PersonData
from palermo.justice import JusticeDataset
from palermo.justice.services.replay import ReplayAgencies, ReplayTally, replay_justice
from palermo.simulate import WorldSpec
from palermo.simulate.justice import JusticeSimSpec, justice_from_chunks
from palermo.simulate.world import WorldChunk, iter_world
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.models import Agency, Case
from palermo.store.models.sealing import open_selected

# (login stem, agency name, agency type, roles)
JUSTICE_AGENCIES = (
    ("prosecutor", "Prosecutor's Office", "Prosecutor", ("caseworker", "supervisor")),
    ("court", "District Court", "Court", ("caseworker",)),
    ("trial-watch", "Trial Watch", "NGO", ("trial_monitor",)),
)


@dataclass(frozen=True)
class JusticeLogin:
    username: str
    password: str
    agency: str
    role: str


def _kept(key: str, share: float) -> bool:
    digest = hashlib.blake2b(key.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "little") / 2**32 < share


def sample(data: JusticeDataset, share: float) -> JusticeDataset:
    """The investigations of ``share`` of the networks and what hangs on them, and
    ``share`` of the victims' own records; every victim stays (they are the cases)."""
    if share >= 1:
        return data
    invs = [i for i in data.investigations if _kept(i.investigation_id.rsplit("-", 1)[0], share)]
    keep = {i.investigation_id for i in invs}
    procs = [p for p in data.proceedings if p.investigation_id in keep]
    proc_ids = {p.proceeding_id for p in procs}
    victims = [
        v if v.not_reported_reason is None or _kept(v.victim_id, share)
        else replace(v, not_reported_reason=None)
        for v in data.victims
    ]  # fmt: skip
    return JusticeDataset(
        victims=tuple(victims),
        suspects=data.suspects,
        investigations=tuple(invs),
        proceedings=tuple(procs),
        compensations=tuple(c for c in data.compensations if c.proceeding_id in proc_ids),
        participations=tuple(p for p in data.participations if p.proceeding_id in proc_ids),
        non_punishment=tuple(n for n in data.non_punishment if _kept(n.victim_id, share)),
    )


def _names(chunks: Iterator[WorldChunk], into: dict[str, PersonData]) -> Iterator[WorldChunk]:
    """Pass the chunks on, keeping each perpetrator's name and birth date for the store."""
    for chunk in chunks:
        for row in chunk.perpetrators.to_dicts():
            into[f"SUS-{row['perpetrator_id']}"] = PersonData(
                given_name=row.get("prs_FirstName"),
                family_name=row.get("prs_SecondName"),
                birth_date=row.get("prs_Birthdate"),
            )
        yield chunk


def _justice_agencies(store: Store, country: str) -> tuple[dict[str, Actor], list[JusticeLogin]]:
    system = Actor.system("demo")
    actors: dict[str, Actor] = {}
    logins: list[JusticeLogin] = []
    with store.session() as session:
        for stem, name, kind, roles in JUSTICE_AGENCIES:
            agency = accounts.create_agency(
                session, name=name, type=kind, country=country, actor=system
            )
            for role in roles:
                password = secrets.token_urlsafe(9)
                user = accounts.create_user(
                    session,
                    username=f"{stem}.{role}",
                    password=password,
                    role=role,
                    agency_id=agency.id,
                    actor=system,
                    display_name=f"Demo {role} ({name})",
                )
                logins.append(JusticeLogin(user.username, password, name, role))
                actors.setdefault(stem, accounts.actor_of(user, "demo"))
    return actors, logins


def play_justice(
    store: Store,
    *,
    spec: WorldSpec,
    today: date,
    agency_ids: dict[str, int],
    investigators: dict[int, Actor],
    case_holders: dict[int, Actor],
    share: float = 0.25,
    progress: Callable[[str], None] = lambda _m: None,
) -> tuple[ReplayTally, list[JusticeLogin]]:
    """Add the justice agencies and play ``share`` of the simulated justice records.

    ``agency_ids``: simulator agency id -> store agency id; ``investigators`` and
    ``case_holders``: store agency id -> the demo user who acts for it.
    """
    with store.session() as session:
        countries = Counter(session.scalars(select(Agency.country)))
        cases = {
            str(open_selected(Case.external_id, ext, row=cid)): cid
            for ext, cid in session.execute(select(Case.external_id, Case.id))
            if ext is not None
        }
    actors, logins = _justice_agencies(store, countries.most_common(1)[0][0])
    names: dict[str, PersonData] = {}
    simulated = justice_from_chunks(
        _names(iter_world(spec), names), world=spec, spec=JusticeSimSpec(as_of=today)
    )
    data = sample(simulated.data, share)
    progress(
        f"justice: {len(data.investigations)} investigations and {len(data.proceedings)} "
        f"proceedings to record ({share:.0%} of the simulated networks)"
    )
    police = {
        sim: investigators[store_id]
        for sim, store_id in agency_ids.items()
        if store_id in investigators
    }
    tally = replay_justice(
        store,
        data,
        cases=cases,
        agencies=ReplayAgencies(
            investigators=police,
            prosecutor=actors["prosecutor"],
            court_agency_id=actors["court"].agency_id,
            case_holders=case_holders,
        ),
        identities=names,
        progress=progress,
    )
    return tally, logins
