"""The case list: what a line shows, how far the list counts, and whose cases it counts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from palermo import cases
from palermo.cases.record import search
from palermo.cases.record.age import age_facts
from palermo.cases.record.casefile import open_cases
from palermo.cases.record.schemas import CaseCreate, CaseQuery, PersonData
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.models import AuditEntry
from tests.factories import make_agency_user


def _open(store: Store, actor: Actor, count: int, *, family: str = "Moraru") -> list[int]:
    with store.session() as s:
        opened = open_cases(
            s,
            data=[
                CaseCreate(person=PersonData(given_name=f"Elena{i}", family_name=family))
                for i in range(count)
            ],
            actor=actor,
        )
        return [c.id for c in opened]


def _page(store: Store, actor: Actor, **query: object) -> search.CasePage:
    with store.session() as s:
        return cases.find_cases(s, query=CaseQuery(**query), actor=actor)


def test_a_line_shows_what_the_whole_case_holds(store: Store) -> None:
    actor = make_agency_user(store)
    child = CaseCreate(
        person=PersonData(
            given_name="Ana",
            middle_name="Maria",
            family_name="Rusu",
            birth_date="2012-05",
            identity_number="AB-1",
            email="ana@example.org",
            phone="+373 600 000",
            address="somewhere",
        ),
        identified_on=date(2024, 2, 1),
        exploitation_types=["ForcedLabour", "SexualExploitation"],
        citizenship=["MD", "RO"],
        means_of_control=["DebtBondage"],
        closure_reason="moved",
        external_id="EXT-9",
    )
    adult = CaseCreate(person=PersonData(family_name="Popescu"), age_when_trafficked=30)
    with store.session() as s:
        ids = [cases.open_case(s, data=d, actor=actor).id for d in (child, adult)]
    listed = {item.id: item for item in _page(store, actor).items}
    with store.session() as s:
        for case_id in ids:
            case = cases.read_case(s, case_id=case_id, actor=actor)
            item = listed[case_id]
            facts = age_facts(case, on=date.today())
            assert item.name == case.victim.full_name
            assert item.reference == case.reference and item.status == case.status
            assert item.identified_on == case.identified_on
            assert item.exploitation_types == case.codes_for("exploitation_types")
            assert item.citizenship == case.codes_for("citizenship")
            assert (item.birth_year, item.age, item.child) == (
                facts.birth_year,
                facts.now,
                facts.child,
            )
            assert item.owner == actor.username  # the display name defaults to it
    assert listed[ids[0]].name == "Ana Maria Rusu" and listed[ids[0]].child
    assert listed[ids[0]].birth_year == 2012
    assert listed[ids[1]].name == "Popescu" and listed[ids[1]].birth_year is None


def test_lines_come_in_the_order_asked(store: Store) -> None:
    actor = make_agency_user(store)
    ids = _open(store, actor, 7)
    assert [i.id for i in _page(store, actor).items] == sorted(ids, reverse=True)
    assert [i.id for i in _page(store, actor, sort="opened").items] == sorted(ids)
    second = _page(store, actor, sort="opened", page=2, per_page=3)
    assert [i.id for i in second.items] == sorted(ids)[3:6]


def test_the_total_is_exact_after_opening_and_deleting(store: Store) -> None:
    worker = make_agency_user(store)
    boss = make_agency_user(store, role="supervisor")
    ids = _open(store, worker, 5)
    first = _page(store, worker, per_page=2)
    assert (first.total, first.total_exact, first.pages) == (5, True, 3)
    with store.session() as s:
        cases.delete_case(s, case_id=ids[0], actor=boss)
    after = _page(store, worker, per_page=2)
    assert (after.total, after.total_exact) == (4, True)
    assert ids[0] not in [i.id for i in after.items]
    _open(store, worker, 1)
    assert _page(store, worker).total == 5


def test_the_count_stops_past_the_page_and_says_so(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    actor = make_agency_user(store)
    _open(store, actor, 10)
    monkeypatch.setattr(search, "COUNT_AHEAD", 4)
    first = _page(store, actor, per_page=2)
    # Four counted past the page's first, and more found: "more than 4".
    assert (first.total, first.total_exact, len(first.items)) == (4, False, 2)
    # Counting starts from the page's first case, so a deep page still knows what follows.
    fourth = _page(store, actor, per_page=2, page=4)
    assert (fourth.total, fourth.total_exact) == (10, True)
    fifth = _page(store, actor, per_page=2, page=5)
    assert (fifth.total, fifth.total_exact, len(fifth.items)) == (10, True, 2)
    # Exactly as many as the count's reach is exact, not "more than".
    monkeypatch.setattr(search, "COUNT_AHEAD", 10)
    assert (_page(store, actor).total, _page(store, actor).total_exact) == (10, True)


def test_another_agencys_cases_are_neither_counted_nor_listed(store: Store) -> None:
    mine = make_agency_user(store, agency="NGO North")
    theirs = make_agency_user(store, agency="Police South")
    my_ids = _open(store, mine, 3, family="Moraru")
    _open(store, theirs, 4, family="Moraru")
    page = _page(store, mine)
    assert (page.total, sorted(i.id for i in page.items)) == (3, sorted(my_ids))
    assert _page(store, mine, name="Moraru").total == 3
    assert _page(store, theirs, name="Moraru").total == 4
    assert not {i.id for i in _page(store, theirs).items} & set(my_ids)


def test_a_list_is_audited_as_a_search_of_names(store: Store) -> None:
    actor = make_agency_user(store)
    _open(store, actor, 2)
    _page(store, actor, name="Moraru")
    with store.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "search")).one()
    assert (entry.actor, entry.entity, entry.fields) == (actor.username, "case", ["name"])
