"""NRM partial, deadline settings and Protect reports pages (en/fr), and the JSON API."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from palermo import cases
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.store import Store
from palermo.store.audit import verify_chain
from palermo.store.models import Case, NrmDecision
from tests.factories import make_agency_user
from tests.web.conftest import login

FR = {"Accept-Language": "fr"}


def _case(store: Store, actor, identified_on: date | None = None) -> int:
    with store.session() as s:
        return cases.open_case(
            s,
            data=CaseCreate(
                person=PersonData(given_name="Test"),
                identified_on=identified_on or date.today() - timedelta(days=30),
            ),
            actor=actor,
        ).id


def test_partial_records_a_decision_through_htmx(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store, username="worker")
    case_id = _case(store, actor)
    token = login(client, "worker")
    page = client.get(f"/cases/{case_id}")
    assert f'hx-get="/cases/{case_id}/nrm"' in page.text
    panel = client.get(f"/cases/{case_id}/nrm")
    assert panel.status_code == 200
    assert "Deadline missed" in panel.text  # RG due 5 working days after identification
    assert '<label for="nrm-maker">Decision maker</label>' in panel.text
    assert '<label for="nrm-reasons">Reasons</label>' in panel.text
    assert 'style="' not in panel.text
    htmx = {"HX-Request": "true", "X-CSRF-Token": token}
    refused = client.post(
        f"/cases/{case_id}/nrm/decisions",
        data={
            "stage": "conclusive_grounds",
            "result": "positive",
            "decision_maker": "Panel",
            "decided_on": date.today().isoformat(),
            "reasons": "Evidence.",
        },
        headers=htmx,
    )
    assert refused.status_code == 200 and "needs a positive reasonable-grounds" in refused.text
    missing = client.post(
        f"/cases/{case_id}/nrm/decisions",
        data={
            "stage": "reasonable_grounds",
            "result": "positive",
            "decision_maker": "",
            "decided_on": date.today().isoformat(),
            "reasons": "",
        },
        headers=htmx,
    )
    assert "fill in every required field" in missing.text
    ok = client.post(
        f"/cases/{case_id}/nrm/decisions",
        data={
            "stage": "reasonable_grounds",
            "result": "negative",
            "decision_maker": "Officer Dupont",
            "decision_org": "Police",
            "decided_on": date.today().isoformat(),
            "reasons": "Not enough evidence yet.",
            "csrf_token": token,
        },
        headers={"HX-Request": "true"},
    )
    assert ok.status_code == 200
    assert f"negative reasonable-grounds decision by Officer Dupont on {date.today()}" in ok.text
    assert "Request a reconsideration" in ok.text
    plain = client.post(
        f"/cases/{case_id}/nrm/recovery",
        data={"starts_on": date.today().isoformat(), "csrf_token": token},
        follow_redirects=False,
    )
    assert plain.status_code == 409  # no positive RG decision: the error page says so
    with store.session() as s:
        case = s.get(Case, case_id)
        assert case.trafficking_status == "PossibleVictimOfTrafficking"
        assert case.status_decided_by == "Officer Dupont"
        assert verify_chain(s).intact


def test_partial_in_french(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store, username="worker")
    case_id = _case(store, actor)
    login(client, "worker")
    panel = client.get(f"/cases/{case_id}/nrm", headers=FR)
    assert "Décision sur les motifs raisonnables" in panel.text
    assert "Enregistrer une décision" in panel.text
    assert "Délai dépassé" in panel.text


def test_api_sequence_and_alerts(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store, username="worker")
    case_id = _case(store, actor, identified_on=date(2025, 3, 3))
    token = login(client, "worker")
    h = {"X-CSRF-Token": token}
    alerts = client.get("/api/nrm/alerts", params={"today": "2025-03-10"}).json()
    assert alerts == [
        {
            "case_id": case_id,
            "reference": alerts[0]["reference"],
            "step": "reasonable_grounds",
            "due_on": "2025-03-10",
            "state": "near",
        }
    ]
    body = {
        "stage": "reasonable_grounds",
        "result": "positive",
        "decision_maker": "Officer A",
        "decided_on": "2025-03-07",
        "reasons": "Indicators.",
    }
    created = client.post(f"/api/cases/{case_id}/nrm/decisions", json=body, headers=h)
    assert created.status_code == 201, created.text
    again = client.post(f"/api/cases/{case_id}/nrm/decisions", json=body, headers=h)
    assert again.status_code == 409 and "reconsideration" in again.json()["message"]
    period = client.post(
        f"/api/cases/{case_id}/nrm/recovery", json={"starts_on": "2025-03-07"}, headers=h
    )
    assert period.json()["ends_on"] == "2025-04-21"
    extended = client.post(
        f"/api/cases/{case_id}/nrm/recovery",
        json={"extended_to": "2025-05-21", "reason": "Medical care"},
        headers=h,
    )
    assert extended.json()["extensions"] == ["2025-04-21 → 2025-05-21: Medical care"]
    history = client.get(f"/api/cases/{case_id}/nrm", params={"today": "2025-03-10"}).json()
    assert [d["stage"] for d in history["decisions"]] == ["reasonable_grounds"]
    steps = {d["step"]: d for d in history["deadlines"]}
    assert steps["reasonable_grounds"]["state"] == "done"
    # Not before the extended recovery period ends (review M4).
    assert steps["conclusive_grounds"]["due_on"] == "2025-05-21"
    assert steps["recovery_period_end"]["due_on"] == "2025-05-21"
    with store.session() as s:
        assert s.scalar(select(NrmDecision.recorded_by)) == "worker"


def test_deadline_settings_admin_only(client: TestClient, store: Store) -> None:
    make_agency_user(store, username="worker")
    make_agency_user(store, role="admin", username="boss")
    login(client, "worker")
    assert client.get("/settings/nrm-deadlines").status_code == 403
    client.cookies.clear()
    token = login(client, "boss")
    page = client.get("/settings/nrm-deadlines")
    assert page.status_code == 200 and "No country has its own rules yet" in page.text
    saved = client.post(
        "/settings/nrm-deadlines",
        data={
            "country": "NL",
            "step": "reasonable_grounds",
            "days": "9",
            "working_days": "on",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    page = client.get("/settings/nrm-deadlines", headers=FR)
    assert "Délais du MNO" in page.text and "<td>9</td>" in page.text


def test_reports_page_and_api(client: TestClient, store: Store) -> None:
    make_agency_user(store, role="analyst", username="analyst")
    login(client, "analyst")
    page = client.get("/reports", params={"from": "2025-01-01", "to": "2025-03-31"})
    assert page.status_code == 200 and "Services planned and delivered" in page.text
    assert 'style="' not in page.text and "<script" not in page.text.split("</head>")[1]
    fr = client.get("/reports", params={"from": "2025-01-01", "to": "2025-03-31"}, headers=FR)
    assert "Rapports Protéger" in fr.text
    data = client.get("/api/reports/protect", params={"from": "2025-01-01", "to": "2025-03-31"})
    assert data.status_code == 200
    assert data.json()["referrals_sent"]["sent"] == 0
    bad = client.get("/api/reports/protect", params={"from": "2025-03-01", "to": "2025-01-01"})
    assert bad.status_code == 422
