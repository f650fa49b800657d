"""The national dashboard in Chromium, as an analyst: charts, tables, print, axe-core."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import sign_in

pytestmark = pytest.mark.browser


def test_analyst_reads_the_national_dashboard(browser, live_stats, tmp_path: Path) -> None:  # noqa: ANN001
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    context = browser.new_context(base_url=live_stats.url, locale="en-GB")
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        sign_in(page, "ana-analyst")
        page.get_by_role("link", name="National statistics").click()
        expect(page.get_by_role("heading", name="National statistics")).to_be_visible()
        page.get_by_label("From year").fill("2021")
        page.get_by_label("To year").fill("2024")
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("2021–2024")
        # Every chart is an image with a name, and its table is beside it.
        for name in ("By sex", "By form of exploitation", "Countries of origin"):
            expect(page.get_by_role("img", name=name).first).to_be_visible()
            expect(page.get_by_role("table", name=name)).to_be_visible()
        expect(page.get_by_role("img", name="Flows of persons")).to_be_visible()
        sex = page.get_by_role("table", name="By sex")
        expect(sex.get_by_role("rowheader", name="Feminine", exact=True)).to_be_visible()
        assert "Other agencies (together)" in page.content()
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        page.emulate_media(media="print")
        expect(page.get_by_role("table", name="By sex")).to_be_visible()
        expect(page.locator("header.top")).to_be_hidden()
        page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
        page.emulate_media(media="screen")
        page.get_by_role("link", name="Causes and risk factors").click()
        expect(
            page.get_by_role("table", name="Vulnerabilities taken advantage of, by sex")
        ).to_be_visible()
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()
    assert not errors, errors  # nothing refused by the content security policy
