"""Referral pages and API: the receiving agency sees only what is shared, never the case."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from palermo.accounts.service import issue_token
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.audit import verify_chain
from palermo.store.models import AuditEntry, Consent, Referral, ServiceDelivery
from tests.factories import make_two_agencies, open_referrable_case
from tests.web.conftest import login

BIRTH = "1994-05-06"
DOCUMENT = "XX-998877"


def _auth(store: Store, username: str) -> dict[str, str]:
    with store.session() as s:
        token = issue_token(s, username=username, actor=Actor.system("t"))
    return {"Authorization": f"Bearer {token}"}


def _counts(store: Store) -> tuple[int, int, int]:
    with store.session() as s:
        return (
            s.scalar(select(func.count(Referral.id))),
            s.scalar(select(func.count(AuditEntry.id))),
            s.scalar(select(func.count(Consent.id))),
        )


def test_api_refusal_without_referral_consent_is_409_and_changes_nothing(
    client: TestClient, store: Store
) -> None:
    sender, receiver = make_two_agencies(store)
    auth = _auth(store, sender.username)
    created = client.post("/api/cases", json={"person": {"given_name": "Test"}}, headers=auth)
    case_id = created.json()["id"]
    before = _counts(store)
    response = client.post(
        f"/api/cases/{case_id}/referrals",
        json={"to_agency_id": receiver.agency_id, "service": "shelter"},
        headers=auth,
    )
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["error"] == "ConsentMissing"
    assert "no valid consent for referral to another agency" in body["message"]
    assert _counts(store) == before


def test_whole_journey_across_two_agencies(client: TestClient, store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)

    # The case worker sees the refer form on the case page partial and refers with names only.
    login(client, "worker")
    assert f'hx-get="/cases/{case_id}/referrals"' in client.get(f"/cases/{case_id}").text
    part = client.get(f"/cases/{case_id}/referrals")
    assert part.status_code == 200
    assert "Shelter South" in part.text and 'value="birth_date"' in part.text
    assert "Names and aliases" in part.text
    token = login(client, "worker")
    sent = client.post(
        f"/cases/{case_id}/referrals",
        data={
            "csrf_token": token,
            "to_agency_id": str(receiver.agency_id),
            "service": "shelter",
            "shared_fields": ["identity", "citizenship"],
            "note": "Arrives by train.",
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    referral_id = int(sent.headers["location"].rsplit("/", 1)[1])
    work = client.get("/work")
    assert work.status_code == 200 and f"#{referral_id}" in work.text

    # The shelter sees the referral with the shared groups only, and never the case page.
    token = login(client, "shelter")
    received = client.get("/referrals/received")
    assert f"/referrals/{referral_id}" in received.text
    page = client.get(f"/referrals/{referral_id}")
    assert page.status_code == 200
    assert "Testova" in page.text and "Arrives by train." in page.text
    assert BIRTH not in page.text and DOCUMENT not in page.text and "+31" not in page.text
    assert client.get(f"/cases/{case_id}").status_code == 404
    assert client.get(f"/cases/{case_id}/referrals").status_code == 404

    for action, data in (("accept", {}), ("services", {"service_type": "shelter"})):
        data = {"csrf_token": token, **data}
        if action == "services":
            data["delivered_on"] = date.today().isoformat()
            data["outcome"] = "Room 4"
        moved = client.post(f"/referrals/{referral_id}/{action}", data=data, follow_redirects=False)
        assert moved.status_code == 303, moved.text
    done = client.post(
        f"/referrals/{referral_id}/done", data={"csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303
    api = client.get(f"/api/referrals/{referral_id}", headers=_auth(store, "shelter")).json()
    assert api["referral"]["state"] == "done"
    assert api["case"]["shared"] == ["identity", "citizenship"]
    assert "birth_date" not in api["case"] and "identity_number" not in api["case"]

    # The case worker sees the service on the case; the sender cannot accept its own referral.
    login(client, "worker")
    part = client.get(f"/cases/{case_id}/referrals")
    assert "Room 4" in part.text and "Done" in part.text
    with store.session() as s:
        assert s.scalar(select(func.count(ServiceDelivery.id))) == 1
        assert verify_chain(s).intact


def test_shared_birth_date_and_document_show_when_shared(client: TestClient, store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    response = client.post(
        f"/api/cases/{case_id}/referrals",
        json={"to_agency_id": receiver.agency_id, "shared_fields": ["birth_date", "document"]},
        headers=_auth(store, sender.username),
    )
    assert response.status_code == 201, response.text
    referral_id = response.json()["id"]
    login(client, "shelter")
    page = client.get(f"/referrals/{referral_id}")
    assert BIRTH in page.text and DOCUMENT in page.text
    assert "Testova" not in page.text  # names were not shared


def test_api_state_machine_and_roles(client: TestClient, store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender)
    mine, theirs = _auth(store, sender.username), _auth(store, receiver.username)
    referral_id = client.post(
        f"/api/cases/{case_id}/referrals",
        json={"to_agency_id": receiver.agency_id},
        headers=mine,
    ).json()["id"]
    assert client.post(f"/api/referrals/{referral_id}/accept", headers=mine).status_code == 403
    assert client.post(f"/api/referrals/{referral_id}/done", headers=theirs).status_code == 409
    rejected = client.post(
        f"/api/referrals/{referral_id}/reject", json={"reason": "No place"}, headers=theirs
    )
    assert rejected.status_code == 200 and rejected.json()["state"] == "rejected"
    again = client.post(f"/api/referrals/{referral_id}/revoke", headers=mine)
    assert again.status_code == 409 and "is rejected" in again.json()["message"]
    # Rejected: the shelter keeps the referral's record but no longer sees the case.
    detail = client.get(f"/api/referrals/{referral_id}", headers=theirs).json()
    assert "case" not in detail
    work = client.get("/api/work", headers=mine).json()
    assert work["caseworker"]["awaiting_answer"] == []
    outsider = make_agency_user_token(client, store)
    assert client.get(f"/api/referrals/{referral_id}", headers=outsider).status_code == 404


def make_agency_user_token(client: TestClient, store: Store) -> dict[str, str]:
    from tests.factories import make_agency_user

    return _auth(store, make_agency_user(store, agency="Third", username="third").username)


def test_french_pages(client: TestClient, store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender)
    login(client, "worker")
    client.cookies.set("palermo_lang", "fr")
    part = client.get(f"/cases/{case_id}/referrals")
    assert "Noms et alias" in part.text and "Orienter" in part.text
    assert "Mon travail" in client.get("/work").text


def test_api_receiver_records_a_service(client: TestClient, store: Store) -> None:
    sender, receiver = make_two_agencies(store)
    case_id = open_referrable_case(store, sender)
    mine, theirs = _auth(store, sender.username), _auth(store, receiver.username)
    referral_id = client.post(
        f"/api/cases/{case_id}/referrals",
        json={"to_agency_id": receiver.agency_id, "service": "shelter"},
        headers=mine,
    ).json()["id"]
    body = {"service_type": "shelter", "delivered_on": "2025-01-10", "outcome": "Placed"}
    early = client.post(f"/api/referrals/{referral_id}/services", json=body, headers=theirs)
    assert early.status_code == 409  # not accepted yet
    assert client.post(f"/api/referrals/{referral_id}/accept", headers=theirs).status_code == 200
    made = client.post(f"/api/referrals/{referral_id}/services", json=body, headers=theirs)
    assert made.status_code == 201, made.text
    assert made.json()["service_type"] == "shelter"
    assert made.json()["provider_agency_id"] == receiver.agency_id
    assert client.post(
        f"/api/referrals/{referral_id}/services", json=body, headers=mine
    ).status_code in (403, 404)
