"""The screening form and summary in French show the reasons in French."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from palermo.store import Store
from palermo.web.language import LANG_COOKIE
from tests.factories import make_agency_user, open_test_case
from tests.web.conftest import login

ANSWERS = {
    "age": "22",
    "acts": ["recruitment", "transportation"],
    "deceived_about": ["wages"],
    "exploitation": ["sexual_exploitation"],
    "control": ["DebtBondage", "WithholdsDocuments"],
    "free_to_leave": "no",
}
ENGLISH = ("Means:", "Exploitative purpose", "ILO forced labour indicator", "shown by the facts")


def _reasons(html: str) -> list[str]:
    items = re.findall(
        r'<li class="status-[a-z_]+"><span class="status">[^<]*</span> ([^<]*)', html
    )
    assert items, html[:500]
    return items


def test_french_preview_shows_french_reasons(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    case_id = open_test_case(store, actor)
    csrf = login(client, actor.username)
    client.cookies.set(LANG_COOKIE, "fr")
    headers = {"HX-Request": "true", "X-CSRF-Token": csrf}
    page = client.post(f"/cases/{case_id}/screening/preview", data=ANSWERS, headers=headers)
    assert page.status_code == 200
    assert 'data-outcome="trafficking_indicated"' in page.text
    reasons = " ".join(_reasons(page.text))
    assert "Servitude pour dettes" in reasons and "Fins d&#39;exploitation" in reasons
    assert not any(word in reasons for word in ENGLISH)
    assert "pas une victime" not in page.text.lower()
    # The same preview in English keeps the English sentences.
    client.cookies.set(LANG_COOKIE, "en")
    english = client.post(f"/cases/{case_id}/screening/preview", data=ANSWERS, headers=headers)
    assert "ILO forced labour indicator: Debt bondage." in " ".join(_reasons(english.text))


def test_french_summary_shows_french_reasons(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    case_id = open_test_case(store, actor)
    csrf = login(client, actor.username)
    saved = client.post(
        f"/cases/{case_id}/screening", data={"csrf_token": csrf, **ANSWERS}, follow_redirects=False
    )
    assert saved.status_code == 303, saved.text[:500]
    client.cookies.set(LANG_COOKIE, "fr")
    page = client.get(saved.headers["location"]).text
    reasons = " ".join(_reasons(page))
    assert "Moyen : Tromperie." in reasons and "Servitude pour dettes" in reasons
    assert not any(word in reasons for word in ENGLISH)
    assert "pas une victime" not in page.lower() and "not a victim" not in page.lower()


def test_api_gives_reasons_in_french_on_request(client, store) -> None:  # noqa: ANN001
    from palermo.accounts.service import issue_token
    from palermo.store.actor import Actor
    from tests.factories import make_agency_user

    user = make_agency_user(store)
    with store.session() as s:
        token = issue_token(s, username=user.username, actor=Actor.system("t"))
    facts = {
        "age": 22,
        "acts": ["recruitment"],
        "exploitation": ["forced_labour"],
        "control": ["DebtBondage"],
        "deceived_about": ["wages"],
    }
    auth = {"Authorization": f"Bearer {token}"}
    english = client.post("/api/screenings", json=facts, headers=auth).json()[0]
    french = client.post("/api/screenings?locale=fr", json=facts, headers=auth).json()[0]
    assert english["outcome"] == french["outcome"] == "trafficking_indicated"
    assert english["reasons"] != french["reasons"]
    assert any("Moyen" in r["text"] for r in french["reasons"])
    assert client.post("/api/screenings?locale=de", json=facts, headers=auth).status_code == 422
