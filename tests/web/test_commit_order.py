"""The database commit happens before the response leaves: a failed commit is never a success."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import event

from palermo.config import Settings
from palermo.store import Store
from palermo.web.app import create_app
from tests.factories import make_agency_user
from tests.web.conftest import hidden_csrf, login


def test_a_commit_that_fails_is_reported_not_redirected(
    store: Store, app_settings: Settings
) -> None:
    actor = make_agency_user(store)
    app = create_app(store=store, settings=app_settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        login(client, actor.username)
        csrf = hidden_csrf(client.get("/cases/new").text)

        def refuse(_session) -> None:  # noqa: ANN001 - the disk is full, the server went away...
            raise RuntimeError("commit failed")

        event.listen(store.sessions, "before_commit", refuse)
        try:
            response = client.post(
                "/cases/new",
                data={"person.given_name": "Nadia", "csrf_token": csrf},
                follow_redirects=False,
            )
        finally:
            event.remove(store.sessions, "before_commit", refuse)
        assert response.status_code == 500
        assert client.get("/api/cases").json()["total"] == 0
