from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from palermo import cases
from palermo.cases.consent.enforcement import has_consent, list_overrides, require_consent
from palermo.cases.consent.recording import (
    ConsentCreate,
    expiring_consents,
    list_consents,
    record_consent,
)
from palermo.cases.consent.validity import consent_status
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.cases.support.lifecycle import ChildProtectionUpdate, update_child_protection
from palermo.cases.workflow import withdraw_consent
from palermo.errors import Conflict, ConsentMissing, NotFound, ValidationFailed
from palermo.store import Store, audit
from palermo.store.models import AuditEntry, Consent, ConsentOverride
from palermo.vocab import InformedOf
from tests.factories import make_agency_user

ALL_TOLD = list(InformedOf)
TODAY = date.today()


def _open(store: Store, actor, *, birth_date=None, **extra) -> int:
    with store.session() as s:
        data = CaseCreate(
            person=PersonData(given_name="Ana", family_name="Test", birth_date=birth_date),
            identified_on=date(2025, 3, 1),
            **extra,
        )
        return cases.open_case(s, data=data, actor=actor).id


def _consent(purpose: str, **extra) -> ConsentCreate:
    return ConsentCreate(purpose=purpose, informed_of=ALL_TOLD, **extra)


@pytest.fixture
def world(store: Store):
    worker = make_agency_user(store, username="worker")
    boss = make_agency_user(store, role="supervisor", username="boss")
    other = make_agency_user(store, agency="Shelter South", username="shelter")
    case_id = _open(store, worker)
    return store, worker, boss, other, case_id


def test_consent_validity_expired_withdrawn_and_named_agency(world) -> None:
    store, worker, _boss, other, case_id = world
    with store.session() as s:
        referral = record_consent(
            s,
            case_id=case_id,
            data=_consent("referral", expires_on=TODAY + timedelta(3)),
            actor=worker,
        )
        record_consent(
            s,
            case_id=case_id,
            data=_consent("sharing", shared_with_agency_id=other.agency_id),
            actor=worker,
        )
        record_consent(
            s,
            case_id=case_id,
            data=_consent(
                "statistics", given_on=TODAY - timedelta(30), expires_on=TODAY - timedelta(1)
            ),
            actor=worker,
        )
        referral_id = referral.id
    with store.session() as s:
        assert has_consent(s, case_id=case_id, purpose="referral", on=TODAY)
        assert not has_consent(s, case_id=case_id, purpose="referral", on=TODAY + timedelta(4))
        assert not has_consent(s, case_id=case_id, purpose="statistics", on=TODAY)
        assert has_consent(
            s, case_id=case_id, purpose="sharing", on=TODAY, to_agency_id=other.agency_id
        )
        assert not has_consent(
            s, case_id=case_id, purpose="sharing", on=TODAY, to_agency_id=worker.agency_id
        )
        assert not has_consent(s, case_id=case_id, purpose="family_tracing", on=TODAY)
        assert [c.id for c in expiring_consents(s, actor=worker, within_days=5)] == [referral_id]
    with store.session() as s:
        withdrawn = withdraw_consent(s, consent_id=referral_id, actor=worker, note="changed mind")
        assert withdrawn.withdrawn_on == TODAY
    with store.session() as s:
        kept = s.get(Consent, referral_id)
        assert kept is not None and kept.withdrawal_note == "changed mind"
        assert consent_status(kept) == "withdrawn"
        assert not has_consent(s, case_id=case_id, purpose="referral", on=TODAY)
        with pytest.raises(Conflict, match="already withdrawn"):
            withdraw_consent(s, consent_id=referral_id, actor=worker, note=None)
        with pytest.raises(ConsentMissing) as missing:
            require_consent(s, case_id=case_id, purpose="referral", actor=worker, action="refer")
        assert "withdrawn" in (missing.value.hint or "")
        statuses = {
            c.purpose: consent_status(c) for c in list_consents(s, case_id=case_id, actor=worker)
        }
        assert statuses == {"referral": "withdrawn", "sharing": "valid", "statistics": "expired"}


def test_checklist_incomplete_is_refused_naming_what_is_missing(world) -> None:
    store, worker, *_rest, case_id = world
    told = [InformedOf.purpose, InformedOf.data_uses, InformedOf.how_to_withdraw]
    with store.session() as s, pytest.raises(ValidationFailed) as refused:
        record_consent(
            s,
            case_id=case_id,
            data=ConsentCreate(purpose="services", informed_of=told),
            actor=worker,
        )
    assert {p.value for p in refused.value.problems} == {
        "research_use",
        "right_to_access",
        "retention_period",
    }
    assert "how long the data is kept" in refused.value.message
    with store.session() as s:
        assert s.scalar(select(func.count(Consent.id))) == 0


def test_child_needs_a_guardian(store: Store) -> None:
    worker = make_agency_user(store)
    by_age = _open(store, worker)
    by_birth = _open(store, worker, birth_date=str(TODAY.year - 15))
    with store.session() as s:
        update_child_protection(
            s, case_id=by_age, data=ChildProtectionUpdate(age_at_identification=12), actor=worker
        )
    for case_id in (by_age, by_birth):
        with store.session() as s, pytest.raises(ValidationFailed, match="child"):
            record_consent(s, case_id=case_id, data=_consent("services"), actor=worker)
        with store.session() as s:
            given = record_consent(
                s,
                case_id=case_id,
                data=_consent("services", given_by="guardian", guardian_name="M. Tutor"),
                actor=worker,
            )
            assert given.given_by == "guardian" and given.guardian_name == "M. Tutor"


def test_require_consent_refuses_naming_the_purpose_and_changes_nothing(world) -> None:
    store, worker, *_rest, case_id = world
    with store.session() as s:
        before = s.scalar(select(func.count(AuditEntry.id)))
    with store.session() as s, pytest.raises(ConsentMissing) as missing:
        require_consent(s, case_id=case_id, purpose="referral", actor=worker, action="refer")
    assert missing.value.purpose == "referral"
    assert "no valid consent for referral to another agency" in missing.value.message
    assert missing.value.http_status == 409
    with store.session() as s:
        assert s.scalar(select(func.count(AuditEntry.id))) == before
        assert s.scalar(select(func.count(ConsentOverride.id))) == 0


def test_supervisor_override_is_recorded_audited_and_listed(world) -> None:
    store, worker, boss, other, case_id = world
    with store.session() as s, pytest.raises(ConsentMissing, match="supervisor"):
        require_consent(
            s,
            case_id=case_id,
            purpose="sharing",
            actor=worker,
            action="share",
            to_agency_id=other.agency_id,
            override_reason="urgent",
        )
    with store.session() as s:
        assert s.scalar(select(func.count(ConsentOverride.id))) == 0
        override = require_consent(
            s,
            case_id=case_id,
            purpose="sharing",
            actor=boss,
            action="share",
            to_agency_id=other.agency_id,
            override_reason="Life at risk; shelter needs details",
        )
        assert override is not None and override.supervisor == "boss"
    with store.session() as s:
        listed = list_overrides(s, actor=boss)
        assert [(o.purpose, o.action) for o in listed] == [("sharing", "share")]
        assert listed[0].reason.startswith("Life at risk")
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "override")).one()
        assert entry.entity_id == override.id and "Life" not in " ".join(entry.fields)
        with pytest.raises(Exception, match="may not"):
            list_overrides(s, actor=worker)
        assert audit.verify_chain(s).intact


def test_other_agency_cannot_see_or_use_consents(world) -> None:
    store, worker, _boss, other, case_id = world
    with store.session() as s:
        consent_id = record_consent(s, case_id=case_id, data=_consent("referral"), actor=worker).id
    with store.session() as s, pytest.raises(NotFound):
        withdraw_consent(s, consent_id=consent_id, actor=other, note=None)
    with store.session() as s, pytest.raises(NotFound):
        list_consents(s, case_id=case_id, actor=other)
    with store.session() as s:
        assert s.get(Consent, consent_id).withdrawn_on is None
        assert expiring_consents(s, actor=other, within_days=10_000) == []


def test_sharing_needs_a_named_agency_and_dates_must_make_sense(world) -> None:
    store, worker, *_rest, case_id = world
    with store.session() as s, pytest.raises(ValidationFailed) as refused:
        record_consent(
            s,
            case_id=case_id,
            data=_consent("sharing", given_on=TODAY, expires_on=TODAY - timedelta(1)),
            actor=worker,
        )
    fields = {p.field for p in refused.value.problems}
    assert fields == {"shared_with_agency_id", "expires_on"}
