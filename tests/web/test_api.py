from fastapi.testclient import TestClient

from palermo.accounts.service import issue_token
from palermo.store import Store
from palermo.store.actor import Actor
from tests.factories import make_agency_user

CASE = {
    "person": {"given_name": "Oksana", "family_name": "Melnyk", "birth_date": "1995-02-03"},
    "citizenship": ["UA"],
    "exploitation_types": ["ForcedLabour"],
    "forced_labour_industry": "F_Construction",
}


def _token(store: Store, username: str) -> dict[str, str]:
    with store.session() as s:
        return {
            "Authorization": f"Bearer {issue_token(s, username=username, actor=Actor.system('t'))}"
        }


def test_api_round_trip(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    auth = _token(store, actor.username)
    created = client.post("/api/cases", json=CASE, headers=auth)
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    got = client.get(f"/api/cases/{case_id}", headers=auth).json()
    assert (
        got["person"]["family_name"] == "Melnyk"
        and got["forced_labour_industry"] == "F_Construction"
    )
    patched = client.patch(f"/api/cases/{case_id}", json={"status": "Closed"}, headers=auth)
    assert patched.json()["status"] == "Closed"
    found = client.get("/api/cases", params={"name": "Oksana Melnyk"}, headers=auth).json()
    assert [i["id"] for i in found["items"]] == [case_id]


def test_api_refuses_bad_codes_with_every_problem(client: TestClient, store: Store) -> None:
    auth = _token(store, make_agency_user(store).username)
    bad = {**CASE, "citizenship": ["Ukraine?"], "exploitation_types": ["Labour"]}
    response = client.post("/api/cases", json=bad, headers=auth)
    assert response.status_code == 422
    fields = sorted(p["field"] for p in response.json()["problems"])
    assert fields == ["citizenship", "exploitation_types"]


def test_api_needs_a_valid_token(client: TestClient) -> None:
    assert client.get("/api/cases").status_code == 401
    response = client.get("/api/cases", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401 and "palermo users token" in response.json()["hint"]


def test_api_isolates_agencies(client: TestClient, store: Store) -> None:
    mine = _token(store, make_agency_user(store, agency="A").username)
    theirs = _token(store, make_agency_user(store, agency="B").username)
    case_id = client.post("/api/cases", json=CASE, headers=mine).json()["id"]
    assert client.get(f"/api/cases/{case_id}", headers=theirs).status_code == 404
    assert (
        client.patch(f"/api/cases/{case_id}", json={"status": "Closed"}, headers=theirs).status_code
        == 404
    )
    assert client.get("/api/cases", headers=theirs).json()["total"] == 0


def test_vocab_and_openapi(client: TestClient, store: Store) -> None:
    auth = _token(store, make_agency_user(store).username)
    body = client.get("/api/vocab/methods_of_control", params={"locale": "fr"}, headers=auth).json()
    codes = {v["code"] for v in body["values"]}
    assert {"DebtBondage", "WithholdsDocuments"} <= codes
    assert client.get("/api/vocab/nonsense", headers=auth).status_code == 404
    spec = client.get("/openapi.json").json()
    assert {"/api/cases", "/api/cases/{case_id}", "/api/vocab/{list_name}"} <= set(spec["paths"])
    assert "/login" not in spec["paths"]
