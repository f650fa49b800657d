"""Casework services: duplicates through blind indexes, ages, owners, tasks, the audit trail
as a supervisor reads it, the receiver's own case, and the report's tables."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select

from palermo import cases, clock
from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.nrm.decisions import DecisionCreate, record_decision
from palermo.cases.record.age import age_at_identification, age_facts
from palermo.cases.record.audit_trail import TrailQuery, case_trail, collapse_visits
from palermo.cases.record.duplicates import possible_duplicates
from palermo.cases.record.schemas import CaseCreate, CaseQuery, PersonData
from palermo.cases.referrals.answers import accept_referral
from palermo.cases.referrals.deliveries import deliver_service, record_service
from palermo.cases.referrals.grants import read_shared_case
from palermo.cases.referrals.receiving import linked_case_id, open_case_from_referral
from palermo.cases.referrals.sending import refer
from palermo.cases.work.ownership import assign_case
from palermo.cases.work.report_tables import report_tables, tables_csv, tables_xlsx
from palermo.cases.work.reports import protect_report
from palermo.cases.work.tasks import TaskCreate, add_task, complete_task, my_tasks
from palermo.errors import Conflict, NotFound, ValidationFailed
from palermo.store import Store
from palermo.store.models import AuditEntry, Case, PersonIndex
from palermo.store.rotation import rebuild_blind_indexes
from palermo.vocab import InformedOf
from tests.factories import make_agency_user

TODAY = date(2026, 6, 15)
EVERYTHING = list(InformedOf)


def _open(store: Store, actor, **person) -> int:  # noqa: ANN001
    with store.session() as s:
        data = CaseCreate(person=PersonData(**person), identified_on=TODAY - timedelta(days=10))
        return cases.open_case(s, data=data, actor=actor).id


def _dupes(store: Store, actor, **person) -> list[str]:  # noqa: ANN001
    with store.session() as s:
        found = possible_duplicates(s, person=PersonData(**person), actor=actor)
        return [d.reference for d in found]


def _reference(store: Store, case_id: int) -> str:
    with store.session() as s:
        return s.get(Case, case_id).reference


def test_duplicates_by_folded_name_birth_date_and_document(store: Store) -> None:
    worker = make_agency_user(store, username="w")
    other = make_agency_user(store, agency="Police South", username="p")
    with clock.frozen_clock(TODAY):
        favour = _open(
            store, worker, given_name="Favour", family_name="Ogbonna", birth_date="2008-03-02"
        )
        _open(store, worker, given_name="Favour", family_name="Ogbonna", birth_date="1990-01-01")
        undated = _open(store, worker, given_name="Ogbonna", family_name="Favour")
        papers = _open(store, worker, given_name="Ada", identity_number="A 123-456")
        _open(store, other, given_name="Favour", family_name="Ogbonna", birth_date="2008-03-02")
        ref = {i: _reference(store, i) for i in (favour, undated, papers)}

        # Spelt otherwise, same birth date: found; the namesake born in 1990 is someone else;
        # the record without a birth date cannot be told apart; Police South's is never shown.
        found = _dupes(
            store, worker, given_name="Favor", family_name="Ogbonna", birth_date="2008-03-02"
        )
        assert sorted(found) == sorted([ref[favour], ref[undated]])
        # A year alone matches the full date of that year.
        assert ref[favour] in _dupes(
            store, worker, given_name="Favor", family_name="Ogbona", birth_date="2008"
        )
        # The document number, however it is typed.
        assert _dupes(store, worker, given_name="Someone", identity_number="a123456") == [
            ref[papers]
        ]
        assert _dupes(store, worker, given_name="Blessing", family_name="Okafor") == []
    with store.session() as s:
        searches = s.scalars(select(AuditEntry).where(AuditEntry.action == "search")).all()
    assert {tuple(e.fields) for e in searches} == {("duplicate_check",)}


def test_list_search_finds_other_spellings_and_shows_age(store: Store) -> None:
    worker = make_agency_user(store, username="w")
    with clock.frozen_clock(TODAY):
        _open(store, worker, given_name="Favour", family_name="Ogbonna", birth_date="2008-09-01")
        with store.session() as s:
            page = cases.find_cases(s, query=CaseQuery(name="Favor Ogbonna"), actor=worker)
    [item] = page.items
    assert (item.birth_year, item.age, item.child) == (2008, 17, True)


def test_reindex_gives_older_persons_the_new_index_kinds(store: Store) -> None:
    worker = make_agency_user(store, username="w")
    _open(store, worker, given_name="Favour", family_name="Ogbonna", birth_date="2008-09-01")
    with store.session() as s:  # as recorded before 0014: no phonetic or birth-year rows
        s.execute(delete(PersonIndex).where(PersonIndex.kind.in_(("phonetic", "birth_year"))))

    def found() -> int:
        with store.session() as s:
            query = CaseQuery(name="Favor Ogbonna")
            return len(cases.find_cases(s, query=query, actor=worker).items)

    assert found() == 0
    assert rebuild_blind_indexes(store.engine, ring=store.keyring) == 1
    assert found() == 1


def test_ages_from_birth_date_or_age_recorded(store: Store) -> None:
    worker = make_agency_user(store, username="w")
    with clock.frozen_clock(TODAY):
        case_id = _open(store, worker, given_name="Joy", birth_date="2008-07-01")
        with store.session() as s:
            case = s.get(Case, case_id)
            facts = age_facts(case, on=TODAY)
            assert (facts.now, facts.at_identification, facts.child) == (17, 17, True)
            assert age_facts(case, on=date(2026, 7, 1)).child is False  # her 18th birthday
            case.victim.birth_date = "2008"  # partial: the youngest age it allows
            assert age_facts(case, on=TODAY).now == 17
            case.victim.birth_date = None
            case.age_at_identification = 16
            assert age_at_identification(case) == 16
            assert age_facts(case, on=TODAY + timedelta(days=400)).now == 17
            s.rollback()  # the changes above were only to ask the rules


def test_hand_over_and_tasks_are_audited(store: Store) -> None:
    worker = make_agency_user(store, username="w")
    colleague = make_agency_user(store, username="c")
    stranger = make_agency_user(store, agency="Police South", username="p")
    with clock.frozen_clock(TODAY):
        case_id = _open(store, worker, given_name="Mira")
        with store.session() as s, pytest.raises(ValidationFailed):
            assign_case(s, case_id=case_id, to_user_id=stranger.user_id, actor=worker)
        with store.session() as s:
            assign_case(s, case_id=case_id, to_user_id=colleague.user_id, actor=worker)
            task = add_task(
                s,
                case_id=case_id,
                data=TaskCreate(
                    title="Call her sister",
                    due_on=TODAY - timedelta(days=1),
                    assigned_to_id=colleague.user_id,
                ),
                actor=worker,
            )
            task_id = task.id
        with store.session() as s:
            [mine] = my_tasks(s, actor=colleague)
            assert (mine.title, mine.overdue) == ("Call her sister", True)
            assert my_tasks(s, actor=worker) == []
            with pytest.raises(NotFound):
                complete_task(s, task_id=task_id, actor=stranger)
        with store.session() as s:
            complete_task(s, task_id=task_id, actor=colleague)
        with store.session() as s, pytest.raises(Conflict):
            complete_task(s, task_id=task_id, actor=colleague)
        with store.session() as s:
            assert s.get(Case, case_id).owner_id == colleague.user_id
            page = cases.find_cases(s, query=CaseQuery(owner_id=colleague.user_id), actor=worker)
            assert [i.id for i in page.items] == [case_id]
            entries = s.scalars(
                select(AuditEntry).where(
                    AuditEntry.entity == "case", AuditEntry.entity_id == case_id
                )
            ).all()
    steps = [(e.action, e.fields) for e in entries if e.action != "read" and e.outcome == "ok"]
    assert ("assign", ["owner_id"]) in steps
    assert [(e.actor, e.action) for e in entries if e.outcome == "denied"] == [("p", "update")]
    assert [f for a, f in steps if a == "update"] == [["tasks"], ["tasks"]]


def _entry(at: datetime, actor: str, action: str, entity: str = "case") -> AuditEntry:
    return AuditEntry(
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=1,
        fields=[],
        outcome="ok",
        origin=None,
    )


def test_page_views_collapse_per_visit() -> None:
    t = datetime(2026, 6, 1, 9, 0)
    entries = [
        _entry(t, "ana", "read"),
        _entry(t + timedelta(minutes=1), "ana", "read"),
        _entry(t + timedelta(minutes=2), "sam", "read"),
        _entry(t + timedelta(minutes=20), "ana", "read"),
        _entry(t + timedelta(minutes=21), "ana", "update"),
        _entry(t + timedelta(minutes=22), "ana", "read"),
        _entry(t + timedelta(hours=3), "ana", "read"),
    ]
    events = collapse_visits(entries)[::-1]
    assert [(e.actor, e.action, e.count) for e in events] == [
        ("ana", "read", 3),
        ("sam", "read", 1),
        ("ana", "update", 1),
        ("ana", "read", 1),
        ("ana", "read", 1),
    ]
    assert events[0].until == t + timedelta(minutes=20)
    assert str(events[2].label) == "Case updated"


def test_trail_names_the_steps_and_filters(store: Store) -> None:
    worker = make_agency_user(store, username="w")
    boss = make_agency_user(store, role="supervisor", username="boss")
    shelter = make_agency_user(store, agency="Shelter East", username="s")
    with clock.frozen_clock(TODAY):
        case_id = _open(store, worker, given_name="Mira")
        with store.session() as s:
            for purpose in ("referral", "services"):
                record_consent(
                    s,
                    case_id=case_id,
                    actor=worker,
                    data=ConsentCreate(purpose=purpose, informed_of=EVERYTHING),
                )
            record_decision(
                s,
                case_id=case_id,
                actor=worker,
                data=DecisionCreate(
                    stage="reasonable_grounds",
                    result="positive",
                    decision_maker="CA",
                    decided_on=TODAY,
                    reasons="r",
                ),
            )
            referral_id = refer(
                s,
                case_id=case_id,
                to_agency_id=shelter.agency_id,
                service="shelter",
                shared_fields=[],
                note="",
                respond_by=None,
                actor=worker,
            ).id
        with store.session() as s:
            accept_referral(s, referral_id=referral_id, actor=shelter)
            service = record_service(
                s,
                service_type="shelter",
                delivered_on=None,
                planned_on=TODAY,
                outcome=None,
                referral_id=referral_id,
                actor=shelter,
            )
            deliver_service(
                s, service_id=service.id, delivered_on=TODAY, outcome="Bed", actor=shelter
            )
        with store.session() as s:
            cases.read_case(s, case_id=case_id, actor=worker)
            cases.read_case(s, case_id=case_id, actor=worker)
            page = case_trail(s, case_id=case_id, actor=boss, query=TrailQuery())
            labels = [str(e.label) for e in page.events]
            for named in (
                "Case opened",
                "Consent recorded",
                "NRM decision recorded",
                "Referral sent",
                "Referral accepted",
                "Service recorded",
                "Service delivered",
                "Case viewed",
            ):
                assert named in labels, named
            views = case_trail(s, case_id=case_id, actor=boss, query=TrailQuery(kind="view"))
            assert [(e.actor, e.count) for e in views.events] == [("w", 2)]
            theirs = case_trail(s, case_id=case_id, actor=boss, query=TrailQuery(actor="s"))
            assert {str(e.label) for e in theirs.events} == {
                "Referral accepted",
                "Service recorded",
                "Service delivered",
            }
            later = TrailQuery(date_from=TODAY + timedelta(days=1))
            assert case_trail(s, case_id=case_id, actor=boss, query=later).total == 0
            paged = case_trail(s, case_id=case_id, actor=boss, query=TrailQuery(per_page=3, page=2))
            assert len(paged.events) == 3 and paged.pages == -(-page.total // 3)


def test_receiver_opens_its_own_case_from_what_was_shared(store: Store) -> None:
    worker = make_agency_user(store, username="w")
    shelter = make_agency_user(store, agency="Shelter East", username="s")
    with clock.frozen_clock(TODAY):
        case_id = _open(
            store,
            worker,
            given_name="Grace",
            family_name="Achieng",
            birth_date="2008-09-01",
            phone="+254 700 000",
        )
        with store.session() as s:
            for purpose in ("referral",):
                record_consent(
                    s,
                    case_id=case_id,
                    actor=worker,
                    data=ConsentCreate(
                        purpose=purpose,
                        informed_of=EVERYTHING,
                        given_by="guardian",
                        guardian_name="Rose A.",
                    ),
                )
            record_consent(
                s,
                case_id=case_id,
                actor=worker,
                data=ConsentCreate(
                    purpose="sharing",
                    informed_of=EVERYTHING,
                    given_by="guardian",
                    guardian_name="Rose A.",
                    shared_with_agency_id=shelter.agency_id,
                ),
            )
            # The guardian who consented is the child's guardian on the record.
            assert s.get(Case, case_id).guardian_name == "Rose A."
            referral_id = refer(
                s,
                case_id=case_id,
                to_agency_id=shelter.agency_id,
                service="shelter",
                shared_fields=["identity", "profile", "guardian"],
                note="",
                respond_by=None,
                actor=worker,
            ).id
        with store.session() as s, pytest.raises(Conflict):  # not accepted yet
            open_case_from_referral(s, referral_id=referral_id, actor=shelter)
        with store.session() as s:
            accept_referral(s, referral_id=referral_id, actor=shelter)
            view = read_shared_case(s, case_id=case_id, actor=shelter)
            assert (view.child, view.age_at_identification) == (True, 17)
            own = open_case_from_referral(s, referral_id=referral_id, actor=shelter)
            own_id = own.id
        with store.session() as s:
            own = s.get(Case, own_id)
            assert own.agency_id == shelter.agency_id and own.owner_id == shelter.user_id
            assert (own.victim.given_name, own.victim.family_name) == ("Grace", "Achieng")
            assert own.victim.birth_date is None and own.victim.phone is None  # not shared
            assert (own.age_at_identification, own.guardian_name) == (17, "Rose A.")
            assert linked_case_id(s, referral_id=referral_id, actor=shelter) == own_id
            assert linked_case_id(s, referral_id=referral_id, actor=worker) is None
        with store.session() as s, pytest.raises(Conflict):
            open_case_from_referral(s, referral_id=referral_id, actor=shelter)


def test_report_tables_speak_the_reader_s_language(store: Store) -> None:
    worker = make_agency_user(store, username="w")
    with clock.frozen_clock(TODAY):
        case_id = _open(store, worker, given_name="Mira")
        with store.session() as s:
            record_consent(
                s,
                case_id=case_id,
                actor=worker,
                data=ConsentCreate(purpose="services", informed_of=EVERYTHING),
            )
            record_service(
                s,
                service_type="employment_help",
                delivered_on=TODAY,
                outcome=None,
                case_id=case_id,
                actor=worker,
            )
        with store.session() as s:
            report = protect_report(
                s, date_from=TODAY - timedelta(days=30), date_to=TODAY, actor=worker
            )
    english = report_tables(report, locale="en")
    french = report_tables(report, locale="fr")
    assert english[0].rows[0][:3] == ["Employment help", 0, 1]
    assert french[0].rows[0][0] not in ("employment_help", "Employment help")
    text = tables_csv(french, period="p")
    assert "employment_help" not in text and french[0].title in text
    book = load_workbook(io.BytesIO(tables_xlsx(english, period="p")))
    assert len(book.sheetnames) == 4
    assert book.worksheets[0]["A4"].value == "Employment help"
