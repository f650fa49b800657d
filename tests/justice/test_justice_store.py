"""The hand-made dataset written into the store through the services and read back: the
funnel and the GLOTIP tables on database rows equal those of the plain records, which
test_justice_funnel.py and test_justice_glotip.py check count by count."""

from __future__ import annotations

from datetime import date

import pytest

from palermo.justice import FunnelSpec, GlotipSpec, JusticeDataset, compute_funnel, glotip_tables
from palermo.justice.services.loader import DatasetScope, load_dataset
from palermo.justice.services.reporting import attrition, attrition_json, glotip
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.vocab.justice import Offence
from tests.justice.store_world import make_justice_agencies, write_handmade

SYSTEM = Actor.system("report")


@pytest.fixture
def written(store: Store, handmade: JusticeDataset):  # type: ignore[no-untyped-def]
    actors = make_justice_agencies(store)
    cases, tally = write_handmade(store, handmade, actors)
    return actors, cases, tally


def _without_spec(payload: dict) -> dict:
    return {k: v for k, v in payload.items() if k != "spec"}


def test_every_record_goes_through_the_services(written) -> None:  # type: ignore[no-untyped-def]
    _actors, cases, tally = written
    assert tally.refused == []
    assert len(cases) == 11
    assert (tally.investigations, tally.suspects, tally.proceedings, tally.charges) == (7, 9, 5, 6)
    assert (tally.compensations, tally.participations, tally.victim_charges) == (3, 4, 1)


SPECS = [
    FunnelSpec(),
    FunnelSpec(year=2021),
    FunnelSpec(year=2022),
    FunnelSpec(as_of=date(2023, 6, 30)),
    FunnelSpec(offences=frozenset(Offence)),
]


def test_funnel_and_glotip_from_the_store_equal_those_of_the_records(
    store: Store, handmade: JusticeDataset, written
) -> None:  # type: ignore[no-untyped-def]
    with store.session() as session:
        loaded = load_dataset(session, actor=SYSTEM, scope=DatasetScope.national)
    assert len(loaded.victims) == 11 and len(loaded.suspects) == 9
    for spec in SPECS:
        expected = _without_spec(compute_funnel(handmade, spec).to_json())
        assert _without_spec(compute_funnel(loaded, spec).to_json()) == expected, spec
    for year in (None, 2021, 2022, 2023):
        tables = GlotipSpec("GB", year=year)
        assert glotip_tables(loaded, tables).to_json() == glotip_tables(handmade, tables).to_json()


def test_report_services_count_what_the_construction_says(store: Store, written) -> None:  # type: ignore[no-untyped-def]
    actors, _cases, _tally = written
    with store.session() as session:
        report = attrition(session, actor=SYSTEM, as_of=date(2026, 1, 1))
        payload = attrition_json(report.national)
        tables = glotip(session, actor=SYSTEM, as_of=date(2026, 1, 1))
    assert list(payload)[:2] == ["victims", "suspects"]
    assert [r["count"] for r in payload["victims"]] == [11, 8, 5, 4]
    assert [r["count"] for r in payload["suspects"]] == [8, 4, 3]
    assert tables.table("victims_sex_age").total == 11
    assert tables.table("convicted_sex_age").total == 3
    # The police's own funnel: the victims it identified (A2: V3, V4, V5, V11) and the
    # suspects its investigations named (D1-D4, D6-D9).
    with store.session() as session:
        police = attrition(session, actor=actors.police, breakdowns=False).agency
    assert police is not None
    assert [r.count for r in police.victims] == [4, 3, 3, 2]  # V5's is forced labour only
    assert [r.count for r in police.suspects] == [8, 4, 3]


def test_an_agency_dataset_holds_only_its_own_records(store: Store, written) -> None:  # type: ignore[no-untyped-def]
    actors, _cases, _tally = written
    with store.session() as session:
        border = load_dataset(session, actor=actors.border, scope=DatasetScope.agency)
        other = load_dataset(session, actor=actors.other_police, scope=DatasetScope.agency)
    assert [i.investigation_id for i in border.investigations] and len(border.investigations) == 1
    assert {v.victim_id for v in border.victims} == {str(_cases["V5"])}
    assert other.investigations == () and other.victims == () and other.proceedings == ()
