"""Audit entries written from the model layer: one per create, update and delete, with the
fields changed and never their values; a change nobody is bound to is refused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from palermo.store import Store, audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, AuditEntry, Case, CaseCode, Consent, Person


def _entries(store: Store, after: int = 0) -> list[tuple[str, str, int | None, list[str]]]:
    with store.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.id > after).order_by(AuditEntry.id))
        return [(e.action, e.entity, e.entity_id, list(e.fields)) for e in rows]


def _last_id(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) or 0


@pytest.fixture
def setting(store: Store) -> tuple[Actor, int]:
    admin = Actor.system("test")
    with store.session() as s, audit.acting_as(s, admin):
        agency = Agency(name="Shelter North", type="Shelter", country="NL")
        s.add(agency)
    with store.session() as s:
        agency_id = s.scalars(select(Agency.id)).one()
    return Actor(user_id=None, username="maria", agency_id=agency_id, role="caseworker"), agency_id


def test_create_update_delete_each_leave_one_entry_with_the_changed_fields(
    store: Store, setting: tuple[Actor, int]
) -> None:
    actor, agency_id = setting
    start = _last_id(store)
    with store.session() as s, audit.acting_as(s, actor):
        person = Person(agency_id=agency_id, given_name="Elena", family_name="Popescu")
        s.add(person)
    created = _entries(store, start)
    assert len(created) == 1
    action, entity, person_id, fields = created[0]
    assert (action, entity) == ("create", "person")
    assert {"given_name", "family_name", "agency_id"} <= set(fields)
    assert "birth_date" not in fields  # not given, not listed

    start = _last_id(store)
    with store.session() as s, audit.acting_as(s, actor):
        row = s.get(Person, person_id)
        row.family_name = "Ionescu"
        row.given_name = "Elena"  # the same value: not a change
    assert _entries(store, start) == [("update", "person", person_id, ["family_name"])]

    start = _last_id(store)
    with store.session() as s, audit.acting_as(s, actor):
        s.delete(s.get(Person, person_id))
    assert _entries(store, start) == [("delete", "person", person_id, [])]
    text = " ".join(str(e) for e in _entries(store))
    assert "Elena" not in text and "Popescu" not in text and "Ionescu" not in text


def test_rows_of_a_case_are_recorded_on_the_case(store: Store, setting: tuple[Actor, int]) -> None:
    actor, agency_id = setting
    with store.session() as s, audit.acting_as(s, actor):
        case = Case(
            reference="PAL-T-1",
            agency_id=agency_id,
            status="Active",
            victim=Person(agency_id=agency_id),
        )
        s.add(case)
        s.flush()
        case_id = case.id
    start = _last_id(store)
    with store.session() as s, audit.acting_as(s, actor):
        s.add(CaseCode(case_id=case_id, field="citizenship", code="NG"))
    assert _entries(store, start) == [("update", "case", case_id, ["citizenship"])]


def test_a_named_step_replaces_update_and_may_name_its_own_fields(
    store: Store, setting: tuple[Actor, int]
) -> None:
    actor, agency_id = setting
    with store.session() as s, audit.acting_as(s, actor):
        case = Case(
            reference="PAL-T-2",
            agency_id=agency_id,
            status="Active",
            victim=Person(agency_id=agency_id),
        )
        s.add(case)
        s.flush()
        consent = Consent(
            case_id=case.id,
            purpose="services",
            given_by="person",
            informed_of=[],
            given_on=date(2025, 1, 6),
            recorded_by="maria",
        )
        s.add(consent)
        s.flush()
        consent_id = consent.id
    start = _last_id(store)
    with store.session() as s, audit.acting_as(s, actor):
        row = s.get(Consent, consent_id)
        audit.name_change(s, row, "withdraw")
        row.withdrawn_on = date(2025, 2, 1)
    assert _entries(store, start) == [("withdraw", "consent", consent_id, ["withdrawn_on"])]


def test_a_change_with_nobody_bound_is_refused_and_nothing_lands(
    store: Store, setting: tuple[Actor, int]
) -> None:
    _actor, agency_id = setting
    start = _last_id(store)
    with pytest.raises(audit.UnattributedChange, match="person"), store.session() as s:
        s.add(Person(agency_id=agency_id, given_name="Nobody"))
    with store.session() as s:
        assert s.scalars(select(Person).where(Person.agency_id == agency_id)).all() == []
    assert _entries(store, start) == []
