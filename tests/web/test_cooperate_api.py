"""Cooperate's JSON API: agreements recorded, read, ended and refused over tokens, and a
case of another agency read under an agreement only while it is in force."""

from __future__ import annotations

from fastapi.testclient import TestClient

from palermo.accounts.service import issue_token
from palermo.store import Store
from palermo.store.actor import Actor
from tests.cooperate.conftest import make_people
from tests.factories import make_agency_user


def _auth(store: Store, agency: str, role: str, username: str) -> dict[str, str]:
    make_agency_user(store, agency=agency, role=role, username=username)
    with store.session() as s:
        token = issue_token(s, username=username, actor=Actor.system("t"))
    return {"Authorization": f"Bearer {token}"}


def test_agreements_over_the_api_grant_what_they_say_while_in_force(
    client: TestClient, store: Store
) -> None:
    people = make_people(store)
    shelter_sup = _auth(store, "Safe House", "supervisor", "api-sh-sup")
    shelter_worker = _auth(store, "Safe House", "caseworker", "api-sh-worker")
    police = _auth(store, "Police Central", "caseworker", "api-po")
    ngo = _auth(store, "Outreach NGO", "supervisor", "api-ngo")
    case = people.cases["shelter"]
    body = {
        "title": "Transfers to the police",
        "party_agency_ids": [people.shelter.agency_id, people.police.agency_id],
        "purposes": ["case_transfer"],
        "field_groups": ["identity"],
        "legal_basis": "Anti-trafficking Act, article 12",
        "starts_on": "2024-01-01",
        "signed_by": "Both directors",
    }
    # Before any agreement the police reads nothing of the shelter's case.
    assert client.get(f"/api/shared/cases/{case}", headers=police).status_code == 404
    # Refusals: a case worker may not record one; bad fields are all named.
    assert client.post("/api/agreements", json=body, headers=shelter_worker).status_code == 403
    bad = client.post(
        "/api/agreements",
        json=body | {"party_agency_ids": [people.shelter.agency_id], "purposes": []},
        headers=shelter_sup,
    )
    assert bad.status_code == 422
    assert {p["field"] for p in bad.json()["problems"]} == {"party_agency_ids", "purposes"}
    created = client.post("/api/agreements", json=body, headers=shelter_sup)
    assert created.status_code == 201, created.text
    agreement = created.json()
    assert agreement["in_force"] and agreement["purposes"] == ["case_transfer"]
    assert {p["name"] for p in agreement["parties"]} == {"Safe House", "Police Central"}
    url = f"/api/agreements/{agreement['id']}"
    # Both parties read it; the NGO does not learn it exists.
    assert client.get(url, headers=police).json()["title"] == "Transfers to the police"
    assert [a["id"] for a in client.get("/api/agreements", headers=police).json()] == [
        agreement["id"]
    ]
    assert client.get(url, headers=ngo).status_code == 404
    assert client.get("/api/agreements", headers=ngo).json() == []
    # The police reads the identity group of the case, nothing else; the NGO nothing.
    shared = client.get(f"/api/shared/cases/{case}", headers=police)
    assert shared.status_code == 200
    assert shared.json()["shared"] == ["identity"] and shared.json()["given_name"] == "Ioana"
    assert "birth_date" not in shared.json()
    assert client.get(f"/api/shared/cases/{case}", headers=ngo).status_code == 404
    # The NGO cannot end it; the shelter ends it, and from then on it grants nothing.
    assert client.post(f"{url}/end", json={"reason": "x"}, headers=ngo).status_code == 404
    ended = client.post(f"{url}/end", json={"reason": "Not renewed"}, headers=shelter_sup)
    assert ended.status_code == 200 and ended.json()["in_force"] is False
    assert client.get(f"/api/shared/cases/{case}", headers=police).status_code == 404
    again = client.post(f"{url}/end", json={"reason": "Twice"}, headers=shelter_sup)
    assert again.status_code == 409 and "already ended" in again.json()["message"]
    # No linkage run yet: the hint is empty, and another agency's case is not found.
    assert client.get(f"/api/cases/{case}/known-to", headers=shelter_worker).json() == []
    assert client.get(f"/api/cases/{case}/known-to", headers=police).status_code == 404
