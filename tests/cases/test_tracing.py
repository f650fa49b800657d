"""Tracing service flow: consent, request, proposals, verification, reunification, audit."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError
from sqlalchemy import select, text

from palermo import cases
from palermo.cases.family_tracing.matching import list_matches, propose_matches, verify_match
from palermo.cases.family_tracing.requests import TracingRequestCreate, open_tracing_request
from palermo.errors import Conflict, ConsentMissing, NotFound
from palermo.store import Store
from palermo.store.models import AuditEntry, SupportPlanItem, TracingRequest
from tests.factories import SOUGHT, consent_to_tracing, make_agency_user, open_tracing_case


def test_request_propose_verify_opens_reunification(store: Store) -> None:
    actor = make_agency_user(store)
    with store.session() as s:
        daughter = open_tracing_case(s, actor, "Olena", "Shevchenko", date(1996, 5, 1))
        mother = open_tracing_case(s, actor, "Oksana", "Schewtschenko", date(1971, 9, 9))
        open_tracing_case(s, actor, "Blessing", "Okafor", date(1972, 1, 1))
        consent_to_tracing(s, actor, daughter)
        consent_to_tracing(s, actor, mother)  # only people who agreed to be found are candidates
        request = open_tracing_request(s, case_id=daughter, data=SOUGHT, actor=actor)
        request_id = request.id
    with store.session() as s:
        proposed = propose_matches(s, request_id=request_id, actor=actor)
        assert len(proposed) == 1
        match = proposed[0]
        mother_case = cases.read_case(s, case_id=mother, actor=actor)
        assert match.candidate_person_id == mother_case.victim_id
        assert 0.8 <= match.score <= 1.0
        assert "Family name matches after transliteration" in match.reasons
        match_id = match.id
    with store.session() as s:
        verify_match(s, match_id=match_id, actor=actor, decision="confirmed")
    with store.session() as s:
        assert s.get(TracingRequest, request_id).status == "matched"
        items = s.scalars(select(SupportPlanItem).where(SupportPlanItem.case_id == daughter)).all()
        assert [i.service_type for i in items] == ["family_tracing"]
        assert list_matches(s, request_id=request_id, actor=actor)[0].status == "confirmed"
        with pytest.raises(Conflict):
            verify_match(s, match_id=match_id, actor=actor, decision="rejected")
        entities = {(e.action, e.entity) for e in s.scalars(select(AuditEntry))}
    assert {
        ("create", "tracing_request"),
        ("propose", "tracing_match"),
        ("verify", "tracing_match"),
        ("update", "tracing_request"),
        ("create", "support_plan_item"),
    } <= entities


def test_two_requests_seeking_each_other_are_proposed(store: Store) -> None:
    actor = make_agency_user(store)
    with store.session() as s:
        daughter = open_tracing_case(s, actor, "Olena", "Shevchenko", date(1996, 5, 1))
        mother = open_tracing_case(s, actor, "Oksana", "Shevchenko", date(1971, 9, 9))
        for case_id in (daughter, mother):
            consent_to_tracing(s, actor, case_id)
        mine = open_tracing_request(s, case_id=daughter, data=SOUGHT, actor=actor).id
        other = TracingRequestCreate(
            sought_given_name="Лена", sought_family_name="Шевченко", sought_birth_year=1997,
            relationship="child",
        )  # fmt: skip
        theirs = open_tracing_request(s, case_id=mother, data=other, actor=actor).id
    with store.session() as s:
        proposed = propose_matches(s, request_id=mine, actor=actor)
        kinds = {(m.candidate_person_id is None, m.candidate_request_id) for m in proposed}
        assert (True, theirs) in kinds
        match = next(m for m in proposed if m.candidate_request_id == theirs)
        verify_match(s, match_id=match.id, actor=actor, decision="confirmed")
    with store.session() as s:
        assert s.get(TracingRequest, theirs).status == "matched"


def test_without_consent_nothing_is_opened(store: Store) -> None:
    actor = make_agency_user(store)
    with store.session() as s:
        case_id = open_tracing_case(s, actor, "Olena", "Shevchenko", date(1996, 5, 1))
    with store.session() as s:
        with pytest.raises(ConsentMissing) as raised:
            open_tracing_request(s, case_id=case_id, data=SOUGHT, actor=actor)
        assert raised.value.purpose == "family_tracing"
        assert "family tracing" in str(raised.value)
    with store.session() as s:
        assert s.scalars(select(TracingRequest)).all() == []


def test_rejection_and_other_agency(store: Store) -> None:
    actor = make_agency_user(store)
    stranger = make_agency_user(store, agency="NGO South")
    with store.session() as s:
        daughter = open_tracing_case(s, actor, "Olena", "Shevchenko", date(1996, 5, 1))
        consent_to_tracing(
            s, actor, open_tracing_case(s, actor, "Oksana", "Sevcenko", date(1972, 2, 2))
        )
        consent_to_tracing(s, actor, daughter)
        request_id = open_tracing_request(s, case_id=daughter, data=SOUGHT, actor=actor).id
    with store.session() as s, pytest.raises(NotFound):
        propose_matches(s, request_id=request_id, actor=stranger)
    with store.session() as s:
        match = propose_matches(s, request_id=request_id, actor=actor)[0]
        verify_match(s, match_id=match.id, actor=actor, decision="rejected")
    with store.session() as s:
        assert s.get(TracingRequest, request_id).status == "open"
        # A rejected candidate is not proposed again.
        assert propose_matches(s, request_id=request_id, actor=actor) == []


def test_sought_gender_and_aliases_are_recorded_encrypted_and_used(store: Store) -> None:
    actor = make_agency_user(store)
    with store.session() as s:
        daughter = open_tracing_case(s, actor, "Olena", "Shevchenko", date(1996, 5, 1))
        consent_to_tracing(
            s, actor, open_tracing_case(s, actor, "Oksana", "Schewtschenko", date(1971, 9, 9))
        )
        consent_to_tracing(s, actor, daughter)
        as_man = SOUGHT.model_copy(update={"sought_gender": "Masculine"})
        wrong = open_tracing_request(s, case_id=daughter, data=as_man, actor=actor).id
        data = TracingRequestCreate(
            sought_given_name="Ксения", sought_family_name="Шевченко", sought_birth_year=1972,
            sought_gender="feminine", sought_aliases="Oksana\n  \nKsyusha", relationship="parent",
        )  # fmt: skip
        right = open_tracing_request(s, case_id=daughter, data=data, actor=actor)
        assert (right.sought_gender, right.sought_alias_list) == ("Feminine", ["Oksana", "Ksyusha"])
        right_id = right.id
    with store.session() as s:
        raw = s.execute(
            text("SELECT sought_aliases FROM tracing_request WHERE id = :i"), {"i": right_id}
        )
        assert "Ksyusha" not in raw.scalar_one()
        # A man is sought: the woman of the same name and age is not proposed.
        assert propose_matches(s, request_id=wrong, actor=actor) == []
        # The alias finds her although the given name the requester gave differs.
        [match] = propose_matches(s, request_id=right_id, actor=actor)
        assert "An alias matches" in match.reasons and match.score >= 0.8
    with pytest.raises(ValidationError):
        TracingRequestCreate(sought_family_name="Shevchenko", sought_gender="woman")
