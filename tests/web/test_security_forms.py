"""CSRF on every state-changing HTML route, security headers, redirects, error pages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from palermo.store import Store
from tests.web.conftest import login
from tests.web.test_isolation_sweep import (
    NATIONAL_ROUTES,
    SECRETS,
    World,
    api_routes,
    build_world,
    calls_with_ids,
    changed_tables,
    snapshot,
)

HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Cache-Control")
# Routes that change nothing of a case: sign-in has its own double-submit cookie check;
# logout and language choice only touch the caller's own cookies (see the report); the
# public check of an offer uses no session and writes nothing, and reporting an offer is
# the public's own sessionless, opt-in act with nobody's session to forge
# (tests/recruitment: the box must be ticked, rate limited, nothing of the sender kept).
NOT_CASE_CHANGING = {"/login", "/logout", "/language", "/check", "/check/report"}


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store)


def test_form_posts_without_the_token_are_refused_and_change_nothing(
    client: TestClient, store: Store, world: World
) -> None:
    login(client, world.a.username)  # A's own user: with the token these would succeed
    posts = [c for c in calls_with_ids(client.app, world, world.ids) if c.method != "GET"]
    posts = [c for c in posts if not c.path.startswith("/api/")]
    plain = [
        r.path
        for r in api_routes(client.app)
        if "POST" in r.methods and "{" not in r.path and not r.path.startswith("/api/")
    ]
    before, _ = snapshot(store)
    problems = []
    for call in posts:
        response = client.post(call.url, data=call.form or {}, follow_redirects=False)
        if response.status_code != 403:
            problems.append(f"{call.url}: {response.status_code}")
    for path in plain:
        if path in NOT_CASE_CHANGING:
            continue
        response = client.post(path, data={"given_name": "x"}, follow_redirects=False)
        if response.status_code != 403:
            problems.append(f"{path}: {response.status_code}")
    assert not problems
    assert changed_tables(before, snapshot(store)[0]) == []


def test_every_html_page_and_error_has_the_security_headers(
    client: TestClient, world: World
) -> None:
    login(client, world.b.username)
    for call in calls_with_ids(client.app, world, world.ids):
        if call.method != "GET" or call.path.startswith("/api/"):
            continue
        response = client.get(call.url)
        # The national coordinator's pages refuse everyone else by role, whatever the id.
        assert response.status_code == (403 if call.path in NATIONAL_ROUTES else 404), call.url
        for name in HEADERS:
            assert name in response.headers, (call.url, name)
        assert not any(v.lower() in response.text.lower() for v in SECRETS)
    for path in ("/", "/cases", "/work", "/referrals/received", "/login", "/cases/999999"):
        response = client.get(path)
        for name in HEADERS:
            assert name in response.headers, (path, name)


def test_language_form_redirects_only_to_local_paths(client: TestClient) -> None:
    # Starlette percent-encodes the backslash and the tab that browsers would read as "//".
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example/", "/\t/evil"):
        response = client.post(
            "/language", data={"locale": "fr", "next": target}, follow_redirects=False
        )
        location = response.headers["location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), target
