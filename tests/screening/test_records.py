"""Screening assessments saved on cases: screener, versions, access and audit."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from palermo.errors import NotFound, PermissionDenied
from palermo.screening import instrument_versions, parse_facts
from palermo.screening.records import get_screening, list_screenings, screen_case
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.models import AuditEntry, ScreeningAssessment
from tests.factories import TRAFFICKING, make_agency_user, open_test_case


def test_screen_case_saves_result_screener_versions_and_audits(store: Store) -> None:
    actor = make_agency_user(store)
    case_id = open_test_case(store, actor)
    with store.session() as session:
        saved = screen_case(session, case_id=case_id, facts=parse_facts(TRAFFICKING), actor=actor)
        sid = saved.id
    with store.session() as session:
        row = session.get(ScreeningAssessment, sid)
        assert row.outcome == "trafficking_indicated"
        assert row.screener_id == actor.user_id and row.screener_name
        assert row.instrument_versions == instrument_versions()
        facts = json.loads(row.facts_json)
        assert facts["age"] == 22 and facts["entry"] is None  # unknown kept as unknown
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "update").order_by(AuditEntry.id.desc())
        ).first()
        assert (entry.entity, entry.entity_id, entry.fields) == ("case", case_id, ["screening"])
        assert entry.actor == actor.username
    with store.session() as session:
        listed = list_screenings(session, case_id=case_id, actor=actor)
        assert [r.id for r in listed] == [sid]
        shown = get_screening(session, case_id=case_id, screening_id=sid, actor=actor)
        assert shown.result["outcome"] == "trafficking_indicated"
        assert shown.facts["acts"] == ["recruitment", "transportation"]


def test_facts_are_encrypted_at_rest(store: Store) -> None:
    actor = make_agency_user(store)
    case_id = open_test_case(store, actor)
    with store.session() as session:
        sid = screen_case(session, case_id=case_id, facts=parse_facts(TRAFFICKING), actor=actor).id
    with store.engine.connect() as conn:
        raw = conn.exec_driver_sql(
            f"SELECT facts_json, result_json FROM screening_assessment WHERE id = {sid}"
        ).one()
    assert "sexual_exploitation" not in raw[0] and "recruitment" not in raw[1]


def test_other_agency_cannot_screen_or_read(store: Store) -> None:
    owner = make_agency_user(store)
    other = make_agency_user(store, agency="NGO South")
    case_id = open_test_case(store, owner)
    with store.session() as session:
        sid = screen_case(session, case_id=case_id, facts=parse_facts({}), actor=owner).id
    with store.session() as session, pytest.raises(NotFound):
        screen_case(session, case_id=case_id, facts=parse_facts({}), actor=other)
    with store.session() as session, pytest.raises(NotFound):
        get_screening(session, case_id=case_id, screening_id=sid, actor=other)
    with store.session() as session, pytest.raises(NotFound):
        list_screenings(session, case_id=case_id, actor=other)


def test_screening_of_another_case_is_not_found_through_this_one(store: Store) -> None:
    actor = make_agency_user(store)
    first, second = open_test_case(store, actor), open_test_case(store, actor)
    with store.session() as session:
        sid = screen_case(session, case_id=first, facts=parse_facts({}), actor=actor).id
    with store.session() as session, pytest.raises(NotFound):
        get_screening(session, case_id=second, screening_id=sid, actor=actor)


def test_roles_without_case_access_may_not_screen(store: Store) -> None:
    owner = make_agency_user(store)
    case_id = open_test_case(store, owner)
    outsider = Actor(user_id=None, username="x", agency_id=owner.agency_id, role="statistician")
    with store.session() as session, pytest.raises(PermissionDenied):
        screen_case(session, case_id=case_id, facts=parse_facts({}), actor=outsider)
