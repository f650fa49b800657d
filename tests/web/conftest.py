"""A web client from the app factory on a migrated temporary store."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from palermo.config import Settings
from palermo.store import Store
from palermo.web.app import create_app
from tests.factories import PASSWORD


@pytest.fixture
def app_settings(database_url: str) -> Settings:
    # TestClient speaks plain http, so Secure cookies would not be sent back.
    return Settings(database_url=database_url, insecure_cookies=True)


@pytest.fixture
def client(store: Store, app_settings: Settings) -> Iterator[TestClient]:
    app = create_app(store=store, settings=app_settings)
    with TestClient(app) as c:
        yield c


def hidden_csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign in through the form; return the session's CSRF token."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": hidden_csrf(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]
    return hidden_csrf(client.get("/cases/new").text)
