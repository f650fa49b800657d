"""The cross-border pages in Chromium: an administrator reads the installation's keys, adds
a peer (a malformed key first, refused with its reason), packs a bundle for it and
downloads the file, and uploads a tampered bundle, which is refused with its reason and
imports nothing. axe-core finds nothing on each page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from palermo.cases.referrals.sending import refer
from palermo.config import Settings
from palermo.linkage.envelope import InstallationKeys, MemorySeenIds, open_bundle, seal_bundle
from palermo.store import open_store
from palermo.store.keys import new_keyring
from palermo.store.models import ExchangeBundle, ExchangePeer
from tests.browser_support import LiveServer, serve_live, sign_in
from tests.factories import make_agency_user, open_referrable_case

pytestmark = pytest.mark.browser

HERE, ABROAD = "palermo-md", "palermo-be"


@pytest.fixture
def exchange_server(browser: object, tmp_path: Path) -> Iterator[LiveServer]:
    """A live server whose exchange keys sit in its own folder (not the default var/)."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'live.db'}",
        insecure_cookies=True,
        key_file=tmp_path / "palermo.keys",
    )
    store = open_store(settings, keyring=new_keyring())
    InstallationKeys.generate(HERE).save(tmp_path / "exchange.keys")
    make_agency_user(store, agency="Speranta", role="admin", username="boss")
    with serve_live(store, settings) as server:
        yield server
    store.engine.dispose()


def _axe(page) -> list[dict]:  # noqa: ANN001
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        {"id": v["id"], "nodes": [str(n["target"]) for n in v["nodes"]][:3]} for v in violations
    ]


def _refer_to_the_peer(server: LiveServer) -> None:
    worker = make_agency_user(server.store, agency="Speranta", username="worker")
    with server.store.session() as s:
        stand_in = s.scalar(select(ExchangePeer.agency_id).where(ExchangePeer.name == ABROAD))
    case_id = open_referrable_case(server.store, worker, to_agency_id=stand_in)
    with server.store.session() as s:
        refer(
            s,
            case_id=case_id,
            to_agency_id=stand_in,
            service="shelter",
            shared_fields=["identity"],
            note=None,
            respond_by=None,
            actor=worker,
        )


def test_add_a_peer_pack_for_it_and_a_tampered_upload_is_refused(
    browser,
    exchange_server: LiveServer,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    from playwright.sync_api import expect

    abroad = InstallationKeys.generate(ABROAD)
    here = InstallationKeys.load(tmp_path / "exchange.keys")
    context = browser.new_context(
        base_url=exchange_server.url, locale="en-GB", accept_downloads=True
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    # A refusal answers 422, which Chromium logs; anything else (a script or style the
    # content security policy refused) is a failure.
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "422" not in m.text else None,
    )
    found: dict[str, list[dict]] = {}
    try:
        sign_in(page, "boss")
        page.get_by_role("link", name="Cross-border").first.click()
        page.get_by_role("link", name="This installation's keys").click()
        expect(page.get_by_text(here.as_peer().signing_kid, exact=True)).to_be_visible()
        found["keys"] = _axe(page)

        page.get_by_role("link", name="Peer installations").click()
        page.get_by_label("Installation name (as the peer named its keys)").fill(ABROAD)
        page.get_by_label("Its public keys").fill('{"keys": [{"kty": "OKP"}]}')
        page.get_by_label("Its agency, as named there").fill("Shelter South")
        page.get_by_label("Country of that agency (if it is new here)").fill("Belgium")
        page.get_by_label("Type of that agency").select_option("Shelter")
        page.get_by_role("button", name="Add the peer").click()
        expect(page.get_by_role("alert")).to_contain_text("one Ed25519 key and one X25519 key")
        found["peers refused"] = _axe(page)
        page.get_by_label("Its public keys").fill(json.dumps(abroad.public_jwks()))
        page.get_by_role("button", name="Add the peer").click()
        row = page.get_by_role("row").filter(has_text=ABROAD)
        expect(row).to_contain_text("Shelter South")
        expect(row).to_contain_text(abroad.as_peer().signing_kid)
        found["peers"] = _axe(page)

        _refer_to_the_peer(exchange_server)
        page.get_by_role("link", name="Outgoing bundles").click()
        page.get_by_label("Installation to send to").select_option(ABROAD)
        page.get_by_role("button", name="Show what is waiting").click()
        waiting = page.get_by_role("group", name="Referrals waiting to be sent")
        expect(waiting.get_by_role("checkbox")).to_be_checked()
        found["outgoing"] = _axe(page)
        with page.expect_download() as download:
            page.get_by_role("button", name="Pack and download").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name.startswith(f"{ABROAD}-") and saved.suffix == ".jwe"
        opened = open_bundle(
            saved.read_text().strip(), keys=abroad, peers=[here.as_peer()], seen=MemorySeenIds()
        )
        assert len(opened.body["referrals"]) == 1 and opened.header.sender == HERE

        sealed = seal_bundle(
            {"kind": "palermo.crossborder.v1", "referrals": [], "answers": []},
            sender=abroad,
            recipient=here.as_peer(),
            valid_for=timedelta(days=1),
        )
        at = len(sealed) // 2
        tampered = tmp_path / "tampered.jwe"
        tampered.write_text(sealed[:at] + ("A" if sealed[at] != "A" else "B") + sealed[at + 1 :])
        page.get_by_role("link", name="Incoming bundles").click()
        page.get_by_label("Bundle file").set_input_files(str(tampered))
        page.get_by_role("button", name="Verify and import").click()
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("altered or damaged on its way")
        expect(alert).to_contain_text("Nothing from this bundle was imported.")
        found["incoming refused"] = _axe(page)
    finally:
        context.close()
    assert not {name: v for name, v in found.items() if v}, found
    assert not errors, errors  # nothing refused by the content security policy
    with exchange_server.store.session() as s:
        directions = s.scalars(select(ExchangeBundle.direction)).all()
        assert directions == ["out"]  # the packed one; nothing came in
        assert s.scalar(select(func.count()).select_from(ExchangePeer)) == 1
