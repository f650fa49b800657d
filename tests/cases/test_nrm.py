"""NRM decisions: the order of the mechanism, reconsideration, status in step, recovery periods."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from palermo import cases
from palermo.cases.nrm.decisions import (
    DecisionCreate,
    describe,
    nrm_history,
    record_decision,
    request_reconsideration,
)
from palermo.cases.nrm.recovery import extend_recovery_period, extensions_of, start_recovery_period
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.errors import Conflict, NotFound, ValidationFailed
from palermo.store import Store
from palermo.store.audit import verify_chain
from palermo.store.models import AuditEntry, Case
from tests.factories import make_agency_user

TODAY = date(2025, 6, 30)


def _open(store: Store, actor) -> int:
    with store.session() as s:
        case = cases.open_case(
            s,
            data=CaseCreate(person=PersonData(given_name="Test"), identified_on=date(2025, 3, 3)),
            actor=actor,
        )
        return case.id


def _decide(store, actor, case_id, stage, result, on, maker="Officer A", **extra):
    with store.session() as s:
        row = record_decision(
            s,
            case_id=case_id,
            data=DecisionCreate(
                stage=stage,
                result=result,
                decision_maker=maker,
                decision_org="NonPoliceGovernmentalOrganization",
                decided_on=on,
                reasons="Credible account, indicators present.",
                **extra,
            ),
            actor=actor,
            today=TODAY,
        )
        return row.id


def _case(store, case_id) -> Case:
    with store.session() as s:
        case = s.get(Case, case_id)
        s.expunge(case)
        return case


def test_valid_sequence_keeps_status_in_step(store: Store) -> None:
    actor = make_agency_user(store)
    case_id = _open(store, actor)
    _decide(store, actor, case_id, "reasonable_grounds", "positive", date(2025, 3, 7), "RG Officer")
    case = _case(store, case_id)
    assert case.trafficking_status == "PossibleVictimOfTrafficking"
    assert case.status_decided_by == "RG Officer"
    assert case.status_decided_on == date(2025, 3, 7)
    assert case.status_decision_org == "NonPoliceGovernmentalOrganization"
    with store.session() as s:
        period = start_recovery_period(s, case_id=case_id, starts_on=date(2025, 3, 7), actor=actor)
        assert period.ends_on == date(2025, 4, 21)  # default: 45 calendar days
    _decide(store, actor, case_id, "conclusive_grounds", "positive", date(2025, 4, 15), "CG Panel")
    case = _case(store, case_id)
    assert case.trafficking_status == "ActualVictimOfTrafficking"
    assert (case.status_decided_by, case.status_decided_on) == ("CG Panel", date(2025, 4, 15))
    with store.session() as s:
        history = nrm_history(s, case_id=case_id, actor=actor)
        assert [d.stage for d in history.decisions] == ["reasonable_grounds", "conclusive_grounds"]
        assert history.decisions[0].reasons == "Credible account, indicators present."
        assert len(history.periods) == 1 and history.pending_reconsiderations == []
        assert verify_chain(s).intact
        entities = {e.entity for e in s.scalars(select(AuditEntry))}
        assert {"nrm_decision", "recovery_period"} <= entities


def test_refused_orders(store: Store) -> None:
    actor = make_agency_user(store)
    case_id = _open(store, actor)
    with pytest.raises(Conflict, match="needs a positive reasonable-grounds decision first"):
        _decide(store, actor, case_id, "conclusive_grounds", "positive", date(2025, 3, 7))
    with store.session() as s, pytest.raises(Conflict, match="after a positive reasonable"):
        start_recovery_period(s, case_id=case_id, starts_on=date(2025, 3, 7), actor=actor)
    rg = _decide(store, actor, case_id, "reasonable_grounds", "negative", date(2025, 3, 7))
    with pytest.raises(Conflict, match="only be the result of a reconsideration"):
        _decide(store, actor, case_id, "reasonable_grounds", "positive", date(2025, 3, 8))
    with pytest.raises(Conflict, match="needs a positive reasonable-grounds decision first"):
        _decide(store, actor, case_id, "conclusive_grounds", "positive", date(2025, 3, 9))
    with pytest.raises(Conflict, match="No reconsideration .* requested"):
        _decide(
            store,
            actor,
            case_id,
            "reasonable_grounds",
            "positive",
            date(2025, 3, 9),
            reconsiders_id=rg,
        )
    with pytest.raises(ValidationFailed, match="refused") as err:
        _decide(store, actor, case_id, "reasonable_grounds", "positive", date(2099, 1, 1))
    assert err.value.problems[0].field == "decided_on"
    with pytest.raises(ValueError):
        DecisionCreate(
            stage="reasonable_grounds",
            result="positive",
            decision_maker=" ",
            decided_on=date(2025, 3, 1),
            reasons="x",
        )
    case = _case(store, case_id)
    # A negative decision is kept with its maker; the status never says "not a victim".
    assert case.trafficking_status == "PossibleVictimOfTrafficking"
    assert case.status_decided_by == "Officer A"


def test_reconsideration_of_a_negative_decision(store: Store) -> None:
    actor = make_agency_user(store)
    case_id = _open(store, actor)
    rg = _decide(store, actor, case_id, "reasonable_grounds", "negative", date(2025, 3, 7))
    with store.session() as s:
        req = request_reconsideration(
            s,
            case_id=case_id,
            decision_id=rg,
            requested_by="Legal adviser B",
            requested_on=date(2025, 3, 10),
            reasons="New evidence from the shelter.",
            actor=actor,
        )
        assert (req.stage, req.result, req.reconsiders_id) == ("reconsideration", "requested", rg)
    with store.session() as s, pytest.raises(Conflict, match="already pending"):
        request_reconsideration(
            s,
            case_id=case_id,
            decision_id=rg,
            requested_by="B",
            requested_on=date(2025, 3, 11),
            reasons="again",
            actor=actor,
        )
    new = _decide(
        store,
        actor,
        case_id,
        "reasonable_grounds",
        "positive",
        date(2025, 3, 14),
        "Reviewer C",
        reconsiders_id=rg,
    )
    case = _case(store, case_id)
    assert case.trafficking_status == "PossibleVictimOfTrafficking"
    assert case.status_decided_by == "Reviewer C"
    with store.session() as s:
        history = nrm_history(s, case_id=case_id, actor=actor)
        assert history.pending_reconsiderations == []
        last = history.decisions[-1]
        assert (last.id, last.reconsiders_id) == (new, rg)
        assert describe(history.decisions[0]).startswith(
            "negative reasonable-grounds decision by Officer A on 2025-03-07"
        )
    with store.session() as s, pytest.raises(Conflict, match="Only a negative"):
        request_reconsideration(
            s,
            case_id=case_id,
            decision_id=new,
            requested_by="B",
            requested_on=date(2025, 3, 20),
            reasons="x",
            actor=actor,
        )
    _decide(store, actor, case_id, "conclusive_grounds", "positive", date(2025, 4, 1))
    assert _case(store, case_id).trafficking_status == "ActualVictimOfTrafficking"


def test_recovery_period_extension(store: Store) -> None:
    actor = make_agency_user(store)
    case_id = _open(store, actor)
    _decide(store, actor, case_id, "reasonable_grounds", "positive", date(2025, 3, 7))
    with store.session() as s:
        start_recovery_period(
            s, case_id=case_id, starts_on=date(2025, 3, 7), ends_on=date(2025, 4, 20), actor=actor
        )
    with store.session() as s, pytest.raises(Conflict, match="already has a recovery period"):
        start_recovery_period(s, case_id=case_id, starts_on=date(2025, 3, 8), actor=actor)
    with store.session() as s, pytest.raises(ValidationFailed, match="after the current end"):
        extend_recovery_period(
            s, case_id=case_id, extended_to=date(2025, 4, 1), reason="x", actor=actor
        )
    with store.session() as s:
        extend_recovery_period(
            s, case_id=case_id, extended_to=date(2025, 5, 20), reason="Medical care", actor=actor
        )
        period = extend_recovery_period(
            s, case_id=case_id, extended_to=date(2025, 6, 20), reason="Trial date", actor=actor
        )
        assert period.extended_to == date(2025, 6, 20)
        assert extensions_of(period) == [
            "2025-04-20 → 2025-05-20: Medical care",
            "2025-05-20 → 2025-06-20: Trial date",
        ]
    with store.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.entity == "recovery_period")).all()
        assert [r.action for r in rows] == ["create", "update", "update"]
        assert all("Medical" not in str(r.fields) for r in rows)
        assert verify_chain(s).intact


def test_other_agency_and_analyst_are_refused(store: Store) -> None:
    actor = make_agency_user(store)
    other = make_agency_user(store, agency="NGO South")
    case_id = _open(store, actor)
    with pytest.raises(NotFound):
        _decide(store, other, case_id, "reasonable_grounds", "positive", date(2025, 3, 7))
    analyst = make_agency_user(store, role="analyst")
    from palermo.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        _decide(store, analyst, case_id, "reasonable_grounds", "positive", date(2025, 3, 7))


def test_recovery_period_length_follows_the_working_days_rule(store: Store) -> None:
    """Review M2: a country rule in working days gives a period counted in working days."""
    from palermo.cases.nrm.deadline_rules import set_deadline_rule
    from palermo.cases.nrm.recovery import (
        start_recovery_period,
    )

    admin = make_agency_user(store, role="admin")
    actor = make_agency_user(store)  # an NL agency
    case_id = _open(store, actor)
    _decide(store, actor, case_id, "reasonable_grounds", "positive", date(2025, 1, 6))
    with store.session() as s:
        set_deadline_rule(
            s, country="NL", step="recovery_period_end", days=30, working_days=True, actor=admin
        )
    with store.session() as s:
        period = start_recovery_period(s, case_id=case_id, starts_on=date(2025, 1, 6), actor=actor)
        assert period.ends_on == date(2025, 2, 17)  # Mon + 30 working days = Mon 6 weeks on


def test_history_read_is_audited_on_the_case(store: Store) -> None:
    """Review L4: reading the NRM history is a read of the case, not of a decision id."""
    actor = make_agency_user(store)
    case_id = _open(store, actor)
    _decide(store, actor, case_id, "reasonable_grounds", "positive", date(2025, 3, 7))
    with store.session() as s:
        nrm_history(s, case_id=case_id, actor=actor)
    with store.session() as s:
        reads = s.scalars(select(AuditEntry).where(AuditEntry.action == "read")).all()
        assert [(r.entity, r.entity_id, r.fields) for r in reads] == [("case", case_id, ["nrm"])]
        assert verify_chain(s).intact
