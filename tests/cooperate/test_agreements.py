"""Sharing agreements: who records and ends them, and the grants they make with consent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from palermo import clock
from palermo.cases.referrals.grants import grants_for, read_shared_case
from palermo.cases.workflow import withdraw_consent
from palermo.cooperate.agreements import (
    AgreementCreate,
    end_agreement,
    list_agreements,
    read_agreement,
    record_agreement,
)
from palermo.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from palermo.store import Store
from palermo.store.models import AuditEntry, Consent
from tests.cooperate.conftest import People, agreement


def _data(p: People, **changes: object) -> AgreementCreate:
    values: dict[str, object] = {
        "title": "Shelter and police",
        "party_agency_ids": [p.shelter.agency_id, p.police.agency_id],
        "purposes": ["case_transfer"],
        "field_groups": ["identity"],
        "legal_basis": "Act 12",
        "starts_on": date(2024, 1, 1),
        "signed_by": "Both directors",
    }
    return AgreementCreate(**(values | changes))  # type: ignore[arg-type]


def test_a_party_supervisor_records_it_and_both_parties_read_it(
    store: Store, people: People
) -> None:
    agreement_id = agreement(store, people.shelter_sup, people.police, ["linkage", "referral"])
    with store.session() as s:
        seen_by_police = read_agreement(s, agreement_id=agreement_id, actor=people.police)
        assert [n for _, n in seen_by_police.parties] == ["Safe House", "Police Central"]
        assert seen_by_police.purposes == ("linkage", "referral")
        assert seen_by_police.in_force
        assert [a.id for a in list_agreements(s, actor=people.shelter)] == [agreement_id]
        assert list_agreements(s, actor=people.ngo) == []
        created = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "sharing_agreement", AuditEntry.action == "create"
            )
        ).one()
        assert created.actor == "sh-sup" and created.entity_id == agreement_id
        assert "parties" in created.fields and "legal_basis" in created.fields


def test_other_agencies_do_not_learn_it_exists(store: Store, people: People) -> None:
    agreement_id = agreement(store, people.shelter_sup, people.police, ["linkage"])
    with store.session() as s, pytest.raises(NotFound) as missing:
        read_agreement(s, agreement_id=agreement_id, actor=people.ngo)
    with store.session() as s, pytest.raises(NotFound) as absent:
        read_agreement(s, agreement_id=agreement_id + 100, actor=people.ngo)
    assert str(missing.value).replace(str(agreement_id), "N") == str(absent.value).replace(
        str(agreement_id + 100), "N"
    )
    with store.session() as s:
        denied = s.scalars(select(AuditEntry).where(AuditEntry.outcome == "denied")).all()
        assert [(d.actor, d.entity) for d in denied] == [("ngo-worker", "sharing_agreement")] * 2


def test_who_may_record_and_what_is_refused(store: Store, people: People) -> None:
    with store.session() as s, pytest.raises(PermissionDenied):
        record_agreement(s, data=_data(people), actor=people.shelter)  # a caseworker
    with store.session() as s, pytest.raises(ValidationFailed) as refused:
        record_agreement(s, data=_data(people), actor=people.ngo_sup)  # not a party
    assert [p.field for p in refused.value.problems] == ["party_agency_ids"]
    bad = _data(
        people,
        party_agency_ids=[people.shelter.agency_id, 999],
        purposes=[],
        starts_on=date(2024, 5, 1),
        ends_on=date(2024, 4, 1),
    )
    with store.session() as s, pytest.raises(ValidationFailed) as refused:
        record_agreement(s, data=bad, actor=people.shelter_sup)
    fields = sorted(p.field for p in refused.value.problems)
    assert fields == ["ends_on", "party_agency_ids", "purposes"]
    with pytest.raises(ValidationError):
        _data(people, purposes=["gossip"])
    with store.session() as s:
        assert list_agreements(s, actor=people.shelter) == []  # nothing half-written


def test_ending_an_agreement(store: Store, people: People) -> None:
    agreement_id = agreement(store, people.shelter_sup, people.police, ["case_transfer"])
    with store.session() as s, pytest.raises(PermissionDenied):
        end_agreement(s, agreement_id=agreement_id, reason="x", actor=people.police)
    with store.session() as s, pytest.raises(ValidationFailed):
        end_agreement(s, agreement_id=agreement_id, reason=" ", actor=people.police_sup)
    with store.session() as s:
        ended = end_agreement(
            s, agreement_id=agreement_id, reason="Not renewed", actor=people.police_sup
        )
    assert ended.ended_on == clock.today() and not ended.in_force
    with store.session() as s, pytest.raises(Conflict):
        end_agreement(s, agreement_id=agreement_id, reason="again", actor=people.shelter_sup)
    with store.session() as s:
        named = s.scalars(select(AuditEntry).where(AuditEntry.action == "end")).one()
        assert named.actor == "po-sup" and named.entity == "sharing_agreement"


def _police_reads_shelter_case(store: Store, people: People) -> frozenset[str]:
    with store.session() as s:
        return read_shared_case(s, case_id=people.cases["shelter"], actor=people.police).groups


def test_case_transfer_agreement_grants_its_groups_while_the_consent_names_the_reader(
    store: Store, people: People
) -> None:
    agreement(store, people.shelter_sup, people.police, ["case_transfer"], ["identity"])
    view_groups = _police_reads_shelter_case(store, people)
    assert view_groups == frozenset({"identity"})
    with store.session() as s:
        view = read_shared_case(s, case_id=people.cases["shelter"], actor=people.police)
        assert view.given_name == "Ioana" and view.birth_date is None  # birth date not shared
        assert [g.source for g in view.grants] == ["agreement"]
        # The NGO has consent from the person but no agreement with the shelter.
        assert grants_for(s, actor=people.ngo, case_id=people.cases["shelter"]) == []
    # The consent naming the police is withdrawn: the agreement grants nothing, not even
    # the case's reference.
    with store.session() as s:
        consent = s.scalars(
            select(Consent).where(
                Consent.case_id == people.cases["shelter"],
                Consent.shared_with_agency_id == people.police.agency_id,
            )
        ).one()
        withdraw_consent(s, consent_id=consent.id, note=None, actor=people.shelter)
    with pytest.raises(NotFound):
        _police_reads_shelter_case(store, people)


@pytest.mark.parametrize(
    ("purposes", "starts_in_days"),
    [(["linkage", "statistics", "referral"], 0), (["case_transfer"], 10)],
    ids=["no reading purpose", "not yet in force"],
)
def test_agreements_that_grant_nothing(
    store: Store, people: People, purposes: list[str], starts_in_days: int
) -> None:
    starts = clock.today() + timedelta(days=starts_in_days)
    agreement(store, people.shelter_sup, people.police, purposes, starts_on=starts)
    with pytest.raises(NotFound):
        _police_reads_shelter_case(store, people)


def test_an_ended_agreement_grants_nothing(store: Store, people: People) -> None:
    agreement_id = agreement(store, people.shelter_sup, people.police, ["case_transfer"])
    assert _police_reads_shelter_case(store, people)
    with store.session() as s:
        end_agreement(s, agreement_id=agreement_id, reason="Ended", actor=people.shelter_sup)
    with pytest.raises(NotFound):
        _police_reads_shelter_case(store, people)
