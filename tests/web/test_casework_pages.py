"""Casework pages: the case file, forms that keep what was typed, the close step, the
duplicate warning, "saved" notices, hand-over and tasks, administration, reports."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select

from palermo import clock
from palermo.accounts import throttle
from palermo.store import Store
from palermo.store.models import Case, LoginThrottle, User, utcnow
from tests.factories import PASSWORD, make_agency_user
from tests.web.conftest import hidden_csrf, login

SEVENTEEN = (clock.today() - timedelta(days=17 * 365 + 30)).isoformat()


def _new_case(client: TestClient, csrf: str, **fields: object) -> object:
    data = {"csrf_token": csrf, "person.given_name": "Grace", "person.family_name": "Achieng"}
    return client.post("/cases/new", data={**data, **fields}, follow_redirects=False)


def test_case_file_names_accepted_child_badge_notice_and_print(
    client: TestClient, store: Store
) -> None:
    make_agency_user(store, username="ana")
    csrf = login(client, "ana")
    made = _new_case(
        client,
        csrf,
        **{
            "person.birth_date": SEVENTEEN,
            "person.primary_language": "English",
            "citizenship": ["Kenya", ""],
            "person.phone": "+254 700 111",
            "events.0.type": "Recruitment",
            "events.0.country": "kenya",
            "events.0.description": "Met at the bus station",
            "event_slots": "1",
            "perpetrators.0.given_name": "Tom",
            "perpetrators.0.roles": ["RecruiterOrIntermediary"],
            "perpetrator_slots": "1",
        },
    )
    assert made.status_code == 303, made.text[:1000]
    case_url = made.headers["location"]
    page = client.get(case_url).text
    assert "Case opened." in page  # the notice, once
    assert "Case opened." not in client.get(case_url).text
    assert 'class="badge badge-child">Child<' in page
    assert re.search(r"<dt>Age</dt>\s*<dd>17 · at identification: 17", page)
    for shown in (
        "English",
        "Kenya",
        "+254 700 111",
        "Met at the bus station",
        "Recruiter Or Intermediary",
    ):
        assert shown in page, shown
    assert "Record the best-interests assessment" in page
    listing = client.get("/cases").text
    assert "Child</span>" in listing and f'<td data-label="Birth year">{SEVENTEEN[:4]}' in listing
    printed = client.get(case_url + "?print=1").text
    assert "Confidential" in printed and "<form" not in printed and "<button" not in printed
    assert "Met at the bus station" in printed


def test_unknown_name_is_shown_back_beside_the_field(client: TestClient, store: Store) -> None:
    make_agency_user(store, username="ana")
    csrf = login(client, "ana")
    client.cookies.set("palermo_lang", "fr")
    refused = _new_case(client, csrf, **{"person.primary_language": "Klingonais"})
    assert refused.status_code == 422
    assert 'value="Klingonais"' in refused.text
    assert "pas dans la liste" in refused.text and "valid codes" not in refused.text


def test_namesake_with_the_same_birth_date_is_shown_before_saving(
    client: TestClient, store: Store
) -> None:
    make_agency_user(store, username="ana")
    csrf = login(client, "ana")
    first = {"person.given_name": "Favour", "person.family_name": "Ogbonna",
             "person.birth_date": "2001-04-04"}  # fmt: skip
    assert _new_case(client, csrf, **first).status_code == 303
    again = _new_case(client, csrf, **{**first, "person.given_name": "Favor"})
    assert again.status_code == 200 and "This person may already have a case" in again.text
    assert "similar name (spelling folded)" in again.text and "same birth date" in again.text
    assert 'value="Favor"' in again.text  # nothing typed is lost
    with store.session() as s:
        assert len(s.scalars(select(Case)).all()) == 1
    confirmed = _new_case(client, csrf, **{**first, "person.given_name": "Favor",
                                           "not_duplicate": "yes"})  # fmt: skip
    assert confirmed.status_code == 303


def test_closing_needs_a_reason_and_a_confirmation(client: TestClient, store: Store) -> None:
    make_agency_user(store, username="ana")
    csrf = login(client, "ana")
    case_url = _new_case(client, csrf).headers["location"]
    form = client.get(case_url + "/close").text
    assert '<option value="">— choose a reason —</option>' in form
    assert (
        re.search(r'<option value="[a-z_]+" selected', form.split('id="close-reason"')[1]) is None
    )
    no_reason = client.post(case_url + "/close", data={"csrf_token": csrf, "confirm": "yes"})
    assert no_reason.status_code == 422 and "choose a reason" in no_reason.text
    unconfirmed = client.post(
        case_url + "/close",
        data={"csrf_token": csrf, "reason_code": "goals_achieved", "note": "All done"},
    )
    assert unconfirmed.status_code == 422 and "tick the box to confirm" in unconfirmed.text
    assert "All done</textarea>" in unconfirmed.text
    assert 'value="goals_achieved" selected' in unconfirmed.text
    with store.session() as s:
        assert s.scalars(select(Case.status)).one() == "Active"
    closed = client.post(
        case_url + "/close",
        data={"csrf_token": csrf, "reason_code": "goals_achieved", "confirm": "yes"},
        follow_redirects=True,
    )
    assert "Case closed." in closed.text
    with store.session() as s:
        assert s.scalars(select(Case.status)).one() == "Closed"


def test_consent_form_keeps_its_values_after_a_refusal(client: TestClient, store: Store) -> None:
    make_agency_user(store, username="ana")
    csrf = login(client, "ana")
    case_url = _new_case(client, csrf).headers["location"]
    refused = client.post(
        case_url + "/consents",
        data={"csrf_token": csrf, "purpose": "referral", "guardian_name": "Rose",
              "expires_on": "2099-01-01", "informed_of": ["purpose", "data_uses"]},
    )  # fmt: skip
    assert refused.status_code == 422
    text = refused.text
    assert '<option value="referral" selected' in text and 'value="2099-01-01"' in text
    assert 'value="purpose" checked' in text and 'value="research_use" >' in text
    assert 'id="err-consent-informed_of"' in text and '<details class="action" open>' in text


def test_hand_over_tasks_and_my_work(client: TestClient, store: Store) -> None:
    make_agency_user(store, username="ana")
    sam = make_agency_user(store, role="supervisor", username="sam")
    csrf = login(client, "ana")
    case_url = _new_case(client, csrf).headers["location"]
    added = client.post(
        case_url + "/tasks",
        data={"csrf_token": csrf, "title": "Call the shelter", "due_on": clock.today().isoformat()},
        follow_redirects=True,
    )
    assert "Task added." in added.text and "Call the shelter" in added.text
    assert "Call the shelter" in client.get("/work").text
    moved = client.post(
        case_url + "/owner",
        data={"csrf_token": csrf, "to_user_id": str(sam.user_id)},
        follow_redirects=True,
    )
    assert "Case handed over." in moved.text
    client.cookies.clear()
    login(client, "sam")
    work = client.get("/work").text
    assert "My cases (1)" in work and "Your agency&#39;s queue" in work
    trail = client.get(case_url + "/audit?kind=change").text
    assert "Case handed over" in trail and "Case viewed" not in trail
    exported = client.get(case_url + "/audit.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    assert "Case handed over" in exported.text and "Grace" not in exported.text


def test_list_sorts_by_column(client: TestClient, store: Store) -> None:
    make_agency_user(store, username="ana")
    csrf = login(client, "ana")
    for day in ("2025-03-01", "2025-01-01", "2025-02-01"):
        _new_case(client, csrf, identified_on=day, not_duplicate="yes")
    page = client.get("/cases?sort=identified_on").text
    days = re.findall(r'data-label="Identified on">(\d{4}-\d\d-\d\d)', page)
    assert days == ["2025-01-01", "2025-02-01", "2025-03-01"]
    assert 'aria-sort="ascending"' in page
    down = re.findall(
        r'data-label="Identified on">(\d{4}-\d\d-\d\d)',
        client.get("/cases?sort=-identified_on").text,
    )
    assert down == days[::-1]


def _slow_sign_ins(store: Store, username: str) -> None:
    """Sign-ins to ``username`` must wait, as after many failed attempts."""
    with store.session() as s:
        s.merge(
            LoginThrottle(
                key=throttle.user_key(username), failures=9, last_failure_at=utcnow(),
                wait_until=utcnow() + timedelta(minutes=15),
            )
        )  # fmt: skip


def _wait_of(store: Store, username: str) -> object:
    with store.session() as s:
        return s.scalar(
            select(LoginThrottle.wait_until).where(LoginThrottle.key == throttle.user_key(username))
        )


def test_administration_of_users_and_the_sign_in_wait(client: TestClient, store: Store) -> None:
    make_agency_user(store, role="admin", username="root")
    make_agency_user(store, agency="Police South", role="admin", username="other-admin")
    csrf = login(client, "root")
    created = client.post(
        "/admin/users",
        data={"csrf_token": csrf, "username": "nina", "display_name": "Nina K",
              "role": "caseworker", "password": "short"},
    )  # fmt: skip
    assert created.status_code == 422 and 'value="nina"' in created.text
    client.post(
        "/admin/users",
        data={"csrf_token": csrf, "username": "nina", "display_name": "Nina K",
              "role": "caseworker", "password": PASSWORD},
    )  # fmt: skip
    with store.session() as s:
        nina_id = s.scalar(select(User.id).where(User.username == "nina"))
    _slow_sign_ins(store, "nina")
    users = client.get("/admin/users").text
    assert "Nina K" in users and "Locked until" in users and "other-admin" not in users
    client.post(f"/admin/users/{nina_id}/role", data={"csrf_token": csrf, "role": "supervisor"})
    reset = client.post(f"/admin/users/{nina_id}/password", data={"csrf_token": csrf})
    new_password = re.search(r"<code>([^<]+)</code>", reset.text).group(1)
    with store.session() as s:
        assert s.get(User, nina_id).role == "supervisor"
    assert _wait_of(store, "nina") is None  # the reset cleared the wait
    _slow_sign_ins(store, "nina")
    # While sign-ins wait, even the right password is refused, with how long to wait.
    other = TestClient(client.app)
    page = other.get("/login")
    refused = other.post(
        "/login",
        data={"username": "nina", "password": new_password, "csrf_token": hidden_csrf(page.text)},
    )
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert re.search(r"Wait \d+ seconds", refused.text)
    client.post(f"/admin/users/{nina_id}/unlock", data={"csrf_token": csrf})
    client.post(f"/admin/users/{nina_id}/active", data={"csrf_token": csrf, "active": "no"})
    with store.session() as s:
        assert s.get(User, nina_id).active is False
    assert _wait_of(store, "nina") is None
    # Another agency's administrator cannot reach her.
    client.cookies.clear()
    other_csrf = login(client, "other-admin")
    denied = client.post(
        f"/admin/users/{nina_id}/active", data={"csrf_token": other_csrf, "active": "yes"}
    )
    assert denied.status_code == 404


def test_report_exports_and_gzip(client: TestClient, store: Store) -> None:
    make_agency_user(store, username="ana")
    login(client, "ana")
    client.cookies.set("palermo_lang", "fr")
    page = client.get("/reports", headers={"Accept-Encoding": "gzip"})
    assert page.headers.get("content-encoding") == "gzip"
    assert "Télécharger en CSV" in page.text
    csv_text = client.get("/reports/protect.csv").text
    assert "Services prévus et fournis, par type" in csv_text or "Services" in csv_text
    book = load_workbook(io.BytesIO(client.get("/reports/protect.xlsx").content))
    assert len(book.sheetnames) == 4
