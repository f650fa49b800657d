from datetime import date

import pytest
from sqlalchemy import select

from palermo import cases
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.cases.support.lifecycle import (
    ChildProtectionUpdate,
    reopen_case,
    update_child_protection,
)
from palermo.cases.support.protection import case_protection
from palermo.cases.workflow import close_case
from palermo.errors import Conflict, NotFound, UnknownCode, ValidationFailed
from palermo.store import Store, audit
from palermo.store.models import AuditEntry, CaseStatusChange
from tests.factories import make_agency_user


def _open(store: Store, actor) -> int:
    with store.session() as s:
        data = CaseCreate(person=PersonData(given_name="Ion"), identified_on=date(2025, 1, 2))
        return cases.open_case(s, data=data, actor=actor).id


def test_close_and_reopen_with_reasons_and_conflicts(store: Store) -> None:
    worker = make_agency_user(store)
    case_id = _open(store, worker)
    with store.session() as s:
        change = close_case(
            s, case_id=case_id, reason_code="goals_achieved", note="Back at work", actor=worker
        )
        assert (change.from_status, change.to_status) == ("Active", "Closed")
    with store.session() as s, pytest.raises(Conflict, match="already closed"):
        close_case(s, case_id=case_id, reason_code="other", note=None, actor=worker)
    with store.session() as s:
        # A closed case stays readable.
        assert cases.read_case(s, case_id=case_id, actor=worker).status == "Closed"
        with pytest.raises(ValidationFailed, match="why"):
            reopen_case(s, case_id=case_id, reason="  ", actor=worker)
    with store.session() as s:
        reopen_case(s, case_id=case_id, reason="Trafficker made contact again", actor=worker)
    with store.session() as s, pytest.raises(Conflict, match="only a closed case"):
        reopen_case(s, case_id=case_id, reason="again", actor=worker)
    with store.session() as s:
        case = cases.read_case(s, case_id=case_id, actor=worker)
        assert case.status == "Active" and case.closure_reason is None
        history = s.scalars(
            select(CaseStatusChange).where(CaseStatusChange.case_id == case_id)
        ).all()
        assert [(h.to_status, h.reason_code, h.reason) for h in history] == [
            ("Closed", "goals_achieved", "Back at work"),
            ("Active", None, "Trafficker made contact again"),
        ]
        actions = s.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity == "case", AuditEntry.action.in_(["close", "reopen"])
            )
        ).all()
        assert actions == ["close", "reopen"]
        assert audit.verify_chain(s).intact


def test_closed_referred_names_the_agency(store: Store) -> None:
    worker = make_agency_user(store)
    shelter = make_agency_user(store, agency="Shelter South", username="shelter")
    case_id = _open(store, worker)
    with store.session() as s:
        with pytest.raises(UnknownCode):
            close_case(s, case_id=case_id, reason_code="bored", note=None, actor=worker)
        change = close_case(
            s,
            case_id=case_id,
            reason_code="referred_elsewhere",
            note=None,
            actor=worker,
            referred_to_agency_id=shelter.agency_id,
        )
        assert change.to_status == "ClosedReferred"
        assert change.reason == "Referred to Shelter South."
    with store.session() as s, pytest.raises(NotFound):
        reopen_case(s, case_id=case_id, reason="mine now", actor=shelter)


def test_child_protection_is_updated_and_audited_without_values(store: Store) -> None:
    worker = make_agency_user(store)
    case_id = _open(store, worker)
    data = ChildProtectionUpdate(
        age_at_identification=15, guardian_name="Guardian G", best_interests_flag=True
    )
    with store.session() as s:
        case = update_child_protection(s, case_id=case_id, data=data, actor=worker)
        assert case.best_interests_flag and case.guardian_name == "Guardian G"
    with store.session() as s:
        view = case_protection(s, case_id=case_id, actor=worker)
        assert view.child and view.case.age_at_identification == 15
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "update", AuditEntry.entity == "case")
        ).one()
        assert entry.fields == ["age_at_identification", "best_interests_flag", "guardian_name"]
    with pytest.raises(ValueError):
        ChildProtectionUpdate(age_at_identification=-1)
