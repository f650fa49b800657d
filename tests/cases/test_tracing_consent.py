"""Family tracing follows consent at every step, reads only the agency's consenting
cases (few statements), and audits what it shows of people."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, select

from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.family_tracing.matching import (
    candidate_label,
    list_matches,
    propose_matches,
    verify_match,
)
from palermo.cases.family_tracing.requests import list_tracing_requests, open_tracing_request
from palermo.cases.workflow import withdraw_consent
from palermo.errors import Conflict, ConsentMissing
from palermo.store import Store
from palermo.store.models import AuditEntry, Case, ConsentOverride, TracingMatch, TracingRequest
from palermo.vocab import InformedOf
from palermo.vocab import TracingRelationship as Relationship
from tests.factories import SOUGHT, make_agency_user, open_tracing_case


def consent_to_tracing(session, actor, case_id) -> int:  # noqa: ANN001
    return record_consent(
        session,
        case_id=case_id,
        data=ConsentCreate(purpose="family_tracing", informed_of=list(InformedOf)),
        actor=actor,
    ).id


def _family(store: Store, actor, *, mother_consents: bool = True):  # noqa: ANN001, ANN202
    """Olena looks for her mother Oksana; both cases in one agency."""
    with store.session() as s:
        daughter = open_tracing_case(s, actor, "Olena", "Shevchenko", date(1996, 5, 1))
        mother = open_tracing_case(s, actor, "Oksana", "Schewtschenko", date(1971, 9, 9))
        daughter_consent = consent_to_tracing(s, actor, daughter)
        mother_consent = consent_to_tracing(s, actor, mother) if mother_consents else None
        request_id = open_tracing_request(s, case_id=daughter, data=SOUGHT, actor=actor).id
    return daughter, mother, daughter_consent, mother_consent, request_id


def test_withdrawn_consent_stops_proposing_and_verifying(store: Store) -> None:
    worker = make_agency_user(store)
    boss = make_agency_user(store, role="supervisor")
    _, _, daughter_consent, _, request_id = _family(store, worker)
    with store.session() as s:
        [match] = propose_matches(s, request_id=request_id, actor=worker)
        match_id = match.id
        withdraw_consent(s, consent_id=daughter_consent, actor=worker)
    with store.session() as s, pytest.raises(ConsentMissing) as refused:
        propose_matches(s, request_id=request_id, actor=worker)
    assert "family tracing" in str(refused.value) and "withdrawn" in (refused.value.hint or "")
    with store.session() as s, pytest.raises(ConsentMissing):
        verify_match(s, match_id=match_id, actor=worker, decision="confirmed")
    with store.session() as s:
        assert s.get(TracingMatch, match_id).status == "proposed"
        assert s.get(TracingRequest, request_id).status == "open"
    # A supervisor may act for the person looking, with a reason (recorded, audited).
    with store.session() as s:
        verify_match(
            s, match_id=match_id, actor=boss, decision="rejected",
            override_reason="Court order to trace the mother",
        )  # fmt: skip
        assert s.scalars(select(ConsentOverride.action)).all() == ["verify_tracing_match"]


def test_only_people_who_agreed_to_be_found_are_candidates(store: Store) -> None:
    worker = make_agency_user(store)
    _, mother, _, _, request_id = _family(store, worker, mother_consents=False)
    with store.session() as s:
        # The mother's case has no family tracing consent: she is not searched.
        assert propose_matches(s, request_id=request_id, actor=worker) == []
    with store.session() as s:
        mother_consent = consent_to_tracing(s, worker, mother)
    with store.session() as s:
        [match] = propose_matches(s, request_id=request_id, actor=worker)
        match_id = match.id
        withdraw_consent(s, consent_id=mother_consent, actor=worker)
    with store.session() as s:
        # Her undecided proposal is no longer shown, nor can it be confirmed ...
        assert list_matches(s, request_id=request_id, actor=worker) == []
        with pytest.raises(Conflict) as refused:
            verify_match(s, match_id=match_id, actor=worker, decision="confirmed")
        assert "no longer consents" in refused.value.message
    with store.session() as s:
        # ... and the next search leaves her out (the old proposal is replaced, audited).
        assert propose_matches(s, request_id=request_id, actor=worker) == []
        assert s.get(TracingMatch, match_id) is None
        replaced = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "tracing_match", AuditEntry.action == "delete"
            )
        ).one()
        assert (replaced.entity_id, replaced.fields) == (match_id, ["replaced"])


def test_requests_of_cases_without_consent_are_not_candidates(store: Store) -> None:
    worker = make_agency_user(store)
    daughter, mother, _, mother_consent, mine = _family(store, worker)
    looking_for_olena = SOUGHT.model_copy(
        update={"sought_given_name": "Olena", "sought_birth_year": 1996,
                "relationship": Relationship.child}
    )  # fmt: skip
    with store.session() as s:
        theirs = open_tracing_request(s, case_id=mother, data=looking_for_olena, actor=worker).id
        assert theirs in {
            m.candidate_request_id for m in propose_matches(s, request_id=mine, actor=worker)
        }
        withdraw_consent(s, consent_id=mother_consent, actor=worker)
    with store.session() as s:
        proposed = propose_matches(s, request_id=mine, actor=worker)
        assert theirs not in {m.candidate_request_id for m in proposed}
        assert proposed == []


def test_propose_reads_only_consenting_cases_in_few_statements(store: Store) -> None:
    worker = make_agency_user(store)
    _, _, _, _, request_id = _family(store, worker)
    with store.session() as s:
        for i in range(40):
            open_tracing_case(s, worker, f"Name{i}", "Shevchenko", date(1970 + i % 20, 1, 1))
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.session() as s:
            [match] = propose_matches(s, request_id=request_id, actor=worker)
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    # 42 cases in the agency, 2 with consent: a handful of statements, not one per case.
    selects = [x for x in statements if x.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 15, len(selects)
    person_loads = [x for x in selects if "FROM person" in x]
    assert len(person_loads) <= 2, "\n".join(person_loads)


def test_reading_requests_and_candidates_is_audited_once_per_call(store: Store) -> None:
    worker = make_agency_user(store)
    daughter, mother, _, _, request_id = _family(store, worker)
    with store.session() as s:
        propose_matches(s, request_id=request_id, actor=worker)
        mother_person = s.get(Case, mother).victim_id
        first = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    with store.session() as s:
        [request] = list_tracing_requests(s, case_id=daughter, actor=worker)
        [match] = list_matches(s, request_id=request.id, actor=worker)
        for _ in range(3):  # rendering the page shows the label several times: no entries
            assert candidate_label(s, match)["name"] == "Oksana Schewtschenko"
    with store.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.id > first)).all()
    seen = [(e.action, e.entity, e.entity_id, e.fields) for e in entries]
    assert seen == [
        ("read", "case", daughter, ["tracing"]),
        ("read", "case", daughter, ["tracing"]),
        ("read", "person", mother_person, ["tracing_candidate"]),
    ]
