"""Bundles that must not be imported: tampered, replayed, misaddressed, expired, or holding
more than the consent shares. Each is refused with its reason, audited, and imports nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from palermo import clock
from palermo.cooperate.crossborder import pack_bundle, unpack_bundle
from palermo.cooperate.crossborder.shared_record import record_to_case
from palermo.errors import ConsentMissing, ValidationFailed
from palermo.linkage.envelope import BundleRefused, InstallationKeys
from palermo.store.keys import new_keyring
from palermo.store.models import AuditEntry, Case, ExchangeBundle, Referral
from tests.cooperate.crossborder.conftest import ADMIN, Installation, introduce
from tests.cooperate.crossborder.test_round_trip import pack, refer_abroad


def imported(inst: Installation) -> tuple[int, int, int]:
    with inst.store.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Case)),
            s.scalar(select(func.count()).select_from(Referral)),
            s.scalar(select(func.count()).select_from(ExchangeBundle)),
        )


def refused(inst: Installation, bundle: str) -> BundleRefused:
    with pytest.raises(BundleRefused) as caught, inst.store.session() as s:
        unpack_bundle(s, bundle=bundle, keys=inst.keys, actor=ADMIN)
    return caught.value


def denials(inst: Installation) -> list[list[str]]:
    with inst.store.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.outcome == "denied"))
        return [r.fields for r in rows if r.entity == "exchange_bundle"]


def test_the_same_bundle_twice_changes_nothing(pair: tuple[Installation, Installation]) -> None:
    origin, shelter = pair
    refer_abroad(origin, ["identity"])
    bundle = pack(origin, "palermo-be")
    with shelter.store.session() as s:
        unpack_bundle(s, bundle=bundle, keys=shelter.keys, actor=ADMIN)
    before = imported(shelter)
    error = refused(shelter, bundle)
    assert error.reason == "replayed" and "received before" in error.message
    assert imported(shelter) == before == (1, 1, 1)
    assert denials(shelter) == [["replayed"]]


def test_one_byte_changed_is_refused(pair: tuple[Installation, Installation]) -> None:
    origin, shelter = pair
    refer_abroad(origin, ["identity"])
    bundle = pack(origin, "palermo-be")
    at = len(bundle) // 2
    tampered = bundle[:at] + ("A" if bundle[at] != "A" else "B") + bundle[at + 1 :]
    error = refused(shelter, tampered)
    assert error.reason == "damaged" and "altered" in error.message
    assert imported(shelter) == (0, 0, 0)
    assert denials(shelter) == [["damaged"]]


def test_a_bundle_for_another_installation_is_refused(
    pair: tuple[Installation, Installation], tmp_path: Path, empty_database: Path
) -> None:
    origin, shelter = pair
    # The origin also knows a French installation; its bundle reaches the Belgian one.
    from tests.cooperate.crossborder.conftest import _installation

    france = _installation(
        tmp_path / "fr.db",
        new_keyring(),
        name="palermo-fr",
        agency="Refuge Nord",
        country="FR",
        kind="Shelter",
        template=empty_database,
    )
    introduce(origin, france, agency="Refuge Nord", country="FR")
    with origin.store.session() as s:
        from palermo.cases.referrals.sending import refer
        from palermo.store.models import ExchangePeer
        from tests.factories import open_referrable_case

        target = s.scalar(select(ExchangePeer.agency_id).where(ExchangePeer.name == "palermo-fr"))
    case_id = open_referrable_case(origin.store, origin.worker, to_agency_id=target)
    with origin.store.session() as s:
        refer(
            s,
            case_id=case_id,
            to_agency_id=target,
            service=None,
            shared_fields=["identity"],
            note=None,
            respond_by=None,
            actor=origin.worker,
        )
    error = refused(shelter, pack(origin, "palermo-fr"))
    assert error.reason == "misaddressed" and "another installation" in error.message
    assert imported(shelter) == (0, 0, 0)
    france.store.engine.dispose()


def test_an_expired_bundle_is_refused(pair: tuple[Installation, Installation]) -> None:
    origin, shelter = pair
    refer_abroad(origin, ["identity"])
    bundle = pack(origin, "palermo-be")
    with clock.frozen_clock(clock.now() + timedelta(days=8)):
        error = refused(shelter, bundle)
    assert error.reason == "expired" and "expired at" in error.message
    assert imported(shelter) == (0, 0, 0)


def test_a_bundle_from_an_unknown_sender_is_refused(
    pair: tuple[Installation, Installation],
) -> None:
    origin, shelter = pair
    refer_abroad(origin, ["identity"])
    impostor = InstallationKeys.generate("palermo-md")  # same name, other keys
    with origin.store.session() as s:
        bundle = pack_bundle(s, keys=impostor, peer_name="palermo-be", actor=origin.worker).bundle
    assert refused(shelter, bundle).reason == "unknown_sender"
    assert imported(shelter) == (0, 0, 0)


def test_a_record_with_more_than_its_groups_is_refused() -> None:
    row = {"plm_ExternalId": "PAL-001-0000001", "prs_FirstName": "Ana", "prs_IdentityNumber": "X1"}
    with pytest.raises(ValidationFailed, match="prs_IdentityNumber"):
        record_to_case(row, ["identity"])
    case = record_to_case({k: v for k, v in row.items() if k != "prs_IdentityNumber"}, ["identity"])
    assert case.person.given_name == "Ana" and case.external_id == "PAL-001-0000001"


def test_no_consent_in_force_nothing_is_packed(pair: tuple[Installation, Installation]) -> None:
    from palermo.store.models import Consent
    from tests.factories import as_fixture

    origin, _ = pair
    refer_abroad(origin, ["identity"])
    with origin.store.session() as s, as_fixture(s):
        for consent in s.scalars(select(Consent).where(Consent.purpose == "sharing")):
            consent.expires_on = clock.today() - timedelta(days=1)
    with origin.store.session() as s, pytest.raises(ConsentMissing, match="cannot go abroad"):
        pack_bundle(s, keys=origin.keys, peer_name="palermo-be", actor=origin.worker)
    with origin.store.session() as s:
        assert s.scalar(select(func.count()).select_from(ExchangeBundle)) == 0


def test_encodings_travel_checked(pair: tuple[Installation, Installation], tmp_path: Path) -> None:
    import numpy as np

    from palermo.linkage.pprl import ClkSet, default_spec, write_clk

    origin, shelter = pair
    spec = default_spec()
    # 1,500 records: the bundle is well over joserfc's 64 KB default bound for compact JWE.
    words = np.random.default_rng(7).integers(0, 2**63, size=(1500, spec.output_bits // 64))
    path = tmp_path / "md.clk"
    ids = [f"r{i}" for i in range(1500)]
    write_clk(ClkSet.build(record_ids=ids, words=words, spec=spec), path)
    with origin.store.session() as s:
        result = pack_bundle(
            s, keys=origin.keys, peer_name="palermo-be", actor=origin.worker, encodings=[path]
        )
    assert (result.referrals, result.encodings) == (0, 1)
    with shelter.store.session() as s:
        got = unpack_bundle(s, bundle=result.bundle, keys=shelter.keys, actor=ADMIN).encodings
    assert [(e.name, e.records, e.fingerprint) for e in got] == [("md.clk", 1500, spec.fingerprint)]
    assert got[0].data == path.read_bytes()
    not_clk = tmp_path / "names.clk"
    not_clk.write_text("given_name,family_name\nAna,Testova\n")
    with origin.store.session() as s, pytest.raises(ValidationFailed):
        pack_bundle(
            s, keys=origin.keys, peer_name="palermo-be", actor=origin.worker, encodings=[not_clk]
        )


def test_after_a_rotation_the_old_key_is_refused(pair: tuple[Installation, Installation]) -> None:
    from palermo.cooperate.crossborder import rotate_peer_keys
    from palermo.errors import Conflict, PermissionDenied

    origin, shelter = pair
    refer_abroad(origin, ["identity"])
    renewed = InstallationKeys.generate("palermo-md")
    with shelter.store.session() as s, pytest.raises(PermissionDenied):
        rotate_peer_keys(
            s, name="palermo-md", public_jwks=renewed.public_jwks(), actor=shelter.worker
        )
    with shelter.store.session() as s:
        rotate_peer_keys(s, name="palermo-md", public_jwks=renewed.public_jwks(), actor=ADMIN)
    with shelter.store.session() as s, pytest.raises(Conflict, match="already"):
        rotate_peer_keys(s, name="palermo-md", public_jwks=renewed.public_jwks(), actor=ADMIN)
    with origin.store.session() as s:
        stale = pack_bundle(s, keys=origin.keys, peer_name="palermo-be", actor=origin.worker)
    assert refused(shelter, stale.bundle).reason == "unknown_sender"
    assert imported(shelter) == (0, 0, 0)
    refer_abroad(origin, ["identity"])
    with origin.store.session() as s:
        fresh = pack_bundle(s, keys=renewed, peer_name="palermo-be", actor=origin.worker)
    with shelter.store.session() as s:
        assert unpack_bundle(s, bundle=fresh.bundle, keys=shelter.keys, actor=ADMIN).referrals == 1
        rotation = s.scalar(select(AuditEntry).where(AuditEntry.action == "rotate_keys"))
        assert rotation.entity == "exchange_peer" and rotation.actor == ADMIN.username
        assert f"new {renewed.as_peer().signing_kid}" in rotation.fields
