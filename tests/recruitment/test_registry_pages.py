"""The registry pages: inspectors record, change and import; a bad file is refused with
its lines and nothing imported; other roles read nothing and change nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from palermo.config import Settings
from palermo.store import Store
from palermo.store.models import AgencyLicence
from palermo.web.app import create_app
from tests.factories import make_agency_user
from tests.recruitment.monitor_support import inspectorate_user
from tests.web.conftest import login

GOOD = "name,licence_number,status,country\nGulf Star Recruitment,AE-1234,licensed,AE\n"


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    app = create_app(
        store=store, settings=Settings(database_url=str(store.engine.url), insecure_cookies=True)
    )
    with TestClient(app) as c:
        yield c


def _licences(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(AgencyLicence)) or 0


def test_an_inspector_records_changes_and_imports(client: TestClient, store: Store) -> None:
    inspectorate_user(store, username="insp")
    csrf = login(client, "insp")
    made = client.post(
        "/registry",
        data={
            "name": "Blue Horizon Brides",
            "country": "ph",
            "status": "licensed",
            "licence_number": "PH-77/2020",
            "kind": "marriage",
            "source": "Licensing decision 12",
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    page = client.get(made.headers["location"]).text
    assert "Blue Horizon Brides" in page and "Licensing decision 12" in page
    changed = client.post(
        made.headers["location"] + "/status",
        data={"status": "revoked", "source": "Decree 4", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    page = client.get(made.headers["location"], headers={"accept-language": "fr"}).text
    assert '<dd id="status">Licence retirée</dd>' in page and "Decree 4" in page
    no_source = client.post(
        made.headers["location"] + "/status",
        data={"status": "licensed", "source": "", "csrf_token": csrf},
    )
    assert no_source.status_code == 422 and "source" in no_source.text
    imported = client.post(
        "/registry/import",
        data={"source": "Ministry list", "csrf_token": csrf},
        files={"file": ("agencies.csv", GOOD.encode(), "text/csv")},
    )
    assert imported.status_code == 200 and "1 agencies read: 1 added" in imported.text
    assert _licences(store) == 2


def test_a_bad_file_names_its_lines_and_imports_nothing(client: TestClient, store: Store) -> None:
    inspectorate_user(store, username="insp")
    csrf = login(client, "insp")
    bad = GOOD + "Another Agency,X-1,maybe,AE\n"
    refused = client.post(
        "/registry/import",
        data={"source": "Ministry list", "csrf_token": csrf},
        files={"file": ("agencies.csv", bad.encode(), "text/csv")},
    )
    assert refused.status_code == 422
    assert "nothing was imported" in refused.text and "status" in refused.text
    assert _licences(store) == 0


def test_other_roles_neither_read_nor_change_the_registry(client: TestClient, store: Store) -> None:
    make_agency_user(store, agency="NGO North", username="ngo")
    csrf = login(client, "ngo")
    assert client.get("/registry").status_code == 403
    posted = client.post(
        "/registry",
        data={"name": "Some Agency", "country": "AE", "status": "licensed", "source": "x y z",
              "csrf_token": csrf},
    )  # fmt: skip
    assert posted.status_code == 403
    imported = client.post(
        "/registry/import",
        data={"source": "Ministry list", "csrf_token": csrf},
        files={"file": ("agencies.csv", GOOD.encode(), "text/csv")},
    )
    assert imported.status_code == 403
    assert _licences(store) == 0
