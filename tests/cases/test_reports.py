"""Protect reports on a small hand-made dataset: exact counts, medians and rates."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from palermo import cases
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.cases.work.reports import (
    DurationStats,
    ServiceCount,
    duration_stats,
    percentile_nearest_rank,
    protect_report,
)
from palermo.errors import PermissionDenied, ValidationFailed
from palermo.store import Store
from palermo.store.models import Case, Referral, ServiceDelivery, SupportPlanItem
from tests.factories import as_fixture, make_agency_user

FROM, TO = date(2025, 1, 1), date(2025, 3, 31)


def test_percentile_nearest_rank() -> None:
    assert percentile_nearest_rank([], 90) is None
    assert percentile_nearest_rank([5.0], 90) == 5.0
    assert percentile_nearest_rank([float(v) for v in range(1, 11)], 90) == 9.0
    assert percentile_nearest_rank([1.0, 2.0, 3.0, 4.0, 100.0], 90) == 100.0
    assert duration_stats([2.0, 4.0, 9.0, 1.0]).median == 3.0


def _world(store: Store):
    worker = make_agency_user(store)
    shelter = make_agency_user(store, agency="Shelter South", username="shelter")
    with store.session() as s, as_fixture(s):
        ids = []
        for ident in (date(2025, 1, 10), date(2025, 2, 1), date(2025, 3, 1), date(2024, 12, 1)):
            ids.append(
                cases.open_case(
                    s,
                    data=CaseCreate(person=PersonData(given_name="Test"), identified_on=ident),
                    actor=worker,
                ).id
            )
        a, b, c, old = ids
        ngo, shel = worker.agency_id, shelter.agency_id
        s.add_all(
            [
                SupportPlanItem(
                    case_id=a, service_type="shelter", created_at=datetime(2025, 1, 11)
                ),
                SupportPlanItem(
                    case_id=a, service_type="health_care", created_at=datetime(2025, 1, 11)
                ),
                SupportPlanItem(case_id=b, service_type="shelter", created_at=datetime(2025, 2, 2)),
                SupportPlanItem(
                    case_id=old, service_type="shelter", created_at=datetime(2024, 12, 2)
                ),
            ]
        )

        def delivery(case_id, provider, kind, on):
            return ServiceDelivery(
                case_id=case_id,
                provider_agency_id=provider,
                service_type=kind,
                delivered_on=on,
                recorded_by="test",
            )

        s.add_all(
            [
                delivery(a, shel, "shelter", date(2025, 1, 14)),  # case a: 4 days
                delivery(a, ngo, "health_care", date(2025, 1, 20)),
                delivery(b, shel, "shelter", date(2025, 2, 11)),  # case b: 10 days
                delivery(old, ngo, "shelter", date(2025, 1, 5)),  # old case: outside cohort
                delivery(c, ngo, "legal_advice", None),  # planned, not delivered: c waits
            ]
        )

        def referral(case_id, status, sent, answered=None):
            return Referral(
                case_id=case_id,
                from_agency_id=ngo,
                to_agency_id=shel,
                status=status,
                created_by="test",
                created_at=sent,
                responded_at=answered,
            )

        s.add_all(
            [
                referral(a, "done", datetime(2025, 1, 10, 9), datetime(2025, 1, 11, 9)),  # 1 day
                referral(b, "accepted", datetime(2025, 2, 1, 9), datetime(2025, 2, 4, 9)),  # 3
                referral(c, "rejected", datetime(2025, 3, 1, 9), datetime(2025, 3, 3, 21)),  # 2.5
                referral(c, "in_progress", datetime(2025, 3, 20, 9)),
                referral(old, "accepted", datetime(2024, 12, 1, 9), datetime(2024, 12, 2, 9)),
            ]
        )
    return worker, shelter


def test_report_numbers(store: Store) -> None:
    worker, shelter = _world(store)
    with store.session() as s:
        report = protect_report(s, date_from=FROM, date_to=TO, actor=worker)
    assert report.services == [
        ServiceCount("health_care", planned=1, delivered=1, delivered_by_us=1),
        ServiceCount("shelter", planned=2, delivered=3, delivered_by_us=1),
    ]
    assert report.time_to_first_service == DurationStats(2, 7.0, 10.0, without=1)
    sent = report.referrals_sent
    assert (sent.sent, sent.answered, sent.accepted, sent.rejected) == (4, 3, 2, 1)
    assert sent.acceptance_rate == pytest.approx(2 / 3)
    assert sent.time_to_answer == DurationStats(3, 2.5, 3.0, without=1)
    assert report.referrals_received.sent == 0
    with store.session() as s:
        seen = protect_report(s, date_from=FROM, date_to=TO, actor=shelter)
    assert seen.referrals_received.sent == 4 and seen.referrals_received.accepted == 2
    assert [(x.service_type, x.delivered_by_us) for x in seen.services] == [("shelter", 2)]
    assert seen.time_to_first_service.n == 0


def test_report_access_and_period(store: Store) -> None:
    worker, _ = _world(store)
    analyst = make_agency_user(store, role="analyst")
    with store.session() as s:
        assert protect_report(s, date_from=FROM, date_to=TO, actor=analyst).services
    with store.session() as s, pytest.raises(ValidationFailed, match="ends before it starts"):
        protect_report(s, date_from=TO, date_to=FROM, actor=worker)
    with store.session() as s:
        empty = protect_report(
            s, date_from=date(2020, 1, 1), date_to=date(2020, 1, 2), actor=worker
        )
        assert empty.services == [] and empty.referrals_sent.acceptance_rate is None
        assert s.scalar(select(Case.id).limit(1)) is not None
    from palermo.store.actor import Actor

    nobody = Actor(user_id=None, username="x", agency_id=1, role="guest")
    with store.session() as s, pytest.raises(PermissionDenied):
        protect_report(s, date_from=FROM, date_to=TO, actor=nobody)


def test_accepted_then_revoked_still_counts_as_accepted(store: Store) -> None:
    """Review M1: a referral accepted and later revoked was answered and accepted."""
    worker = make_agency_user(store)
    shelter = make_agency_user(store, agency="Shelter South", username="shelter")
    with store.session() as s, as_fixture(s):
        case_id = cases.open_case(
            s,
            data=CaseCreate(person=PersonData(given_name="Test"), identified_on=date(2025, 1, 10)),
            actor=worker,
        ).id

        def referral(status, sent, answered=None, revoked=None):
            return Referral(
                case_id=case_id,
                from_agency_id=worker.agency_id,
                to_agency_id=shelter.agency_id,
                status=status,
                created_by="test",
                created_at=sent,
                responded_at=answered,
                revoked_at=revoked,
            )

        s.add_all(
            [
                referral("accepted", datetime(2025, 1, 10, 9), datetime(2025, 1, 11, 9)),
                referral(  # accepted after 2 days, then revoked by the sender
                    "revoked",
                    datetime(2025, 1, 12, 9),
                    datetime(2025, 1, 14, 9),
                    revoked=datetime(2025, 1, 20, 9),
                ),
                referral("rejected", datetime(2025, 1, 15, 9), datetime(2025, 1, 18, 9)),
                referral("in_progress", datetime(2025, 1, 16, 9)),
            ]
        )
    with store.session() as s:
        sent = protect_report(s, date_from=FROM, date_to=TO, actor=worker).referrals_sent
    assert (sent.sent, sent.answered, sent.accepted, sent.rejected) == (4, 3, 2, 1)
    assert sent.acceptance_rate == pytest.approx(2 / 3)
    assert (sent.waiting, sent.revoked_unanswered) == (1, 0)
    assert sent.time_to_answer == DurationStats(3, 2.0, 3.0, without=1)


def test_referral_revoked_before_any_answer_is_reported_apart(store: Store) -> None:
    worker, _ = _world(store)
    with store.session() as s, as_fixture(s):
        ref = s.scalar(select(Referral).where(Referral.status == "in_progress"))
        ref.status, ref.revoked_at = "revoked", datetime(2025, 3, 21, 9)
    with store.session() as s:
        sent = protect_report(s, date_from=FROM, date_to=TO, actor=worker).referrals_sent
    assert (sent.sent, sent.answered, sent.accepted, sent.rejected) == (4, 3, 2, 1)
    assert (sent.waiting, sent.revoked_unanswered) == (0, 1)
    assert sent.time_to_answer.without == 0  # nothing is waiting any more
