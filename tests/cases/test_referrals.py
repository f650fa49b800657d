"""Referrals between agencies: consent first, the state machine, overdue flags, the audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from palermo import cases
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.cases.referrals.answers import (
    accept_referral,
    complete_referral,
    get_referral,
    reject_referral,
    revoke_referral,
)
from palermo.cases.referrals.sending import agencies_to_refer_to, refer
from palermo.cases.referrals.states import is_overdue
from palermo.clock.working_days import add_working_days
from palermo.errors import Conflict, ConsentMissing, NotFound, PermissionDenied, ValidationFailed
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.audit import verify_chain
from palermo.store.models import AuditEntry, Referral
from tests.factories import make_agency_user, make_two_agencies, open_referrable_case, refer_now


@pytest.fixture
def two_agencies(store: Store) -> tuple[Actor, Actor]:
    return make_two_agencies(store)


def test_whole_life_cycle_is_audited_with_state_names(
    store: Store, two_agencies: tuple[Actor, Actor]
) -> None:
    sender, receiver = two_agencies
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    referral_id = refer_now(store, sender, receiver, case_id)
    with store.session() as s:
        r = s.get(Referral, referral_id)
        assert r.status == "in_progress" and r.service_type == "shelter"
        assert r.respond_by == add_working_days(date.today(), 5)
        assert r.shared_fields == ["identity"]
    with store.session() as s:
        accept_referral(s, referral_id=referral_id, actor=receiver)
    with store.session() as s:
        complete_referral(s, referral_id=referral_id, actor=receiver)
    with store.session() as s:
        assert s.get(Referral, referral_id).status == "done"
        rows = s.scalars(select(AuditEntry).where(AuditEntry.entity == "referral")).all()
        assert [(a.action, a.fields) for a in rows][1:] == [
            ("accept", ["accepted"]),
            ("complete", ["done"]),
        ]
        # The creation lists the fields given (names only, from the model layer).
        assert rows[0].action == "create"
        assert {"status", "to_agency_id", "shared_fields", "note"} <= set(rows[0].fields)
        assert all("bed" not in str(a.fields) for a in s.scalars(select(AuditEntry)))
        assert verify_chain(s).intact


def test_reject_needs_a_reason_and_revoke_is_the_senders(
    store: Store, two_agencies: tuple[Actor, Actor]
) -> None:
    sender, receiver = two_agencies
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    first = refer_now(store, sender, receiver, case_id)
    second = refer_now(store, sender, receiver, case_id, shared_fields=[])
    with store.session() as s, pytest.raises(ValidationFailed):
        reject_referral(s, referral_id=first, reason="  ", actor=receiver)
    with store.session() as s:
        reject_referral(s, referral_id=first, reason="No bed free", actor=receiver)
    with store.session() as s:
        r = s.get(Referral, first)
        assert r.status == "rejected" and r.rejection_reason == "No bed free"
        assert r.responded_at is not None
    with store.session() as s, pytest.raises(PermissionDenied):
        revoke_referral(s, referral_id=second, actor=receiver)
    with store.session() as s, pytest.raises(PermissionDenied):
        accept_referral(s, referral_id=second, actor=sender)
    with store.session() as s:
        revoke_referral(s, referral_id=second, actor=sender)
    with store.session() as s:
        assert s.get(Referral, second).status == "revoked"
        assert verify_chain(s).intact


ILLEGAL = [
    ([], "complete"),
    (["accept"], "accept"),
    (["accept"], "reject"),
    (["reject"], "revoke"),
    # A done referral may be revoked (it ends the access it still grants); a revoked one not.
    (["revoke"], "revoke"),
    (["revoke"], "accept"),
]


def test_illegal_transitions_name_the_current_state(
    store: Store, two_agencies: tuple[Actor, Actor]
) -> None:
    sender, receiver = two_agencies
    case_id = open_referrable_case(store, sender)

    def do(move: str, s: Session, referral_id: int) -> None:
        if move == "accept":
            accept_referral(s, referral_id=referral_id, actor=receiver)
        elif move == "reject":
            reject_referral(s, referral_id=referral_id, reason="full", actor=receiver)
        elif move == "complete":
            complete_referral(s, referral_id=referral_id, actor=receiver)
        else:
            revoke_referral(s, referral_id=referral_id, actor=sender)

    for moves, bad in ILLEGAL:
        referral_id = refer_now(store, sender, receiver, case_id, shared_fields=[])
        for move in moves:
            with store.session() as s:
                do(move, s, referral_id)
        with store.session() as s:
            state = s.get(Referral, referral_id).status
        with store.session() as s, pytest.raises(Conflict) as err:
            do(bad, s, referral_id)
        assert f"is {state}" in err.value.message, (moves, bad)
        with store.session() as s:
            assert s.get(Referral, referral_id).status == state


def test_refusal_without_consent_changes_nothing(
    store: Store, two_agencies: tuple[Actor, Actor]
) -> None:
    sender, receiver = two_agencies
    with store.session() as s:
        case_id = cases.open_case(
            s, data=CaseCreate(person=PersonData(given_name="Test")), actor=sender
        ).id
    with store.session() as s:
        audit_before = s.scalar(select(func.count(AuditEntry.id)))
    with store.session() as s, pytest.raises(ConsentMissing) as err:
        refer(
            s,
            case_id=case_id,
            to_agency_id=receiver.agency_id,
            service=None,
            shared_fields=[],
            note=None,
            respond_by=None,
            actor=sender,
        )
    assert "referral to another agency" in err.value.message
    with store.session() as s:
        assert s.scalar(select(func.count(Referral.id))) == 0
        assert s.scalar(select(func.count(AuditEntry.id))) == audit_before


def test_sharing_fields_needs_consent_naming_the_agency(
    store: Store, two_agencies: tuple[Actor, Actor]
) -> None:
    sender, receiver = two_agencies
    case_id = open_referrable_case(store, sender)  # referral consent, no sharing consent
    with pytest.raises(ConsentMissing) as err:
        refer_now(store, sender, receiver, case_id, shared_fields=["birth_date"])
    assert err.value.purpose == "sharing" and "Shelter South" in err.value.message
    # Without personal fields the referral consent is enough.
    assert refer_now(store, sender, receiver, case_id, shared_fields=[])


def test_supervisor_override_lets_the_referral_through(
    store: Store, two_agencies: tuple[Actor, Actor]
) -> None:
    sender, receiver = two_agencies
    boss = make_agency_user(store, agency="NGO North", role="supervisor", username="boss")
    with store.session() as s:
        case_id = cases.open_case(
            s, data=CaseCreate(person=PersonData(given_name="Test")), actor=sender
        ).id
    referral_id = refer_now(store, boss, receiver, case_id, override_reason="Immediate danger")
    with store.session() as s:
        assert s.get(Referral, referral_id).status == "in_progress"


def test_bad_input_is_refused(store: Store, two_agencies: tuple[Actor, Actor]) -> None:
    sender, receiver = two_agencies
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    with pytest.raises(ValidationFailed, match="Valid groups"):
        refer_now(store, sender, receiver, case_id, shared_fields=["everything"])
    with pytest.raises(ValidationFailed, match="shelter"):
        refer_now(store, sender, receiver, case_id, service="spa_day")
    with store.session() as s, pytest.raises(ValidationFailed, match="another agency"):
        refer(
            s,
            case_id=case_id,
            to_agency_id=sender.agency_id,
            service=None,
            shared_fields=[],
            note=None,
            respond_by=None,
            actor=sender,
        )
    # The receiver cannot refer the sender's case onwards: it does not exist for them.
    with pytest.raises(NotFound):
        refer_now(store, receiver, sender, case_id)


def test_overdue_when_no_answer_by_the_date(
    store: Store, two_agencies: tuple[Actor, Actor]
) -> None:
    sender, receiver = two_agencies
    case_id = open_referrable_case(store, sender)
    referral_id = refer_now(store, sender, receiver, case_id, shared_fields=[])
    with store.session() as s:
        r = s.get(Referral, referral_id)
        assert not is_overdue(r)
        assert is_overdue(r, today=r.respond_by + timedelta(days=1))
        accept_referral(s, referral_id=referral_id, actor=receiver)
        assert not is_overdue(r, today=r.respond_by + timedelta(days=1))


def test_working_days_skip_weekends() -> None:
    friday = date(2025, 6, 6)
    assert add_working_days(friday, 1) == date(2025, 6, 9)
    assert add_working_days(friday, 5) == date(2025, 6, 13)
    assert add_working_days(date(2025, 6, 7), 1) == date(2025, 6, 9)


def test_other_agencies_do_not_see_the_referral(
    store: Store, two_agencies: tuple[Actor, Actor]
) -> None:
    sender, receiver = two_agencies
    outsider = make_agency_user(store, agency="Third Agency", username="outsider")
    case_id = open_referrable_case(store, sender)
    referral_id = refer_now(store, sender, receiver, case_id, shared_fields=[])
    with store.session() as s, pytest.raises(NotFound):
        get_referral(s, referral_id=referral_id, actor=outsider)
    with store.session() as s:
        denied = s.scalars(select(AuditEntry).where(AuditEntry.outcome == "denied")).all()
        assert [(d.entity, d.entity_id) for d in denied] == [("referral", referral_id)]
        names = [a.name for a in agencies_to_refer_to(s, actor=sender)]
        assert names == ["Shelter South", "Third Agency"]
