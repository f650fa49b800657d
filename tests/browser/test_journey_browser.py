"""Issue 4's whole journey in a real browser, across two agencies.

Intake of a case, consent recorded, referral to a shelter, the shelter (another user
of another agency) accepts and records the service, a reasonable-grounds decision,
closure — and the shelter never sees a field the referral did not share.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from palermo.accounts.service import create_agency, create_user
from palermo.store.actor import Actor
from palermo.store.audit import verify_chain
from palermo.store.models import AuditEntry, Referral, ServiceDelivery
from tests.browser_support import LiveServer, sign_in
from tests.factories import PASSWORD

expect = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[browser]'").expect

BIRTH_DATE = "2000-02-02"
DOCUMENT = "XP1234567"


def _add_shelter(server: LiveServer) -> None:
    with server.store.session() as session:
        system = Actor.system("test")
        shelter = create_agency(
            session, name="Safe House", type="Shelter", country="NL", actor=system
        )
        create_user(
            session,
            username="shelly",
            password=PASSWORD,
            role="caseworker",
            agency_id=shelter.id,
            actor=system,
        )


def _sign_out(page) -> None:  # noqa: ANN001
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def _record_consent(page, purpose: str, agency: str | None = None) -> None:  # noqa: ANN001
    page.locator("#protection-panel summary", has_text="Record a consent").click()
    form = page.locator("form.consent-form")
    form.get_by_label("Purpose", exact=True).select_option(purpose)
    if agency:
        form.get_by_label("Agency to share with (sharing only)").select_option(label=agency)
    for box in form.locator("input[name=informed_of]").all():
        box.check()
    form.get_by_role("button", name="Record consent").click()
    expect(page.get_by_text("Consent recorded.")).to_be_visible()


def test_whole_protect_journey(page, live_server: LiveServer) -> None:  # noqa: ANN001
    _add_shelter(live_server)
    today = date.today().isoformat()

    # Intake by a caseworker of NGO North.
    sign_in(page, "ana")
    page.goto("/cases/new")
    page.get_by_label("Given name").fill("Lina")
    page.get_by_label("Family name").fill("Petrenko")
    page.get_by_label("Birth date (YYYY, YYYY-MM or YYYY-MM-DD)").fill(BIRTH_DATE)
    page.get_by_label("Document number").fill(DOCUMENT)
    page.get_by_label("Citizenship", exact=True).fill("Ukraine")
    page.get_by_role("group", name="Type of exploitation").get_by_label(
        "Sexual exploitation"
    ).check()
    page.get_by_role("button", name="Open case").click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    case_url = page.url
    case_id = int(case_url.rsplit("/", 1)[1])

    # Consent to referral and to sharing with the shelter, recorded in the case.
    _record_consent(page, "referral")
    page.goto(case_url)
    _record_consent(page, "sharing", agency="Safe House")

    # Referral to the shelter, sharing names only.
    page.goto(case_url)
    page.get_by_text("Refer this case to another agency").click()
    refer = page.locator(f"form[action='/cases/{case_id}/referrals']")
    refer.get_by_label("Agency", exact=True).select_option(label="Safe House — Netherlands")
    refer.get_by_label("Service", exact=True).select_option("shelter")
    refer.get_by_label("Names and aliases").check()
    refer.get_by_role("button", name="Refer").click()
    expect(page.get_by_text("Safe House").first).to_be_visible()
    _sign_out(page)

    # The shelter accepts, records the service, and sees only what was shared.
    sign_in(page, "shelly")
    page.goto("/referrals/received")
    page.get_by_role("link", name=re.compile(r"^#\d+$")).first.click()
    expect(page.get_by_text("Petrenko").first).to_be_visible()
    assert BIRTH_DATE not in page.content() and DOCUMENT not in page.content()
    page.get_by_role("button", name="Accept").click()
    page.get_by_label("Service", exact=True).select_option("shelter")
    page.get_by_label("Delivered on").fill(today)
    page.get_by_role("button", name="Record service").click()
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_role("button", name="Mark as done")).to_have_count(0)
    assert BIRTH_DATE not in page.content() and DOCUMENT not in page.content()
    response = page.goto(case_url)
    assert response is not None and response.status == 404
    _sign_out(page)

    # Back at NGO North: the service shows, a reasonable-grounds decision, then closure.
    sign_in(page, "ana")
    page.goto(case_url)
    expect(page.get_by_text("Safe House").first).to_be_visible()
    nrm = page.locator("#nrm-panel")
    nrm.get_by_text("Record a decision").click()
    nrm.get_by_label("Stage").select_option("reasonable_grounds")
    nrm.get_by_label("Decision", exact=True).select_option("positive")
    nrm.get_by_label("Decision maker").fill("A. Officer, competent authority")
    nrm.get_by_label("Decided on").fill(today)
    nrm.get_by_label("Reasons").first.fill("Indicators of deception and debt bondage.")
    nrm.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#nrm-panel").get_by_text("A. Officer").first).to_be_visible()
    page.goto(case_url + "/close")
    page.get_by_label("Reason for closure").select_option("goals_achieved")
    page.get_by_label("I confirm that this case is to be closed.").check()
    page.get_by_role("button", name="Close case").click()
    page.goto(case_url)
    expect(page.get_by_text("Closed").first).to_be_visible()

    with live_server.store.session() as session:
        referral = session.scalars(select(Referral).where(Referral.case_id == case_id)).one()
        # Done before the closure, so closing the case (which revokes open referrals) keeps it.
        assert referral.status == "done" and referral.shared_fields == ["identity"]
        assert session.scalars(select(ServiceDelivery)).one().service_type == "shelter"
        shared_reads = session.scalars(
            select(AuditEntry).where(AuditEntry.actor == "shelly", AuditEntry.entity == "case")
        ).all()
        assert shared_reads and all(
            "birth_date" not in e.fields and "identity_number" not in e.fields for e in shared_reads
        )
        assert verify_chain(session).intact
