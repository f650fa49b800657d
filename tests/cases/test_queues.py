"""Services delivered by providers, and the work queues of case workers and providers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.referrals.answers import accept_referral, reject_referral
from palermo.cases.referrals.deliveries import (
    case_services,
    deliver_service,
    overdue_services,
    record_service,
    referral_services,
)
from palermo.cases.work.queues import caseworker_queue, provider_queue
from palermo.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from palermo.store import Store
from palermo.store.audit import verify_chain
from palermo.store.models import AuditEntry, Referral, ServiceDelivery
from palermo.vocab import InformedOf
from tests.factories import make_two_agencies, open_referrable_case, refer_now

TODAY = date.today()


def test_provider_records_services_of_an_accepted_referral(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender)
    rid = refer_now(store, sender, receiver, case_id, shared_fields=[])
    record = {
        "referral_id": rid,
        "service_type": "shelter",
        "delivered_on": TODAY,
        "outcome": "Bed given",
    }
    with store.session() as s, pytest.raises(Conflict, match="in_progress"):
        record_service(s, actor=receiver, **record)
    with store.session() as s:
        accept_referral(s, referral_id=rid, actor=receiver)
    with store.session() as s, pytest.raises(PermissionDenied):
        record_service(s, actor=sender, **record)
    with store.session() as s:
        record_service(s, actor=receiver, **record)
        record_service(
            s, actor=sender, case_id=case_id, service_type="legal_advice",
            delivered_on=None, planned_on=TODAY - timedelta(days=3), outcome=None,
        )  # fmt: skip
    with store.session() as s:
        mine = case_services(s, case_id=case_id, actor=sender)
        theirs = case_services(s, case_id=case_id, actor=receiver)
        assert sorted(x.service_type for x in mine) == ["legal_advice", "shelter"]
        assert [x.service_type for x in theirs] == ["shelter"]
        assert theirs[0].provider_agency_id == receiver.agency_id
        assert [x.outcome for x in referral_services(s, referral_id=rid, actor=sender)] == [
            "Bed given"
        ]
        created = s.scalars(select(AuditEntry).where(AuditEntry.entity == "service_delivery")).all()
        assert {"delivered_on", "outcome", "referral_id", "service_type"} <= set(created[0].fields)
        assert "planned_on" not in created[0].fields  # not given, not listed
        assert verify_chain(s).intact


def test_service_input_is_checked(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender)
    base = {"case_id": case_id, "outcome": None, "actor": sender}
    with store.session() as s, pytest.raises(ValidationFailed, match="Valid codes"):
        record_service(s, service_type="massage", delivered_on=TODAY, **base)
    with store.session() as s, pytest.raises(ValidationFailed):
        record_service(s, service_type="food", delivered_on=None, **base)
    with store.session() as s, pytest.raises(ValidationFailed):
        record_service(s, service_type="food", delivered_on=TODAY + timedelta(days=2), **base)
    with store.session() as s, pytest.raises(NotFound):
        record_service(
            s, case_id=case_id, service_type="food", delivered_on=TODAY, outcome=None,
            actor=receiver,
        )  # fmt: skip


def test_planned_service_becomes_overdue_then_delivered(store: Store) -> None:
    sender, _receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender)
    with store.session() as s:
        planned = record_service(
            s, case_id=case_id, service_type="health_care", delivered_on=None,
            planned_on=TODAY - timedelta(days=1), outcome=None, actor=sender,
        ).id  # fmt: skip
    with store.session() as s:
        assert [x.id for x in overdue_services(s, actor=sender)] == [planned]
        deliver_service(
            s, service_id=planned, delivered_on=TODAY, outcome="Seen by a doctor", actor=sender
        )
    with store.session() as s:
        assert overdue_services(s, actor=sender) == []
        assert s.get(ServiceDelivery, planned).outcome == "Seen by a doctor"
    with store.session() as s, pytest.raises(Conflict):
        deliver_service(s, service_id=planned, delivered_on=TODAY, outcome=None, actor=sender)


def test_caseworker_queue(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender)
    late = refer_now(store, sender, receiver, case_id, shared_fields=[])
    waiting = refer_now(
        store, sender, receiver, case_id, shared_fields=[], respond_by=TODAY + timedelta(days=9)
    )
    answered = refer_now(store, sender, receiver, case_id, shared_fields=[])
    with store.session() as s:
        # A referral sent long ago: its answer date has passed.
        s.get(Referral, late).respond_by = TODAY - timedelta(days=2)
        accept_referral(s, referral_id=answered, actor=receiver)
        record_service(
            s, case_id=case_id, service_type="food", delivered_on=None,
            planned_on=TODAY - timedelta(days=5), outcome=None, actor=sender,
        )  # fmt: skip
        record_consent(
            s,
            case_id=case_id,
            data=ConsentCreate(
                purpose="services",
                informed_of=list(InformedOf),
                expires_on=TODAY + timedelta(days=3),
            ),
            actor=sender,
        )
    with store.session() as s:
        queue = caseworker_queue(s, actor=sender)
    assert [i.id for i in queue.awaiting_answer] == [late, waiting]
    assert [i.id for i in queue.overdue_referrals] == [late]
    first = queue.awaiting_answer[0]
    assert first.other_agency == "Shelter South" and first.other_country == "BE"
    assert first.case_reference and first.case_reference.startswith("PAL-")
    assert [x.service_type for x in queue.overdue_services] == ["food"]
    assert [c.purpose for c in queue.expiring_consents] == ["services"]
    assert isinstance(queue.nrm_alerts, list)
    with store.session() as s:
        # The receiver's case-worker queue holds nothing of the sender's.
        other = caseworker_queue(s, actor=receiver)
        assert other.awaiting_answer == [] and other.expiring_consents == []


def test_provider_queue(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender)
    new, accepted, served, rejected = (
        refer_now(store, sender, receiver, case_id, shared_fields=[]) for _ in range(4)
    )
    with store.session() as s:
        for rid in (accepted, served):
            accept_referral(s, referral_id=rid, actor=receiver)
        reject_referral(s, referral_id=rejected, reason="full", actor=receiver)
        record_service(
            s, referral_id=served, service_type="shelter", delivered_on=TODAY, outcome=None,
            actor=receiver,
        )  # fmt: skip
    with store.session() as s:
        queue = provider_queue(s, actor=receiver)
        assert [i.id for i in queue.new] == [new]
        assert [i.id for i in queue.awaiting_service] == [accepted]
        assert [(i.id, i.services_recorded) for i in queue.in_service] == [(served, 1)]
        assert queue.new[0].other_agency == "NGO North"
        assert provider_queue(s, actor=sender).new == []
