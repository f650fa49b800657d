"""The monitors' queue in a real browser (Chromium): an inspector opens the stored
screening from the menu, filters the queue to high risk, opens an ad with its reasons
and refers it to inspection."""

from __future__ import annotations

from typing import Any

import pytest

from palermo.prevent.screening_runs import FeedPlaces, store_screening_run
from palermo.recruitment import networks_of
from tests.browser_support import LiveServer, sign_in
from tests.recruitment.monitor_support import inspectorate_user

pytestmark = pytest.mark.browser


def test_an_inspector_filters_the_queue_and_refers_an_ad(
    page: Any, live_server: LiveServer, feed: dict[str, Any]
) -> None:
    from playwright.sync_api import expect

    store = live_server.store
    actor = inspectorate_user(store, username="inspector")
    frame = feed["frame"]
    with store.session() as s:
        store_screening_run(
            s,
            feed="classifieds-sample",
            screening=feed["screened"],
            places=FeedPlaces(
                frame["site"].to_list(), frame["city"].to_list(), frame["country"].to_list()
            ),
            networks=networks_of(feed["screened"], frame),
            actor=actor,
        )
    sign_in(page, "inspector")
    page.get_by_role("link", name="Flagged ads").click()
    page.get_by_role("link", name="classifieds-sample").click()
    page.get_by_label("Risk").select_option(label="High risk")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("#queue tbody tr")
    expect(rows.first).to_have_attribute("data-risk", "high")
    risks = set(rows.evaluate_all("rs => rs.map(r => r.dataset.risk)"))
    assert risks == {"high"}
    rows.first.get_by_role("link").first.click()
    expect(page.locator("#risk")).to_have_attribute("data-risk", "high")
    expect(page.locator("#reasons tbody tr").first).to_be_visible()
    page.get_by_label("Referred to inspection").check()
    page.get_by_role("button", name="Save the mark").click()
    expect(page.locator("#mark")).to_contain_text("Referred to inspection")
    expect(page.locator("#mark")).to_contain_text("inspector")
    page.goto(page.url.rsplit("/monitor", 1)[0] + "/monitor/ads")
    page.get_by_role("link", name="classifieds-sample").click()
    page.get_by_label("Mark").select_option(label="Referred to inspection")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#queue tbody tr")).to_have_count(1)
