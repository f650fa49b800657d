"""Consent keeps being enforced after the moment it was checked.

A referral's grant lasts only while the sharing consent behind it is valid; withdrawing a
consent ends the referrals it allowed; a child's own consent never counts, however the case
learnt that the person is a child; a person identified as a child grows up; the receiver
loses the note with the grant; closing a case ends its referrals; a service is delivered
only under a referral that still allows recording.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from palermo import cases
from palermo.cases.consent.enforcement import has_consent, require_consent
from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.record.age import is_child
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.cases.referrals.answers import (
    accept_referral,
    complete_referral,
    get_referral,
    reject_referral,
    revoke_referral,
)
from palermo.cases.referrals.deliveries import deliver_service, record_service
from palermo.cases.referrals.grants import grants_for, read_shared_case
from palermo.cases.support.lifecycle import ChildProtectionUpdate, update_child_protection
from palermo.cases.workflow import close_case, withdraw_consent
from palermo.errors import Conflict, ConsentMissing, NotFound, ValidationFailed
from palermo.store import Store
from palermo.store.audit import verify_chain
from palermo.store.models import AuditEntry, Case, Consent, Referral, ServiceDelivery
from palermo.vocab import InformedOf
from palermo.web.schemas.protect_json import ReferralOut
from tests.factories import (
    as_fixture,
    make_agency_user,
    make_two_agencies,
    open_referrable_case,
    refer_now,
)

TODAY = date.today()


def _years_ago(years: int, *, days: int = 0) -> date:
    try:
        then = TODAY.replace(year=TODAY.year - years)
    except ValueError:  # 29 February
        then = date(TODAY.year - years, 3, 1)
    return then - timedelta(days=days)


def _consent_of(store: Store, case_id: int, purpose: str) -> int:
    with store.session() as s:
        return s.scalars(
            select(Consent.id).where(Consent.case_id == case_id, Consent.purpose == purpose)
        ).one()


def _move(store: Store, referral_id: int, actor, *moves: str) -> None:
    for move in moves:
        with store.session() as s:
            if move == "accept":
                accept_referral(s, referral_id=referral_id, actor=actor)
            elif move == "complete":
                complete_referral(s, referral_id=referral_id, actor=actor)
            elif move == "revoke":
                revoke_referral(s, referral_id=referral_id, actor=actor)
            else:
                reject_referral(s, referral_id=referral_id, reason="full", actor=actor)


def _status(store: Store, referral_id: int) -> str:
    with store.session() as s:
        return s.get(Referral, referral_id).status


def _revocations(store: Store) -> list[tuple[int, list[str]]]:
    with store.session() as s:
        rows = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "referral", AuditEntry.action == "revoke")
            .order_by(AuditEntry.id)
        ).all()
        return [(int(a.entity_id), a.fields) for a in rows]


# --------------------------------------------------------------- H1: grants follow consent


def test_expired_sharing_consent_ends_the_grant_at_read_time(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    rid = refer_now(store, sender, receiver, case_id, shared_fields=["identity"])
    _move(store, rid, receiver, "accept", "complete")
    with store.session() as s:
        assert read_shared_case(s, case_id=case_id, actor=receiver).given_name == "Ana"
    sharing_id = _consent_of(store, case_id, "sharing")
    with store.session() as s, as_fixture(s):
        s.get(Consent, sharing_id).expires_on = TODAY - timedelta(1)
    with store.session() as s:
        grants = grants_for(s, actor=receiver, case_id=case_id)
        assert [g.groups for g in grants] == [frozenset()]
        view = read_shared_case(s, case_id=case_id, actor=receiver)
        assert view.groups == frozenset() and view.given_name is None
        assert "Ana" not in str(view.as_dict())
        read = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "read_shared")
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ).one()
        assert read.fields == []


def test_sharing_consent_must_name_the_receiving_agency(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    other = make_agency_user(store, agency="Clinic East", username="clinic")
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    rid = refer_now(store, sender, receiver, case_id, shared_fields=["identity"])
    sharing_id = _consent_of(store, case_id, "sharing")
    with store.session() as s, as_fixture(s):
        # The consent is moved to another agency: the receiver's grant no longer stands.
        s.get(Consent, sharing_id).shared_with_agency_id = other.agency_id
    with store.session() as s:
        assert [g.groups for g in grants_for(s, actor=receiver, case_id=case_id)] == [frozenset()]
    assert _status(store, rid) == "in_progress"


def test_supervisor_override_still_shares_at_read_time(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    boss = make_agency_user(store, agency="NGO North", role="supervisor", username="boss")
    with store.session() as s:
        case_id = cases.open_case(
            s, data=CaseCreate(person=PersonData(given_name="Ana")), actor=sender
        ).id
    refer_now(store, boss, receiver, case_id, override_reason="Immediate danger")
    with store.session() as s:
        assert read_shared_case(s, case_id=case_id, actor=receiver).given_name == "Ana"


def test_sender_may_revoke_a_done_referral(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    rid = refer_now(store, sender, receiver, case_id, shared_fields=["identity"])
    _move(store, rid, receiver, "accept", "complete")
    _move(store, rid, sender, "revoke")
    assert _status(store, rid) == "revoked"
    with store.session() as s:
        assert grants_for(s, actor=receiver, case_id=case_id) == []
    with store.session() as s, pytest.raises(NotFound):
        read_shared_case(s, case_id=case_id, actor=receiver)


def test_withdrawing_sharing_consent_revokes_that_agencys_referrals(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    done = refer_now(store, sender, receiver, case_id, shared_fields=["identity"])
    _move(store, done, receiver, "accept", "complete")
    open_ = refer_now(store, sender, receiver, case_id, shared_fields=["birth_date"])
    nothing_shared = refer_now(store, sender, receiver, case_id, shared_fields=[])
    consent_id = _consent_of(store, case_id, "sharing")
    with store.session() as s:
        withdraw_consent(s, consent_id=consent_id, actor=sender)
    assert _status(store, done) == "revoked" and _status(store, open_) == "revoked"
    # A referral that shares no field group never rested on the sharing consent.
    assert _status(store, nothing_shared) == "in_progress"
    assert _revocations(store) == [(done, ["consent_withdrawn"]), (open_, ["consent_withdrawn"])]
    with store.session() as s:
        view = read_shared_case(s, case_id=case_id, actor=receiver)
        assert view.groups == frozenset()
        assert verify_chain(s).intact


def test_withdrawing_referral_consent_revokes_open_referrals(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    waiting = refer_now(store, sender, receiver, case_id)
    accepted = refer_now(store, sender, receiver, case_id)
    _move(store, accepted, receiver, "accept")
    done = refer_now(store, sender, receiver, case_id)
    _move(store, done, receiver, "accept", "complete")
    consent_id = _consent_of(store, case_id, "referral")
    with store.session() as s:
        withdraw_consent(s, consent_id=consent_id, actor=sender)
    assert [_status(store, r) for r in (waiting, accepted, done)] == [
        "revoked",
        "revoked",
        "done",
    ]
    assert _revocations(store) == [
        (waiting, ["consent_withdrawn"]),
        (accepted, ["consent_withdrawn"]),
    ]


# --------------------------------------------------------------- H3: children


def _case(store: Store, actor, **data) -> int:
    person = data.pop("person", PersonData(given_name="Mia"))
    with store.session() as s:
        return cases.open_case(s, data=CaseCreate(person=person, **data), actor=actor).id


def _record(store: Store, actor, case_id: int, purpose: str, **extra) -> Consent:
    with store.session() as s:
        return record_consent(
            s,
            case_id=case_id,
            data=ConsentCreate(purpose=purpose, informed_of=list(InformedOf), **extra),
            actor=actor,
        )


def test_childs_own_consent_stops_counting_once_the_age_is_recorded(store: Store) -> None:
    worker = make_agency_user(store, username="worker")
    case_id = _case(store, worker, identified_on=TODAY)
    _record(store, worker, case_id, "services")  # the person's own, as an adult's
    with store.session() as s:
        assert has_consent(s, case_id=case_id, purpose="services", on=TODAY)
    with store.session() as s:
        update_child_protection(
            s, case_id=case_id, data=ChildProtectionUpdate(age_at_identification=15), actor=worker
        )
    with store.session() as s:
        assert not has_consent(s, case_id=case_id, purpose="services", on=TODAY)
    with store.session() as s, pytest.raises(ConsentMissing) as missing:
        require_consent(s, case_id=case_id, purpose="services", actor=worker, action="x")
    assert "guardian" in (missing.value.hint or "")
    _record(store, worker, case_id, "services", given_by="guardian", guardian_name="M. Tutor")
    with store.session() as s:
        assert has_consent(s, case_id=case_id, purpose="services", on=TODAY)
        assert (
            require_consent(s, case_id=case_id, purpose="services", actor=worker, action="x")
            is None
        )


def test_childs_own_sharing_consent_grants_nothing(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    refer_now(store, sender, receiver, case_id, shared_fields=["identity"])
    with store.session() as s:
        update_child_protection(
            s, case_id=case_id, data=ChildProtectionUpdate(age_at_identification=16), actor=sender
        )
        # The case's birth date says adult; the age at identification says child (and wins).
        with as_fixture(s):
            s.get(Case, case_id).identified_on = TODAY
    with store.session() as s:
        view = read_shared_case(s, case_id=case_id, actor=receiver)
        assert view.given_name is None


def test_child_grows_up(store: Store) -> None:
    worker = make_agency_user(store, username="worker")
    with store.session() as s:
        # 15 three years ago tomorrow: 18 tomorrow at the latest, so still a child today.
        case = Case(age_at_identification=15, identified_on=_years_ago(3, days=-1))
        assert is_child(case, on=TODAY)
        case.identified_on = _years_ago(3)  # 18 today
        assert not is_child(case, on=TODAY)
        assert is_child(case, on=TODAY - timedelta(days=1))
        case = Case(age_at_identification=17, identified_on=None, created_at=datetime.now())
        assert is_child(case, on=TODAY)
        case.created_at = datetime.combine(_years_ago(2), datetime.min.time())
        assert not is_child(case, on=TODAY)
    # Identified at 16 ten years ago: an adult now, who consents for herself.
    grown = _case(store, worker, identified_on=_years_ago(10))
    with store.session() as s:
        update_child_protection(
            s, case_id=grown, data=ChildProtectionUpdate(age_at_identification=16), actor=worker
        )
    assert _record(store, worker, grown, "services").given_by == "person"
    # A partial birth date counts from its latest possible day.
    born = _case(
        store, worker, person=PersonData(given_name="Mia", birth_date=str(TODAY.year - 17))
    )
    with store.session() as s, pytest.raises(ValidationFailed, match="child"):
        record_consent(
            s,
            case_id=born,
            data=ConsentCreate(purpose="services", informed_of=list(InformedOf)),
            actor=worker,
        )


def test_child_without_guardian_is_still_refused(store: Store) -> None:
    worker = make_agency_user(store, username="worker")
    case_id = _case(store, worker, identified_on=TODAY)
    with store.session() as s:
        update_child_protection(
            s, case_id=case_id, data=ChildProtectionUpdate(age_at_identification=12), actor=worker
        )
    with store.session() as s, pytest.raises(ValidationFailed, match="guardian"):
        record_consent(
            s,
            case_id=case_id,
            data=ConsentCreate(
                purpose="services", informed_of=list(InformedOf), given_by="guardian"
            ),
            actor=worker,
        )


# --------------------------------------------------------------- M5: the note goes with the grant


@pytest.mark.parametrize("ending", ["revoke", "reject"])
def test_receiver_loses_the_note_with_the_grant(store: Store, ending: str) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    rid = refer_now(store, sender, receiver, case_id, note="Afraid of her uncle, M. Rossi.")
    with store.session() as s:
        r = get_referral(s, referral_id=rid, actor=receiver)
        assert ReferralOut.of(r).model_dump()["note"] == "Afraid of her uncle, M. Rossi."
    _move(store, rid, sender if ending == "revoke" else receiver, ending)
    with store.session() as s:
        r = get_referral(s, referral_id=rid, actor=receiver)
        data = ReferralOut.of(r).model_dump()
        assert r.note is None and data["note"] is None
        assert data["state"] == ("revoked" if ending == "revoke" else "rejected")
        assert data["respond_by"] is not None and data["created_at"] is not None
        assert (data["revoked_at"] or data["responded_at"]) is not None
    with store.session() as s:
        # The stored row keeps it, and the sender still reads its own note.
        assert s.get(Referral, rid).note == "Afraid of her uncle, M. Rossi."
        mine = get_referral(s, referral_id=rid, actor=sender)
        assert ReferralOut.of(mine).model_dump()["note"] == "Afraid of her uncle, M. Rossi."


def test_receivers_reject_answer_has_no_note(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    rid = refer_now(store, sender, receiver, case_id, note="Secret")
    with store.session() as s:
        answer = reject_referral(s, referral_id=rid, reason="full", actor=receiver)
        data = ReferralOut.of(answer).model_dump()
        assert data["note"] is None and data["rejection_reason"] == "full"
    with store.session() as s:
        row = s.get(Referral, rid)
        assert row.note == "Secret" and row.rejection_reason == "full"


# --------------------------------------------------------------- L2: closing a case


def test_closing_revokes_open_referrals(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    waiting = refer_now(store, sender, receiver, case_id)
    done = refer_now(store, sender, receiver, case_id)
    _move(store, done, receiver, "accept", "complete")
    with store.session() as s:
        close_case(s, case_id=case_id, reason_code="goals_achieved", note=None, actor=sender)
    assert _status(store, waiting) == "revoked" and _status(store, done) == "done"
    assert _revocations(store) == [(waiting, ["case_closed"])]
    with store.session() as s:
        # The consents stay: the person did not withdraw them.
        assert all(c.withdrawn_on is None for c in s.scalars(select(Consent)))


def test_closing_as_referred_keeps_the_referral_to_that_agency(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    rid = refer_now(store, sender, receiver, case_id)
    _move(store, rid, receiver, "accept")
    with store.session() as s:
        close_case(
            s,
            case_id=case_id,
            reason_code="referred_elsewhere",
            note=None,
            actor=sender,
            referred_to_agency_id=receiver.agency_id,
        )
    assert _status(store, rid) == "accepted"


def test_closing_for_withdrawn_consent_withdraws_the_consents(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    done = refer_now(store, sender, receiver, case_id)
    _move(store, done, receiver, "accept", "complete")
    waiting = refer_now(store, sender, receiver, case_id, shared_fields=[])
    with store.session() as s:
        expired = record_consent(
            s,
            case_id=case_id,
            data=ConsentCreate(purpose="statistics", informed_of=list(InformedOf)),
            actor=sender,
        )
        with as_fixture(s):
            expired.expires_on = TODAY - timedelta(1)
        expired_id = expired.id
    with store.session() as s:
        close_case(s, case_id=case_id, reason_code="consent_withdrawn", note=None, actor=sender)
    with store.session() as s:
        consents = {c.purpose: c for c in s.scalars(select(Consent))}
        assert consents["referral"].withdrawn_on == TODAY
        assert consents["sharing"].withdrawn_on == TODAY
        assert s.get(Consent, expired_id).withdrawn_on is None  # already not valid
        withdrawals = s.scalars(
            select(AuditEntry.entity_id).where(
                AuditEntry.entity == "consent", AuditEntry.action == "withdraw"
            )
        ).all()
        assert sorted(int(i) for i in withdrawals) == sorted(
            [consents["referral"].id, consents["sharing"].id]
        )
        assert verify_chain(s).intact
    assert _status(store, done) == "revoked" and _status(store, waiting) == "revoked"
    assert {rid: fields for rid, fields in _revocations(store)} == {
        done: ["consent_withdrawn"],
        waiting: ["consent_withdrawn"],
    }


# --------------------------------------------------------------- L3: delivering a service


def test_deliver_service_needs_a_referral_that_allows_recording(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    rid = refer_now(store, sender, receiver, case_id)
    _move(store, rid, receiver, "accept")
    with store.session() as s:
        planned = record_service(
            s,
            referral_id=rid,
            service_type="shelter",
            delivered_on=None,
            planned_on=TODAY + timedelta(3),
            outcome=None,
            actor=receiver,
        ).id
    _move(store, rid, sender, "revoke")
    with store.session() as s, pytest.raises(Conflict, match="revoked"):
        deliver_service(s, service_id=planned, delivered_on=TODAY, outcome=None, actor=receiver)
    with store.session() as s:
        assert s.get(ServiceDelivery, planned).delivered_on is None
