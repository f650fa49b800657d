"""A cross-border referral and its answer, between two databases, audited on both sides."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from palermo.cases.referrals.answers import accept_referral, complete_referral, get_referral
from palermo.cases.referrals.deliveries import record_service, referral_services
from palermo.cases.referrals.grants import read_shared_case
from palermo.cases.referrals.sending import refer
from palermo.cooperate.crossborder import pack_bundle, unpack_bundle
from palermo.errors import ValidationFailed
from palermo.store.models import AuditEntry, Case, CrossBorderReferral, ExchangePeer, Referral
from palermo.vocab import ReferralState
from tests.cooperate.crossborder.conftest import ADMIN, Installation
from tests.factories import open_referrable_case


def stand_in(inst: Installation, peer: str) -> int:
    with inst.store.session() as s:
        return s.scalar(select(ExchangePeer.agency_id).where(ExchangePeer.name == peer))


def refer_abroad(origin: Installation, groups: list[str]) -> int:
    shelter_here = stand_in(origin, "palermo-be")
    case_id = open_referrable_case(origin.store, origin.worker, to_agency_id=shelter_here)
    with origin.store.session() as s:
        return refer(
            s,
            case_id=case_id,
            to_agency_id=shelter_here,
            service="shelter",
            shared_fields=groups,
            note="Arrives Friday by bus.",
            respond_by=None,
            actor=origin.worker,
        ).id


def pack(inst: Installation, peer: str) -> str:
    with inst.store.session() as s:
        return pack_bundle(s, keys=inst.keys, peer_name=peer, actor=inst.worker).bundle


def unpack(inst: Installation, bundle: str) -> tuple[int, int]:
    with inst.store.session() as s:
        result = unpack_bundle(s, bundle=bundle, keys=inst.keys, actor=ADMIN)
        return result.referrals, result.answers


def test_referral_crosses_answer_returns_and_both_sides_audit(
    pair: tuple[Installation, Installation],
) -> None:
    origin, shelter = pair
    sent_id = refer_abroad(origin, ["identity", "citizenship"])
    assert unpack(shelter, pack(origin, "palermo-be")) == (1, 0)

    with shelter.store.session() as s:
        link = s.scalar(select(CrossBorderReferral))
        assert link.exchange_key == f"palermo-md:{sent_id}" and link.direction == "in"
        received = get_referral(s, referral_id=link.referral_id, actor=shelter.worker)
        assert received.status == ReferralState.in_progress
        assert received.note == "Arrives Friday by bus."
        view = read_shared_case(s, case_id=received.case_id, actor=shelter.worker)
        # Only the shared groups arrived: the name and citizenship, not the document or phone.
        case = s.get(Case, received.case_id)
        assert (case.victim.given_name, case.victim.family_name) == ("Ana", "Testova")
        assert case.codes_for("citizenship") == ["MD"]
        assert case.victim.identity_number is None and case.victim.phone is None
        assert case.codes_for("means_of_control") == []
        assert view.case_id == received.case_id
        accept_referral(s, referral_id=received.id, actor=shelter.worker)
        record_service(
            s,
            referral_id=received.id,
            service_type="shelter",
            delivered_on=date.today(),
            outcome="Bed and meals",
            actor=shelter.worker,
        )
        complete_referral(s, referral_id=received.id, actor=shelter.worker)
        received_id = received.id

    assert unpack(origin, pack(shelter, "palermo-md")) == (0, 1)
    with origin.store.session() as s:
        answered = get_referral(s, referral_id=sent_id, actor=origin.worker)
        assert answered.status == ReferralState.done
        services = referral_services(s, referral_id=sent_id, actor=origin.worker)
        assert [x.service_type for x in services] == ["shelter"]
        assert services[0].outcome is None  # free text stays with the provider
        trail = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        sent = [e for e in trail if e.action == "send_abroad"]
        assert sent and set(sent[0].fields) == {
            "given_name",
            "middle_name",
            "family_name",
            "aliases",
            "citizenship",
        }
        moved = {(e.actor, e.action) for e in trail if e.entity == "referral"}
        assert {("exchange:palermo-be", "accept"), ("exchange:palermo-be", "complete")} <= moved
        assert any(e.entity == "exchange_bundle" and e.action == "create" for e in trail)

    with shelter.store.session() as s:
        trail = s.scalars(select(AuditEntry)).all()
        assert any(e.actor == "exchange:palermo-md" and e.entity == "case" for e in trail)
        mine = {(e.actor, e.action) for e in trail if e.entity_id == received_id}
        assert (shelter.worker.username, "accept") in mine
        # An unchanged answer is not sent twice.
        with pytest.raises(ValidationFailed, match="Nothing to send"):
            pack_bundle(s, keys=shelter.keys, peer_name="palermo-md", actor=shelter.worker)


def test_a_referral_is_sent_once(pair: tuple[Installation, Installation]) -> None:
    origin, shelter = pair
    refer_abroad(origin, ["identity"])
    pack(origin, "palermo-be")
    with origin.store.session() as s, pytest.raises(ValidationFailed, match="Nothing to send"):
        pack_bundle(s, keys=origin.keys, peer_name="palermo-be", actor=origin.worker)


def test_rejection_travels_back_with_its_reason(pair: tuple[Installation, Installation]) -> None:
    from palermo.cases.referrals.answers import reject_referral

    origin, shelter = pair
    sent_id = refer_abroad(origin, [])
    unpack(shelter, pack(origin, "palermo-be"))
    with shelter.store.session() as s:
        received = s.scalar(select(Referral))
        # Nothing personal was shared: the shelter's case has no name at all.
        assert s.get(Case, received.case_id).victim.given_name is None
        reject_referral(s, referral_id=received.id, reason="No bed free.", actor=shelter.worker)
    unpack(origin, pack(shelter, "palermo-md"))
    with origin.store.session() as s:
        answered = s.get(Referral, sent_id)
        assert answered.status == ReferralState.rejected
        assert answered.rejection_reason == "No bed free."
        assert s.scalar(select(func.count()).select_from(Referral)) == 1


def test_a_withdrawn_consent_ends_the_referral_on_both_sides(
    pair: tuple[Installation, Installation],
) -> None:
    from palermo.cases.workflow import withdraw_consent
    from palermo.errors import NotFound
    from palermo.store.models import Consent

    origin, shelter = pair
    sent_id = refer_abroad(origin, ["identity"])
    unpack(shelter, pack(origin, "palermo-be"))
    with origin.store.session() as s:
        sharing = s.scalar(select(Consent).where(Consent.purpose == "sharing"))
        withdraw_consent(s, consent_id=sharing.id, note="Changed her mind.", actor=origin.worker)
        assert s.get(Referral, sent_id).status == ReferralState.revoked
    with origin.store.session() as s:
        result = pack_bundle(s, keys=origin.keys, peer_name="palermo-be", actor=origin.worker)
        assert (result.referrals, result.answers, result.revocations) == (0, 0, 1)
    with shelter.store.session() as s:
        outcome = unpack_bundle(s, bundle=result.bundle, keys=shelter.keys, actor=ADMIN)
        assert outcome.revocations == 1
    with shelter.store.session() as s:
        received = s.scalar(select(Referral))
        assert received.status == ReferralState.revoked
        with pytest.raises(NotFound):
            read_shared_case(s, case_id=received.case_id, actor=shelter.worker)
        # The shelter's copy of the sharing consent is withdrawn too, on the sender's word;
        # the consent to refer, which the person kept, stays in force.
        copies = {
            c.purpose: c
            for c in s.scalars(select(Consent).where(Consent.case_id == received.case_id))
        }
        assert copies["sharing"].withdrawn_on == date.today()
        assert "palermo-md" in copies["sharing"].withdrawal_note
        assert copies["referral"].withdrawn_on is None
        trail = s.scalars(select(AuditEntry).where(AuditEntry.entity == "consent")).all()
        assert ("exchange:palermo-md", "withdraw") in {(e.actor, e.action) for e in trail}
    with origin.store.session() as s, pytest.raises(ValidationFailed, match="Nothing to send"):
        pack_bundle(s, keys=origin.keys, peer_name="palermo-be", actor=origin.worker)


def test_a_child_arrives_with_guardian_age_and_needs_when_shared(
    pair: tuple[Installation, Installation],
) -> None:
    from palermo.cases.consent.recording import ConsentCreate, record_consent
    from palermo.cases.record.age import is_child
    from palermo.cases.support.lifecycle import ChildProtectionUpdate, update_child_protection
    from palermo.cases.support.plan import assess_needs
    from palermo.store.models import NeedsAssessment
    from palermo.vocab import InformedOf

    origin, shelter = pair
    groups = ["identity", "profile", "guardian", "needs"]
    sent_id = refer_abroad(origin, groups)
    with origin.store.session() as s:
        case_id = s.get(Referral, sent_id).case_id
        update_child_protection(
            s,
            case_id=case_id,
            data=ChildProtectionUpdate(
                age_at_identification=15,
                guardian_name="Maria Testova",
                guardian_contact="+373 600 111 222",
                best_interests_flag=True,
            ),
            actor=origin.worker,
        )
        assess_needs(
            s, case_id=case_id, needs=["shelter", "Health"], notes="Asthma.", actor=origin.worker
        )
        shelter_here = s.get(Referral, sent_id).to_agency_id
        for purpose, agency in (("referral", None), ("sharing", shelter_here)):
            # A child's consent is her guardian's.
            record_consent(
                s,
                case_id=case_id,
                data=ConsentCreate(
                    purpose=purpose,
                    given_by="guardian",
                    guardian_name="Maria Testova",
                    shared_with_agency_id=agency,
                    informed_of=list(InformedOf),
                ),
                actor=origin.worker,
            )
    # A second referral shares none of these groups: its age and guardian stay home.
    plain_id = refer_abroad(origin, ["identity"])
    with origin.store.session() as s:
        update_child_protection(
            s,
            case_id=s.get(Referral, plain_id).case_id,
            data=ChildProtectionUpdate(age_at_identification=30, guardian_name="Ion Testov"),
            actor=origin.worker,
        )
    assert unpack(shelter, pack(origin, "palermo-be")) == (2, 0)

    with shelter.store.session() as s:
        links = {
            link.exchange_key: s.get(Referral, link.referral_id).case_id
            for link in s.scalars(select(CrossBorderReferral))
        }
        child = s.get(Case, links[f"palermo-md:{sent_id}"])
        assert child.age_at_identification == 15 and is_child(child, on=date.today())
        assert (child.guardian_name, child.guardian_contact) == (
            "Maria Testova",
            "+373 600 111 222",
        )
        assert child.best_interests_flag is True
        needs = s.scalars(select(NeedsAssessment).where(NeedsAssessment.case_id == child.id)).all()
        assert [n.needs for n in needs] == [["shelter", "Health"]]
        assert needs[0].notes is None  # free text stays home
        other = s.get(Case, links[f"palermo-md:{plain_id}"])
        assert other.age_at_identification is None and other.guardian_name is None
        trail = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == child.id)).all()
        assert any(e.actor == "exchange:palermo-md" for e in trail)


def test_extras_beyond_the_shared_groups_are_refused() -> None:
    from palermo.cooperate.crossborder.shared_record import check_extras

    check_extras({"guardian_name": "Maria"}, ["guardian"])
    with pytest.raises(ValidationFailed, match="guardian_name, needs"):
        check_extras({"guardian_name": "Maria", "needs": ["shelter"]}, ["identity"])


def test_a_referral_revoked_by_hand_leaves_the_consents_in_force(
    pair: tuple[Installation, Installation],
) -> None:
    from palermo.cases.referrals.answers import revoke_referral
    from palermo.store.models import Consent

    origin, shelter = pair
    sent_id = refer_abroad(origin, ["identity"])
    unpack(shelter, pack(origin, "palermo-be"))
    with origin.store.session() as s:
        revoke_referral(s, referral_id=sent_id, actor=origin.worker)
    unpack(shelter, pack(origin, "palermo-be"))
    with shelter.store.session() as s:
        assert s.scalar(select(Referral)).status == ReferralState.revoked
        assert [c.withdrawn_on for c in s.scalars(select(Consent))] == [None, None]
