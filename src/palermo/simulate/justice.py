"""Investigations and trials of the simulated world's traffickers, with realistic attrition.

From a world (:func:`palermo.simulate.iter_world`), :func:`simulate_justice` gives the
plain justice records of :mod:`palermo.justice` (victim and suspect references,
investigations, proceedings, compensation, participation, charges against victims) and
the ground truth behind them (which person, perpetrator and network each record is).

How a case moves, per trafficking network of the world (each network seeded by its own
id, so the result does not depend on the order of the records):

* each identified victim is **reported** to the police with a probability depending on
  who identified them (police and border police: ``report_police``; other agencies,
  which need the victim's consent: ``report_other``); a victim not reported gets a
  recorded reason (declined, fear of reprisal, unreachable) or none;
* a report opens an **investigation** of the network (``investigate``) shortly after;
  the victims reported while it runs join it, and a report after it closed may open
  the next one; each perpetrator not yet charged is named as a suspect
  (``suspect_named``); investigations of cross-border networks use international
  cooperation; they last months to years (log-normal, median about eight months);
* a closed investigation with suspects leads to **charges** (``charges_filed``), else
  closes with a recorded reason; each suspect is charged (``suspect_charged``) and tried
  (:mod:`palermo.simulate.trials`: hearings, adjournments, verdicts, sentences, appeals,
  victims' participation and protection, compensation ordered and partly paid);
* victims exploited in crime, begging, prostitution or crossing borders are sometimes
  **charged themselves** (non-punishment cases), with their outcome.

Everything after ``as_of`` has not happened yet (open investigations, pending trials).

**Calibration.** On the default national world (10,000 victims, seed 7, records taken
at the end of 2024) about 45 % of identified victims reach an investigation, 16 % a
prosecution and 11 % a case with a conviction; of suspects, 63 % are prosecuted and 61 %
of those convicted: 7.5 convicted per 100 identified victims (``bench/bench_justice.py``
prints these figures). The published orders of magnitude aimed at (units differ between
sources, so only the orders carry over): the US State Department's Trafficking in
Persons Report 2010 counts, for 2009 worldwide, 49,105 victims identified, 5,606
prosecutions and 4,166 convictions (8.5 convicted offenders per 100 victims identified,
the report's own ratio); its 2017 report counts, for 2016, 14,894 prosecutions and 9,071
convictions (61 %); the European Commission's 2016 progress report (SWD(2016) 159)
counts, for 2013-2014 in the EU, 15,846 registered victims, 6,324 persons in formal
contact with the police or justice, 4,079 prosecutions (65 % of them) and 3,129
convictions (77 % of prosecutions); UNODC's Global Report 2022 notes convictions falling
since 2017, by 27 % in 2020. The simulated world has about one perpetrator per six
victims, so it has fewer suspects per identified victim (0.2) than the EU figures (0.4).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from palermo.justice.articles import LegalArticles, load_legal_articles
from palermo.justice.dataset import JusticeDataset
from palermo.justice.records import Cooperation, Investigation, SuspectRef, VictimRef
from palermo.simulate.agencies import build_agencies
from palermo.simulate.justice_records import (
    age_on,
    first_records,
    pick,
    seeded,
    victim_charge,
    victim_ref,
)
from palermo.simulate.spec import WorldSpec
from palermo.simulate.trials import TrialContext, TrialRates, simulate_trial
from palermo.simulate.world import WorldChunk, iter_world
from palermo.vocab.justice import (
    CooperationKind,
    DropOutReason,
    InvestigationOutcome,
    Offence,
)

_POLICE_KINDS = {"police", "border_police"}
_NOT_REPORTED = (
    (DropOutReason.victim_declined_to_report, 0.5),
    (DropOutReason.fear_of_reprisal, 0.3),
    (DropOutReason.victim_unreachable, 0.2),
)
_NO_CHARGES = (
    (DropOutReason.insufficient_evidence, 0.45),
    (DropOutReason.victim_withdrew, 0.2),
    (DropOutReason.fear_of_reprisal, 0.1),
    (DropOutReason.victim_unreachable, 0.1),
    (DropOutReason.suspect_abroad, 0.15),
)
_COOPERATION = (
    (CooperationKind.mla_request_sent, 0.35),
    (CooperationKind.police_information_exchange, 0.3),
    (CooperationKind.joint_investigation_team, 0.05),
    (CooperationKind.interpol_red_notice, 0.08),
)


@dataclass(frozen=True)
class JusticeRates:
    """Probabilities of each step (see the module docstring)."""

    report_police: float = 0.75
    report_other: float = 0.35
    not_reported_reason_recorded: float = 0.6
    investigate: float = 0.85
    suspect_named: float = 0.6
    charges_filed: float = 0.6
    suspect_charged: float = 0.8
    trials: TrialRates = field(default_factory=TrialRates)


@dataclass(frozen=True)
class JusticeSimSpec:
    """``as_of``: the day the records are taken (default: 31 December of the world's last
    year). ``seed`` is mixed with the world's. ``articles``: legal articles file (None:
    Palermo's illustrative one)."""

    as_of: date | None = None
    seed: int = 0
    rates: JusticeRates = field(default_factory=JusticeRates)
    articles: str | None = None


@dataclass(frozen=True)
class JusticeTruth:
    """What only the simulator knows: who each record is."""

    victim_person: dict[str, str]  # victim_id -> person_id
    suspect_perpetrator: dict[str, str]  # suspect_id -> perpetrator_id
    investigation_network: dict[str, str]  # investigation_id -> network_id
    networks: int  # networks in the world
    perpetrators: int  # perpetrators in the world
    victims: int  # victims in the world, identified or not


@dataclass(frozen=True)
class SimulatedJustice:
    data: JusticeDataset
    truth: JusticeTruth
    as_of: date


def simulate_justice(world: WorldSpec, spec: JusticeSimSpec | None = None) -> SimulatedJustice:
    """The justice records of the world ``world`` (generated here)."""
    return justice_from_chunks(iter_world(world), world=world, spec=spec)


def justice_from_chunks(
    chunks: Iterable[WorldChunk], *, world: WorldSpec, spec: JusticeSimSpec | None = None
) -> SimulatedJustice:
    """The justice records of already generated chunks of ``world`` (e.g. the demo's)."""
    builder = _Builder(world, spec or JusticeSimSpec())
    for chunk in chunks:
        builder.add_chunk(chunk)
    return builder.result()


@dataclass
class _Network:
    """One network of a chunk: its perpetrators and its identified victims."""

    network_id: str
    perpetrators: dict[str, dict[str, Any]]  # perpetrator_id -> perpetrators row
    rows: list[dict[str, Any]]  # first records of its identified victims
    perps_of_person: dict[str, list[str]]


class _Builder:
    """Accumulates the records of every chunk, network by network."""

    def __init__(self, world: WorldSpec, spec: JusticeSimSpec) -> None:
        self.world, self.spec, self.rates = world, spec, spec.rates
        self.as_of = spec.as_of or date(world.years[1], 12, 31)
        self.articles: LegalArticles = load_legal_articles(spec.articles)
        agencies = build_agencies(world)
        self.kinds = {a.agency_id: a.kind for a in agencies}
        self.police: dict[str, str] = {}
        for agency in agencies:
            if agency.kind == "police":
                self.police.setdefault(agency.country, agency.agency_id)
        self.out: dict[str, list[Any]] = defaultdict(list)
        self.truth: dict[str, dict[str, str]] = defaultdict(dict)
        self.totals = {"networks": 0, "perpetrators": 0, "victims": 0}
        self.suspects: dict[str, SuspectRef] = {}  # perpetrator_id -> reference
        self.charged: set[str] = set()  # perpetrators already charged (never twice)

    def result(self) -> SimulatedJustice:
        out = self.out
        data = JusticeDataset(
            victims=tuple(out["victims"]),
            suspects=tuple(out["suspects"]),
            investigations=tuple(out["investigations"]),
            proceedings=tuple(out["proceedings"]),
            compensations=tuple(out["compensations"]),
            participations=tuple(out["participations"]),
            non_punishment=tuple(out["non_punishment"]),
        )
        truth = JusticeTruth(
            victim_person=self.truth["victim"],
            suspect_perpetrator=self.truth["suspect"],
            investigation_network=self.truth["investigation"],
            **self.totals,
        )
        return SimulatedJustice(data=data, truth=truth, as_of=self.as_of)

    def add_chunk(self, chunk: WorldChunk) -> None:
        self.totals["networks"] += chunk.perpetrators["network_id"].n_unique()
        self.totals["perpetrators"] += chunk.perpetrators.height
        self.totals["victims"] += chunk.persons.height
        perps = {row["perpetrator_id"]: row for row in chunk.perpetrators.to_dicts()}
        network_of: dict[str, str] = {}
        perps_of_person: dict[str, list[str]] = defaultdict(list)
        for person, perp in zip(
            chunk.links["person_id"], chunk.links["perpetrator_id"], strict=True
        ):
            network_of[person] = perps[perp]["network_id"]
            perps_of_person[person].append(perp)
        networks: dict[str, _Network] = {}
        for perp_id, row in perps.items():
            net = networks.setdefault(
                row["network_id"], _Network(row["network_id"], {}, [], perps_of_person)
            )
            net.perpetrators[perp_id] = row
        truth = {
            person: (kind, (origin, dest))
            for person, kind, origin, dest in chunk.persons.select(
                "person_id",
                "exploitation_kind",
                "hte_Country__Recruitment",
                "hte_Country__Exploitation",
            ).iter_rows()
        }
        for row in first_records(chunk, self.as_of).to_dicts():
            kind, route = truth[row["person_id"]]
            row["route"] = route  # the true route: a record may have lost its countries
            rng = self._rng(f"np:{row['person_id']}")
            charge = victim_charge(rng, row, kind, route[0] != route[1], self.as_of)
            if charge is not None:
                self.out["non_punishment"].append(charge)
            network = network_of.get(row["person_id"])
            if network is None:  # a victim no perpetrator is linked to is never investigated
                self._victims(self._rng(row["person_id"]), [row], reported=False)
            else:
                networks[network].rows.append(row)
        for network_id in sorted(networks):
            net = networks[network_id]
            if net.rows:
                self._network(net)

    def _rng(self, key: str) -> np.random.Generator:
        return seeded(self.spec.seed, self.world.seed, key)

    def _victims(
        self, rng: np.random.Generator, rows: list[dict[str, Any]], *, reported: bool
    ) -> list[tuple[VictimRef, date]]:
        """Record each victim; return those reported to the police, with the report date."""
        rates, found = self.rates, []
        for row in rows:
            police = self.kinds.get(row["agency_id"]) in _POLICE_KINDS
            chance = rates.report_police if police else rates.report_other
            if reported and rng.random() < chance:
                victim = victim_ref(row, None)
                found.append(
                    (victim, victim.identified_on + timedelta(days=int(rng.integers(0, 31))))
                )
            else:
                recorded = rng.random() < rates.not_reported_reason_recorded
                victim = victim_ref(row, pick(rng, _NOT_REPORTED) if recorded else None)
            self.out["victims"].append(victim)
            self.truth["victim"][victim.victim_id] = row["person_id"]
        return found

    def _network(self, net: _Network) -> None:
        """Investigations of one network, in waves: a report opens one (or not), the
        victims reported while it runs join it, a later report may open the next."""
        rng = self._rng(net.network_id)
        rows = sorted(net.rows, key=lambda r: (r["plm_IdentificationDate"], r["record_id"]))
        waiting = sorted(self._victims(rng, rows, reported=True), key=lambda vd: vd[1])
        person_of = {row["record_id"]: row["person_id"] for row in rows}
        route = rows[0]["route"]
        wave = 0
        while waiting:
            if rng.random() >= self.rates.investigate:
                waiting.pop(0)  # this report led nowhere; the next one may
                continue
            wave += 1
            opened = waiting[0][1] + timedelta(days=int(rng.integers(0, 46)))
            if opened > self.as_of:
                return
            lasting = int(np.clip(np.exp(rng.normal(np.log(240), 0.6)), 30, 1500))
            end = opened + timedelta(days=lasting)
            named = [v for v, day in waiting if day <= min(end, self.as_of)]
            waiting = [(v, day) for v, day in waiting if day > min(end, self.as_of)]
            self._investigate(
                rng, net, f"INV-{net.network_id}-{wave}", opened, end, named, person_of, route
            )

    def _investigate(
        self,
        rng: np.random.Generator,
        net: _Network,
        inv_id: str,
        opened: date,
        end: date,
        named: list[VictimRef],
        person_of: dict[str, str],
        route: tuple[str, str],
    ) -> None:
        rates, as_of = self.rates, self.as_of
        origin, country = route
        cross = origin != country
        free = [p for p in sorted(net.perpetrators) if p not in self.charged]
        named_perps = [p for p in free if rng.random() < rates.suspect_named]
        suspects = [self._suspect(net.perpetrators[p], opened) for p in named_perps]
        cooperation = []
        if cross:
            for kind, chance in _COOPERATION:
                on = opened + timedelta(days=int(rng.integers(10, 200)))
                if rng.random() < chance and on <= min(end, as_of):
                    answered = on + timedelta(days=int(rng.integers(30, 300)))
                    cooperation.append(
                        Cooperation(kind, origin, on, answered if answered <= as_of else None)
                    )
        closed: date | None = end if end <= as_of else None
        outcome = reason = None
        charged: list[str] = []
        if closed is None:
            pass
        elif named_perps and rng.random() < rates.charges_filed:
            outcome = InvestigationOutcome.charges_filed
            charged = [
                p for p in named_perps if rng.random() < rates.suspect_charged
            ] or named_perps[:1]
        elif not named_perps:
            outcome, reason = InvestigationOutcome.suspended, DropOutReason.suspect_not_identified
        else:
            reason = pick(rng, _NO_CHARGES if cross else _NO_CHARGES[:-1])
            abroad = reason is DropOutReason.suspect_abroad
            outcome = (
                InvestigationOutcome.suspended if abroad else InvestigationOutcome.closed_no_charges
            )
        group = (len(net.perpetrators) >= 3) if rng.random() < 0.5 else None
        agency = self.police.get(country, f"{country}-POLICE")
        self.out["investigations"].append(
            Investigation(
                inv_id,
                agency,
                opened,
                (Offence.trafficking_in_persons,),
                tuple(v.victim_id for v in named),
                tuple(s.suspect_id for s in suspects),
                tuple(cooperation),
                closed,
                outcome,
                reason,
                group,
            )
        )
        self.truth["investigation"][inv_id] = net.network_id
        for perp_id in charged:
            self.charged.add(perp_id)
            mine = [v for v in named if perp_id in net.perps_of_person[person_of[v.victim_id]]]
            ctx = TrialContext(
                f"PRO-{perp_id}",
                inv_id,
                f"SUS-{perp_id}",
                country,
                closed,  # type: ignore[arg-type]
                tuple(mine or named),
                as_of,
                cross,
                self.articles,
            )
            trial = simulate_trial(rng, ctx, rates.trials)
            self.out["proceedings"].append(trial.proceeding)
            self.out["participations"].extend(trial.participations)
            self.out["compensations"].extend(trial.compensations)

    def _suspect(self, perp: dict[str, Any], opened: date) -> SuspectRef:
        """The perpetrator's suspect reference, made when first named (age then)."""
        known = self.suspects.get(perp["perpetrator_id"])
        if known is not None:
            return known
        suspect = SuspectRef(
            f"SUS-{perp['perpetrator_id']}",
            perp["prs_Gender"],
            age_on(perp["prs_Birthdate"], opened),
            tuple(perp["prs_Citizenship"] or ()),
            tuple(perp["per_RoleInProcess"] or ()),
        )
        self.suspects[perp["perpetrator_id"]] = suspect
        self.out["suspects"].append(suspect)
        self.truth["suspect"][suspect.suspect_id] = perp["perpetrator_id"]
        return suspect
