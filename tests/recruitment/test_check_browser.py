"""The public check in a real browser (Chromium), with JavaScript off as well as on: the
answer lists the flags with their evidence, no cookie is set, nothing is written."""

from __future__ import annotations

import pytest

from tests.browser_support import LiveServer
from tests.recruitment.web_support import RISKY_AD, RISKY_AD_FR, row_counts

pytestmark = pytest.mark.browser


def _check(tab, text: str) -> None:  # noqa: ANN001
    tab.get_by_label("The offer (paste its text)").fill(text)
    tab.get_by_role("button", name="Check the offer").click()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_check_lists_flags_with_evidence_and_keeps_nothing(
    browser,
    live_server: LiveServer,
    javascript: bool,  # noqa: ANN001
) -> None:
    from playwright.sync_api import expect

    before = row_counts(live_server.store)
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=javascript
    )
    context.set_default_timeout(20_000)
    tab = context.new_page()
    blocked: list[str] = []
    tab.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    tab.goto("/check")
    _check(tab, RISKY_AD)
    findings = tab.locator("#findings")
    expect(findings.get_by_role("heading", level=2)).to_contain_text("High risk")
    fee = findings.locator('li.flag[data-code="recruitment_fee"]')
    expect(fee).to_contain_text("employer pays")
    expect(fee.locator(".evidence q")).to_have_text(["processing fee"])
    expect(findings.locator('li.flag[data-code="messaging_app_only"] q')).to_have_text(
        ["WhatsApp only"]
    )
    expect(findings.locator(".questions li").first).to_be_visible()
    expect(findings.get_by_role("heading", name="Where to get help")).to_be_visible()
    assert context.cookies() == []
    assert row_counts(live_server.store) == before
    assert blocked == []
    context.close()


def test_the_check_reads_in_french_without_a_cookie(
    page,
    live_server: LiveServer,  # noqa: ANN001
) -> None:
    from playwright.sync_api import expect

    page.goto("/check")
    page.get_by_role("link", name="Français").click()
    page.get_by_label("L'offre (collez son texte)").fill(RISKY_AD_FR)
    page.get_by_role("button", name="Vérifier l'offre").click()
    expect(page.locator("#findings h2")).to_contain_text("Risque élevé")
    expect(page.locator('li.flag[data-code="recruitment_fee"] q')).to_have_text(
        ["frais de dossier"]
    )
    assert page.context.cookies() == []
