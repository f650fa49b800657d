"""The small holes of issue 14: ids past their column's range, time zones, an empty case,
HSTS, the offline API reference and the status codes the OpenAPI document lists."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from palermo.accounts.service import issue_token
from palermo.config import Settings
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.web.app import create_app
from tests.factories import make_agency_user
from tests.web.conftest import login

TOO_BIG = (2**64, 2**31)  # SQLite's driver cannot bind the first; INTEGER ends before the second


def _auth(store: Store) -> dict[str, str]:
    actor = make_agency_user(store)
    with store.session() as s:
        token = issue_token(s, username=actor.username, actor=Actor.system("t"))
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("big", TOO_BIG)
def test_an_id_past_its_column_is_invalid_input_not_a_server_error(
    client: TestClient, store: Store, big: int
) -> None:
    auth = _auth(store)
    for response in (
        client.get(f"/api/cases/{big}", headers=auth),
        client.get("/api/cases", params={"page": big}, headers=auth),
        client.post(f"/api/cases/{big}/referrals", json={"to_agency_id": 1}, headers=auth),
        client.post("/api/cases/1/referrals", json={"to_agency_id": big}, headers=auth),
    ):
        assert response.status_code == 422, (response.request.url, response.text)
        assert response.json()["problems"], response.text
    # The largest id the column holds is a real question, answered as one.
    assert client.get(f"/api/cases/{2**31 - 1}", headers=auth).status_code == 404


def test_a_page_id_past_its_column_is_refused_on_the_pages_too(
    client: TestClient, store: Store
) -> None:
    login(client, make_agency_user(store).username)
    assert client.get(f"/cases/{2**64}").status_code == 422
    assert client.get("/cases", params={"page": 2**40}).status_code == 422


def test_api_timestamps_carry_their_time_zone(client: TestClient, store: Store) -> None:
    auth = _auth(store)
    created = client.post(
        "/api/cases", json={"person": {"given_name": "Ilinca"}}, headers=auth
    ).json()
    for stamp in (created["created_at"], created["updated_at"]):
        assert re.search(r"(Z|\+00:00)$", stamp), stamp


def test_a_case_of_nobody_is_refused(client: TestClient, store: Store) -> None:
    auth = _auth(store)
    empty = client.post("/api/cases", json={"person": {}, "citizenship": ["UA"]}, headers=auth)
    assert empty.status_code == 422
    assert "at least a name, an alias or an external reference" in empty.text
    for enough in (
        {"person": {"aliases": ["Lena"]}},
        {"person": {}, "external_id": "POL-2026-17"},
    ):
        assert client.post("/api/cases", json=enough, headers=auth).status_code == 201, enough


def test_hsts_only_when_cookies_are_secure(store: Store, database_url: str) -> None:
    secure = create_app(store=store, settings=Settings(database_url=database_url))
    with TestClient(secure) as c:
        assert "max-age=" in c.get("/login").headers["strict-transport-security"]
    plain = create_app(
        store=store, settings=Settings(database_url=database_url, insecure_cookies=True)
    )
    with TestClient(plain) as c:
        assert "strict-transport-security" not in c.get("/login").headers


def test_the_api_reference_works_offline(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source
    assert "<script>" not in page.text and "style=" not in page.text  # nothing the CSP blocks


def test_openapi_lists_the_refusals_every_api_route_can_give(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "422", "503"} <= codes, (method, path, codes)
            if "{" in path:
                assert "404" in codes, (method, path)


def test_an_unreadable_body_is_a_documented_refusal(client: TestClient, store: Store) -> None:
    auth = {**_auth(store), "Content-Type": "application/json"}
    response = client.post("/api/cases", content=b"\x80", headers=auth)
    assert response.status_code == 422, response.text
    assert response.json()["problems"][0]["field"] == "body"
    # Elsewhere an HTTP refusal keeps its own status.
    assert client.get("/no-such-page").status_code == 404
