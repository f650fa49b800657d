"""The case list's count as the API and the pages give it, once it stops past the page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from palermo.accounts.service import issue_token
from palermo.cases.record import search
from palermo.cases.record.casefile import open_cases
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.web.language import LANG_COOKIE
from tests.factories import make_agency_user
from tests.web.conftest import login


def _open(store: Store, actor: Actor, count: int) -> None:
    with store.session() as s:
        open_cases(
            s,
            data=[CaseCreate(person=PersonData(family_name=f"Melnyk{i}")) for i in range(count)],
            actor=actor,
        )


def test_api_says_when_the_total_is_a_lower_bound(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    actor = make_agency_user(store)
    _open(store, actor, 6)
    with store.session() as s:
        auth = {"Authorization": f"Bearer {issue_token(s, username=actor.username, actor=actor)}"}
    whole = client.get("/api/cases", headers=auth).json()
    assert (whole["total"], whole["total_exact"], len(whole["items"])) == (6, True, 6)
    monkeypatch.setattr(search, "COUNT_AHEAD", 3)
    capped = client.get("/api/cases", params={"per_page": 2}, headers=auth).json()
    assert (capped["total"], capped["total_exact"], len(capped["items"])) == (3, False, 2)
    schema = client.get("/openapi.json").json()["components"]["schemas"]["CasePage"]
    assert "total_exact" in schema["properties"]


@pytest.mark.parametrize(
    ("language", "count", "pages"),
    [
        ("en", "More than 25 cases", "Page 1 of 2 or more"),
        ("fr", "Plus de 25 dossiers", "Page 1 sur 2 ou plus"),
    ],
)
def test_the_list_page_says_more_than_and_offers_the_next_page(
    client: TestClient,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    count: str,
    pages: str,
) -> None:
    actor = make_agency_user(store)
    _open(store, actor, 27)
    login(client, actor.username)
    client.cookies.set(LANG_COOKIE, language)
    exact = client.get("/cases", headers={"HX-Request": "true"}).text
    assert "27" in exact and count not in exact
    # Counted no further than the page (25 a page): more than 25, and a next page.
    monkeypatch.setattr(search, "COUNT_AHEAD", 1)
    html = client.get("/cases", headers={"HX-Request": "true"}).text
    assert count in html and pages in html
    assert 'rel="next"' in html and "page=2" in html
    last = client.get("/cases?page=2", headers={"HX-Request": "true"}).text
    assert "27" in last and 'rel="next"' not in last
