"""Play the simulated casework of the demo world through the Protect services.

Each step goes through the same service a case worker's click would call, so
consent rules, audit and validation apply; only the timestamps the services set
to "now" are moved back to the simulated dates, because the demo's history
happened before today.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.nrm.decisions import DecisionCreate, record_decision
from palermo.cases.nrm.recovery import extend_recovery_period, start_recovery_period
from palermo.cases.record.age import is_child
from palermo.cases.referrals.answers import (
    accept_referral,
    complete_referral,
    reject_referral,
    revoke_referral,
)
from palermo.cases.referrals.deliveries import record_service
from palermo.cases.referrals.sending import refer
from palermo.cases.support.plan import assess_needs
from palermo.cases.workflow import close_case, withdraw_consent
from palermo.errors import PalermoError
from palermo.simulate.casework import Casework, ReferralEvent
from palermo.store import Store, audit
from palermo.store.actor import Actor
from palermo.store.models import Case, CaseStatusChange
from palermo.store.models.case import external_id_digest
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


def _backdate(session: Session, actor: Actor, row: object, **values: object) -> None:
    """Give a row the dates of its simulated history, audited as such ("backdate") and
    attributed to the actor whose step it was."""
    with audit.acting_as(session, actor):
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


def _refer(
    session: Session, case: Case, event: ReferralEvent, actors: AgencyActors, tally: CaseworkTally
) -> None:
    to_agency = actors.by_kind.get(event.to_kind)
    if to_agency is None or to_agency == case.agency_id:
        return
    sender = actors.caseworker[case.agency_id]
    receiver = actors.caseworker[to_agency]
    record_consent(
        session,
        case_id=case.id,
        actor=sender,
        data=_consent_data(case, "sharing", event.sent_on, shared_with=to_agency),
    )
    ref = refer(
        session,
        case_id=case.id,
        to_agency_id=to_agency,
        service=event.service,
        shared_fields=SHARED_GROUPS,
        note=None,
        respond_by=None,
        actor=sender,
    )
    _backdate(session, sender, ref, created_at=_at(event.sent_on))
    tally.referrals += 1
    if event.state == "in_progress":
        return
    if event.state == "revoked":
        revoke_referral(session, referral_id=ref.id, actor=sender)
        _backdate(session, sender, ref, revoked_at=_at(event.answered_on or event.sent_on))
        return
    if event.state == "rejected":
        reject_referral(
            session,
            referral_id=ref.id,
            actor=receiver,
            reason="No capacity at the time of the request.",
        )
        _backdate(session, receiver, ref, responded_at=_at(event.answered_on or event.sent_on))
        return
    accept_referral(session, referral_id=ref.id, actor=receiver)
    _backdate(session, receiver, ref, responded_at=_at(event.answered_on or event.sent_on))
    if event.state == "done" and event.delivered_on:
        record_service(
            session,
            referral_id=ref.id,
            service_type=event.service,
            delivered_on=event.delivered_on,
            outcome=None,
            actor=receiver,
        )
        complete_referral(session, referral_id=ref.id, actor=receiver)
        _backdate(session, receiver, ref, done_at=_at(event.delivered_on))
        tally.services += 1


def _play(
    session: Session,
    case: Case,
    work: Casework,
    actors: AgencyActors,
    today: date,
    tally: CaseworkTally,
) -> None:
    worker = actors.caseworker[case.agency_id]
    made = []
    for event in work.consents:
        # Recorded as valid first: the referrals below happened while they were.
        made.append(
            record_consent(
                session,
                case_id=case.id,
                actor=worker,
                data=_consent_data(case, event.purpose, event.given_on),
            )
        )
        tally.consents += 1
    if work.needs and work.consents:
        assess_needs(
            session,
            case_id=case.id,
            needs=list(work.needs),
            notes=None,
            actor=worker,
            assessed_on=work.consents[0].given_on,
        )
    for referral in work.referrals:
        _refer(session, case, referral, actors, tally)
    org = case.status_decision_org or "NGO"
    for decision in work.decisions:
        record_decision(
            session,
            case_id=case.id,
            actor=worker,
            today=today,
            data=DecisionCreate(
                stage=decision.stage,
                result=decision.result,
                decision_maker=DECISION_MAKERS.get(org, DECISION_MAKERS["NGO"]),
                decision_org=org,
                decided_on=decision.decided_on,
                reasons="Assessment of the indicators and the interview record.",
            ),
        )
        tally.decisions += 1
        if decision.stage == "reasonable_grounds" and work.recovery:
            start, end, extended = work.recovery
            start_recovery_period(
                session, case_id=case.id, starts_on=start, ends_on=end, actor=worker
            )
            if extended:
                extend_recovery_period(
                    session,
                    case_id=case.id,
                    extended_to=extended,
                    reason="Conclusive-grounds decision still awaited.",
                    actor=worker,
                )
    for row, event in zip(made, work.consents, strict=True):
        _backdate(session, worker, row, expires_on=event.expires_on)
        if event.withdrawn_on:
            withdraw_consent(
                session, consent_id=row.id, actor=worker, note="Withdrawn by the person."
            )
            _backdate(session, worker, row, withdrawn_on=event.withdrawn_on)
    if work.closed_on and work.closure_reason:
        close_case(
            session, case_id=case.id, reason_code=work.closure_reason, note=None, actor=worker
        )
        change = session.scalars(
            select(CaseStatusChange)
            .where(CaseStatusChange.case_id == case.id)
            .order_by(CaseStatusChange.id.desc())
        ).first()
        if change is not None:
            _backdate(session, worker, change, changed_at=_at(work.closed_on))
        tally.closures += 1


def play_casework(
    store: Store,
    *,
    plans: dict[str, Casework],
    actors: AgencyActors,
    today: date,
    progress: Callable[[str], None] = lambda _msg: None,
) -> CaseworkTally:
    """Apply each case's simulated casework; ``plans`` is keyed by the case's external id."""
    tally = CaseworkTally()
    with store.session() as session:
        digests = [external_id_digest(ref) for ref in plans]  # external ids are encrypted
        cases = session.scalars(select(Case).where(Case.external_id_digest.in_(digests))).all()
        ids = [(c.id, c.external_id) for c in cases]
    for done, (case_id, external_id) in enumerate(ids, start=1):
        with store.session() as session:
            case = session.get(Case, case_id)
            if case is None or external_id is None:
                continue
            try:
                _play(session, case, plans[external_id], actors, today, tally)
            except PalermoError as exc:
                # One case's simulated history the rules refuse is left out, not the demo.
                session.rollback()
                tally.skipped.append(f"{external_id}: {exc.message}")
        if done % 1000 == 0:
            progress(f"casework: {done} of {len(ids)} cases")
    return tally
