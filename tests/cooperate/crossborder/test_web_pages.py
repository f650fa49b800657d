"""The cross-border pages on two installations: an administrator records a peer (a malformed
key is refused, saying why), a case worker packs and downloads a bundle, the peer's
administrator imports it or sees why it is refused; other roles get 403 and change nothing."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from palermo.config import Settings
from palermo.store.models import AuditEntry, Case, ExchangeBundle, ExchangePeer, Referral
from palermo.web.app import create_app
from tests.cooperate.crossborder.conftest import Installation
from tests.cooperate.crossborder.test_round_trip import refer_abroad
from tests.factories import make_agency_user
from tests.web.conftest import login


def web_client(inst: Installation, folder: Path) -> TestClient:
    """The installation's web app, its exchange keys in ``folder`` as the server keeps them."""
    folder.mkdir()
    inst.keys.save(folder / "exchange.keys")
    settings = Settings(
        database_url="sqlite://", insecure_cookies=True, key_file=folder / "palermo.keys"
    )
    return TestClient(create_app(store=inst.store, settings=settings))


@pytest.fixture
def sites(
    pair: tuple[Installation, Installation], tmp_path: Path
) -> Iterator[tuple[TestClient, TestClient]]:
    origin, shelter = pair
    make_agency_user(origin.store, agency="Speranta", username="md-worker")
    make_agency_user(shelter.store, agency="Shelter South", role="admin", username="be-admin")
    with web_client(origin, tmp_path / "md") as md, web_client(shelter, tmp_path / "be") as be:
        yield md, be


def pack_through_page(client: TestClient, csrf: str, **extra: object) -> object:
    page = client.get("/crossborder/outgoing", params={"peer": "palermo-be"})
    assert page.status_code == 200
    form = {"csrf_token": csrf, "peer": "palermo-be", "days": "7"} | extra
    return client.post("/crossborder/outgoing", data=form, follow_redirects=False)


def upload(client: TestClient, csrf: str, bundle: bytes, name: str = "b.jwe") -> object:
    return client.post(
        "/crossborder/incoming",
        data={"csrf_token": csrf},
        files={"bundle": (name, bundle, "application/jose")},
        follow_redirects=False,
    )


def counts(inst: Installation) -> tuple[int, int, int]:
    with inst.store.session() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t)) for t in (Case, Referral, ExchangeBundle)
        )


def test_pack_download_import_and_refusals_through_the_pages(
    pair: tuple[Installation, Installation], sites: tuple[TestClient, TestClient]
) -> None:
    origin, shelter = pair
    md, be = sites
    sent_id = refer_abroad(origin, ["identity"])
    md_csrf = login(md, "md-worker")
    listed = md.get("/crossborder/outgoing", params={"peer": "palermo-be"}).text
    assert f'value="{sent_id}"' in listed and "Shelter South" in listed
    response = pack_through_page(md, md_csrf, referral_ids=[str(sent_id)])
    assert response.status_code == 200, response.text[:400]
    assert response.headers["content-disposition"].startswith('attachment; filename="palermo-be-')
    bundle = response.content
    # Packed once: the referral no longer waits, and an empty bundle is refused with a reason.
    again = pack_through_page(md, md_csrf)
    assert again.status_code == 422 and "Nothing to send to palermo-be" in again.text

    be_csrf = login(be, "be-admin")
    tampered = bundle[:300] + (b"A" if bundle[300:301] != b"A" else b"B") + bundle[301:]
    refused = upload(be, be_csrf, tampered)
    assert refused.status_code == 422
    assert "altered or damaged" in refused.text and "Nothing from this bundle" in refused.text
    assert counts(shelter) == (0, 0, 0)

    imported = upload(be, be_csrf, bundle)
    assert imported.status_code == 303
    shown = be.get(imported.headers["location"]).text
    assert "Bundle imported from palermo-md" in shown
    assert "Referrals received: 1" in shown and f"palermo-md:{sent_id}" in shown
    assert counts(shelter) == (1, 1, 1)

    replayed = upload(be, be_csrf, bundle)
    assert replayed.status_code == 422 and "imported before" in replayed.text
    assert counts(shelter) == (1, 1, 1)
    with shelter.store.session() as s:
        denied = s.scalars(select(AuditEntry.fields).where(AuditEntry.outcome == "denied"))
        assert sorted(f[0] for f in denied) == ["damaged", "replayed"]
    with origin.store.session() as s:
        sent = s.scalars(select(AuditEntry).where(AuditEntry.action == "send_abroad")).all()
        assert [e.actor for e in sent] == ["md-worker"]


def test_a_peer_is_added_and_a_malformed_key_is_refused(
    pair: tuple[Installation, Installation], sites: tuple[TestClient, TestClient]
) -> None:
    _, shelter = pair
    _, be = sites
    csrf = login(be, "be-admin")
    keys = html.unescape(be.get("/crossborder/keys").text)
    assert shelter.keys.as_peer().signing_kid in keys and '"kty": "OKP"' in keys
    assert '"d"' not in keys  # never a private key
    other = json.dumps(shelter.keys.public_jwks())  # any valid JWK Set will do
    form = {"csrf_token": csrf, "name": "palermo-fr", "agency": "Refuge Nord", "country": "FR"}

    not_json = be.post("/crossborder/peers", data=form | {"public_key": "{keys: oops"})
    assert not_json.status_code == 422 and "are not JSON" in not_json.text
    assert "Refuge Nord" in not_json.text  # the form comes back filled in
    one_key = json.dumps({"keys": json.loads(other)["keys"][:1]})
    half = be.post("/crossborder/peers", data=form | {"public_key": one_key})
    assert half.status_code == 422
    assert "one Ed25519 key and one X25519 key" in half.text
    with shelter.store.session() as s:
        assert s.scalar(select(func.count()).select_from(ExchangePeer)) == 1

    added = be.post("/crossborder/peers", data=form | {"public_key": other}, follow_redirects=False)
    assert added.status_code == 303
    listed = be.get("/crossborder/peers").text
    assert "palermo-fr" in listed and "Refuge Nord" in listed
    with shelter.store.session() as s:
        row = s.scalar(
            select(AuditEntry)
            .where(AuditEntry.entity == "exchange_peer")
            .order_by(AuditEntry.id.desc())
        )
        assert row.actor == "be-admin" and row.outcome == "ok"


def test_other_roles_get_403_and_change_nothing(
    pair: tuple[Installation, Installation], sites: tuple[TestClient, TestClient]
) -> None:
    origin, _ = pair
    md, _ = sites
    make_agency_user(origin.store, agency="Speranta", role="analyst", username="md-analyst")
    refer_abroad(origin, ["identity"])
    csrf = login(md, "md-worker")
    # A case worker sends bundles, but keys, peers and imports are the administrators'.
    for path in ("/crossborder/keys", "/crossborder/peers", "/crossborder/incoming"):
        assert md.get(path).status_code == 403, path
    peer = {"csrf_token": csrf, "name": "x", "agency": "Y", "public_key": "{}"}
    assert md.post("/crossborder/peers", data=peer).status_code == 403
    assert md.post("/crossborder/peers/rotate", data=peer | {"name": "palermo-be"}).status_code == (
        403
    )
    assert upload(md, csrf, b"not a bundle").status_code == 403
    assert "Incoming bundles" not in md.get("/crossborder").text
    # Without the form's token nothing is packed.
    token_less = md.post("/crossborder/outgoing", data={"peer": "palermo-be"})
    assert token_less.status_code == 403
    md.cookies.clear()
    csrf = login(md, "md-analyst")
    for path in ("/crossborder", "/crossborder/outgoing"):
        assert md.get(path).status_code == 403, path
    assert pack_through_page_status(md, csrf) == 403
    with origin.store.session() as s:
        assert s.scalar(select(func.count()).select_from(ExchangeBundle)) == 0
        assert s.scalar(select(func.count()).select_from(ExchangePeer)) == 1


def pack_through_page_status(client: TestClient, csrf: str) -> int:
    form = {"csrf_token": csrf, "peer": "palermo-be"}
    return client.post("/crossborder/outgoing", data=form).status_code


def test_bad_input_is_refused_with_its_field(
    pair: tuple[Installation, Installation], sites: tuple[TestClient, TestClient]
) -> None:
    origin, shelter = pair
    md, be = sites
    refer_abroad(origin, ["identity"])
    csrf = login(md, "md-worker")
    for form, expected in (
        ({}, "Choose the installation to send to."),
        ({"peer": "palermo-xx"}, "No peer installation named"),
        ({"peer": "palermo-be", "referral_ids": "1; drop"}, "Choose the referrals from the list."),
        ({"peer": "palermo-be", "days": "365"}, "1 to 90 days"),
        ({"peer": "palermo-be", "referral_ids": "99999"}, "are not open referrals"),
    ):
        response = md.post("/crossborder/outgoing", data={"csrf_token": csrf} | form)
        assert response.status_code in (404, 422) and expected in response.text, form
    with origin.store.session() as s:
        assert s.scalar(select(func.count()).select_from(ExchangeBundle)) == 0
    be_csrf = login(be, "be-admin")
    missing = be.post("/crossborder/incoming", data={"csrf_token": be_csrf})
    assert missing.status_code == 422 and "Choose the bundle file" in missing.text
    binary = upload(be, be_csrf, bytes(range(256)), name="photo.jpg")
    assert binary.status_code == 422 and "photo.jpg is not a bundle" in binary.text
    assert counts(shelter) == (0, 0, 0)


def test_the_pages_speak_french(
    pair: tuple[Installation, Installation], sites: tuple[TestClient, TestClient]
) -> None:
    _, be = sites
    csrf = login(be, "be-admin")
    french = {"Accept-Language": "fr"}
    page = be.get("/crossborder/incoming", headers=french).text
    assert "Importer un paquet" in page
    refused = be.post(
        "/crossborder/incoming",
        data={"csrf_token": csrf},
        files={"bundle": ("b.jwe", b"eyJhbGciOi.x.y.z.w", "application/jose")},
        headers=french,
    )
    assert refused.status_code == 422
    assert "Rien de ce paquet n'a été importé" in html.unescape(refused.text)
    peers = be.get("/crossborder/peers", headers=french).text
    assert "Ajouter une installation partenaire" in peers


def test_a_peer_s_keys_are_replaced_through_the_page(
    pair: tuple[Installation, Installation], sites: tuple[TestClient, TestClient]
) -> None:
    from palermo.linkage.envelope import InstallationKeys

    origin, shelter = pair
    _, be = sites
    csrf = login(be, "be-admin")
    renewed = InstallationKeys.generate("palermo-md").public_jwks()
    form = {"csrf_token": csrf, "name": "palermo-md"}
    same = be.post("/crossborder/peers/rotate", data=form | {
        "public_key": json.dumps(origin.keys.public_jwks())})  # fmt: skip
    assert same.status_code == 409 and "already" in html.unescape(same.text)
    done = be.post(
        "/crossborder/peers/rotate",
        data=form | {"public_key": json.dumps(renewed)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert renewed["keys"][0]["kid"] in be.get("/crossborder/peers").text
    with shelter.store.session() as s:
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "rotate_keys")).actor == (
            "be-admin"
        )


def test_a_bundle_with_encodings_is_left_to_the_command_line(
    pair: tuple[Installation, Installation],
    sites: tuple[TestClient, TestClient],
    tmp_path: Path,
) -> None:
    import numpy as np

    from palermo.cooperate.crossborder import pack_bundle, unpack_bundle
    from palermo.linkage.pprl import ClkSet, default_spec, write_clk
    from tests.cooperate.crossborder.conftest import ADMIN

    origin, shelter = pair
    _, be = sites
    spec = default_spec()
    words = np.random.default_rng(3).integers(0, 2**63, size=(20, spec.output_bits // 64))
    clk = tmp_path / "md.clk"
    write_clk(ClkSet.build(record_ids=[f"r{i}" for i in range(20)], words=words, spec=spec), clk)
    with origin.store.session() as s:
        bundle = pack_bundle(
            s, keys=origin.keys, peer_name="palermo-be", actor=origin.worker, encodings=[clk]
        ).bundle
    csrf = login(be, "be-admin")
    refused = upload(be, csrf, bundle.encode())
    assert refused.status_code == 422 and "only the command line writes" in refused.text
    assert counts(shelter) == (0, 0, 0)
    # Refused before anything was recorded, so the command line can still import it.
    with shelter.store.session() as s:
        got = unpack_bundle(s, bundle=bundle, keys=shelter.keys, actor=ADMIN).encodings
    assert [e.records for e in got] == [20]
