"""The foundation's journey in a real browser: sign in, open a case, find it, French, isolation."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from palermo.store.models import AuditEntry
from tests.browser_support import LiveServer, sign_in

expect = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[browser]'").expect


def test_create_find_french_and_isolation(page, live_server: LiveServer) -> None:  # noqa: ANN001
    sign_in(page, "ana")
    page.get_by_role("link", name="New case").click()
    page.get_by_label("Given name").fill("Teodora")
    page.get_by_label("Family name").fill("Vasilescu")
    page.get_by_label("Birth date (YYYY, YYYY-MM or YYYY-MM-DD)").fill("1998-11-05")
    page.get_by_role("group", name="Type of exploitation").get_by_label(
        "Sexual exploitation"
    ).check()
    page.get_by_label("Citizenship", exact=True).fill("Romania")
    page.get_by_role("button", name="Open case").click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    case_url = page.url
    case_id = int(case_url.rsplit("/", 1)[1])
    assert page.get_by_role("heading", level=1).inner_text().startswith("Teodora Vasilescu")

    # Find her by name through the blind index: the HTMX search swaps the results in place.
    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_label("Name", exact=True).fill("vasilescu teodora")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"name=vasilescu"))
    results = page.locator("#results")
    assert results.get_by_role("link", name=re.compile(r"PAL-")).count() == 1
    assert "Teodora Vasilescu" in results.inner_text()

    # Switch the interface to French with the keyboard.
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").press("Enter")
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Dossiers"
    assert page.locator("html").get_attribute("lang") == "fr"

    # A caseworker of another agency cannot open it, and the attempt is audited.
    page.get_by_role("button", name="Se déconnecter").click()
    sign_in_fr = page.get_by_label("Nom d'utilisateur")
    sign_in_fr.fill("paul")
    page.get_by_label("Mot de passe").fill("correct horse battery")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible(timeout=20_000)
    response = page.goto(case_url)
    assert response is not None and response.status == 404
    assert "Teodora" not in page.content()
    with live_server.store.session() as session:
        denied = session.scalars(select(AuditEntry).where(AuditEntry.outcome == "denied")).all()
    assert [(d.actor, d.entity_id) for d in denied] == [("paul", case_id)]


def test_validation_message_is_shown_next_to_the_field(page, live_server: LiveServer) -> None:  # noqa: ANN001
    sign_in(page, "ana")
    page.goto("/cases/new")
    page.get_by_label("Given name").fill("Ines")
    page.get_by_label("Birth date (YYYY, YYYY-MM or YYYY-MM-DD)").fill("31/02/1990")
    page.get_by_role("button", name="Open case").click()
    field = page.get_by_label("Birth date (YYYY, YYYY-MM or YYYY-MM-DD)")
    assert field.get_attribute("aria-invalid") == "true"
    assert "YYYY" in page.locator("#err-person-birth_date").inner_text()
    assert field.input_value() == "31/02/1990"
