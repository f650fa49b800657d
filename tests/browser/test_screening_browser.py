"""Screen a case through the guided form in a real browser: the outcome and "ask next" move."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from palermo.store.models import AuditEntry, ScreeningAssessment
from tests.browser_support import LiveServer

expect = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[browser]'").expect


def _asked(page, fact: str):  # noqa: ANN001, ANN202
    return page.locator(f'#ask-next li[data-fact="{fact}"]')


def test_screen_a_case_through_the_form(
    signed_in_page,  # noqa: ANN001
    case_id: int,
    live_server: LiveServer,
) -> None:
    page = signed_in_page
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    # The case page loads its (empty) list of screenings through HTMX.
    page.goto(f"/cases/{case_id}")
    expect(page.locator("#screening-list")).to_contain_text("No screening saved yet.")
    page.get_by_role("link", name="Screen this case").click()
    page.wait_for_url(re.compile(rf"/cases/{case_id}/screening$"))

    outcome = page.locator("#outcome")
    expect(outcome).to_have_attribute("data-outcome", "insufficient_information")
    expect(_asked(page, "acts")).to_have_count(1)
    # The case records forced labour: the form starts from it, so it is not asked.
    expect(page.locator("#q-exploitation-forced_labour")).to_be_checked()
    expect(page.locator("#q-exploitation")).to_contain_text("From the case: types of exploitation.")
    expect(_asked(page, "exploitation")).to_have_count(0)
    first_question = page.locator("#ask-next li").first.inner_text()

    # Age: typed, then Tab fires the change that posts the form for a preview.
    with page.expect_response(re.compile(r"/screening/preview$")):
        page.get_by_label("How old was the person", exact=False).fill("22")
        page.keyboard.press("Tab")

    # An act, ticked with the keyboard: "acts" leaves the "ask next" list.
    page.locator("#q-acts-recruitment").focus()
    page.keyboard.press("Space")
    expect(_asked(page, "acts")).to_have_count(0)
    expect(page.locator("#ask-next li").first).not_to_have_text(first_question)
    expect(outcome).to_have_attribute("data-outcome", "insufficient_information")

    page.locator("#q-deceived_about").get_by_label("Wages").check()
    page.locator("#q-exploitation").get_by_label("Sexual exploitation").check()
    expect(outcome).to_have_attribute("data-outcome", "trafficking_indicated")
    expect(_asked(page, "exploitation")).to_have_count(0)
    panel = page.locator("#outcome-panel")
    expect(panel).to_contain_text("Indicators of trafficking in persons")
    expect(panel).to_contain_text("This is a screening result.")

    page.get_by_role("button", name="Save the screening on this case").click()
    page.wait_for_url(re.compile(rf"/cases/{case_id}/screenings/\d+$"))
    expect(page.locator("#outcome")).to_have_attribute("data-outcome", "trafficking_indicated")
    expect(page.get_by_role("note")).to_contain_text("not a determination of victim status")
    assert "not a victim" not in page.content().lower()

    page.get_by_role("link", name="Back to the case").first.click()
    expect(page.locator("#screening-list")).to_contain_text("Indicators of trafficking in persons")

    # The CSP forbids inline scripts and styles: the form must work without either.
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
    with live_server.store.session() as session:
        [saved] = session.scalars(select(ScreeningAssessment)).all()
        assert saved.case_id == case_id and saved.outcome == "trafficking_indicated"
        audited = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "update", AuditEntry.entity_id == case_id)
        ).all()
        assert any(a.fields == ["screening"] and a.actor == "ana" for a in audited)


def test_on_a_phone_the_form_fits_and_the_result_stays_in_sight(
    browser,  # noqa: ANN001
    case_id: int,
    live_server: LiveServer,
) -> None:
    from tests.browser_support import sign_in

    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        sign_in(page, "ana")
        page.goto(f"/cases/{case_id}/screening")
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], width  # no horizontal scroll
        bar = page.locator("#outcome-bar")
        expect(bar).to_be_visible()
        expect(bar).to_have_attribute("data-outcome", "insufficient_information")
        # Far down the questions, the bar is still at the foot of the screen.
        page.locator("#q-relationship_ended_on_arrival").scroll_into_view_if_needed()
        box = bar.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844 + 1, box
        assert box["y"] > 844 / 2, box
        # An answer updates the bar as well as the panel below.
        page.locator("#q-acts-recruitment").check()
        page.locator("#q-deceived_about").get_by_label("Wages").check()
        expect(bar).to_have_attribute("data-outcome", "trafficking_indicated")
    finally:
        context.close()
