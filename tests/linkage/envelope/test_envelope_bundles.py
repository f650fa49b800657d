"""Bundles between two installations: round trip, and every kind of bad bundle refused."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from palermo.errors import Conflict, KeyMaterialError, ValidationFailed
from palermo.linkage.envelope import (
    BundleRefused,
    InstallationKeys,
    MemorySeenIds,
    Peer,
    open_bundle,
    seal_bundle,
)

BODY = {"kind": "referral", "htcds": {"prs_FirstName": "Ana", "vic_TypeOfExploitation": ["Sexual"]}}


@pytest.fixture(scope="module")
def ngo() -> InstallationKeys:
    return InstallationKeys.generate("ngo-md")


@pytest.fixture(scope="module")
def shelter() -> InstallationKeys:
    return InstallationKeys.generate("shelter-it")


def test_round_trip_returns_header_and_body(
    ngo: InstallationKeys, shelter: InstallationKeys
) -> None:
    bundle = seal_bundle(BODY, sender=ngo, recipient=shelter.as_peer())
    assert "Ana" not in bundle  # encrypted, not merely signed
    seen = MemorySeenIds()
    opened = open_bundle(bundle, keys=shelter, peers=[ngo.as_peer()], seen=seen)
    assert opened.body == BODY
    assert (opened.header.sender, opened.header.recipient) == ("ngo-md", "shelter-it")
    assert opened.header.expires - opened.header.created == timedelta(days=7)


def test_one_changed_byte_anywhere_is_refused(
    ngo: InstallationKeys, shelter: InstallationKeys
) -> None:
    bundle = seal_bundle(BODY, sender=ngo, recipient=shelter.as_peer())
    for position in (5, len(bundle) // 3, len(bundle) // 2, len(bundle) - 3):
        flipped = "A" if bundle[position] != "A" else "B"
        tampered = bundle[:position] + flipped + bundle[position + 1 :]
        with pytest.raises(BundleRefused) as caught:
            open_bundle(tampered, keys=shelter, peers=[ngo.as_peer()], seen=MemorySeenIds())
        assert caught.value.reason in ("damaged", "misaddressed")


def test_a_bundle_for_another_installation_is_refused(
    ngo: InstallationKeys, shelter: InstallationKeys
) -> None:
    other = InstallationKeys.generate("police-fr")
    bundle = seal_bundle(BODY, sender=ngo, recipient=other.as_peer())
    with pytest.raises(BundleRefused, match="another installation") as caught:
        open_bundle(bundle, keys=shelter, peers=[ngo.as_peer()], seen=MemorySeenIds())
    assert caught.value.reason == "misaddressed"
    # Encrypted to the shelter's key but addressed (and signed) to another name.
    renamed = Peer("police-fr", shelter.signing, shelter.encryption)
    bundle = seal_bundle(BODY, sender=ngo, recipient=renamed)
    with pytest.raises(BundleRefused, match="addressed to 'police-fr'"):
        open_bundle(bundle, keys=shelter, peers=[ngo.as_peer()], seen=MemorySeenIds())


def test_expired_and_future_bundles_are_refused(
    ngo: InstallationKeys, shelter: InstallationKeys
) -> None:
    sent = datetime(2026, 1, 1, tzinfo=UTC)
    bundle = seal_bundle(
        BODY, sender=ngo, recipient=shelter.as_peer(), valid_for=timedelta(days=2), now=sent
    )
    peers = [ngo.as_peer()]
    assert open_bundle(
        bundle, keys=shelter, peers=peers, seen=MemorySeenIds(), now=sent + timedelta(days=1)
    )
    with pytest.raises(BundleRefused, match="expired") as caught:
        open_bundle(
            bundle, keys=shelter, peers=peers, seen=MemorySeenIds(), now=sent + timedelta(days=3)
        )
    assert caught.value.reason == "expired"
    with pytest.raises(BundleRefused, match="future"):
        open_bundle(
            bundle, keys=shelter, peers=peers, seen=MemorySeenIds(), now=sent - timedelta(hours=1)
        )


def test_replayed_bundle_is_refused(ngo: InstallationKeys, shelter: InstallationKeys) -> None:
    bundle = seal_bundle(BODY, sender=ngo, recipient=shelter.as_peer())
    seen = MemorySeenIds()
    opened = open_bundle(bundle, keys=shelter, peers=[ngo.as_peer()], seen=seen)
    seen.remember(opened.header.bundle_id)  # the caller does this after importing
    with pytest.raises(BundleRefused, match="replay") as caught:
        open_bundle(bundle, keys=shelter, peers=[ngo.as_peer()], seen=seen)
    assert caught.value.reason == "replayed"


def test_unknown_or_impersonating_sender_is_refused(
    ngo: InstallationKeys, shelter: InstallationKeys
) -> None:
    stranger = InstallationKeys.generate("ngo-md")  # same name, other keys
    bundle = seal_bundle(BODY, sender=stranger, recipient=shelter.as_peer())
    with pytest.raises(BundleRefused, match="no known peer") as caught:
        open_bundle(bundle, keys=shelter, peers=[ngo.as_peer()], seen=MemorySeenIds())
    assert caught.value.reason == "unknown_sender"
    # A known peer's key under another peer's name in the signed header.
    liar = InstallationKeys("someone-else", ngo.signing, ngo.encryption)
    bundle = seal_bundle(BODY, sender=liar, recipient=shelter.as_peer())
    with pytest.raises(BundleRefused, match="claims to come from"):
        open_bundle(bundle, keys=shelter, peers=[ngo.as_peer()], seen=MemorySeenIds())


def test_key_file_is_owner_only_never_overwritten_and_checked(
    tmp_path: Path, ngo: InstallationKeys
) -> None:
    path = tmp_path / "installation.keys"
    ngo.save(path)
    assert os.stat(path).st_mode & 0o777 == 0o600
    loaded = InstallationKeys.load(path)
    assert loaded.name == ngo.name and loaded.signing.thumbprint() == ngo.signing.thumbprint()
    with pytest.raises(Conflict):
        ngo.save(path)
    os.chmod(path, 0o644)
    with pytest.raises(KeyMaterialError, match="other users"):
        InstallationKeys.load(path)
    os.chmod(path, 0o600)
    path.write_text("{}")
    with pytest.raises(KeyMaterialError, match="damaged"):
        InstallationKeys.load(path)


def test_public_keys_carry_no_private_part_and_bad_peer_keys_are_refused(
    ngo: InstallationKeys,
) -> None:
    jwks = ngo.public_jwks()
    assert all("d" not in key for key in jwks["keys"])
    peer = Peer.from_public_jwks("ngo-md", json.dumps(jwks))
    assert peer.signing_kid == ngo.signing.thumbprint()
    with pytest.raises(ValidationFailed, match="one Ed25519 and one X25519"):
        Peer.from_public_jwks("ngo-md", {"keys": jwks["keys"][:1]})
    forged = {"keys": [jwks["keys"][0] | {"kid": "someone"}, jwks["keys"][1]]}
    with pytest.raises(ValidationFailed, match="key id does not match"):
        Peer.from_public_jwks("ngo-md", forged)
