"""Family tracing pages and JSON API: partial, forms, consent refusal, propose and verify."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select

from palermo.accounts.service import issue_token
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.models import SupportPlanItem, TracingMatch, TracingRequest
from tests.factories import consent_to_tracing, make_agency_user, open_tracing_case
from tests.web.conftest import login


def _auth(store: Store, username: str) -> dict[str, str]:
    with store.session() as s:
        token = issue_token(s, username=username, actor=Actor.system("t"))
    return {"Authorization": f"Bearer {token}"}


def _two_cases(store: Store, actor: Actor, *, consent: bool = True) -> tuple[int, int]:
    with store.session() as s:
        daughter = open_tracing_case(s, actor, "Olena", "Shevchenko", date(1996, 5, 1))
        mother = open_tracing_case(s, actor, "Oksana", "Schewtschenko", date(1971, 9, 9))
        consent_to_tracing(s, actor, mother)  # she agreed to be found
        if consent:
            consent_to_tracing(s, actor, daughter)
    return daughter, mother


def test_pages_open_propose_verify_in_english_and_french(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    daughter, _ = _two_cases(store, actor)
    csrf = login(client, actor.username)
    assert f'hx-get="/cases/{daughter}/tracing"' in client.get(f"/cases/{daughter}").text
    partial = client.get(f"/cases/{daughter}/tracing", headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "Open a tracing request" in partial.text and "<html" not in partial.text
    form = {
        "csrf_token": csrf,
        "sought_given_name": "Оксана",
        "sought_family_name": "Шевченко",
        "sought_birth_year": "1972",
        "sought_gender": "Feminine",
        "sought_aliases": "Ksenia\nKsyusha",
        "relationship": "parent",
        "separation_place": "Odesa",
    }
    sent = client.post(f"/cases/{daughter}/tracing", data=form, follow_redirects=False)
    assert sent.status_code == 303
    with store.session() as s:
        request_id = s.scalar(select(TracingRequest.id))
    client.post(f"/cases/{daughter}/tracing/{request_id}/matches", data={"csrf_token": csrf})
    page = client.get(f"/cases/{daughter}/tracing").text
    assert "Oksana Schewtschenko" in page
    assert "Gender of the person sought" in page and "Ksenia, Ksyusha" in page
    assert "Family name matches after transliteration" in page
    with store.session() as s:
        match_id = s.scalar(select(TracingMatch.id))
    client.post(
        f"/cases/{daughter}/tracing/matches/{match_id}/verify",
        data={"csrf_token": csrf, "decision": "confirmed"},
    )
    client.cookies.set("palermo_locale", "fr")
    french = client.get(f"/cases/{daughter}/tracing", headers={"Accept-Language": "fr"}).text
    assert "Recherche familiale" in french or "Ouvrir une demande de recherche" in french
    assert "Le nom de famille correspond après translittération" in french
    assert "Genre de la personne recherchée" in french and "Féminin" in french
    with store.session() as s:
        assert s.scalar(select(SupportPlanItem.service_type)) == "family_tracing"


def test_form_without_consent_says_which_consent_is_missing(
    client: TestClient, store: Store
) -> None:
    actor = make_agency_user(store)
    daughter, _ = _two_cases(store, actor, consent=False)
    csrf = login(client, actor.username)
    data = {"csrf_token": csrf, "sought_family_name": "Shevchenko"}
    refused = client.post(f"/cases/{daughter}/tracing", data=data)
    assert refused.status_code == 409
    assert "no valid consent for family tracing" in refused.text
    with store.session() as s:
        assert s.scalars(select(TracingRequest)).all() == []


def test_api_open_propose_verify(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    daughter, _ = _two_cases(store, actor)
    headers = _auth(store, actor.username)
    body = {
        "sought_given_name": "Oksana",
        "sought_family_name": "Ševčenko",
        "sought_birth_year": 1970,
        "sought_gender": "Feminine",
        "sought_aliases": ["Ksenia"],
        "relationship": "parent",
    }
    opened = client.post(f"/api/cases/{daughter}/tracing", json=body, headers=headers)
    assert opened.status_code == 201, opened.text
    assert (opened.json()["sought_gender"], opened.json()["sought_aliases"]) == (
        "Feminine",
        ["Ksenia"],
    )
    bad_gender = dict(body, sought_gender="woman")
    refused = client.post(f"/api/cases/{daughter}/tracing", json=bad_gender, headers=headers)
    assert refused.status_code == 422 and "Masculine" in refused.text
    proposed = client.post(f"/api/tracing/{opened.json()['id']}/matches", headers=headers)
    assert proposed.status_code == 200
    [match] = proposed.json()
    assert 0 <= match["score"] <= 1 and match["reasons"]
    verified = client.post(
        f"/api/tracing/matches/{match['id']}/verify", json={"decision": "rejected"}, headers=headers
    )
    assert verified.json()["status"] == "rejected"
    bad = client.post(
        f"/api/tracing/matches/{match['id']}/verify", json={"decision": "maybe"}, headers=headers
    )
    assert bad.status_code == 422
