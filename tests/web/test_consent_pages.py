"""Protection panel and its forms (en/fr), override list, and the consent/closure/plan API."""

from __future__ import annotations

import html
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from palermo import cases
from palermo.accounts.service import issue_token
from palermo.cases.consent.enforcement import require_consent
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.store import Store, audit
from palermo.store.actor import Actor
from palermo.store.models import AuditEntry, Consent
from tests.factories import make_agency_user
from tests.web.conftest import login

ALL_TOLD = [
    "purpose",
    "data_uses",
    "research_use",
    "right_to_access",
    "retention_period",
    "how_to_withdraw",
]


def _auth(store: Store, username: str) -> dict[str, str]:
    with store.session() as s:
        token = issue_token(s, username=username, actor=Actor.system("t"))
    return {"Authorization": f"Bearer {token}"}


def _case(store: Store, actor: Actor) -> int:
    with store.session() as s:
        data = CaseCreate(person=PersonData(given_name="Mira"), identified_on=date(2025, 2, 1))
        return cases.open_case(s, data=data, actor=actor).id


def test_api_consent_close_reopen_needs_and_plan(client: TestClient, store: Store) -> None:
    worker = make_agency_user(store, username="worker")
    auth = _auth(store, "worker")
    case_id = _case(store, worker)

    refused = client.post(
        f"/api/cases/{case_id}/consents",
        json={"purpose": "referral", "informed_of": ALL_TOLD[:2]},
        headers=auth,
    )
    assert refused.status_code == 422
    assert "not told" in refused.json()["message"]

    made = client.post(
        f"/api/cases/{case_id}/consents",
        json={"purpose": "referral", "informed_of": ALL_TOLD},
        headers=auth,
    )
    assert made.status_code == 200, made.text
    assert made.json()["status"] == "valid"
    listed = client.get(f"/api/cases/{case_id}/consents", headers=auth).json()
    assert [c["purpose"] for c in listed] == ["referral"]
    gone = client.post(
        f"/api/consents/{made.json()['id']}/withdraw", json={"note": "no"}, headers=auth
    )
    assert gone.json()["status"] == "withdrawn"
    again = client.post(f"/api/consents/{made.json()['id']}/withdraw", json={}, headers=auth)
    assert again.status_code == 409

    needs = client.post(
        f"/api/cases/{case_id}/needs", json={"needs": ["shelter", "food"]}, headers=auth
    )
    assert needs.status_code == 200 and needs.json()["needs"] == ["shelter", "food"]
    plan = client.post(
        f"/api/cases/{case_id}/plan",
        json={"service_type": "psychological_support", "objectives": "Sleep again"},
        headers=auth,
    )
    assert plan.status_code == 200 and plan.json()["service_type"] == "psychological_support"
    bad_plan = client.post(f"/api/cases/{case_id}/plan", json={"service_type": "spa"}, headers=auth)
    assert bad_plan.status_code == 422

    closed = client.post(
        f"/api/cases/{case_id}/close", json={"reason_code": "lost_contact"}, headers=auth
    )
    assert closed.status_code == 200 and closed.json()["to_status"] == "Closed"
    twice = client.post(
        f"/api/cases/{case_id}/close", json={"reason_code": "lost_contact"}, headers=auth
    )
    assert twice.status_code == 409 and "already closed" in twice.json()["message"]
    reopened = client.post(
        f"/api/cases/{case_id}/reopen", json={"reason": "Back in touch"}, headers=auth
    )
    assert reopened.json()["to_status"] == "Active"
    with store.session() as s:
        assert audit.verify_chain(s).intact


def test_panel_forms_in_english_and_french(client: TestClient, store: Store) -> None:
    worker = make_agency_user(store, username="worker")
    case_id = _case(store, worker)
    csrf = login(client, "worker")

    panel = client.get(f"/cases/{case_id}/protection", headers={"HX-Request": "true"})
    assert panel.status_code == 200
    assert "Record a consent" in panel.text and "<html" not in panel.text
    assert 'name="informed_of" value="retention_period"' in panel.text
    page = client.get(f"/cases/{case_id}")
    assert f'hx-get="/cases/{case_id}/protection"' in page.text

    incomplete = client.post(
        f"/cases/{case_id}/consents",
        data={"csrf_token": csrf, "purpose": "services", "informed_of": ["purpose"]},
    )
    assert incomplete.status_code == 422 and "not told" in incomplete.text
    recorded = client.post(
        f"/cases/{case_id}/consents",
        data={"csrf_token": csrf, "purpose": "services", "informed_of": ALL_TOLD},
        follow_redirects=False,
    )
    assert recorded.status_code == 303
    child = client.post(
        f"/cases/{case_id}/child-protection",
        data={"csrf_token": csrf, "age_at_identification": "15", "guardian_name": "G. One"},
        follow_redirects=False,
    )
    assert child.status_code == 303
    for path, data in [
        ("needs", {"needs": ["shelter", "legal_advice"], "notes": "n"}),
        ("plan", {"service_type": "shelter", "objectives": "A safe room"}),
        ("close", {"reason_code": "goals_achieved", "note": "done", "confirm": "yes"}),
    ]:
        done = client.post(
            f"/cases/{case_id}/{path}", data={"csrf_token": csrf, **data}, follow_redirects=False
        )
        assert done.status_code == 303, (path, done.text[:300])

    panel = client.get(f"/cases/{case_id}/protection")  # as a whole page, without HTMX
    assert "<html" in panel.text and "Child protection" in panel.text
    assert "A safe room" in panel.text and "Reopen the case" in panel.text
    assert "G. One" in panel.text and "Shelter" in panel.text

    client.post("/language", data={"locale": "fr", "next": "/"})
    french = client.get(f"/cases/{case_id}/protection", headers={"HX-Request": "true"})
    french_text = html.unescape(french.text)
    assert "Protection de l'enfant" in french_text
    assert "Hébergement" in french_text and "Rouvrir le dossier" in french_text
    assert "Objectifs du plan d'accompagnement atteints" in french_text

    reopened = client.post(
        f"/cases/{case_id}/reopen",
        data={"csrf_token": csrf, "reason": "nouvelle menace"},
        follow_redirects=False,
    )
    assert reopened.status_code == 303
    with store.session() as s:
        assert s.scalar(select(func.count(Consent.id))) == 1
        assert audit.verify_chain(s).intact


def test_override_page_is_for_supervisors(client: TestClient, store: Store) -> None:
    worker = make_agency_user(store, username="worker")
    boss = make_agency_user(store, role="supervisor", username="boss")
    case_id = _case(store, worker)
    with store.session() as s:
        require_consent(
            s,
            case_id=case_id,
            purpose="family_tracing",
            actor=boss,
            action="trace",
            override_reason="Child alone; tracing is urgent",
        )
    login(client, "worker")
    assert client.get("/overrides").status_code == 403
    client.post("/logout", data={"csrf_token": login(client, "worker")})
    login(client, "boss")
    page = client.get("/overrides")
    assert page.status_code == 200
    assert "Child alone; tracing is urgent" in page.text and "Family tracing" in page.text
    with store.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "override")).one()
        assert entry.entity == "consent_override"
