"""The receiving agency sees only what a referral shares, only while the referral grants it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from palermo import cases
from palermo.cases.record.schemas import CaseQuery
from palermo.cases.referrals.answers import (
    accept_referral,
    complete_referral,
    reject_referral,
    revoke_referral,
)
from palermo.cases.referrals.field_groups import check_groups, group_label
from palermo.cases.referrals.grants import grants_for, read_shared_case
from palermo.cases.referrals.shared_view import SharedCaseView
from palermo.errors import NotFound
from palermo.store import Store
from palermo.store.models import AuditEntry, NeedsAssessment
from tests.factories import as_fixture, make_two_agencies, open_referrable_case, refer_now


def test_view_holds_only_the_shared_groups(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    refer_now(store, sender, receiver, case_id, shared_fields=["identity", "citizenship"])
    with store.session() as s:
        view = read_shared_case(s, case_id=case_id, actor=receiver)
    assert isinstance(view, SharedCaseView)
    assert view.groups == {"identity", "citizenship"}
    assert view.display_name == "Ana Testova"
    assert view.citizenship == ("MD",)
    assert view.birth_date is None and view.identity_number is None and view.phone is None
    assert view.means_of_control == ()
    data = view.as_dict()
    assert data["shared"] == ["identity", "citizenship"]
    assert "birth_date" not in data and "identity_number" not in data and "phone" not in data
    assert "1994" not in str(data) and "998877" not in str(data)


def test_groups_of_several_referrals_add_up(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    refer_now(store, sender, receiver, case_id, shared_fields=["birth_date"])
    refer_now(store, sender, receiver, case_id, shared_fields=["document", "needs"])
    with store.session() as s, as_fixture(s):
        s.add(
            NeedsAssessment(
                case_id=case_id,
                assessed_on=date.today(),
                needs=["shelter", "health_care"],
                assessed_by="worker",
            )
        )
    with store.session() as s:
        view = read_shared_case(s, case_id=case_id, actor=receiver)
        assert view.birth_date == "1994-05-06" and view.identity_number == "XX-998877"
        assert view.needs == ("shelter", "health_care")
        assert view.given_name is None
        assert len(view.grants) == 2
        read = s.scalars(select(AuditEntry).where(AuditEntry.action == "read_shared")).one()
        assert read.fields == ["birth_date", "identity_number", "needs"]
        assert read.agency_id == receiver.agency_id


def test_full_case_stays_with_its_agency(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    refer_now(store, sender, receiver, case_id, shared_fields=["identity"])
    with store.session() as s, pytest.raises(NotFound):
        cases.read_case(s, case_id=case_id, actor=receiver)
    with store.session() as s:
        found = cases.find_cases(s, query=CaseQuery(name="Testova"), actor=receiver)
        assert found.total == 0


def test_which_states_grant_access(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    steps = {
        "reject": ["reject"],
        "revoke": ["revoke"],
        "revoke_accepted": ["accept", "revoke"],
        "done": ["accept", "complete"],
    }
    expected = {"reject": False, "revoke": False, "revoke_accepted": False, "done": True}
    denials = 0
    for end, moves in steps.items():
        # One case per ending, so that grants of one referral do not hide another's loss.
        case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
        rid = refer_now(store, sender, receiver, case_id, shared_fields=["identity"])
        for move in moves:
            with store.session() as s:
                if move == "reject":
                    reject_referral(s, referral_id=rid, reason="full", actor=receiver)
                elif move == "revoke":
                    revoke_referral(s, referral_id=rid, actor=sender)
                elif move == "accept":
                    accept_referral(s, referral_id=rid, actor=receiver)
                else:
                    complete_referral(s, referral_id=rid, actor=receiver)
        with store.session() as s:
            granted = bool(grants_for(s, actor=receiver, case_id=case_id))
            assert granted is expected[end], end
        if expected[end]:
            with store.session() as s:
                view = read_shared_case(s, case_id=case_id, actor=receiver)
                assert view.given_name == "Ana"
            continue
        denials += 1
        with store.session() as s, pytest.raises(NotFound):
            read_shared_case(s, case_id=case_id, actor=receiver)
        with store.session() as s:
            denied = s.scalar(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.outcome == "denied", AuditEntry.action == "read_shared"
                )
            )
            assert denied == denials


def test_no_grant_for_the_sender_or_an_outsider(store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    refer_now(store, sender, receiver, case_id, shared_fields=["identity"])
    with store.session() as s:
        # The sender reads its own case in full; it holds no grant on it.
        assert grants_for(s, actor=sender, case_id=case_id) == []
        assert grants_for(s, actor=receiver, case_id=case_id + 1) == []


def test_group_names_are_checked_and_labelled() -> None:
    assert check_groups(["needs", "identity", "identity"]) == ["identity", "needs"]
    assert group_label("birth_date", "fr") == "Date de naissance"
    with pytest.raises(Exception, match="Valid groups"):
        check_groups(["all"])
