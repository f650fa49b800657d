"""A trial in a real browser (Chromium): a prosecutor records a charge, a hearing, the
verdict, the sentence and compensation through the proceeding's page; then an NGO's trial
monitor follows the trial's stage and dates, and the page source holds no name, birth date
or document number of the victim or the suspect (which the prosecutor's pages do show, so
the check could fail)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from palermo import clock
from tests.browser_support import LiveServer, sign_in
from tests.justice.trial_world import (
    COURT_NUMBER,
    SECRETS,
    SUSPECT,
    VICTIM,
    build_trial_world,
)

expect = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[browser]'").expect

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


def _leaks(source: str) -> list[str]:
    return [s for s in SECRETS if s.lower() in source.lower()]


DUPLICATE_IDS = """[...document.querySelectorAll('[id]')].map(e => e.id)
    .filter((id, i, all) => all.indexOf(id) !== i)"""


def _record_the_trial(tab: Page, link_id: int) -> dict[str, str]:
    """Charge, stage, hearing and its outcome, verdict, sentence, compensation, payment,
    each through its form on the proceeding's page; returns the dates used."""
    today = clock.today()
    days = {
        "charged": today - timedelta(days=60),
        "heard": today - timedelta(days=10),
        "next": today + timedelta(days=20),
    }
    dates = {k: v.isoformat() for k, v in days.items()}

    form = tab.locator("#charge-form")
    form.get_by_label("Offence").select_option(label="Trafficking in persons")
    form.get_by_label("Charged on").fill(dates["charged"])
    form.get_by_label("Victims (followed by your agency)").select_option(value=str(link_id))
    form.get_by_role("button", name="Bring the charge").click()
    charge = tab.locator("tr.charge-row")
    expect(charge).to_have_count(1)
    expect(charge).to_contain_text("Trafficking in persons")
    expect(charge).to_contain_text(dates["charged"])

    stage = tab.locator("form#stage")
    stage.get_by_label("Stage").select_option(label="Trial at first instance")
    stage.get_by_role("button", name="Record the stage").click()
    expect(tab.locator("#stage-now")).to_have_text("Trial at first instance")

    for day in (dates["heard"], dates["next"]):
        form = tab.locator("#hearing-form")
        form.get_by_label("Hearing on").fill(day)
        form.get_by_role("button", name="Schedule the hearing").click()
        expect(tab.locator("li.hearing", has_text=day)).to_contain_text("to be held")
    held = tab.locator("li.hearing", has_text=dates["heard"])
    held.get_by_label("What happened").select_option(label="Verdict delivered")
    held.get_by_role("button", name="Record the hearing").click()
    expect(tab.locator("li.hearing", has_text=dates["heard"])).to_contain_text("Verdict delivered")

    verdict = tab.locator("tr.charge-row form[id^='verdict-']")
    verdict.get_by_label("Verdict", exact=True).select_option(label="Convicted")
    verdict.get_by_label("Verdict on").fill(dates["heard"])
    verdict.get_by_role("button", name="Record the verdict").click()
    expect(charge).to_contain_text(f"Convicted ({dates['heard']})")

    # Each label names its own field (the penalties' boxes once shared ids with the
    # custody and fine fields).
    assert tab.evaluate(DUPLICATE_IDS) == []
    sentence = tab.locator("tr.charge-row form[id^='sentence-']")
    sentence.get_by_label("Custodial sentence", exact=True).check()
    sentence.get_by_label("Custody, months").fill("54")
    sentence.get_by_role("button", name="Record the sentence").click()
    expect(charge).to_contain_text("Custodial sentence · 54 months")

    form = tab.locator("#compensation-form")
    form.get_by_label("Victim").select_option(value=str(link_id))
    form.get_by_label("Ordered on").fill(dates["heard"])
    form.get_by_label("Amount ordered").fill("7500")
    form.get_by_label("Currency").fill("GBP")
    form.get_by_label("Payer").select_option(label="Defendant")
    form.get_by_role("button", name="Order compensation").click()
    order = tab.locator("tr.compensation-row")
    expect(order).to_contain_text("7500")
    expect(order).to_contain_text("nothing paid yet")
    order.get_by_label("Paid on").fill(today.isoformat())
    order.get_by_label("Amount paid").fill("1250")
    order.get_by_role("button", name="Record the payment").click()
    expect(tab.locator("tr.compensation-row")).to_contain_text(f"{today.isoformat()}: 1250")
    return dates


def test_a_prosecutor_records_a_trial_and_a_monitor_follows_it_without_personal_data(
    browser: Browser, live_server: LiveServer, page: Page
) -> None:
    world = build_trial_world(live_server.store, full=False)
    ids = world.ids
    sign_in(page, "prosecutor")
    page.goto("/justice")
    page.get_by_role("link", name="Crown Court at Leeds").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(COURT_NUMBER)
    dates = _record_the_trial(page, ids["prosecutor_link_id"])

    # The prosecutor, whose case holds the consent, sees who the persons are: the values
    # the monitor's pages are checked for are really there to leak.
    page.goto(f"/justice/victims/{ids['prosecutor_link_id']}")
    expect(page.locator("main")).to_contain_text(VICTIM["family_name"])
    shown = page.content()
    page.goto(f"/justice/suspects/{ids['suspect_id']}")
    expect(page.locator("main")).to_contain_text(SUSPECT["family_name"])
    shown += page.content()
    assert _leaks(shown) == SECRETS

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(20_000)
    tab = context.new_page()
    sign_in(tab, "monitor")
    tab.get_by_role("link", name="Trials", exact=True).click()
    row = tab.locator("tbody tr", has_text=COURT_NUMBER)
    expect(row).to_contain_text("Trial at first instance")
    expect(row).to_contain_text(f"{dates['heard']}, {dates['next']}")
    assert _leaks(tab.content()) == []

    row.get_by_role("link", name="Crown Court at Leeds").click()
    expect(tab.locator(".trial-stage")).to_have_text("Trial at first instance")
    expect(tab.locator("li.trial-hearing")).to_have_text(
        [f"{dates['heard']} · Verdict delivered", f"{dates['next']} · to be held"]
    )
    verdicts = tab.locator("table tbody tr")
    expect(verdicts).to_have_count(1)
    expect(verdicts).to_contain_text("Trafficking in persons")
    expect(verdicts).to_contain_text("Convicted")
    expect(verdicts).to_contain_text(dates["heard"])
    assert _leaks(tab.content()) == []
    context.close()
