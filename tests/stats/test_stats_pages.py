"""The national statistics and action plan pages, as each role sees them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from palermo.config import Settings
from palermo.store.models import Case, Person
from palermo.web.app import create_app
from tests.web.conftest import login


@pytest.fixture(scope="module")
def app(stats_world):  # noqa: ANN001, ANN201
    return create_app(
        store=stats_world.store,
        settings=Settings(database_url=stats_world.url, insecure_cookies=True),
    )


def _client(app, username: str) -> Iterator[tuple[TestClient, str]]:  # noqa: ANN001
    with TestClient(app) as client:
        yield client, login(client, username)


@pytest.fixture
def analyst(app) -> Iterator[tuple[TestClient, str]]:  # noqa: ANN001
    yield from _client(app, "ana-analyst")


@pytest.fixture
def coordinator(app) -> Iterator[tuple[TestClient, str]]:  # noqa: ANN001
    yield from _client(app, "nina-national")


def _personal_values(world) -> list[str]:  # noqa: ANN001
    with world.store.session() as session:
        people = session.scalars(select(Person)).all()
        refs = session.scalars(select(Case.reference)).all()
        names = [p.family_name for p in people if p.family_name and len(p.family_name) > 5]
        return [*names[:40], *refs[:40]]


def test_analyst_reads_the_national_dashboard_with_a_table_beside_every_chart(
    analyst,
    stats_world,  # noqa: ANN001
) -> None:
    client, _ = analyst
    page = client.get("/stats?from=2021&to=2024")
    assert page.status_code == 200
    html = page.text
    charts = re.findall(r'<svg class="chart[^"]*" role="img" aria-labelledby="([^"]+)"', html)
    assert len(charts) >= 9
    for key in ("by-gender", "by-age_band", "by-forms", "by-citizenship", "by-recruitment"):
        assert f'id="{key}-table"' in html and f'aria-labelledby="{key}-svg-title"' in html
    assert 'id="trend-table"' in html and 'id="flows-table"' in html
    assert 'id="map-origin-table"' in html and 'id="by-agency-table"' in html
    assert "Records, not persons" in html and "Other agencies (together)" in html
    assert "Agency B" not in html  # the analyst sees other agencies only together
    for value in _personal_values(stats_world):
        assert value not in html


def test_coordinator_sees_every_agency_and_french_labels(coordinator) -> None:  # noqa: ANN001
    client, csrf = coordinator
    html = client.get("/stats?from=2021&to=2024").text
    assert all(f"Agency {x}" in html for x in "ABC")
    client.post("/language", data={"locale": "fr", "next": "/stats", "csrf_token": csrf})
    french = client.get("/stats?from=2021&to=2024").text
    assert "Statistiques nationales" in french and "Par nationalité" in french
    assert "Exploitation sexuelle" in french  # vocabulary labels in French
    causes = client.get("/stats/causes?from=2021&to=2024").text
    assert "Vulnérabilités exploitées" in causes and "Pauvreté" in causes


def test_bad_years_are_refused_with_a_reason(analyst) -> None:  # noqa: ANN001
    client, _ = analyst
    response = client.get("/stats?from=2024&to=2020")
    assert response.status_code == 422
    assert "not a range of 1 to 30 years" in response.text


def test_caseworker_is_refused_the_statistics_pages(app) -> None:  # noqa: ANN001
    for client, _ in _client(app, "cat-caseworker"):
        for path in ("/stats", "/stats/causes", "/plans"):
            assert client.get(path).status_code == 403, path


def test_coordinator_builds_a_plan_through_the_pages(coordinator, analyst) -> None:  # noqa: ANN001
    client, csrf = coordinator
    created = client.post(
        "/plans",
        data={
            "title": "Web plan",
            "country": "GB",
            "starts_on": "2021-01-01",
            "ends_on": "2025-12-31",
            "csrf_token": csrf,
        },  # fmt: skip
        follow_redirects=False,
    )
    assert created.status_code == 303
    url = created.headers["location"]
    plan_id = url.rsplit("/", 1)[1]
    client.post(f"{url}/objectives", data={"title": "Protect", "csrf_token": csrf})
    page = client.get(url).text
    objective = re.search(r'name="objective_id" value="(\d+)"', page).group(1)
    client.post(
        f"{url}/measures",
        data={"objective_id": objective, "title": "Shelters", "starts_on": "2021-01-01",
              "ends_on": "2025-12-31", "budget": "1000", "currency": "EUR", "csrf_token": csrf},
    )  # fmt: skip
    page = client.get(url).text
    measure = re.search(r'name="measure_id" value="(\d+)"', page).group(1)
    client.post(
        f"{url}/indicators",
        data={"measure_id": measure, "name": "Identified", "method": "computed",
              "query": "victims_identified@1", "target": "10", "csrf_token": csrf},
    )  # fmt: skip
    page = client.get(f"{url}?period=2022").text
    indicator = re.search(r'action="/plans/\d+/compute">.*?name="indicator_id" value="(\d+)"',
                          page, re.S).group(1)  # fmt: skip
    done = client.post(
        f"{url}/compute", data={"indicator_id": indicator, "period": "2022", "csrf_token": csrf}
    )
    assert done.status_code == 200
    assert "victims_identified@1" in done.text
    # A refused form comes back with the reason, and nothing is kept.
    refused = client.post(
        f"{url}/values",
        data={"indicator_id": indicator, "period": "2022", "value": "3", "source": "x",
              "csrf_token": csrf},
    )  # fmt: skip
    assert refused.status_code == 409 and "computed by its query" in refused.text
    # The analyst reads the plan but has no forms and may not post.
    reader, reader_csrf = analyst
    seen = reader.get(f"/plans/{plan_id}?period=2022")
    assert seen.status_code == 200 and "Shelters" in seen.text
    assert 'method="post" action="/plans' not in seen.text  # no forms for a reader
    denied = reader.post(f"{url}/objectives", data={"title": "x", "csrf_token": reader_csrf})
    assert denied.status_code == 403
