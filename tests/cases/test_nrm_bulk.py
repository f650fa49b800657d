"""NRM decisions and recovery periods in bulk: the same rows, case status and audit entries
as one call per item, and the same refusals."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from palermo import cases
from palermo.cases.nrm.decisions import DecisionCreate, record_decision, record_decisions
from palermo.cases.nrm.recovery import start_recovery_period, start_recovery_periods
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.errors import Conflict, NotFound
from palermo.store import Store
from palermo.store.audit import verify_chain
from palermo.store.models import AuditEntry, Case, NrmDecision, RecoveryPeriod
from tests.factories import make_agency_user

TODAY = date(2025, 6, 30)
ORG = "NonPoliceGovernmentalOrganization"


def _open(store: Store, actor, n: int) -> list[int]:
    with store.session() as s:
        return [
            cases.open_case(
                s,
                data=CaseCreate(
                    person=PersonData(given_name=f"Test {i}"), identified_on=date(2025, 3, 3)
                ),
                actor=actor,
            ).id
            for i in range(n)
        ]


def _data(stage: str, result: str, on: date) -> DecisionCreate:
    return DecisionCreate(
        stage=stage,
        result=result,
        decision_maker="Officer A",
        decision_org=ORG,
        decided_on=on,
        reasons="Credible account, indicators present.",
    )


# Per case: its decisions in order, and its recovery period (start, end) after the first.
PLAN = [
    ([("reasonable_grounds", "positive", date(2025, 3, 7))], (date(2025, 3, 7), date(2025, 4, 21))),
    ([("reasonable_grounds", "negative", date(2025, 3, 9))], None),
    (
        [
            ("reasonable_grounds", "positive", date(2025, 3, 8)),
            ("conclusive_grounds", "positive", date(2025, 4, 30)),
        ],
        (date(2025, 3, 8), None),
    ),
]


def _outcome(store: Store, case_ids: list[int]) -> dict[str, object]:
    """What the calls left, told apart from row numbers and timestamps."""
    position = {case_id: n for n, case_id in enumerate(case_ids)}
    with store.session() as s:
        decisions = s.scalars(select(NrmDecision).where(NrmDecision.case_id.in_(case_ids)))
        periods = s.scalars(select(RecoveryPeriod).where(RecoveryPeriod.case_id.in_(case_ids)))
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.entity.in_(["case", "recovery_period"]))
        ).all()
        records = {e.id: e.entity_id for e in entries}
        return {
            "decisions": sorted(
                (position[d.case_id], d.stage, d.result, d.decided_on) for d in decisions
            ),
            "periods": sorted((position[p.case_id], p.starts_on, p.ends_on) for p in periods),
            "status": [
                (c.trafficking_status, c.status_decided_on, c.status_decision_org)
                for c in (s.get_one(Case, case_id) for case_id in case_ids)
            ],
            "audit": sorted(
                (e.actor, e.action, e.entity, tuple(e.fields))
                for e in entries
                if e.action != "create" or e.entity != "case" or records[e.id] not in position
            ),
            "intact": verify_chain(s).intact,
        }


def test_bulk_equals_one_by_one(store: Store) -> None:
    alone, bulk = make_agency_user(store), make_agency_user(store, agency="NGO South")
    one_ids, bulk_ids = _open(store, alone, len(PLAN)), _open(store, bulk, len(PLAN))
    for case_id, (decisions, period) in zip(one_ids, PLAN, strict=True):
        with store.session() as s:
            for stage, result, on in decisions:
                record_decision(
                    s, case_id=case_id, data=_data(stage, result, on), actor=alone, today=TODAY
                )
                if stage == "reasonable_grounds" and period:
                    start_recovery_period(
                        s, case_id=case_id, starts_on=period[0], ends_on=period[1], actor=alone
                    )
    with store.session() as s:
        # In rounds, as the demo plays them: first decisions, periods, second decisions.
        for n in range(2):
            record_decisions(
                s,
                items=[
                    (case_id, _data(*decisions[n]))
                    for case_id, (decisions, _period) in zip(bulk_ids, PLAN, strict=True)
                    if n < len(decisions)
                ],
                actor=bulk,
                today=TODAY,
            )
            if n == 0:
                start_recovery_periods(
                    s,
                    items=[
                        (case_id, period[0], period[1])
                        for case_id, (_decisions, period) in zip(bulk_ids, PLAN, strict=True)
                        if period
                    ],
                    actor=bulk,
                )
    one, many = _outcome(store, one_ids), _outcome(store, bulk_ids)
    assert many["intact"] is True
    assert many["decisions"] == one["decisions"] and len(many["decisions"]) == 4  # type: ignore[arg-type]
    assert many["periods"] == one["periods"]
    assert many["status"] == one["status"]
    assert many["status"][2][0] == "ActualVictimOfTrafficking"  # type: ignore[index]
    # Every decision and period audited, with the same actions and fields.
    assert _steps(many["audit"], bulk.username) == _steps(one["audit"], alone.username)  # type: ignore[arg-type]
    assert len(_steps(many["audit"], bulk.username)) >= 6  # type: ignore[arg-type]


def _steps(entries: list[tuple[str, str, str, tuple[str, ...]]], actor: str) -> list[object]:
    return sorted(entry[1:] for entry in entries if entry[0] == actor)


def test_one_case_s_decisions_in_one_call_are_checked_in_order(store: Store) -> None:
    actor = make_agency_user(store)
    (case_id,) = _open(store, actor, 1)
    with store.session() as s:
        record_decisions(
            s,
            items=[(case_id, _data(*step)) for step in PLAN[2][0]],
            actor=actor,
            today=TODAY,
        )
    with store.session() as s:
        case = s.get_one(Case, case_id)
        assert case.trafficking_status == "ActualVictimOfTrafficking"
        assert case.status_decided_on == date(2025, 4, 30)
        assert verify_chain(s).intact


def test_bulk_refuses_what_one_call_refuses(store: Store) -> None:
    actor, other = make_agency_user(store), make_agency_user(store, agency="NGO South")
    first, second = _open(store, actor, 2)
    with store.session() as s, pytest.raises(Conflict, match="positive reasonable-grounds"):
        record_decisions(
            s,
            items=[
                (first, _data("reasonable_grounds", "positive", date(2025, 3, 7))),
                (second, _data("conclusive_grounds", "positive", date(2025, 4, 7))),
            ],
            actor=actor,
            today=TODAY,
        )
    with store.session() as s, pytest.raises(NotFound):
        record_decisions(
            s,
            items=[(first, _data("reasonable_grounds", "positive", date(2025, 3, 7)))],
            actor=other,
            today=TODAY,
        )
    with store.session() as s, pytest.raises(Conflict, match="positive reasonable-grounds"):
        start_recovery_periods(s, items=[(first, date(2025, 3, 7), None)], actor=actor)
    with store.session() as s:
        record_decisions(
            s,
            items=[(first, _data("reasonable_grounds", "positive", date(2025, 3, 7)))],
            actor=actor,
            today=TODAY,
        )
    with store.session() as s, pytest.raises(Conflict, match="already has a recovery period"):
        start_recovery_periods(
            s,
            items=[(first, date(2025, 3, 7), None), (first, date(2025, 3, 8), None)],
            actor=actor,
        )
    with store.session() as s:
        assert s.scalars(select(NrmDecision).where(NrmDecision.case_id == second)).all() == []
        assert s.scalars(select(RecoveryPeriod)).all() == []
