"""Sign-in cannot be turned against users: growing delays per username and per address,
the same for unknown usernames, and no session ended by someone else's failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from palermo import clock
from palermo.config import Settings
from palermo.store import Store
from palermo.store.models import AuditEntry
from palermo.web.app import create_app
from tests.factories import PASSWORD, make_agency_user
from tests.web.conftest import hidden_csrf, login

FREE = 5  # Settings.login_free_failures_per_user


def _attempt(client: TestClient, username: str, password: str, **headers: str) -> object:
    page = client.get("/login")
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": hidden_csrf(page.text)},
        headers=headers,
        follow_redirects=False,
    )


def test_failures_slow_sign_in_down_but_never_lock_it(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with clock.frozen_clock(start):
        for _ in range(FREE):
            assert _attempt(client, actor.username, "wrong-password").status_code == 401
        waiting = _attempt(client, actor.username, PASSWORD)  # even the right password waits
        assert waiting.status_code == 429 and waiting.headers["retry-after"] == "1"
        assert "Too many failed sign-ins" in waiting.text
    with clock.frozen_clock(start + timedelta(seconds=2)):
        assert _attempt(client, actor.username, "wrong-again").status_code == 401
        assert _attempt(client, actor.username, PASSWORD).headers["retry-after"] == "2"
    with clock.frozen_clock(start + timedelta(seconds=5)):
        assert _attempt(client, actor.username, PASSWORD).status_code == 303  # in
    with store.session() as s:
        outcomes = s.scalars(select(AuditEntry.outcome).where(AuditEntry.action == "login")).all()
    assert outcomes == ["failed"] * FREE + ["throttled", "failed", "throttled", "ok"]


def test_a_strangers_failures_do_not_end_a_session(store: Store, app_settings: Settings) -> None:
    actor = make_agency_user(store)
    app = create_app(store=store, settings=app_settings)
    with TestClient(app) as user, TestClient(app) as stranger:
        login(user, actor.username)
        for _ in range(FREE + 3):
            assert _attempt(stranger, actor.username, "guess").status_code in (401, 429)
        assert user.get("/", follow_redirects=False).status_code == 200
        assert user.get("/cases", follow_redirects=False).status_code == 200


def test_unknown_usernames_are_throttled_alike_with_the_same_answers(
    client: TestClient, store: Store
) -> None:
    actor = make_agency_user(store)
    answers = {}
    with clock.frozen_clock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC)):
        for name in (actor.username, "nobody-here"):
            refused = [_attempt(client, name, "wrong-password") for _ in range(FREE)]
            throttled = _attempt(client, name, "wrong-password")
            answers[name] = (
                [r.status_code for r in refused],
                throttled.status_code,
                throttled.headers.get("retry-after"),
                _error(refused[0].text),
                _error(throttled.text),
            )
    assert answers[actor.username] == answers["nobody-here"]
    assert answers["nobody-here"][1] == 429


def _error(html: str) -> str:
    start = html.index('role="alert">') + len('role="alert">')
    return html[start : html.index("</p>", start)]


def test_one_address_guessing_many_usernames_is_throttled(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    with clock.frozen_clock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC)):
        for i in range(20):  # Settings.login_free_failures_per_address
            assert _attempt(client, f"guess-{i}", "x").status_code == 401
        assert _attempt(client, actor.username, PASSWORD).status_code == 429


def test_the_client_address_is_the_sockets_unless_a_proxy_is_trusted(
    store: Store, app_settings: Settings
) -> None:
    actor = make_agency_user(store)
    forged = {"X-Forwarded-For": "203.0.113.9"}
    for trusted, expected in (("", "testclient"), ("testclient", "203.0.113.9")):
        settings = app_settings.model_copy(update={"forwarded_allow_ips": trusted})
        with TestClient(create_app(store=store, settings=settings)) as client:
            _attempt(client, actor.username, "wrong-password", **forged)
        with store.session() as s:
            origin = s.scalars(
                select(AuditEntry.origin).order_by(AuditEntry.id.desc()).limit(1)
            ).one()
        assert origin == expected
