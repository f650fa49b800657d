"""The steps of the simulated casework of a batch of cases, through the Protect services.

Each step goes through the service a case worker's click would call, or its bulk verb
(the same checks and audit entries for many items, one flush), so consent rules, audit
and validation apply; only the timestamps the services set to "now" are moved back to
the simulated dates, because the demo's history happened before today. Steps come in
rounds over the batch (every case's needs, then every referral sent, and so on) and
keep each case's order. :mod:`.casework_batches` plays the cases a batch at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from palermo.cases.consent.recording import ConsentCreate
from palermo.cases.nrm.decisions import DecisionCreate, record_decisions
from palermo.cases.nrm.recovery import extend_recovery_period, start_recovery_periods
from palermo.cases.record.age import is_child
from palermo.cases.referrals.answers import (
    accept_referrals,
    complete_referrals,
    reject_referral,
    revoke_referral,
)
from palermo.cases.referrals.deliveries import record_services
from palermo.cases.referrals.sending import ReferralRequest, refer_all
from palermo.cases.support.plan import assess_needs_all
from palermo.cases.workflow import close_case, withdraw_consent
from palermo.demo.linkage_play import nrm_consent_given
from palermo.simulate.casework import Casework, DecisionEvent, ReferralEvent
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case, Consent, Referral
from palermo.vocab import InformedOf

SHARED_GROUPS = ["identity", "citizenship", "needs"]
DECISION_MAKERS = {
    "Police": "NRM competent authority (police liaison)",
    "NGO": "NRM competent authority",
}


@dataclass
class AgencyActors:
    """The demo users who act for each agency (by simulator agency id and by kind)."""

    caseworker: dict[int, Actor]
    by_kind: dict[str, int]
    supervisor: dict[int, Actor] = field(default_factory=dict)
    # Agencies of the national referral mechanism's sharing agreement (store ids).
    nrm: tuple[int, ...] = ()


@dataclass
class CaseworkTally:
    consents: int = 0
    referrals: int = 0
    services: int = 0
    decisions: int = 0
    closures: int = 0
    skipped: list[str] = field(default_factory=list)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0))


@dataclass
class LaterSteps:
    """What a batch of cases leaves for its last steps: rows to give their simulated dates
    (attributed to the actor whose step it was), consents to date and withdraw."""

    backdates: list[tuple[Actor, object, dict[str, object]]] = field(default_factory=list)
    consents: list[tuple[Actor, Case, list[Consent], Casework]] = field(default_factory=list)

    def later(self, actor: Actor, row: object, **values: object) -> None:
        self.backdates.append((actor, row, values))


def _backdate_all(
    session: Session, backdates: list[tuple[Actor, object, dict[str, object]]]
) -> None:
    """Give rows the dates of their simulated history, audited as such ("backdate"): one
    flush per actor, each row's entry attributed to the actor whose step it was."""
    by_actor: dict[str, tuple[Actor, list[tuple[object, dict[str, object]]]]] = {}
    for actor, row, values in backdates:
        by_actor.setdefault(actor.username, (actor, []))[1].append((row, values))
    for actor, rows in by_actor.values():
        with audit.acting_as(session, actor):
            for row, values in rows:
                audit.name_change(session, row, "backdate")
                for key, value in values.items():
                    setattr(row, key, value)


def _consent_data(
    case: Case, purpose: str, given_on: date, shared_with: int | None = None
) -> ConsentCreate:
    """Everything explained; for a child the guardian consents, as the rules require."""
    child = is_child(case, on=given_on)
    return ConsentCreate(
        purpose=purpose,
        informed_of=list(InformedOf),
        given_on=given_on,
        given_by="guardian" if child else "person",
        guardian_name="Appointed guardian" if child else None,
        shared_with_agency_id=shared_with,
    )


def _nrm_consents(case: Case, work: Casework, external_id: str, actors: AgencyActors) -> list[date]:
    """When the person agreed that the NRM's other agencies may know of them: with their
    consent to referral, for the share ``nrm_consent_given`` chooses."""
    if case.agency_id not in actors.nrm or not nrm_consent_given(external_id):
        return []
    return [c.given_on for c in work.consents if c.purpose == "referral" and c.withdrawn_on is None]


def consents_of(
    case: Case, work: Casework, external_id: str, actors: AgencyActors
) -> list[ConsentCreate]:
    """Every consent of the case's history, in a fixed order: its own purposes first (as
    valid, their expiry dated at the end: the referrals happened while they were), then
    one per referral sent, then those under the national referral mechanism."""
    data = [_consent_data(case, e.purpose, e.given_on) for e in work.consents]
    for event in work.referrals:
        to_agency = actors.by_kind.get(event.to_kind)
        if to_agency is not None and to_agency != case.agency_id:
            data.append(_consent_data(case, "sharing", event.sent_on, shared_with=to_agency))
    for given_on in _nrm_consents(case, work, external_id, actors)[:1]:
        data += [
            _consent_data(case, "sharing", given_on, shared_with=other)
            for other in actors.nrm
            if other != case.agency_id
        ]
    return data


def play_referrals(
    session: Session,
    played: list[tuple[Case, Casework]],
    actors: AgencyActors,
    tally: CaseworkTally,
    batch: LaterSteps,
) -> None:
    """The referrals of a batch of cases, in rounds: sent (one bulk call per referring
    agency), answered, their services recorded, completed (one bulk call per receiving
    agency for each). Each referral's steps keep their order; the rules check each."""
    sent: dict[int, list[tuple[Case, ReferralEvent, int]]] = {}
    for case, work in played:
        for event in work.referrals:
            to_agency = actors.by_kind.get(event.to_kind)
            if to_agency is not None and to_agency != case.agency_id:
                sent.setdefault(case.agency_id, []).append((case, event, to_agency))
    moves: list[tuple[Referral, ReferralEvent, Actor, Actor]] = []
    for agency_id, items in sent.items():
        sender = actors.caseworker[agency_id]
        made = refer_all(
            session,
            items=[
                ReferralRequest(case.id, to_agency, event.service, SHARED_GROUPS)
                for case, event, to_agency in items
            ],
            actor=sender,
        )
        for ref, (_case, event, to_agency) in zip(made, items, strict=True):
            batch.later(sender, ref, created_at=_at(event.sent_on))
            moves.append((ref, event, sender, actors.caseworker[to_agency]))
        tally.referrals += len(made)
    accepted: dict[int, list[tuple[Referral, ReferralEvent]]] = {}
    for ref, event, sender, receiver in moves:
        answered = _at(event.answered_on or event.sent_on)
        if event.state == "in_progress":
            continue
        if event.state == "revoked":
            revoke_referral(session, referral_id=ref.id, actor=sender)
            batch.later(sender, ref, revoked_at=answered)
        elif event.state == "rejected":
            reject_referral(
                session,
                referral_id=ref.id,
                actor=receiver,
                reason="No capacity at the time of the request.",
            )
            batch.later(receiver, ref, responded_at=answered)
        else:
            accepted.setdefault(ref.to_agency_id, []).append((ref, event))
            batch.later(receiver, ref, responded_at=answered)
    for agency_id, rows in accepted.items():
        receiver = actors.caseworker[agency_id]
        accept_referrals(session, referral_ids=[ref.id for ref, _event in rows], actor=receiver)
        done = [
            (ref, event.service, event.delivered_on)
            for ref, event in rows
            if event.state == "done" and event.delivered_on
        ]
        record_services(
            session,
            items=[(ref.id, service, on) for ref, service, on in done],
            actor=receiver,
        )
        complete_referrals(session, referral_ids=[ref.id for ref, _s, _on in done], actor=receiver)
        for ref, _service, on in done:
            batch.later(receiver, ref, done_at=_at(on))
        tally.services += len(done)


def play_needs(session: Session, played: list[tuple[Case, Casework]], actors: AgencyActors) -> None:
    """The needs assessment of each case of a batch that has one (one bulk call per
    agency), dated with the first consent: the person agreed to services first."""
    by_agency: dict[int, list[tuple[int, list[str], date | None]]] = {}
    for case, work in played:
        if work.needs and work.consents:
            by_agency.setdefault(case.agency_id, []).append(
                (case.id, list(work.needs), work.consents[0].given_on)
            )
    for agency_id, items in by_agency.items():
        assess_needs_all(session, items=items, actor=actors.caseworker[agency_id])


def _decision(case_org: str, event: DecisionEvent) -> DecisionCreate:
    return DecisionCreate(
        stage=event.stage,
        result=event.result,
        decision_maker=DECISION_MAKERS.get(case_org, DECISION_MAKERS["NGO"]),
        decision_org=case_org,
        decided_on=event.decided_on,
        reasons="Assessment of the indicators and the interview record.",
    )


def play_decisions(
    session: Session,
    played: list[tuple[Case, Casework]],
    actors: AgencyActors,
    today: date,
    tally: CaseworkTally,
) -> None:
    """The NRM decisions and recovery periods of a batch of cases, in rounds: every case's
    first decision (one bulk call per agency), the recovery periods that follow a
    reasonable-grounds one, then every case's second decision. Each case's steps keep
    their order; the rules check each as the one-by-one services would."""
    orgs = {case.id: case.status_decision_org or "NGO" for case, _work in played}
    rounds = max((len(work.decisions) for _case, work in played), default=0)
    for n in range(rounds):
        decided: dict[int, list[tuple[int, DecisionCreate]]] = {}
        periods: dict[int, list[tuple[Case, tuple[date, date, date | None]]]] = {}
        for case, work in played:
            if n >= len(work.decisions):
                continue
            event = work.decisions[n]
            decided.setdefault(case.agency_id, []).append(
                (case.id, _decision(orgs[case.id], event))
            )
            if event.stage == "reasonable_grounds" and work.recovery:
                periods.setdefault(case.agency_id, []).append((case, work.recovery))
        for agency_id, items in decided.items():
            record_decisions(session, items=items, actor=actors.caseworker[agency_id], today=today)
            tally.decisions += len(items)
        for agency_id, starts in periods.items():
            worker = actors.caseworker[agency_id]
            start_recovery_periods(
                session,
                items=[(case.id, start, end) for case, (start, end, _ext) in starts],
                actor=worker,
            )
            for case, (_start, _end, extended) in starts:
                if extended:
                    extend_recovery_period(
                        session,
                        case_id=case.id,
                        extended_to=extended,
                        reason="Conclusive-grounds decision still awaited.",
                        actor=worker,
                    )


def finish_steps(session: Session, batch: LaterSteps, tally: CaseworkTally) -> None:
    """The last steps of every case of the batch: dates, withdrawals, closures."""
    for worker, _case, made, work in batch.consents:
        for row, event in zip(made[: len(work.consents)], work.consents, strict=True):
            if event.expires_on is not None:
                batch.later(worker, row, expires_on=event.expires_on)
    _backdate_all(session, batch.backdates)
    # The withdrawals' and closures' own dates are given at the end, in one flush per actor.
    later: list[tuple[Actor, object, dict[str, object]]] = []
    for worker, case, made, work in batch.consents:
        for row, event in zip(made[: len(work.consents)], work.consents, strict=True):
            if event.withdrawn_on:
                withdraw_consent(
                    session, consent_id=row.id, actor=worker, note="Withdrawn by the person."
                )
                later.append((worker, row, {"withdrawn_on": event.withdrawn_on}))
        if work.closed_on and work.closure_reason:
            change = close_case(
                session, case_id=case.id, reason_code=work.closure_reason, note=None, actor=worker
            )
            later.append((worker, change, {"changed_at": _at(work.closed_on)}))
            tally.closures += 1
    _backdate_all(session, later)
