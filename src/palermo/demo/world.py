"""Build the demo: a simulated national world loaded into a fresh store, with demo users.

Every agency of the simulated world becomes an agency in the store, its records
become cases through the ordinary HTCDS importer, and each agency gets users of
several roles with random passwords that are printed once (and kept in a file
beside the demo database so ``make demo`` can show them again).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from palermo import clock
from palermo.accounts import service as accounts
from palermo.cases.exchange.batches import import_in_batches
from palermo.cases.nrm.deadline_rules import set_deadline_rule
from palermo.cases.work.ownership import assign_case
from palermo.cases.work.tasks import TaskCreate, add_task
from palermo.cooperate.link_runs import RunView
from palermo.demo.casework_batches import play_casework
from palermo.demo.casework_play import AgencyActors, CaseworkTally
from palermo.demo.justice_play import play_justice
from palermo.demo.linkage_play import NRM_KINDS, add_coordinator, record_agreements, run_linkage
from palermo.justice.services.replay import ReplayTally
from palermo.simulate import WorldSpec, iter_agency_records
from palermo.simulate import agencies as simulated_agencies
from palermo.simulate.casework import plan_casework
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.models import Case

DEMO_ROLES = ("admin", "supervisor", "caseworker", "investigator", "analyst")
# Open cases handed to each agency's demo case worker, with a follow-up task on some,
# so that "My work" has something in it.
CASES_HANDED_OUT = 25
# Simulator agency kinds to Palermo agency types (vocab list agency_type).
AGENCY_TYPES = {
    "police": "Police",
    "border_police": "BorderPolice",
    "ngo_outreach": "NGO",
    "shelter": "Shelter",
    "labour_inspectorate": "LabourInspectorate",
    "hotline": "Hotline",
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    agency: str
    role: str

    def line(self) -> str:
        return (
            f"login: {self.username} password: {self.password} "
            f"agency: {self.agency} role: {self.role}"
        )


@dataclass(frozen=True)
class DemoSummary:
    logins: list[DemoLogin]
    cases: int
    rejected: int
    casework: CaseworkTally | None = None
    justice: ReplayTally | None = None
    linkage: RunView | None = None
    agreements: tuple[int, ...] = ()
    true_persons: int = 0  # the simulator's persons behind the records (ground truth)
    seconds: dict[str, float] = field(default_factory=dict)  # each phase's time

    def persons_line(self) -> str:
        """What the linkage run found, beside the records and the simulator's truth."""
        run = self.linkage
        if run is None or run.persons is None:
            return "No linkage run: every case counts as a person."
        return (
            f"Linkage run {run.id}: {run.persons} persons in {run.records} case records of "
            f"{run.agencies} agencies (the simulator's truth: {self.true_persons} persons)."
        )


def _usernames(kinds: list[str]) -> list[str]:
    """'police', 'shelter'...; a second agency of the same kind gets '-2', and so on."""
    seen: dict[str, int] = {}
    stems = []
    for kind in kinds:
        seen[kind] = seen.get(kind, 0) + 1
        stems.append(kind.replace("_", "-") + ("" if seen[kind] == 1 else f"-{seen[kind]}"))
    return stems


def demo_spec(*, victims: int, agencies: int, seed: int, today: date) -> WorldSpec:
    """The last five years up to ``today``, so queues and deadlines have recent cases."""
    return WorldSpec(
        victims=victims, agencies=agencies, seed=seed, years=(today.year - 4, today.year)
    )


def demo_records(
    spec: WorldSpec, *, today: date, truth: dict[str, str] | None = None
) -> dict[str, list[dict]]:
    """Agency records by simulator agency id, without those identified after ``today``;
    ``truth``, if given, is filled with record id -> the simulator's person id (kept
    apart: the store never sees it)."""
    by_agency: dict[str, list[dict]] = {}
    for chunk in iter_agency_records(spec, include_person_id=True):
        for record in chunk:
            person = record.pop("person_id")
            if (record.get("plm_IdentificationDate") or "") <= today.isoformat():
                by_agency.setdefault(record["agency_id"], []).append(record)
                if truth is not None:
                    truth[record["record_id"]] = person
    return by_agency


def build_demo(
    store: Store,
    *,
    victims: int = 3000,
    agencies: int = 6,
    seed: int = 2007,
    today: date | None = None,
    casework: bool = True,
    justice_share: float = 0.25,
    linkage: bool = True,
    progress: Callable[[str], None] = lambda _msg: None,
) -> DemoSummary:
    """Build the demo world in ``store``; each phase reports its time through ``progress``."""
    timer = _Phases(progress)
    today = today or clock.today()
    spec = demo_spec(victims=victims, agencies=agencies, seed=seed, today=today)
    system = Actor.system("demo")
    logins: list[DemoLogin] = []
    agency_ids: dict[str, int] = {}
    actors = AgencyActors(caseworker={}, by_kind={})
    investigators: dict[int, Actor] = {}
    admins: dict[int, Actor] = {}
    sims = simulated_agencies(spec)
    stems = _usernames([sim.kind for sim in sims])
    with store.session() as session:
        for sim, stem in zip(sims, stems, strict=True):
            agency = accounts.create_agency(
                session,
                name=sim.name,
                type=AGENCY_TYPES.get(sim.kind, "NGO"),
                country=sim.country,
                actor=system,
            )
            agency_ids[sim.agency_id] = agency.id
            actors.by_kind.setdefault(sim.kind, agency.id)
            for role in DEMO_ROLES:
                password = secrets.token_urlsafe(9)
                user = accounts.create_user(
                    session,
                    username=f"{stem}.{role}",
                    password=password,
                    role=role,
                    agency_id=agency.id,
                    actor=system,
                    display_name=f"Demo {role} ({sim.name})",
                )
                logins.append(DemoLogin(user.username, password, sim.name, role))
                if role == "caseworker":
                    actors.caseworker[agency.id] = accounts.actor_of(user, "demo")
                if role == "investigator":
                    investigators[agency.id] = accounts.actor_of(user, "demo")
                if role == "admin":
                    admins[agency.id] = accounts.actor_of(user, "demo")
        for country in sorted({sim.country for sim in sims}):
            set_deadline_rule(
                session,
                country=country,
                step="reasonable_grounds",
                days=5,
                working_days=True,
                actor=system,
            )
            set_deadline_rule(
                session,
                country=country,
                step="conclusive_grounds",
                days=45,
                working_days=False,
                actor=system,
            )
    agreements: tuple[int, ...] = ()
    coordinator = None
    if linkage:
        coordinator = add_coordinator(store, country=sims[0].country)
        logins.append(
            DemoLogin(
                coordinator.username,
                coordinator.password,
                coordinator.agency,
                "national_coordinator",
            )
        )
        actors.nrm = tuple(actors.by_kind[k] for k in NRM_KINDS if k in actors.by_kind)
        agreements = tuple(
            record_agreements(
                store,
                nrm=list(actors.nrm),
                everyone=[*agency_ids.values(), coordinator.actor.agency_id or 0],
                by=admins[actors.nrm[0]],
                starts_on=date(spec.years[0], 1, 1),
            )
        )
    timer.done(
        "agencies",
        f"{len(agency_ids)} agencies, {len(logins)} users, {len(agreements)} sharing agreements",
    )
    truth: dict[str, str] = {}
    by_agency = demo_records(spec, today=today, truth=truth)
    timer.done("world", f"{sum(map(len, by_agency.values()))} records simulated")
    cases = rejected = 0
    for sim_id, records in sorted(by_agency.items()):
        actor = Actor(
            user_id=None,
            username="system:demo",
            agency_id=agency_ids[sim_id],
            role="admin",
            origin="cli",
        )
        # The importer's batched path: rows checked first, then 250 cases per commit.
        report = import_in_batches(store, rows=records, actor=actor)
        cases += report.imported
        rejected += len(report.problems)
        progress(f"{sim_id}: {report.imported} cases imported")
    timer.done("cases", f"{cases} cases imported")
    tally = None
    if casework:
        kinds = {sim.agency_id: sim.kind for sim in sims}
        plans = {
            record["record_id"]: plan_casework(
                record, seed=seed, today=today, agency_kind=kinds[sim_id]
            )
            for sim_id, records in by_agency.items()
            for record in records
        }
        tally = play_casework(store, plans=plans, actors=actors, today=today, progress=progress)
        _hand_out_cases(store, actors, today=today)
        timer.done(
            "casework",
            f"{tally.consents} consents, {tally.referrals} referrals, "
            f"{tally.services} services, {tally.decisions} NRM decisions, "
            f"{tally.closures} closures ({len(tally.skipped)} refused by the rules)",
        )
    justice = None
    if justice_share > 0:
        justice, justice_logins = play_justice(
            store,
            spec=spec,
            today=today,
            agency_ids=agency_ids,
            investigators=investigators,
            case_holders=actors.caseworker,
            share=justice_share,
            progress=progress,
        )
        logins += [DemoLogin(j.username, j.password, j.agency, j.role) for j in justice_logins]
        timer.done(
            "justice",
            f"{justice.investigations} investigations, {justice.proceedings} "
            f"proceedings, {justice.charges} charges ({len(justice.refused)} refused by the rules)",
        )
    run = None
    if coordinator is not None:
        run = run_linkage(store, coordinator=coordinator.actor)
        timer.done("linkage", f"{run.persons} persons in {run.records} case records")
    summary = DemoSummary(
        logins=logins,
        cases=cases,
        rejected=rejected,
        casework=tally,
        justice=justice,
        linkage=run,
        agreements=agreements,
        true_persons=len(set(truth.values())),
        seconds=dict(timer.seconds),
    )
    progress(f"built in {timer.total():.0f} s. {summary.persons_line()}")
    return summary


class _Phases:
    """Times each phase of the build and says it as it ends (users like to see progress).

    The processor time is shown beside the wall time: on a shared machine the wall time
    says more about the others' load than about the build."""

    def __init__(self, progress: Callable[[str], None]) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}
        self.start = self.last = time.perf_counter()
        self.cpu = time.process_time()

    def done(self, phase: str, what: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        self.seconds[phase] = round(now - self.last, 1)
        self.progress(
            f"[{phase}: {now - self.last:.0f} s, processor {cpu - self.cpu:.0f} s] {what}"
        )
        self.last, self.cpu = now, cpu

    def total(self) -> float:
        return time.perf_counter() - self.start


def _hand_out_cases(store: Store, actors: AgencyActors, *, today: date) -> None:
    """Give each agency's demo case worker some open cases and tasks, through the services."""
    for agency_id, worker in sorted(actors.caseworker.items()):
        with store.session() as session:
            ids = session.scalars(
                select(Case.id)
                .where(Case.agency_id == agency_id, Case.status.in_(("Active", "FollowUp")))
                .order_by(Case.id.desc())
                .limit(CASES_HANDED_OUT)
            ).all()
            for n, case_id in enumerate(ids):
                assign_case(session, case_id=case_id, to_user_id=worker.user_id or 0, actor=worker)
                if n % 3 == 0:
                    add_task(
                        session,
                        case_id=case_id,
                        data=TaskCreate(
                            title="Follow-up call: is the person safe, is the plan on track?",
                            due_on=today + timedelta(days=n % 10 - 3),
                        ),
                        actor=worker,
                    )


def write_logins(summary: DemoSummary, path: Path) -> None:
    path.write_text("\n".join(login.line() for login in summary.logins) + "\n")
    path.chmod(0o600)
