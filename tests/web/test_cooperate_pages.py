"""Cooperate's pages: a linkage run started and watched by the national coordinator, its
report, sharing agreements recorded and ended by a party, and the "also known to" panel."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from palermo.store import Store
from tests.cooperate.conftest import agreement, import_world, make_people
from tests.factories import make_agency_user
from tests.web.conftest import login


def _wait_done(client: TestClient, run_id: int, seconds: float = 240) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        run = client.get(f"/api/linkage/runs/{run_id}").json()
        if run["state"] not in ("queued", "running") or time.monotonic() > deadline:
            return run
        time.sleep(0.5)


@pytest.mark.slow
def test_the_coordinator_starts_a_run_watches_it_and_downloads_its_report(
    client: TestClient, store: Store
) -> None:
    people = make_people(store)
    import_world(store, victims=200)
    make_agency_user(store, agency="Safe House", role="caseworker", username="sh-login")
    make_agency_user(store, agency="Safe House", role="supervisor", username="sh-sup-login")
    csrf = login(client, "coord")
    page = client.get("/linkage")
    assert page.status_code == 200 and "Start a linkage run" in page.text
    assert 'href="/linkage"' in page.text  # the nav shows the coordinator's page
    bad = client.post("/linkage/runs", data={"csrf_token": csrf, "threshold": "1.5"})
    assert bad.status_code == 422 and "between 0 and 1" in bad.text
    started = client.post(
        "/linkage/runs", data={"csrf_token": csrf, "threshold": "0.9"}, follow_redirects=False
    )
    assert started.status_code == 303
    run_id = int(started.headers["location"].rsplit("/", 1)[1])
    watching = client.get(f"/linkage/runs/{run_id}")
    assert watching.status_code == 200
    run = _wait_done(client, run_id)
    assert run["state"] == "done", run
    assert run["records"] >= 150 and run["report"] == f"/linkage/runs/{run_id}/report"
    done = client.get(f"/linkage/runs/{run_id}")
    assert "Download the report" in done.text and "hx-trigger" not in done.text
    report = client.get(f"/linkage/runs/{run_id}/report")
    assert report.status_code == 200
    assert report.headers["content-disposition"].startswith("attachment")
    assert "vegaEmbed" in report.text and "cdn" not in report.text.lower()
    assert "script-src 'self'" in report.headers["content-security-policy"]
    french = client.get(f"/linkage/runs/{run_id}", headers={"Accept-Language": "fr"})
    assert "Télécharger le rapport" in french.text and "Terminé" in french.text
    # The coordinator reads no case, and case workers start no run.
    assert client.get(f"/cases/{people.cases['shelter']}").status_code == 403
    worker = TestClient(client.app)
    worker_csrf = login(worker, "sh-login")
    assert worker.get("/linkage").status_code == 403
    refused = worker.post("/linkage/runs", data={"csrf_token": worker_csrf})
    assert refused.status_code == 403
    assert worker.get(f"/linkage/runs/{run_id}/report").status_code == 403
    # The shelter's panel: nothing until an agreement for linkage with the police.
    panel = f"/cases/{people.cases['shelter']}/known-to"
    assert "Police Central" not in worker.get(panel, headers={"HX-Request": "true"}).text
    agreement(store, people.shelter_sup, people.police, ["linkage"], ["identity"])
    shown = worker.get(panel, headers={"HX-Request": "true"})
    assert "Also known to" in shown.text and "Police Central" in shown.text
    assert "Names and aliases" in shown.text and "<html" not in shown.text
    case_page = worker.get(f"/cases/{people.cases['shelter']}")
    assert f'hx-get="{panel}"' in case_page.text


def test_a_supervisor_records_and_ends_an_agreement_on_the_pages(
    client: TestClient, store: Store
) -> None:
    people = make_people(store)
    make_agency_user(store, agency="Safe House", role="supervisor", username="sh-sup-login")
    make_agency_user(store, agency="Outreach NGO", role="supervisor", username="ngo-login")
    csrf = login(client, "sh-sup-login")
    form = client.get("/agreements/new")
    assert form.status_code == 200 and "Police Central" in form.text
    fields = {
        "csrf_token": csrf,
        "title": "Shelter and police, 2025",
        "party_agency_ids": str(people.police.agency_id),
        "field_groups": ["identity", "birth_date"],
        "legal_basis": "Anti-trafficking Act, article 12",
        "starts_on": "2025-01-01",
        "signed_by": "Both directors",
    }
    refused = client.post("/agreements", data=fields)
    assert refused.status_code == 422 and "choose at least one purpose" in refused.text
    created = client.post(
        "/agreements", data=fields | {"purposes": ["linkage", "case_transfer"]},
        follow_redirects=False,
    )  # fmt: skip
    assert created.status_code == 303
    url = created.headers["location"]
    detail = client.get(url)
    assert "Police Central" in detail.text and "Case transfer" in detail.text
    listing = client.get("/agreements", headers={"Accept-Language": "fr"})
    assert "Accords de partage" in listing.text and "Shelter and police, 2025" in listing.text
    other = TestClient(client.app)
    login(other, "ngo-login")
    assert other.get(url).status_code == 404
    assert "Shelter and police" not in other.get("/agreements").text
    ended = client.post(f"{url}/end", data={"csrf_token": csrf, "reason": "Not renewed"})
    assert ended.status_code == 200 and "Not renewed" in ended.text
    again = client.post(f"{url}/end", data={"csrf_token": csrf, "reason": "Twice"})
    assert again.status_code == 409 and "already ended" in again.text
