"""The cross-border page: an agency sees its own cross-border referrals, nobody else's;
administrators also see peers and bundles."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from palermo.cases.referrals.sending import refer
from palermo.cooperate.crossborder import add_peer, pack_bundle
from palermo.linkage.envelope import InstallationKeys
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.models import ExchangePeer
from tests.factories import make_agency_user, open_referrable_case
from tests.web.conftest import login


def test_crossborder_page_shows_own_referrals_only(client: TestClient, store: Store) -> None:
    worker = make_agency_user(store, agency="Speranta", username="worker")
    make_agency_user(store, agency="Other NGO", username="other")
    make_agency_user(store, agency="Speranta", role="admin", username="boss")
    here, abroad = InstallationKeys.generate("palermo-md"), InstallationKeys.generate("palermo-be")
    with store.session() as s:
        add_peer(
            s,
            name="palermo-be",
            public_jwks=abroad.public_jwks(),
            agency_name="Shelter South",
            agency_country="BE",
            agency_type="Shelter",
            actor=Actor.system("test"),
        )
        stand_in = s.scalar(select(ExchangePeer.agency_id))
    case_id = open_referrable_case(store, worker, to_agency_id=stand_in)
    with store.session() as s:
        sent = refer(
            s,
            case_id=case_id,
            to_agency_id=stand_in,
            service=None,
            shared_fields=["identity"],
            note=None,
            respond_by=None,
            actor=worker,
        )
        pack_bundle(s, keys=here, peer_name="palermo-be", actor=worker)
        key = f"palermo-md:{sent.id}"

    login(client, "worker")
    page = client.get("/crossborder")
    assert page.status_code == 200 and key in page.text and "palermo-be" in page.text
    assert "Bundles" not in page.text  # administrators only
    client.cookies.clear()
    login(client, "other")
    assert key not in client.get("/crossborder").text
    client.cookies.clear()
    login(client, "boss")
    admin_page = client.get("/crossborder").text
    assert "Bundles" in admin_page and "Peer installations" in admin_page
