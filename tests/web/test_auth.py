from fastapi.testclient import TestClient
from sqlalchemy import select

from palermo.store import Store
from palermo.store.models import AuditEntry
from tests.factories import make_agency_user
from tests.web.conftest import hidden_csrf, login


def test_pages_need_a_session(client: TestClient) -> None:
    response = client.get("/cases", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_login_sets_a_hardened_cookie(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": actor.username,
            "password": "correct horse battery",
            "csrf_token": hidden_csrf(page.text),
        },
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"].lower()
    assert "palermo_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/").status_code == 200


def test_login_without_csrf_token_is_refused(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    client.get("/login")
    response = client.post(
        "/login",
        data={"username": actor.username, "password": "correct horse battery", "csrf_token": "x"},
    )
    assert response.status_code == 400
    assert "palermo_session" not in client.cookies


def test_form_post_without_csrf_is_refused_and_changes_nothing(
    client: TestClient, store: Store
) -> None:
    actor = make_agency_user(store)
    login(client, actor.username)
    response = client.post("/cases/new", data={"person.given_name": "Nobody"})
    assert response.status_code == 403
    assert client.get("/api/cases").json()["total"] == 0


def test_logout_ends_the_session_server_side(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    csrf = login(client, actor.username)
    cookie = client.cookies.get("palermo_session")
    client.post("/logout", data={"csrf_token": csrf})
    client.cookies.set("palermo_session", cookie)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_language_follows_browser_then_choice(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    login(client, actor.username)
    assert "Tableau de bord" in client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9"}).text
    assert "Dashboard" in client.get("/", headers={"accept-language": "en-GB"}).text
    client.post("/language", data={"locale": "fr", "next": "/"})
    assert "Tableau de bord" in client.get("/", headers={"accept-language": "en-GB"}).text


def test_security_headers(client: TestClient) -> None:
    response = client.get("/login")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


def test_logout_needs_the_csrf_token(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    login(client, actor.username)
    forged = client.post("/logout", data={}, follow_redirects=False)
    assert forged.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 200


def test_a_password_typed_as_username_is_not_logged(client: TestClient, store: Store) -> None:
    page = client.get("/login")
    client.post(
        "/login",
        data={
            "username": "My$ecretPassw0rd!",
            "password": "x",
            "csrf_token": hidden_csrf(page.text),
        },
    )
    with store.session() as s:
        actors = s.scalars(select(AuditEntry.actor).where(AuditEntry.action == "login")).all()
    assert actors == ["unknown-user"]


def test_non_ascii_login_token_is_refused_cleanly(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "a", "password": "b", "csrf_token": "é"})
    assert response.status_code == 400
