"""Casework in a real browser: a 17-year-old registered and seen as a child everywhere, the
duplicate warning, the close step, the consent form after a refusal, a phone's width, and
axe-core on the pages this work changed."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from palermo import clock
from palermo.accounts.service import actor_of
from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.referrals.sending import refer
from palermo.store.models import Case, User
from palermo.vocab import InformedOf
from tests.browser_support import LiveServer, sign_in
from tests.factories import make_agency_user

expect = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[browser]'").expect

OPEN_ALL = "document.querySelectorAll('details').forEach(d => { d.open = true; })"
# Seventeen years and a month old today.
BORN = (clock.today() - timedelta(days=17 * 365 + 35)).isoformat()


def _register(page, given: str, family: str, born: str) -> None:  # noqa: ANN001
    page.goto("/cases/new")
    page.get_by_label("Given name").fill(given)
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Birth date (YYYY, YYYY-MM or YYYY-MM-DD)").fill(born)
    page.get_by_label("Primary language").fill("English")
    page.get_by_label("Citizenship", exact=True).fill("Nigeria")
    group = page.get_by_role("group", name="Type of exploitation")
    group.get_by_label("Sexual exploitation", exact=True).check()
    page.get_by_role("button", name="Open case").click()


def _user(server: LiveServer, username: str):  # noqa: ANN202
    with server.store.session() as s:
        return actor_of(s.scalar(select(User).where(User.username == username)), "test")


def _no_horizontal_scroll(page) -> None:  # noqa: ANN001
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], (page.url, width)


def _axe(page) -> list[dict]:  # noqa: ANN001
    """The violations axe-core (as bundled by the pinned axe-playwright-python) finds."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        {"id": v["id"], "nodes": [" ".join(map(str, n["target"])) for n in v["nodes"]][:3]}
        for v in violations
    ]


def test_a_17_year_old_is_a_child_everywhere(page, live_server: LiveServer) -> None:  # noqa: ANN001
    shelter = make_agency_user(live_server.store, agency="Safe House", username="shelly")
    sign_in(page, "ana")
    _register(page, "Blessing", "Okafor", BORN)
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    case_id = int(page.url.rsplit("/", 1)[1])
    header = page.locator("header.case-header")
    expect(header.locator(".badge-child")).to_have_text("Child")
    expect(header).to_contain_text("17 · at identification: 17")
    expect(page.get_by_text("Case opened.")).to_be_visible()
    # The person's language and country were typed as names.
    expect(page.locator("#person")).to_contain_text("English")
    expect(page.locator("#person")).to_contain_text("Nigeria")
    # The best-interests step is asked for.
    expect(page.get_by_role("link", name="Record the best-interests assessment")).to_be_visible()

    page.get_by_role("link", name="Cases", exact=True).click()
    row = page.locator("table.cases tr", has_text="Blessing Okafor")
    expect(row.locator(".badge-child")).to_be_visible()
    expect(row.locator("td[data-label='Age']")).to_have_text("17")
    expect(row.locator("td[data-label='Birth year']")).to_have_text(BORN[:4])

    # Refer her to the shelter (consents recorded through the services), and look from there.
    ana = _user(live_server, "ana")
    told = list(InformedOf)
    with live_server.store.session() as s:
        for purpose, agency in (("referral", None), ("sharing", shelter.agency_id)):
            record_consent(
                s,
                case_id=case_id,
                actor=ana,
                data=ConsentCreate(
                    purpose=purpose,
                    informed_of=told,
                    given_by="guardian",
                    guardian_name="Ngozi Okafor",
                    shared_with_agency_id=agency,
                ),
            )
        referral = refer(
            s,
            case_id=case_id,
            to_agency_id=shelter.agency_id,
            service="shelter",
            shared_fields=["identity", "profile", "guardian"],
            note="",
            respond_by=None,
            actor=ana,
        )
        referral_id = referral.id
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "shelly")
    page.goto(f"/referrals/{referral_id}")
    expect(page.get_by_role("heading", level=1).locator(".badge-child")).to_be_visible()
    shared = page.locator("section[aria-labelledby='h-shared']")
    expect(shared.locator(".badge-child")).to_be_visible()
    expect(shared).to_contain_text("17")
    expect(shared).to_contain_text("Ngozi Okafor")  # the guardian of her consents
    assert BORN not in page.content()


def test_namesake_with_the_same_birth_date_is_flagged(page, live_server: LiveServer) -> None:  # noqa: ANN001
    sign_in(page, "ana")
    _register(page, "Favour", "Ogbonna", "2003-02-11")
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    reference = page.locator("header.case-header small").inner_text()
    _register(page, "Favor", "Ogbonna", "2003-02-11")
    warning = page.locator("#duplicates")
    expect(warning).to_contain_text("This person may already have a case")
    expect(warning.get_by_role("link", name=reference)).to_be_visible()
    expect(warning).to_contain_text("same birth date")
    assert page.get_by_label("Given name").input_value() == "Favor"
    with live_server.store.session() as s:
        assert len(s.scalars(select(Case)).all()) == 1
    page.get_by_label("None of these is this person: open a new case").check()
    page.locator("#duplicates").get_by_role("button", name="Open case").click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    with live_server.store.session() as s:
        assert len(s.scalars(select(Case)).all()) == 2


def test_closing_needs_a_chosen_reason_and_a_confirmation(  # noqa: ANN001
    page, live_server: LiveServer, case_id: int
) -> None:
    sign_in(page, "ana")
    page.goto(f"/cases/{case_id}")
    page.get_by_role("link", name="Close the case").first.click()
    assert page.get_by_label("Reason for closure").input_value() == ""
    page.get_by_role("button", name="Close case").click()
    expect(page.locator("#err-reason_code")).to_have_text("choose a reason")
    expect(page.locator("#err-confirm")).to_be_visible()
    page.get_by_label("Reason for closure").select_option("goals_achieved")
    page.get_by_label("Note").fill("Back with her family")
    page.get_by_role("button", name="Close case").click()
    expect(page.locator("#err-confirm")).to_have_text("tick the box to confirm")
    assert page.get_by_label("Reason for closure").input_value() == "goals_achieved"
    assert page.get_by_label("Note").input_value() == "Back with her family"
    with live_server.store.session() as s:
        assert s.get(Case, case_id).status == "Active"
    page.get_by_label("I confirm that this case is to be closed.").check()
    page.get_by_role("button", name="Close case").click()
    expect(page.get_by_text("Case closed.")).to_be_visible()
    with live_server.store.session() as s:
        assert s.get(Case, case_id).status == "Closed"


def test_consent_form_keeps_its_values_after_an_error(  # noqa: ANN001
    page, live_server: LiveServer, case_id: int
) -> None:
    sign_in(page, "ana")
    page.goto(f"/cases/{case_id}")
    page.locator("#protection-panel summary", has_text="Record a consent").click()
    form = page.locator("form.consent-form")
    form.get_by_label("Purpose", exact=True).select_option("referral")
    form.get_by_label("Guardian's name").fill("Samira Haddad")
    form.get_by_label("Expires on").fill("2099-12-31")
    form.locator("input[value=purpose]").check()
    form.locator("input[value=data_uses]").check()
    form.get_by_role("button", name="Record consent").click()
    form = page.locator("form.consent-form")
    expect(form).to_be_visible()
    expect(form.locator("#err-consent-informed_of").first).to_be_visible()
    assert form.get_by_label("Purpose", exact=True).input_value() == "referral"
    assert form.get_by_label("Guardian's name").input_value() == "Samira Haddad"
    assert form.get_by_label("Expires on").input_value() == "2099-12-31"
    assert form.locator("input[value=purpose]").is_checked()
    assert form.locator("input[value=data_uses]").is_checked()
    assert not form.locator("input[value=research_use]").is_checked()


def test_phone_width_has_no_horizontal_scroll(
    browser, live_server: LiveServer, case_id: int
) -> None:  # noqa: ANN001
    ana = _user(live_server, "ana")
    with live_server.store.session() as s:
        for purpose in ("referral", "services", "family_tracing"):
            data = ConsentCreate(purpose=purpose, informed_of=list(InformedOf))
            record_consent(s, case_id=case_id, actor=ana, data=data)
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        locale="en-GB",
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        sign_in(page, "ana")
        header_height = page.evaluate("document.querySelector('header.top').offsetHeight")
        assert header_height < 140, header_height
        page.goto(f"/cases/{case_id}")
        expect(page.locator("#protection-panel table").first).to_be_visible()
        _no_horizontal_scroll(page)
        page.goto(f"/cases/{case_id}/protection")  # the consent table, alone
        expect(page.get_by_role("button", name="Withdraw consent").first).to_be_visible()
        button = page.get_by_role("button", name="Withdraw consent").first.bounding_box()
        assert button["x"] + button["width"] <= 390
        _no_horizontal_scroll(page)
        page.goto(f"/cases/{case_id}/screening")
        _no_horizontal_scroll(page)
        for path in ("/cases", "/cases/new", "/work", "/reports"):
            page.goto(path)
            _no_horizontal_scroll(page)
    finally:
        context.close()


def test_axe_finds_no_violation_on_the_changed_pages(
    page, live_server: LiveServer, case_id: int
) -> None:  # noqa: ANN001
    make_agency_user(live_server.store, role="admin", username="root")
    ana = _user(live_server, "ana")
    with live_server.store.session() as s:
        data = ConsentCreate(purpose="referral", informed_of=list(InformedOf))
        record_consent(s, case_id=case_id, actor=ana, data=data)
    found: dict[str, list[dict]] = {}
    sign_in(page, "sam")  # a supervisor sees the trail too
    pages = [
        f"/cases/{case_id}",
        f"/cases/{case_id}/close",
        f"/cases/{case_id}/audit",
        f"/cases/{case_id}/edit?section=person",
        f"/cases/{case_id}/protection",
        "/cases",
        "/cases/new",
        "/work",
        "/reports",
    ]
    for path in pages:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.evaluate(OPEN_ALL)  # the forms behind each "Add…" are checked too
        if violations := _axe(page):
            found[path] = violations
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "root")
    for path in ("/admin/users", "/admin/agencies", "/settings/nrm-deadlines"):
        page.goto(path)
        page.evaluate(OPEN_ALL)
        if violations := _axe(page):
            found[path] = violations
    assert not found, json.dumps(found, indent=1)
