"""Referrals in bulk: sent, accepted, served and completed in one call per agency, with the
same rows and audit entries as one call per referral, and the same refusals."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from palermo import cases
from palermo.cases.consent.enforcement import ConsentsInForce, has_consent
from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.cases.referrals.answers import (
    accept_referral,
    accept_referrals,
    complete_referral,
    complete_referrals,
)
from palermo.cases.referrals.deliveries import record_service, record_services
from palermo.cases.referrals.sending import ReferralRequest, refer, refer_all
from palermo.errors import Conflict, ConsentMissing
from palermo.store import Store
from palermo.store.audit import verify_chain
from palermo.store.models import AuditEntry, Case, Referral, ServiceDelivery
from palermo.vocab import ConsentPurpose, InformedOf
from tests.factories import make_two_agencies, open_referrable_case

DELIVERED = date(2025, 3, 10)


def _trail(store: Store, case_ids: list[int]) -> list[tuple[object, ...]]:
    """Each case's referral and services, and the audit entries on them, numbers left out."""
    with store.session() as s:
        referrals = s.scalars(
            select(Referral).where(Referral.case_id.in_(case_ids)).order_by(Referral.id)
        ).all()
        ids = {r.id for r in referrals}
        services = s.scalars(
            select(ServiceDelivery).where(ServiceDelivery.referral_id.in_(ids))
        ).all()
        entries = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity.in_(["referral", "service", "case"]),
                AuditEntry.action != "create",
            )
        ).all()
        shown = {
            ("referral", r.id) for r in referrals
        } | {("service", d.id) for d in services} | {("case", c) for c in case_ids}  # fmt: skip
        return sorted(
            [(r.status, r.service_type, r.shared_fields, r.note) for r in referrals]
            + [(d.service_type, d.delivered_on, d.provider_agency_id) for d in services]
            + [
                (e.actor, e.action, e.entity, tuple(e.fields))
                for e in entries
                if (e.entity, e.entity_id) in shown
            ],
            key=repr,
        )


def test_bulk_equals_one_by_one(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    to = receiver.agency_id or 0
    alone = [open_referrable_case(store, sender, to_agency_id=to) for _ in range(3)]
    bulk = [open_referrable_case(store, sender, to_agency_id=to) for _ in range(3)]
    for case_id in alone:
        with store.session() as s:
            ref = refer(
                s,
                case_id=case_id,
                to_agency_id=to,
                service="shelter",
                shared_fields=["identity"],
                note=None,
                respond_by=None,
                actor=sender,
            )
            accept_referral(s, referral_id=ref.id, actor=receiver)
            record_service(
                s,
                referral_id=ref.id,
                service_type="shelter",
                delivered_on=DELIVERED,
                outcome=None,
                actor=receiver,
            )
            complete_referral(s, referral_id=ref.id, actor=receiver)
    with store.session() as s:
        made = refer_all(
            s,
            items=[ReferralRequest(case_id, to, "shelter", ["identity"]) for case_id in bulk],
            actor=sender,
        )
        ids = [ref.id for ref in made]
        accept_referrals(s, referral_ids=ids, actor=receiver)
        record_services(s, items=[(n, "shelter", DELIVERED) for n in ids], actor=receiver)
        complete_referrals(s, referral_ids=ids, actor=receiver)
    one, many = _trail(store, alone), _trail(store, bulk)
    assert many == one
    # Each referral's sharing is on its case's trail, and each step on the referral's.
    assert sum(1 for row in many if row[1:3] == ("share", "case")) == 3
    assert sum(1 for row in many if row[1:3] == ("complete", "referral")) == 3
    with store.session() as s:
        assert verify_chain(s).intact


def test_bulk_refusals_leave_nothing(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    to = receiver.agency_id or 0
    with_consent = open_referrable_case(store, sender, to_agency_id=to)
    without = open_referrable_case(store, sender)  # no consent to share with the shelter
    with store.session() as s, pytest.raises(ConsentMissing):
        refer_all(
            s,
            items=[
                ReferralRequest(with_consent, to, "shelter", ["identity"]),
                ReferralRequest(without, to, "shelter", ["identity"]),
            ],
            actor=sender,
        )
    with store.session() as s:
        assert s.scalars(select(Referral)).all() == []
        (ref,) = refer_all(
            s, items=[ReferralRequest(with_consent, to, "shelter", [])], actor=sender
        )
        ref_id = ref.id
    with store.session() as s, pytest.raises(Conflict):
        complete_referrals(s, referral_ids=[ref_id], actor=receiver)  # not accepted yet
    with store.session() as s, pytest.raises(Conflict):
        record_services(s, items=[(ref_id, "shelter", DELIVERED)], actor=receiver)
    with store.session() as s:
        assert s.get_one(Referral, ref_id).status == "in_progress"
        assert s.scalars(select(ServiceDelivery)).all() == []
        assert verify_chain(s).intact


def test_consents_read_at_once_answer_as_one_by_one(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    to = receiver.agency_id or 0
    shared, unshared = (
        open_referrable_case(store, sender, to_agency_id=to),
        open_referrable_case(store, sender),
    )
    with store.session() as s:
        child = cases.open_case(
            s,
            data=CaseCreate(person=PersonData(given_name="Kid", birth_date="2015-02-03")),
            actor=sender,
        ).id
        record_consent(  # a guardian's: it counts for the child
            s,
            case_id=child,
            data=ConsentCreate(
                purpose="referral",
                informed_of=list(InformedOf),
                given_by="guardian",
                guardian_name="Aunt",
            ),
            actor=sender,
        )
    today = date.today()
    with store.session() as s:
        in_force = ConsentsInForce(s, case_ids=[shared, unshared, child], on=today)
        for case_id in (shared, unshared, child):
            case = s.get_one(Case, case_id)
            for purpose, agency in [
                (ConsentPurpose.referral, None),
                (ConsentPurpose.sharing, to),
                (ConsentPurpose.sharing, sender.agency_id),
                (ConsentPurpose.statistics, None),
            ]:
                assert in_force.allows(case, purpose, agency) == has_consent(
                    s, case_id=case_id, purpose=purpose, on=today, to_agency_id=agency
                ), (case_id, purpose, agency)
        assert in_force.allows(s.get_one(Case, shared), ConsentPurpose.sharing, to)
        assert not in_force.allows(s.get_one(Case, unshared), ConsentPurpose.sharing, to)
        assert in_force.allows(s.get_one(Case, child), ConsentPurpose.referral)
