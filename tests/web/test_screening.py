"""The screening API and the guided screening form inside a case."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from palermo.accounts.service import issue_token
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.models import AuditEntry, ScreeningAssessment
from tests.factories import TRAFFICKING, make_agency_user, open_test_case
from tests.web.conftest import login


def _auth(store: Store, username: str) -> dict[str, str]:
    with store.session() as s:
        token = issue_token(s, username=username, actor=Actor.system("t"))
    return {"Authorization": f"Bearer {token}"}


def _outcome(html: str) -> str:
    match = re.search(r'data-outcome="([a-z_]+)"', html)
    assert match, html[:500]
    return match.group(1)


def _ask_next(html: str) -> list[str]:
    return re.findall(r'<li data-fact="([a-z_]+)"', html)


# ---------------------------------------------------------------------------- API


def test_api_screens_one_facts_object(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    response = client.post(
        "/api/screenings", json=TRAFFICKING, headers=_auth(store, actor.username)
    )
    assert response.status_code == 200, response.text
    [row] = response.json()
    assert row["id"] is None and row["outcome"] == "trafficking_indicated"
    assert set(row) >= {"id", "outcome", "also", "reasons", "ask_next"}
    assert any(r["topic"] == "palermo" for r in row["reasons"])


def test_api_screens_a_list_of_items_like_cases_yaml(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    body = [
        {"id": "a", "narrative": "ignored", "facts": TRAFFICKING},
        {"id": "b", "facts": {}},
    ]
    response = client.post("/api/screenings", json=body, headers=_auth(store, actor.username))
    assert response.status_code == 200, response.text
    rows = response.json()
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["outcome"] == "trafficking_indicated"
    assert rows[1]["outcome"] == "insufficient_information" and rows[1]["ask_next"]


def test_api_unknown_code_is_422_naming_it_and_the_valid_ones(
    client: TestClient, store: Store
) -> None:
    actor = make_agency_user(store)
    auth = _auth(store, actor.username)
    response = client.post("/api/screenings", json={"acts": ["kidnapping"]}, headers=auth)
    assert response.status_code == 422
    message = response.json()["message"]
    assert "'kidnapping'" in message and "recruitment" in message and "harbouring" in message
    unknown_fact = client.post(
        "/api/screenings", json=[{"id": "x", "facts": {"mood": 1}}], headers=auth
    )
    assert unknown_fact.status_code == 422 and "'mood'" in unknown_fact.json()["message"]


def test_api_saves_on_own_case_and_not_on_another_agencys(client: TestClient, store: Store) -> None:
    owner = make_agency_user(store)
    other = make_agency_user(store, agency="NGO South")
    case_id = open_test_case(store, owner)
    body = [{"id": "p1", "facts": TRAFFICKING, "case_id": case_id}]
    saved = client.post("/api/screenings", json=body, headers=_auth(store, owner.username))
    assert saved.status_code == 200, saved.text
    assert saved.json()[0]["case_id"] == case_id and saved.json()[0]["screening_id"]
    refused = client.post("/api/screenings", json=body, headers=_auth(store, other.username))
    assert refused.status_code == 404
    with store.session() as session:
        rows = session.scalars(select(ScreeningAssessment)).all()
        assert [r.case_id for r in rows] == [case_id]


def test_api_saves_all_or_nothing(client: TestClient, store: Store) -> None:
    owner = make_agency_user(store)
    other = make_agency_user(store, agency="NGO South")
    own_case, foreign_case = open_test_case(store, owner), open_test_case(store, other)
    body = [
        {"id": "mine", "facts": TRAFFICKING, "case_id": own_case},
        {"id": "theirs", "facts": TRAFFICKING, "case_id": foreign_case},
    ]
    refused = client.post("/api/screenings", json=body, headers=_auth(store, owner.username))
    assert refused.status_code == 404
    with store.session() as session:
        assert session.scalars(select(ScreeningAssessment)).all() == []


def test_api_appears_in_openapi(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "post" in spec["paths"]["/api/screenings"]
    assert "ScreeningItem" in spec["components"]["schemas"]


# --------------------------------------------------------------------------- form


def test_form_preview_changes_as_answers_are_added(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    case_id = open_test_case(store, actor)
    csrf = login(client, actor.username)
    form = client.get(f"/cases/{case_id}/screening").text
    assert f'hx-post="/cases/{case_id}/screening/preview"' in form
    # Unknown is the default for every question, and distinct from "no".
    assert 'name="free_to_leave" value="unknown" checked' in form
    assert 'name="acts__answer" value="unknown" checked' in form
    assert 'for="q-age"' in form and 'id="q-age"' in form
    for group in ("person", "act", "means", "purpose", "movement"):
        assert f'id="group-{group}"' in form
    url = f"/cases/{case_id}/screening/preview"
    headers = {"HX-Request": "true", "X-CSRF-Token": csrf}
    first = client.post(url, data={"age": "22"}, headers=headers)
    assert first.status_code == 200 and "<html" not in first.text
    assert _outcome(first.text) == "insufficient_information"
    asked_first = _ask_next(first.text)
    assert asked_first
    answers = {
        "age": "22",
        "acts": ["recruitment", "transportation"],
        "deceived_about": ["wages"],
        "exploitation": ["sexual_exploitation"],
        "control": ["WithholdsDocuments"],
        "free_to_leave": "no",
    }
    final = client.post(url, data=answers, headers=headers)
    assert _outcome(final.text) == "trafficking_indicated"
    assert _ask_next(final.text) != asked_first


def test_none_of_these_is_not_unknown(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    case_id = open_test_case(store, actor)
    csrf = login(client, actor.username)
    url = f"/cases/{case_id}/screening/preview"
    headers = {"X-CSRF-Token": csrf}
    unknown = client.post(url, data={"age": "30", "acts__answer": "unknown"}, headers=headers)
    none = client.post(url, data={"age": "30", "acts__answer": "none"}, headers=headers)
    assert "acts" in _ask_next(unknown.text)
    assert "acts" not in _ask_next(none.text)


def test_preview_without_csrf_is_refused(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    case_id = open_test_case(store, actor)
    login(client, actor.username)
    response = client.post(f"/cases/{case_id}/screening/preview", data={"age": "3"})
    assert response.status_code == 403


def test_save_redirects_to_printable_summary_and_audits(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    case_id = open_test_case(store, actor)
    csrf = login(client, actor.username)
    data = {
        "csrf_token": csrf,
        "age": "22",
        "acts": ["recruitment"],
        "deceived_about": ["wages"],
        "exploitation": ["sexual_exploitation"],
        "conditions__answer": "none",
        "crossed_border": "yes",
        "entry": "regular",
    }
    response = client.post(f"/cases/{case_id}/screening", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text[:500]
    location = response.headers["location"]
    assert re.fullmatch(rf"/cases/{case_id}/screenings/\d+", location)
    page = client.get(location).text
    assert _outcome(page) == "trafficking_indicated"
    assert "This is a screening result." in page and "not a determination of victim status" in page
    assert "not a victim" not in page.lower()
    assert "Screened by" in page and f"<dd>{actor.username}</dd>" in page
    assert "palermo_protocol" in page and "ilo_delphi_labour" in page  # instrument versions
    assert "Sexual exploitation" in page and "Regularly" in page  # facts, in words
    assert "None of these" in page  # conditions answered "none"
    assert "Not known" in page  # unknown facts shown as unknown
    assert "/static/screening.css" in page
    with store.session() as session:
        entry = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "update", AuditEntry.entity_id == case_id)
            .order_by(AuditEntry.id.desc())
        ).first()
        assert entry is not None and entry.fields == ["screening"]
    listing = client.get(f"/cases/{case_id}/screenings", headers={"HX-Request": "true"}).text
    assert location in listing and "Indicators of trafficking in persons" in listing
    case_page = client.get(f"/cases/{case_id}").text
    assert f'hx-get="/cases/{case_id}/screenings"' in case_page
    assert f'href="/cases/{case_id}/screening"' in case_page


def test_form_with_a_bad_age_is_shown_again(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    case_id = open_test_case(store, actor)
    csrf = login(client, actor.username)
    response = client.post(
        f"/cases/{case_id}/screening", data={"csrf_token": csrf, "age": "twenty"}
    )
    assert response.status_code == 422 and "whole number" in response.text
    preview = client.post(
        f"/cases/{case_id}/screening/preview",
        data={"age": "twenty"},
        headers={"X-CSRF-Token": csrf},
    )
    assert preview.status_code == 200 and 'role="alert"' in preview.text


def test_form_in_french(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    case_id = open_test_case(store, actor)
    csrf = login(client, actor.username)
    client.cookies.set("palermo_lang", "fr")
    form = client.get(f"/cases/{case_id}/screening").text
    assert '<html lang="fr">' in form
    assert "Quel âge avait la personne" in form and "Recrutement" in form
    assert "Non connu" in form and "Enregistrer le repérage" in form
    preview = client.post(
        f"/cases/{case_id}/screening/preview", data={"age": "22"}, headers={"X-CSRF-Token": csrf}
    ).text
    assert "Informations encore insuffisantes" in preview and "À demander ensuite" in preview


def test_another_agency_gets_404_on_every_screening_page(client: TestClient, store: Store) -> None:
    owner = make_agency_user(store)
    other = make_agency_user(store, agency="NGO South")
    case_id = open_test_case(store, owner)
    csrf = login(client, other.username)
    assert client.get(f"/cases/{case_id}/screening").status_code == 404
    assert client.get(f"/cases/{case_id}/screenings").status_code == 404
    saved = client.post(f"/cases/{case_id}/screening", data={"csrf_token": csrf})
    assert saved.status_code == 404
