from datetime import date

import pytest
from sqlalchemy import select, text

from palermo import cases
from palermo.cases.record.schemas import CaseCreate, CaseQuery, CaseUpdate, EventData, PersonData
from palermo.errors import NotFound, PermissionDenied, ValidationFailed
from palermo.store import Store
from palermo.store.models import AuditEntry
from tests.factories import make_agency_user


def _case(**extra) -> CaseCreate:
    return CaseCreate(
        person=PersonData(
            given_name="Elena",
            family_name="Moraru",
            aliases=["Lena"],
            birth_date=date(1999, 4, 2),
            identity_number="AB-123 456",
            gender="Feminine",
        ),
        identified_on=date(2025, 3, 1),
        exploitation_types=["SexualExploitation"],
        citizenship=["MD"],
        means_of_control=["DebtBondage", "WithholdsDocuments"],
        events=[EventData(type="Recruitment", country="MD", city="Chisinau")],
        **extra,
    )


def test_open_read_update_is_audited_without_values(store: Store) -> None:
    actor = make_agency_user(store)
    with store.session() as s:
        case = cases.open_case(s, data=_case(), actor=actor)
        case_id = case.id
        assert case.reference.startswith("PAL-")
    with store.session() as s:
        cases.update_case(s, case_id=case_id, data=CaseUpdate(status="FollowUp"), actor=actor)
        got = cases.read_case(s, case_id=case_id, actor=actor)
        assert got.status == "FollowUp"
        assert got.codes_for("means_of_control") == ["DebtBondage", "WithholdsDocuments"]
        assert got.victim.full_name == "Elena Moraru"
    with store.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.entity.in_(["case", "person"]))).all()
        actions = [(r.action, r.entity) for r in rows]
        assert ("create", "person") in actions and ("create", "case") in actions
        assert ("update", "case") in actions and ("read", "case") in actions
        update = next(r for r in rows if r.action == "update")
        assert update.fields == ["status"]
        assert all("Elena" not in str(r.fields) for r in rows)


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "elena moraru"), ("name", "MORARU"), ("name", "Lena"), ("document", "ab123456")],
)
def test_find_by_blind_index(store: Store, field: str, value: str) -> None:
    actor = make_agency_user(store)
    with store.session() as s:
        cases.open_case(s, data=_case(), actor=actor)
        other = _case()
        other.person.given_name, other.person.family_name = "Ion", "Rusu"
        other.person.aliases, other.person.identity_number = [], "ZZ9"
        cases.open_case(s, data=other, actor=actor)
    with store.session() as s:
        page = cases.find_cases(s, query=CaseQuery(**{field: value}), actor=actor)
    assert [i.name for i in page.items] == ["Elena Moraru"]


def test_find_by_birth_date_and_filters(store: Store) -> None:
    actor = make_agency_user(store)
    with store.session() as s:
        cases.open_case(s, data=_case(), actor=actor)
    with store.session() as s:
        assert cases.find_cases(s, query=CaseQuery(birth_date="1999-04-02"), actor=actor).total == 1
        assert cases.find_cases(s, query=CaseQuery(birth_date="1999-04-03"), actor=actor).total == 0
        q = CaseQuery(exploitation_type="SexualExploitation", citizenship="MD", status="Active")
        assert cases.find_cases(s, query=q, actor=actor).total == 1
        q = CaseQuery(exploitation_type="ForcedLabour")
        assert cases.find_cases(s, query=q, actor=actor).total == 0


def test_other_agency_cannot_see_and_attempt_is_audited(store: Store) -> None:
    mine = make_agency_user(store, agency="NGO North")
    theirs = make_agency_user(store, agency="Police South")
    with store.session() as s:
        case_id = cases.open_case(s, data=_case(), actor=mine).id
    with store.session() as s, pytest.raises(NotFound):
        cases.read_case(s, case_id=case_id, actor=theirs)
    with store.session() as s:
        assert cases.find_cases(s, query=CaseQuery(name="Moraru"), actor=theirs).total == 0
        denied = s.scalars(select(AuditEntry).where(AuditEntry.outcome == "denied")).all()
        assert [(d.actor, d.entity_id) for d in denied] == [(theirs.username, case_id)]


def test_analyst_sees_aggregates_not_records(store: Store) -> None:
    worker = make_agency_user(store)
    analyst = make_agency_user(store, role="analyst")
    with store.session() as s:
        case_id = cases.open_case(s, data=_case(), actor=worker).id
    with store.session() as s:
        with pytest.raises(PermissionDenied):
            cases.read_case(s, case_id=case_id, actor=analyst)
        summary = cases.summarise_cases(s, actor=analyst)
    assert summary["status"] == {"Active": 1}
    assert summary["exploitation_type"] == {"SexualExploitation": 1}
    assert summary["year"] == {"2025": 1}


def test_bad_codes_are_all_reported_and_nothing_stored(store: Store) -> None:
    actor = make_agency_user(store)
    data = _case()
    data.exploitation_types = ["Sexual"]
    data.citizenship = ["XX"]
    with store.session() as s, pytest.raises(ValidationFailed) as err:
        cases.open_case(s, data=data, actor=actor)
    fields = sorted(p.field for p in err.value.problems)
    assert fields == ["citizenship", "exploitation_types"]
    assert "SexualExploitation" in err.value.problems[0].reason + err.value.problems[1].reason
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM case_record")).scalar() == 0


def test_personal_data_is_not_stored_in_plaintext(store: Store) -> None:
    actor = make_agency_user(store)
    with store.session() as s:
        cases.open_case(s, data=_case(), actor=actor)
    with store.engine.connect() as conn:
        row = conn.execute(
            text("SELECT given_name, family_name, identity_number FROM person")
        ).one()
    assert all(v.startswith("v2:") for v in row)
    assert "Elena" not in "".join(row)


def test_delete_needs_supervisor(store: Store) -> None:
    worker = make_agency_user(store)
    boss = make_agency_user(store, role="supervisor")
    with store.session() as s:
        case_id = cases.open_case(s, data=_case(), actor=worker).id
    with store.session() as s, pytest.raises(PermissionDenied):
        cases.delete_case(s, case_id=case_id, actor=worker)
    with store.session() as s:
        cases.delete_case(s, case_id=case_id, actor=boss)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM person")).scalar() == 0


def test_closure_reason_text_is_encrypted_at_rest(store: Store) -> None:
    actor = make_agency_user(store)
    with store.session() as s:
        case = cases.open_case(
            s, data=_case(closure_reason="Returned to her aunt in Orhei"), actor=actor
        )
        case_id = case.id
    with store.engine.connect() as conn:
        raw = conn.execute(text("SELECT closure_reason FROM case_record")).scalar()
    assert raw.startswith("v2:") and "Orhei" not in raw
    with store.session() as s:
        assert cases.read_case(s, case_id=case_id, actor=actor).closure_reason.endswith("Orhei")
