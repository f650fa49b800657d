"""NRM deadlines: working days, per-country rules over defaults, near and missed alerts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from palermo import cases
from palermo.cases.nrm.deadline_rules import (
    countries_with_rules,
    rules_for_country,
    set_deadline_rule,
)
from palermo.cases.nrm.deadlines import (
    CLOSED_STATUSES,
    NrmAlert,
    _case_deadlines,
    deadlines_for,
    nrm_alerts,
)
from palermo.cases.nrm.decisions import DecisionCreate, record_decision
from palermo.cases.nrm.recovery import extend_recovery_period, start_recovery_period
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.clock.working_days import add_days
from palermo.errors import PermissionDenied, ValidationFailed
from palermo.store import Store
from palermo.store.audit import verify_chain
from palermo.store.models import AuditEntry
from palermo.vocab import NrmStep
from tests.factories import as_fixture, make_agency_user

FRIDAY = date(2025, 3, 7)


@pytest.mark.parametrize(
    ("start", "days", "working", "due"),
    [
        (FRIDAY, 1, True, date(2025, 3, 10)),  # Friday + 1 working day = Monday
        (FRIDAY, 5, True, date(2025, 3, 14)),
        (date(2025, 3, 8), 1, True, date(2025, 3, 10)),  # Saturday counts from Monday
        (date(2025, 3, 3), 4, True, FRIDAY),
        (FRIDAY, 1, False, date(2025, 3, 8)),
        (FRIDAY, 45, False, date(2025, 4, 21)),
        (FRIDAY, 0, True, FRIDAY),
    ],
)
def test_add_days(start: date, days: int, working: bool, due: date) -> None:
    assert add_days(start, days, working_days=working) == due


def _open(store: Store, actor, identified_on: date) -> int:
    with store.session() as s:
        return cases.open_case(
            s,
            data=CaseCreate(person=PersonData(given_name="Test"), identified_on=identified_on),
            actor=actor,
        ).id


def test_country_rule_overrides_default(store: Store) -> None:
    admin = make_agency_user(store, role="admin")
    worker = make_agency_user(store)
    case_id = _open(store, worker, FRIDAY)
    with store.session() as s:
        rg = deadlines_for(s, case_id=case_id, actor=worker, today=FRIDAY)[0]
        assert (rg.step, rg.due_on, rg.rule.source) == (
            "reasonable_grounds",
            date(2025, 3, 14),
            "default",
        )
    with store.session() as s:
        set_deadline_rule(
            s, country="nl", step="reasonable_grounds", days=3, working_days=False, actor=admin
        )
        set_deadline_rule(  # other countries keep their own rules
            s, country="FR", step="reasonable_grounds", days=20, working_days=True, actor=admin
        )
    with store.session() as s:
        rg = deadlines_for(s, case_id=case_id, actor=worker, today=FRIDAY)[0]
        assert (rg.due_on, rg.rule.source, rg.rule.working_days) == (
            date(2025, 3, 10),
            "country",
            False,
        )
        set_deadline_rule(
            s, country="NL", step="reasonable_grounds", days=2, working_days=True, actor=admin
        )
    with store.session() as s:
        rg = deadlines_for(s, case_id=case_id, actor=worker, today=FRIDAY)[0]
        assert rg.due_on == date(2025, 3, 11)
        assert countries_with_rules(s) == ["FR", "NL"]
        rows = s.scalars(select(AuditEntry).where(AuditEntry.entity == "nrm_deadline_rule")).all()
        assert [r.action for r in rows] == ["create", "create", "update"]
        assert verify_chain(s).intact


def test_rule_is_admin_only_and_checked(store: Store) -> None:
    admin = make_agency_user(store, role="admin")
    worker = make_agency_user(store)
    with store.session() as s, pytest.raises(PermissionDenied):
        set_deadline_rule(
            s, country="NL", step="reasonable_grounds", days=3, working_days=True, actor=worker
        )
    with store.session() as s, pytest.raises(ValidationFailed) as err:
        set_deadline_rule(s, country="XX", step="lunch", days=0, working_days=True, actor=admin)
    assert {p.field for p in err.value.problems} == {"country", "step", "days"}


def test_alerts_near_and_missed(store: Store) -> None:
    worker = make_agency_user(store)
    other = make_agency_user(store, agency="NGO South")
    today = date(2025, 3, 12)  # a Wednesday
    missed = _open(store, worker, date(2025, 3, 3))  # RG due Mon 10 March: missed
    near = _open(store, worker, date(2025, 3, 6))  # due Thu 13 March: near (2 days' warning)
    later = _open(store, worker, date(2025, 3, 11))  # due Tue 18 March: pending
    decided = _open(store, worker, date(2025, 3, 3))
    _open(store, other, date(2025, 3, 3))  # another agency's case never shows
    with store.session() as s:
        record_decision(
            s,
            case_id=decided,
            data=DecisionCreate(
                stage="reasonable_grounds",
                result="positive",
                decision_maker="Officer",
                decided_on=date(2025, 3, 5),
                reasons="Indicators present.",
            ),
            actor=worker,
            today=today,
        )
    with store.session() as s:
        alerts = nrm_alerts(s, actor=worker, today=today)
        assert [(a.case_id, a.step, a.state) for a in alerts] == [
            (missed, "reasonable_grounds", "missed"),
            (near, "reasonable_grounds", "near"),
        ]
        assert isinstance(alerts[0], NrmAlert) and alerts[0].due_on == date(2025, 3, 10)
        wider = nrm_alerts(s, actor=worker, today=today, within_days=10)
        assert later in {a.case_id for a in wider}
        # The positive RG decision starts the CG clock (45 calendar days by default).
        by_step = {d.step: d for d in deadlines_for(s, case_id=decided, actor=worker, today=today)}
        assert by_step[NrmStep.reasonable_grounds].state == "done"
        assert by_step[NrmStep.conclusive_grounds].due_on == date(2025, 4, 19)
        late = nrm_alerts(s, actor=worker, today=date(2025, 4, 20))
        assert (decided, "conclusive_grounds", "missed") in {
            (a.case_id, a.step, a.state) for a in late
        }


def test_near_counts_working_days_for_a_working_day_rule(store: Store) -> None:
    """Review M3: a deadline due Monday, warned 2 working days ahead, is near on Friday."""
    worker = make_agency_user(store)
    case_id = _open(store, worker, date(2025, 3, 3))  # 5 working days: due Mon 10 March
    with store.session() as s:
        by_day = {
            day: deadlines_for(s, case_id=case_id, actor=worker, today=day)[0]
            for day in (date(2025, 3, 5), date(2025, 3, 6), FRIDAY)
        }
        assert {d.due_on for d in by_day.values()} == {date(2025, 3, 10)}
        assert [d.state for d in by_day.values()] == ["pending", "near", "near"]
        alerts = nrm_alerts(s, actor=worker, today=FRIDAY)
        assert [(a.case_id, a.state) for a in alerts] == [(case_id, "near")]


def test_calendar_day_rule_keeps_a_calendar_warning(store: Store) -> None:
    admin = make_agency_user(store, role="admin")
    worker = make_agency_user(store)
    with store.session() as s:
        set_deadline_rule(
            s, country="NL", step="reasonable_grounds", days=7, working_days=False, actor=admin
        )
    case_id = _open(store, worker, date(2025, 3, 3))  # due Mon 10 March
    with store.session() as s:
        rg = deadlines_for(s, case_id=case_id, actor=worker, today=FRIDAY)[0]
        assert (rg.due_on, rg.state) == (date(2025, 3, 10), "pending")  # 3 calendar days > 2


def test_alerts_preselection_misses_nothing_and_limit_keeps_the_most_urgent(
    store: Store,
) -> None:
    """Review M7: nrm_alerts loads only cases that may be due; the answer stays the same as
    computing every open case's deadlines one by one, and ``limit`` keeps the most urgent."""
    from datetime import datetime

    from palermo.store.models import Case, NrmDecision, RecoveryPeriod

    admin = make_agency_user(store, role="admin")
    worker = make_agency_user(store)
    with store.session() as s:  # a working-day CG rule and a calendar RG rule for NL
        set_deadline_rule(
            s, country="NL", step="conclusive_grounds", days=20, working_days=True, actor=admin
        )
        set_deadline_rule(
            s, country="NL", step="reasonable_grounds", days=10, working_days=False, actor=admin
        )
    start = date(2025, 1, 6)
    ids = [_open(store, worker, start + timedelta(days=4 * i)) for i in range(12)]
    with store.session() as s, as_fixture(s):
        for n, case_id in enumerate(ids):
            case = s.get(Case, case_id)
            if n % 4 == 1:  # no identification date: the clock starts when the case was opened
                case.identified_on = None
                case.created_at = datetime(2025, 1, 2, 23, 30) + timedelta(days=5 * n)
            if n == 2:
                case.status_decided_on = date(2025, 1, 20)  # an imported status decision
            if n == 3:
                case.status = "Closed"
    for n, case_id in enumerate(ids):
        if n % 3 != 0:
            continue
        decided = start + timedelta(days=4 * n + 3)
        with store.session() as s:
            record_decision(
                s,
                case_id=case_id,
                data=DecisionCreate(
                    stage="reasonable_grounds",
                    result="negative" if n == 9 else "positive",
                    decision_maker="Officer",
                    decided_on=decided,
                    reasons="Indicators present.",
                ),
                actor=worker,
                today=date(2025, 12, 31),
            )
            if n in (0, 6):  # a short period, and a long one after an extension
                with as_fixture(s):
                    s.add(
                        RecoveryPeriod(
                            case_id=case_id,
                            starts_on=decided,
                            ends_on=decided + timedelta(days=10 if n == 0 else 30),
                            extended_to=None if n == 0 else decided + timedelta(days=90),
                            recorded_by="test",
                        )
                    )

    def one_by_one(today: date, within: int | None) -> list[tuple]:
        out = []
        with store.session() as s:
            for case_id in ids:
                case = s.get(Case, case_id)
                if case.status in CLOSED_STATUSES:
                    continue
                decisions = s.scalars(select(NrmDecision).where(NrmDecision.case_id == case_id))
                periods = s.scalars(select(RecoveryPeriod).where(RecoveryPeriod.case_id == case_id))
                rules = rules_for_country(s, country="NL", actor=worker)
                for d in _case_deadlines(
                    case, list(decisions), list(periods), rules, today, within
                ):
                    if d.state in {"near", "missed"}:
                        out.append((case_id, str(d.step), d.due_on, d.state))
        return sorted(out, key=lambda a: (a[3] != "missed", a[2], a[0]))

    seen_states = set()
    for today in [date(2025, 1, 1) + timedelta(days=k) for k in range(150)]:
        for within in (None, 0, 5):
            expected = one_by_one(today, within)
            with store.session() as s:
                got = [
                    (a.case_id, a.step, a.due_on, a.state)
                    for a in nrm_alerts(
                        s, actor=worker, today=today, within_days=within, limit=None
                    )
                ]
                assert got == expected, (today, within)
                seen_states |= {(step, state) for _, step, _, state in got}
                first = nrm_alerts(s, actor=worker, today=today, within_days=within)
                assert [(a.case_id, a.step, a.due_on, a.state) for a in first] == got
                two = nrm_alerts(s, actor=worker, today=today, limit=2)
                assert len(two) <= 2
    assert {
        ("reasonable_grounds", "near"),
        ("reasonable_grounds", "missed"),
        ("conclusive_grounds", "near"),
        ("conclusive_grounds", "missed"),
        ("recovery_period_end", "near"),
        ("recovery_period_end", "missed"),
    } <= seen_states
    with store.session() as s:
        many = nrm_alerts(s, actor=worker, today=date(2025, 12, 31), limit=None)
        assert len(many) > 2
        assert nrm_alerts(s, actor=worker, today=date(2025, 12, 31), limit=2) == many[:2]


def test_conclusive_grounds_waits_for_an_extended_recovery_period(store: Store) -> None:
    """Review M4: the CG deadline is not before the end of the (extended) recovery period."""
    worker = make_agency_user(store)
    case_id = _open(store, worker, date(2025, 3, 3))
    with store.session() as s:
        record_decision(
            s,
            case_id=case_id,
            data=DecisionCreate(
                stage="reasonable_grounds",
                result="positive",
                decision_maker="Officer",
                decided_on=date(2025, 3, 7),
                reasons="Indicators present.",
            ),
            actor=worker,
            today=date(2025, 3, 7),
        )
        start_recovery_period(
            s, case_id=case_id, starts_on=date(2025, 3, 7), ends_on=date(2025, 4, 10), actor=worker
        )

    def cg(today: date):
        with store.session() as s:
            return {
                d.step: d for d in deadlines_for(s, case_id=case_id, actor=worker, today=today)
            }[NrmStep.conclusive_grounds]

    # Rule (45 days from the RG decision) ends after the period: the rule wins.
    assert cg(date(2025, 4, 1)).due_on == date(2025, 4, 21)
    with store.session() as s:
        extend_recovery_period(
            s, case_id=case_id, extended_to=date(2025, 6, 20), reason="Medical care", actor=worker
        )
    late = cg(date(2025, 5, 1))
    assert (late.due_on, late.state) == (date(2025, 6, 20), "pending")
    with store.session() as s:
        alerts = nrm_alerts(s, actor=worker, today=date(2025, 5, 1))
        assert not any(a.step == "conclusive_grounds" for a in alerts)
