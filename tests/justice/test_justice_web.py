"""The justice pages and API on a world made through the services (trial_world.py): each
page renders in English and French, a prosecutor's JSON path from charge to payment, the
consent that lets a victim's identity reach a proceeding, the queues, and the trial
monitor's view without personal data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from palermo import clock
from palermo.cases.workflow import withdraw_consent
from palermo.store import Store
from palermo.store.models import AuditEntry, Consent
from tests.justice.trial_world import (
    COURT_NUMBER,
    SECRETS,
    SUSPECT,
    VICTIM,
    TrialWorld,
    build_trial_world,
)
from tests.web.conftest import login


@pytest.fixture
def world(store: Store) -> TrialWorld:
    return build_trial_world(store)


def _as(client: TestClient, username: str) -> dict[str, str]:
    return {"X-CSRF-Token": login(client, username)}


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s.lower() in text.lower()]


def test_every_justice_page_renders_in_english_and_french(
    client: TestClient, world: TrialWorld
) -> None:
    ids = world.ids
    _as(client, "prosecutor")
    pages = [
        "/justice",
        f"/justice/investigations/{ids['investigation_id']}",
        f"/justice/investigations/{ids['investigation_id']}/edit",
        f"/justice/investigations/{ids['investigation_id']}/classification",
        f"/justice/proceedings/{ids['proceeding_id']}",
        f"/justice/suspects/{ids['suspect_id']}",
        "/justice/victims",
        f"/justice/victims/{ids['prosecutor_link_id']}",
        "/justice/non-punishment",
        "/justice/work",
        "/justice/attrition",
        "/justice/attrition?year=2020",
        "/justice/glotip",
        "/justice/investigations/new",
        "/monitor/trials",
        f"/monitor/trials/{ids['proceeding_id']}",
    ]
    for lang in ("en", "fr"):
        client.cookies.set("palermo_lang", lang)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, (url, response.text[:400])
    page = client.get(f"/justice/proceedings/{ids['proceeding_id']}").text
    assert "Traite des personnes" in page and "Indemnisation" in page
    assert client.get("/justice/glotip.xlsx").content[:2] == b"PK"


def test_a_prosecutor_records_a_trial_through_the_api(client: TestClient, store: Store) -> None:
    world = build_trial_world(store, full=False)
    ids, h = world.ids, _as(client, "prosecutor")
    today = clock.today()
    base = f"/api/justice/proceedings/{ids['proceeding_id']}"
    charge = client.post(
        f"{base}/charges",
        headers=h,
        json={
            "offence": "trafficking_in_persons",
            "charged_on": str(today - timedelta(days=30)),
            "victim_link_ids": [ids["prosecutor_link_id"]],
        },
    )
    assert charge.status_code == 201, charge.text
    assert charge.json()["article"]  # the configured article of GB
    hearing = client.post(f"{base}/hearings", headers=h, json={"held_on": str(today)})
    client.post(
        f"/api/justice/hearings/{hearing.json()['id']}", headers=h, json={"outcome": "verdict"}
    )
    cid = charge.json()["id"]
    assert (
        client.post(
            f"/api/justice/charges/{cid}/sentence",
            headers=h,
            json={"sentenced_on": str(today), "kinds": ["custody"], "custody_months": 12},
        ).status_code
        == 409
    )
    verdict = client.post(
        f"/api/justice/charges/{cid}/verdict",
        headers=h,
        json={"verdict": "convicted", "verdict_on": str(today)},
    )
    assert verdict.json()["verdict"] == "convicted"
    bad = client.post(
        f"/api/justice/charges/{cid}/sentence",
        headers=h,
        json={"sentenced_on": str(today), "kinds": ["custody"]},
    )
    assert bad.status_code == 422 and bad.json()["problems"][0]["field"] == "custody_months"
    sentence = client.post(
        f"/api/justice/charges/{cid}/sentence",
        headers=h,
        json={"sentenced_on": str(today), "kinds": ["custody"], "custody_months": 60},
    )
    assert sentence.status_code == 201
    comp = client.post(
        f"{base}/compensation",
        headers=h,
        json={
            "link_id": ids["prosecutor_link_id"],
            "ordered_on": str(today),
            "amount": "5000",
            "currency": "eur",
            "payer": "defendant",
        },
    )
    assert comp.status_code == 201 and comp.json()["currency"] == "EUR"
    paid = client.post(
        f"/api/justice/compensation/{comp.json()['id']}/payments",
        headers=h,
        json={"paid_on": str(today), "amount": "5000.01", "by": "defendant"},
    )
    assert paid.status_code == 409  # more than is owed
    paid = client.post(
        f"/api/justice/compensation/{comp.json()['id']}/payments",
        headers=h,
        json={"paid_on": str(today), "amount": "2000", "by": "defendant"},
    )
    assert paid.json()["paid"] == "2000"
    detail = client.get(base, headers=h).json()
    assert [c["verdict"] for c in detail["charges"]] == ["convicted"]
    assert detail["charges"][0]["sentence"]["custody_months"] == 60
    # The police, which investigated, follow the trial but may not record in it.
    police = TestClient(client.app)
    ph = _as(police, "pol-inv")
    assert police.get(base, headers=ph).status_code == 200
    assert (
        police.post(f"{base}/hearings", headers=ph, json={"held_on": str(today)}).status_code == 404
    )


def test_identity_reaches_a_proceeding_only_with_the_law_enforcement_consent(
    client: TestClient, store: Store, world: TrialWorld
) -> None:
    ids, h = world.ids, _as(client, "prosecutor")
    seen = client.get(f"/api/justice/victims/{ids['prosecutor_link_id']}", headers=h).json()
    assert seen["shown"] and VICTIM["family_name"] in seen["name"]
    with store.session() as s:
        consent = s.scalar(select(Consent).where(Consent.purpose == "law_enforcement"))
        withdraw_consent(s, consent_id=consent.id, note=None, actor=world.actors.ngo)
    seen = client.get(f"/api/justice/victims/{ids['prosecutor_link_id']}", headers=h).json()
    assert not seen["shown"] and seen["name"] is None and not _leaks(str(seen))
    page = client.get(f"/justice/victims/{ids['prosecutor_link_id']}").text
    assert not _leaks(page) and "consent" in page
    refused = client.post(
        f"/api/justice/proceedings/{ids['proceeding_id']}/charges",
        headers=h,
        json={
            "offence": "trafficking_in_persons",
            "charged_on": str(clock.today()),
            "victim_link_ids": [ids["prosecutor_link_id"]],
        },
    )
    assert refused.status_code == 409 and refused.json()["error"] == "ConsentMissing"


def test_referral_without_consent_is_refused_unless_a_supervisor_overrides(
    client: TestClient, store: Store, world: TrialWorld
) -> None:
    from palermo.cases import open_case
    from palermo.cases.record.schemas import CaseCreate, PersonData

    with store.session() as s:
        case_id = open_case(
            s, actor=world.actors.ngo, data=CaseCreate(person=PersonData(given_name="Other"))
        ).id
    body = {"to_agency_id": world.actors.agency_ids["police"], "shared_fields": []}
    worker = _as(client, "ngo-worker")
    refused = client.post(f"/api/justice/cases/{case_id}/refer", headers=worker, json=body)
    assert refused.status_code == 409 and refused.json()["error"] == "ConsentMissing"
    sup = TestClient(client.app)
    hs = _as(sup, "ngo-sup")
    override = {**body, "override_reason": "Court order to disclose, reference 12/2025"}
    made = sup.post(f"/api/justice/cases/{case_id}/refer", headers=hs, json=override)
    assert made.status_code == 201, made.text
    with store.session() as s:
        actions = [
            e.action
            for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "consent_override"))
        ]
    assert "override" in actions


def test_queues_show_hearings_witnesses_and_unpaid_compensation(
    client: TestClient, world: TrialWorld
) -> None:
    work = client.get("/api/justice/work", headers=_as(client, "prosecutor")).json()
    assert [h["hearing_id"] for h in work["hearings"]] == [world.ids["hearing_id"]]
    (witness,) = work["hearings"][0]["witnesses"]
    assert witness["support_informed"] is True
    assert [u["compensation_id"] for u in work["unpaid"]] == [world.ids["compensation_id"]]
    assert client.get("/api/justice/work?unpaid_after_days=365").json()["unpaid"] == []
    ngo = TestClient(client.app)
    clients = ngo.get("/api/justice/work", headers=_as(ngo, "ngo-worker")).json()
    assert [c["case_id"] for c in clients["clients_testifying"]] == [world.ids["case_id"]]


def test_a_trial_monitor_sees_stages_and_dates_and_nothing_personal(
    client: TestClient, world: TrialWorld
) -> None:
    h = _as(client, "monitor")
    trials = client.get("/api/monitor/trials", headers=h).json()
    assert [t["court_case_number"] for t in trials] == [COURT_NUMBER]
    (trial,) = trials
    assert [c["verdict"] for c in trial["charges"]] == ["convicted"] and trial["hearings"]
    assert set(trial) == {
        "proceeding_id",
        "court",
        "court_case_number",
        "stage",
        "charges",
        "hearings",
        "appeals",
    }
    for url in ("/monitor/trials", f"/monitor/trials/{world.ids['proceeding_id']}"):
        page = client.get(url).text
        assert COURT_NUMBER in page and not _leaks(page), url
    for url in (
        f"/api/justice/proceedings/{world.ids['proceeding_id']}",
        f"/api/justice/suspects/{world.ids['suspect_id']}",
        f"/api/justice/victims/{world.ids['prosecutor_link_id']}",
        "/api/justice/investigations",
    ):
        assert client.get(url, headers=h).status_code == 403, url
    assert SUSPECT["given_name"] not in client.get("/api/justice/attrition").text
