"""Deleting a case: everything of the case goes in one transaction, audited per kind,
proposals about its victim go with it, and another agency's records block the deletion."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text

from palermo import cases
from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.family_tracing.matching import propose_matches
from palermo.cases.family_tracing.requests import open_tracing_request
from palermo.cases.referrals.deliveries import record_service
from palermo.cases.support.plan import PlanItemCreate, add_plan_item
from palermo.errors import Conflict
from palermo.store import Store
from palermo.store.models import (
    AuditEntry,
    Case,
    Consent,
    Person,
    Referral,
    ServiceDelivery,
    SupportPlanItem,
    TracingMatch,
    TracingRequest,
)
from palermo.vocab import InformedOf
from palermo.vocab import TracingRelationship as Relationship
from tests.factories import (
    SOUGHT,
    consent_to_tracing,
    make_agency_user,
    make_two_agencies,
    open_referrable_case,
    open_tracing_case,
    refer_now,
)


def _count(store: Store, model) -> int:  # noqa: ANN001
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_deleting_a_proposed_candidate_removes_the_proposals_about_it(store: Store) -> None:
    worker = make_agency_user(store)
    boss = make_agency_user(store, role="supervisor")
    with store.session() as s:
        daughter = open_tracing_case(s, worker, "Olena", "Shevchenko", date(1996, 5, 1))
        mother = open_tracing_case(s, worker, "Oksana", "Schewtschenko", date(1971, 9, 9))
        for case_id in (daughter, mother):
            consent_to_tracing(s, worker, case_id)
        request_id = open_tracing_request(s, case_id=daughter, data=SOUGHT, actor=worker).id
        [match] = propose_matches(s, request_id=request_id, actor=worker)
        mother_victim = s.get(Case, mother).victim_id
        assert match.candidate_person_id == mother_victim
    with store.session() as s:
        # Used to fail with an IntegrityError (tracing_match.candidate_person_id).
        cases.delete_case(s, case_id=mother, actor=boss)
    with store.session() as s:
        assert s.get(Case, mother) is None and s.get(Person, mother_victim) is None
        assert s.scalars(select(TracingMatch)).all() == []
        assert s.get(TracingRequest, request_id).status == "open"
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "delete", AuditEntry.entity_id == mother)
        ).all()
        assert ["tracing_matches:1"] in [e.fields for e in entry]


def test_database_cascades_proposals_about_a_deleted_request(store: Store) -> None:
    # Even outside delete_case (a raw delete), a proposal about a gone record goes too.
    worker = make_agency_user(store)
    with store.session() as s:
        daughter = open_tracing_case(s, worker, "Olena", "Shevchenko", date(1996, 5, 1))
        mother = open_tracing_case(s, worker, "Oksana", "Shevchenko", date(1971, 9, 9))
        for case_id in (daughter, mother):
            consent_to_tracing(s, worker, case_id)
        mine = open_tracing_request(s, case_id=daughter, data=SOUGHT, actor=worker).id
        theirs = open_tracing_request(
            s,
            case_id=mother,
            data=SOUGHT.model_copy(
                update={
                    "sought_given_name": "Olena",
                    "sought_birth_year": 1996,
                    "relationship": Relationship.child,
                }
            ),  # fmt: skip
            actor=worker,
        ).id
        assert any(m.candidate_request_id == theirs for m in propose_matches(
            s, request_id=mine, actor=worker
        ))  # fmt: skip
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM tracing_request WHERE id = :i"), {"i": theirs})
    with store.session() as s:
        left = s.scalars(select(TracingMatch.candidate_request_id)).all()
        assert theirs not in left


def test_delete_removes_every_dependent_row_and_audits_counts_per_kind(store: Store) -> None:
    worker = make_agency_user(store)
    boss = make_agency_user(store, role="supervisor")
    with store.session() as s:
        case_id = open_tracing_case(s, worker, "Olena", "Shevchenko", date(1996, 5, 1))
        consent_to_tracing(s, worker, case_id)
        record_consent(
            s,
            case_id=case_id,
            data=ConsentCreate(purpose="services", informed_of=list(InformedOf)),
            actor=worker,
        )
        open_tracing_request(s, case_id=case_id, data=SOUGHT, actor=worker)
        add_plan_item(
            s,
            case_id=case_id,
            data=PlanItemCreate(service_type="shelter", objectives="A bed"),
            actor=worker,
        )
        record_service(
            s,
            case_id=case_id,
            service_type="shelter",
            delivered_on=date.today(),
            outcome="Stayed two nights",
            actor=worker,
        )
        cases.add_comment(s, case_id=case_id, body="Called her aunt", actor=worker)
    with store.session() as s:
        cases.delete_case(s, case_id=case_id, actor=boss)
    for model in (Case, Person, Consent, TracingRequest, SupportPlanItem, ServiceDelivery):
        assert _count(store, model) == 0, model
    with store.session() as s:
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "delete").order_by(AuditEntry.id)
        ).all()
    fields = {f for e in entries for f in e.fields}
    assert {
        "consents:2",
        "tracing_requests:1",
        "support_plan_items:1",
        "service_deliveries:1",
        "comments:1",
        "persons:1",
    } <= fields
    kinds = [e.fields[0].split(":")[0] for e in entries if e.fields]
    assert len(kinds) == len(set(kinds)), "one entry per kind"
    assert all((e.entity, e.entity_id) == ("case", case_id) for e in entries if e.fields)
    # Counts and names of kinds only, never values.
    assert not any("Olena" in f or "aunt" in f or "bed" in f for f in fields)


def test_referred_case_cannot_be_deleted_and_nothing_changes(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    boss = make_agency_user(store, agency="NGO North", role="supervisor")
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    referral_id = refer_now(store, sender, receiver, case_id)
    with store.session() as s:
        from palermo.cases.referrals.answers import accept_referral
        from palermo.cases.referrals.deliveries import record_service

        accept_referral(s, referral_id=referral_id, actor=receiver)
        record_service(
            s,
            referral_id=referral_id,
            service_type="shelter",
            delivered_on=date.today(),
            outcome="Given a bed",
            actor=receiver,
        )
    with store.session() as s, pytest.raises(Conflict) as refused:
        cases.delete_case(s, case_id=case_id, actor=boss)
    message = f"{refused.value.message} {refused.value.hint}"
    assert "1 referral" in message and "1 service" in message
    assert "Shelter South" in message and "close" in message.lower()
    assert _count(store, Case) == 1
    assert _count(store, Referral) == 1 and _count(store, ServiceDelivery) == 1
