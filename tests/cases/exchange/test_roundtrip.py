"""import(export(x)) == x, for CSV and JSON; exports are scoped to the agency and audited."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from palermo.cases import open_case
from palermo.cases.exchange import export_cases, import_cases, read_rows
from palermo.cases.record.casefile import case_to_create
from palermo.cases.record.schemas import CaseCreate, EventData, PerpetratorData, PersonData
from palermo.errors import PermissionDenied
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.models import AuditEntry, Case
from tests.factories import make_agency_user


def _rich_case() -> CaseCreate:
    """A case using every column family: aliases, several transits, perpetrators, free text."""
    return CaseCreate(
        status="FollowUp",
        external_id="EXT-9",
        person=PersonData(
            given_name="Elena",
            middle_name="Maria",
            family_name="Moraru, Jr",
            aliases=["Lena", "E. M."],
            birth_date="1999-04",
            identity_number="AB 123",
            email="elena@example.org",
            phone="+44 20 7946 0000",
            address='1 "Test" Street\nLondon',
            gender="Feminine",
            primary_language="ron",
        ),
        identified_on=date(2024, 3, 1),
        trafficking_status="ActualVictimOfTrafficking",
        status_decision_org="Police",
        status_decided_by="DI Smith",
        status_decided_on=date(2024, 4, 2),
        relationship_to_trafficker="Acquainted",
        age_when_trafficked=0,
        forced_labour_industry="F_Construction",
        closure_reason="Moved; lost contact",
        citizenship=["MD", "RO"],
        recruitment_methods=["ThroughOnlineSocialNetworks"],
        exploitation_types=["SexualExploitation", "ForcedLabour"],
        means_of_control=["DebtBondage", "WithholdsDocuments"],
        events=[
            EventData(
                type="Recruitment", country="MD", city="Chisinau", started_on=date(2023, 1, 2)
            ),
            EventData(type="Transit", country="RO"),
            EventData(type="Transit", country="HU", description="bus; two nights"),
            EventData(
                type="Exploitation",
                country="GB",
                started_on=date(2023, 2, 1),
                ended_on=date(2024, 2, 29),
            ),
        ],  # fmt: skip
        perpetrators=[
            PerpetratorData(
                given_name="Max", family_name="Mustermann", roles=["RecruiterOrIntermediary"]
            ),
            PerpetratorData(aliases=["the boss"], roles=[], role_details="drove the van"),
        ],  # fmt: skip
    )


def _snapshot(store: Store, actor: Actor) -> list[CaseCreate]:
    with store.session() as s:
        cases = s.scalars(
            select(Case).where(Case.agency_id == actor.agency_id).order_by(Case.id)
        ).all()
        return [case_to_create(c) for c in cases]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip(store: Store, world_dir: Path, tmp_path: Path, fmt: str) -> None:
    source = make_agency_user(store, agency="NGO North")
    target = make_agency_user(store, agency="Police South")
    with store.session() as s:
        open_case(s, data=_rich_case(), actor=source)
        # A case with as little as a case may have: one alias.
        open_case(s, data=CaseCreate(person=PersonData(aliases=["Mara"])), actor=source)
        simulated = import_cases(s, rows=read_rows(world_dir / "A03.csv"), actor=source)
    with store.session() as s:
        text = export_cases(s, actor=source, format=fmt)
    path = tmp_path / f"export.{fmt}"
    path.write_text(text, encoding="utf-8")
    with store.session() as s:
        report = import_cases(s, rows=read_rows(path), actor=target, atomic=True)
    assert report.warnings == ()
    before, after = _snapshot(store, source), _snapshot(store, target)
    assert len(after) == len(before) == report.imported == 2 + simulated.imported > 2
    assert after == before
    assert after[0].events[2].description == "bus; two nights"


def test_json_shape(store: Store) -> None:
    actor = make_agency_user(store)
    with store.session() as s:
        open_case(s, data=_rich_case(), actor=actor)
    with store.session() as s:
        (item,) = json.loads(export_cases(s, actor=actor, format="json"))
    assert item["prs_Citizenship"] == ["MD", "RO"]
    assert item["vic_AgeWhenTrafficked"] == 0
    assert item["hte_Country__Transit__2"] == "HU"
    assert item["per_RoleInProcess__1"] == ["RecruiterOrIntermediary"]
    assert item["plm_Reference"].startswith("PAL-")


def test_export_is_scoped_and_audited_per_case(store: Store) -> None:
    mine = make_agency_user(store, agency="NGO North")
    other = make_agency_user(store, agency="Police South")
    with store.session() as s:
        ids = [open_case(s, data=_rich_case(), actor=mine).id for _ in range(2)]
        open_case(s, data=_rich_case(), actor=other)
    with store.session() as s:
        text = export_cases(s, actor=mine, format="csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = [f"PAL-{mine.agency_id:03d}-{i:07d}" for i in ids]
    assert sorted(r["plm_Reference"] for r in rows) == expected
    with store.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
    assert sorted(e.entity_id for e in entries) == ids
    assert all(e.fields == [] and e.agency_id == mine.agency_id for e in entries)


def test_export_needs_a_reader(store: Store) -> None:
    analyst = make_agency_user(store, role="analyst")
    with pytest.raises(PermissionDenied), store.session() as s:
        export_cases(s, actor=analyst, format="json")


def test_every_case_field_has_a_column() -> None:
    """A field added to CaseCreate without a column would silently fall out of exports."""
    from palermo.cases.exchange.columns import COLUMNS, EVENT_FIELDS, PERPETRATOR_FIELDS

    wanted = {f for f in CaseCreate.model_fields if f not in {"person", "events", "perpetrators"}}
    wanted |= {f"person.{f}" for f in PersonData.model_fields}
    assert wanted == {c.target for c in COLUMNS}
    assert set(EventData.model_fields) - {"type"} == {t for t, _, _ in EVENT_FIELDS.values()}
    assert set(PerpetratorData.model_fields) == {t for t, _, _ in PERPETRATOR_FIELDS.values()}
