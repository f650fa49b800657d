"""The public check page and ``POST /api/check-offer``: no sign-in, no cookie, nothing written,
English and French, no inline script or style (CSP), refusals beside the form, rate-limited."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from palermo.config import Settings
from palermo.recruitment.check import MAX_CHECK_CHARS
from palermo.recruitment.deployment import CheckSettings, load_check_setup
from palermo.store import Store, open_store
from palermo.store.keys import new_keyring
from palermo.web.app import create_app
from tests.recruitment.test_check import CONTRACT, pdf_with
from tests.recruitment.web_support import RISKY_AD, RISKY_AD_FR, row_counts


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One SQLite store for the tests that do not count rows: the check opens no session."""
    url = f"sqlite:///{tmp_path_factory.mktemp('check') / 'check.db'}"
    opened = open_store(url=url, keyring=new_keyring())
    yield opened
    opened.engine.dispose()


def _app_on(store: Store) -> FastAPI:
    return create_app(store=store, settings=Settings(database_url=str(store.engine.url)))


@pytest.fixture(scope="module")
def client(shared_store: Store) -> Iterator[TestClient]:
    app = _app_on(shared_store)
    app.state.check_setup = load_check_setup(CheckSettings(per_client=10_000, overall=10_000))
    with TestClient(app) as c:
        yield c


@pytest.fixture
def counted(store: Store, database_url: str) -> Iterator[tuple[TestClient, Store]]:
    """A client on each database engine, for the tests that count every table's rows."""
    app = create_app(store=store, settings=Settings(database_url=database_url))
    with TestClient(app) as c:
        yield c, store


def flags_on(html: str) -> list[str]:
    return re.findall(r'class="flag" data-code="([a-z_]+)"', html)


def assert_public(response) -> None:  # noqa: ANN001
    assert "set-cookie" not in response.headers
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["cache-control"] == "no-store"
    html = response.text
    assert "<script" not in html and "<style" not in html
    assert not re.search(r"\sstyle=", html) and not re.search(r"\son[a-z]+=", html)


def test_the_form_needs_no_sign_in_and_sets_no_cookie(client: TestClient) -> None:
    page = client.get("/check", follow_redirects=False)
    assert page.status_code == 200
    assert_public(page)
    assert '<form method="post" action="/check" enctype="multipart/form-data"' in page.text
    assert "Check a job offer before you leave" in page.text and 'lang="en"' in page.text
    french = client.get("/check?lang=fr")
    assert 'lang="fr"' in french.text and "Check a job offer" not in french.text
    assert_public(french)
    assert client.cookies.get("palermo_lang") is None


def test_a_risky_offer_shows_each_flag_with_its_words_and_nothing_is_written(
    counted: tuple[TestClient, Store],
) -> None:
    client, store = counted
    before = row_counts(store)
    answer = client.post("/check", data={"text": RISKY_AD, "country": "PH"})
    assert answer.status_code == 200
    assert_public(answer)
    html = answer.text
    shown = flags_on(html)
    assert {"recruitment_fee", "photo_request", "messaging_app_only", "urgency"} <= set(shown)
    assert "High risk" in html
    assert "<q>processing fee</q>" in html and "<q>WhatsApp only</q>" in html
    assert "Ask before you leave" in html and "Where to get help" in html
    assert "National anti-trafficking hotline" in html
    assert RISKY_AD[:40] in html  # the text stays in the form, to edit and check again
    assert row_counts(store) == before


def test_french_page_explains_in_french(client: TestClient) -> None:
    answer = client.post("/check", data={"text": RISKY_AD_FR, "lang": "fr"})
    html = answer.text
    assert answer.status_code == 200 and 'lang="fr"' in html
    assert "recruitment_fee" in flags_on(html)
    assert "<q>frais de dossier</q>" in html
    assert "Fee charged to the worker" not in html and "High risk" not in html
    assert 'name="lang" value="fr"' in html  # the next check stays in French, with no cookie
    assert_public(answer)


def test_a_pdf_contract_is_checked_beside_the_offer(client: TestClient) -> None:
    ad = "Dancers wanted in Dubai, salary 3,000 AED per month. Call +971 50 123 4567."
    answer = client.post(
        "/check",
        data={"text": ad, "country": "AE"},
        files={"contract_file": ("contract.pdf", pdf_with(CONTRACT), "application/pdf")},
    )
    assert answer.status_code == 200
    shown = set(flags_on(answer.text))
    assert {"document_retention", "wage_deductions", "bait_and_switch"} <= shown
    assert "(in the contract)" in answer.text


@pytest.mark.parametrize(
    ("data", "files", "expected"),
    [
        ({"text": "  "}, None, "There is nothing to check yet."),
        ({"text": "x" * (MAX_CHECK_CHARS + 1)}, None, "The offer is too long"),
        ({"text": "Work in Dubai", "country": "Philippines"}, None, "two-letter code"),
        ({"text": "ok"}, {"contract_file": ("c.pdf", b"hello", "application/pdf")}, "not a PDF"),
    ],
)
def test_a_refusal_is_shown_beside_the_form(
    client: TestClient, data: dict[str, str], files: dict | None, expected: str
) -> None:
    answer = client.post("/check", data=data, files=files)
    assert answer.status_code == 422
    assert expected in answer.text and 'role="alert"' in answer.text
    assert 'action="/check"' in answer.text and not flags_on(answer.text)
    assert_public(answer)


def test_a_form_too_large_for_the_parser_is_refused_on_the_page(client: TestClient) -> None:
    huge = "x" * (4 * 2 * MAX_CHECK_CHARS + 1)
    answer = client.post("/check", data={"text": huge}, files={"contract_file": ("", b"")})
    assert answer.status_code == 422 and "The form is too large to check." in answer.text
    assert_public(answer)


def test_a_refusal_reads_in_french(client: TestClient) -> None:
    answer = client.post("/check", data={"text": "", "lang": "fr"})
    assert answer.status_code == 422 and "There is nothing to check yet." not in answer.text


def test_the_api_answers_the_documented_shape(counted: tuple[TestClient, Store]) -> None:
    client, store = counted
    before = row_counts(store)
    answer = client.post("/api/check-offer", json={"text": RISKY_AD, "country": "PH"})
    assert answer.status_code == 200 and "set-cookie" not in answer.headers
    body = answer.json()
    assert set(body) == {"risk", "flags", "questions"} and body["risk"] == "high"
    fee = next(f for f in body["flags"] if f["code"] == "recruitment_fee")
    assert set(fee) == {"code", "explanation", "evidence"} and fee["evidence"] == ["processing fee"]
    assert "employer pays" in fee["explanation"] and body["questions"]
    french = client.post("/api/check-offer?locale=fr", json={"text": RISKY_AD}).json()
    assert (
        "employeur"
        in next(f for f in french["flags"] if f["code"] == "recruitment_fee")["explanation"]
    )
    by_language = client.post("/api/check-offer", json={"text": RISKY_AD_FR}).json()
    assert "employeur" in by_language["flags"][0]["explanation"]  # the text's own language
    assert row_counts(store) == before


def test_an_ordinary_offer_is_never_called_safe(client: TestClient) -> None:
    ad = (
        "Kaisolox LLC, 21 Fugan Street, Dubai, licence 4471, hires a cashier. Salary 3,000 AED "
        "per month. Send your CV to jobs@kaisolox.example.com."
    )
    body = client.post("/api/check-offer", json={"text": ad, "country": "AE"}).json()
    assert body["risk"] in {"no_flags_found", "caution"}
    assert "safe" not in {body["risk"]}
    page = client.post("/check", data={"text": ad}).text
    assert "cannot say that an offer is safe" in page


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "x", "country": "PHL"}, "country"),
        ({"text": "x" * (MAX_CHECK_CHARS + 1)}, "text"),
        ({"text": "x", "name": "Ana"}, "name"),  # nothing about the person is accepted
    ],
)
def test_the_api_refuses_bad_bodies(client: TestClient, body: dict, field: str) -> None:
    answer = client.post("/api/check-offer", json=body)
    assert answer.status_code == 422
    assert any(field in p["field"] for p in answer.json()["problems"])


def test_too_many_checks_are_refused_on_the_page_and_the_api(shared_store: Store) -> None:
    app = _app_on(shared_store)
    app.state.check_setup = load_check_setup(CheckSettings(per_client=2))
    with TestClient(app) as client:
        assert client.post("/check", data={"text": RISKY_AD}).status_code == 200
        assert client.post("/api/check-offer", json={"text": RISKY_AD}).status_code == 200
        page = client.post("/check", data={"text": RISKY_AD})
        assert page.status_code == 429 and "Wait a minute" in page.text
        assert_public(page)
        api = client.post("/api/check-offer", json={"text": RISKY_AD})
        assert api.status_code == 429 and api.json()["error"] == "TooManyChecks"
        assert client.get("/check").status_code == 200  # reading the form is not counted


def _dependencies(dependant) -> set:  # noqa: ANN001
    found = set()
    for sub in dependant.dependencies:
        found.add(sub.call)
        found |= _dependencies(sub)
    return found


def test_the_public_routes_can_open_no_session_and_need_no_caller(client: TestClient) -> None:
    from palermo.web.deps import current_caller, db_session, get_store
    from tests.web.test_isolation_sweep import api_routes

    routes = list(api_routes(client.app))
    public = {
        (route.path, method): route
        for route in routes
        if route.path in {"/check", "/api/check-offer"}
        for method in route.methods
    }
    assert set(public) == {("/check", "GET"), ("/check", "POST"), ("/api/check-offer", "POST")}
    for route in public.values():
        assert not _dependencies(route.dependant) & {current_caller, db_session, get_store}
    cases = next(r for r in routes if r.path == "/cases")
    assert db_session in _dependencies(cases.dependant)  # the check above can fail
