import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from palermo.store import Store
from palermo.store.models import AuditEntry
from tests.factories import make_agency_user
from tests.web.conftest import login

FORM = {
    "person.given_name": "Amina",
    "person.family_name": "Okafor",
    "person.birth_date": "2001-05-17",
    "person.identity_number": "A1234567",
    "person.gender": "Feminine",
    "citizenship": ["NG"],
    "status": "Active",
    "identified_on": "2025-06-01",
    "exploitation_types": ["SexualExploitation", "ForcedLabour"],
    "means_of_control": ["DebtBondage"],
    "events.0.type": "Recruitment",
    "events.0.country": "NG",
    "events.0.city": "Benin City",
    "event_slots": "3",
}


def _create(client: TestClient, csrf: str, **changes) -> int:
    # These tests open namesakes on purpose: the duplicate check is answered "someone else".
    data = {**FORM, "not_duplicate": "yes", **changes, "csrf_token": csrf}
    response = client.post("/cases/new", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text[:800]
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_create_find_and_read_a_case(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    csrf = login(client, actor.username)
    case_id = _create(client, csrf)
    page = client.get(f"/cases/{case_id}").text
    assert "Amina Okafor" in page and "Benin City" in page and "Debt" in page
    listing = client.get("/cases", params={"name": "okafor"}).text
    assert f"/cases/{case_id}" in listing
    assert f"/cases/{case_id}" not in client.get("/cases", params={"name": "okafo"}).text
    assert f"/cases/{case_id}" in client.get("/cases", params={"document": "a123 4567"}).text
    partial = client.get(
        "/cases", params={"birth_date": "2001-05-17"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in partial.text and f"/cases/{case_id}" in partial.text


def test_invalid_form_shows_every_problem_and_keeps_input(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    csrf = login(client, actor.username)
    response = client.post(
        "/cases/new",
        data={
            **FORM,
            "person.birth_date": "2001-13-40",
            "age_when_trafficked": "-3",
            "csrf_token": csrf,
        },
    )
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.text
    assert "person.birth_date" in response.text and "age_when_trafficked" in response.text
    assert 'value="Amina"' in response.text
    assert client.get("/api/cases").json()["total"] == 0


def test_edit_and_comment(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    csrf = login(client, actor.username)
    case_id = _create(client, csrf)
    edit = client.get(f"/cases/{case_id}/edit").text
    assert 'value="Okafor"' in edit
    response = client.post(
        f"/cases/{case_id}/edit",
        data={**FORM, "status": "FollowUp", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    client.post(f"/cases/{case_id}/comments", data={"body": "Moved to shelter", "csrf_token": csrf})
    page = client.get(f"/cases/{case_id}").text
    assert "Moved to shelter" in page and "Follow" in page


def test_other_agency_gets_not_found_and_attempt_is_audited(
    client: TestClient, store: Store
) -> None:
    owner = make_agency_user(store, agency="NGO North")
    other = make_agency_user(store, agency="Police South")
    case_id = _create(client, login(client, owner.username))
    client.cookies.clear()
    login(client, other.username)
    assert client.get(f"/cases/{case_id}").status_code == 404
    assert f"/cases/{case_id}" not in client.get("/cases").text
    with store.session() as s:
        denied = s.scalars(select(AuditEntry).where(AuditEntry.outcome == "denied")).all()
    assert [(d.actor, d.entity_id) for d in denied] == [(other.username, case_id)]


def test_audit_trail_only_for_supervisors(client: TestClient, store: Store) -> None:
    worker = make_agency_user(store)
    boss = make_agency_user(store, role="supervisor")
    case_id = _create(client, login(client, worker.username))
    assert "Audit trail" not in client.get(f"/cases/{case_id}").text
    client.cookies.clear()
    login(client, boss.username)
    page = client.get(f"/cases/{case_id}").text
    assert "Audit trail" in page
    assert re.search(
        rf'<td data-label="Who">{worker.username}</td>\s*<td data-label="Event">Case opened', page
    )
    full = client.get(f"/cases/{case_id}/audit").text
    assert "Case opened" in full and "Personal details recorded" in full


def test_dashboard_counts(client: TestClient, store: Store) -> None:
    actor = make_agency_user(store)
    csrf = login(client, actor.username)
    _create(client, csrf)
    _create(client, csrf, **{"person.given_name": "Joy", "exploitation_types": ["ForcedLabour"]})
    page = client.get("/").text
    assert re.search(r"Forced labour</td><td class=\"num\">2</td>", page)
    assert re.search(r"2025</td><td class=\"num\">2</td>", page)


def test_refusal_renders_an_error_page_with_the_signed_in_user(
    client: TestClient, store: Store
) -> None:
    worker = make_agency_user(store)
    analyst = make_agency_user(store, role="analyst", username="ana-lyst")
    case_id = _create(client, login(client, worker.username))
    client.cookies.clear()
    login(client, analyst.username)
    page = client.get(f"/cases/{case_id}")
    assert page.status_code == 403
    assert "may not open case records" in page.text and "ana-lyst" in page.text


def test_perpetrators_and_event_descriptions_survive_the_edit_form(
    client: TestClient, store: Store
) -> None:
    actor = make_agency_user(store)
    csrf = login(client, actor.username)
    case_id = _create(
        client,
        csrf,
        **{
            "events.0.description": "Met the recruiter at the bus station",
            "perpetrators.0.given_name": "Viktor",
            "perpetrators.0.family_name": "Draganov",
            "perpetrators.0.roles": ["RecruiterOrIntermediary"],
            "perpetrator_slots": "1",
        },
    )
    page = client.get(f"/cases/{case_id}").text
    assert "Viktor Draganov" in page
    edit = client.get(f"/cases/{case_id}/edit").text
    assert 'value="Viktor"' in edit and "Met the recruiter at the bus station" in edit
    # Saving the form unchanged keeps both; the perpetrator's person row is not duplicated.
    form = {
        **FORM,
        "events.0.description": "Met the recruiter at the bus station",
        "perpetrators.0.given_name": "Viktor",
        "perpetrators.0.family_name": "Draganov",
        "perpetrators.0.roles": ["RecruiterOrIntermediary"],
        "perpetrator_slots": "2",
        "status": "FollowUp",
        "csrf_token": csrf,
    }
    assert (
        client.post(f"/cases/{case_id}/edit", data=form, follow_redirects=False).status_code == 303
    )
    got = client.get(f"/api/cases/{case_id}").json()
    assert got["events"][0]["description"] == "Met the recruiter at the bus station"
    assert [(p["given_name"], p["roles"]) for p in got["perpetrators"]] == [
        ("Viktor", ["RecruiterOrIntermediary"])
    ]
    # Removing the perpetrator removes their encrypted person row too.
    form.pop("perpetrators.0.given_name"), form.pop("perpetrators.0.family_name")
    form.pop("perpetrators.0.roles")
    client.post(f"/cases/{case_id}/edit", data=form)
    with store.engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT count(*) FROM person")).scalar() == 1
    assert client.get(f"/api/cases/{case_id}").json()["perpetrators"] == []


def test_saving_the_edit_form_unchanged_changes_nothing(client: TestClient, store: Store) -> None:
    from palermo import cases as case_services
    from palermo.cases.record.schemas import CaseCreate, PersonData

    actor = make_agency_user(store)
    csrf = login(client, actor.username)
    data = CaseCreate(
        person=PersonData(
            given_name="Irina",
            middle_name="Ana",
            family_name="Lungu",
            email="i.l@example.org",
            phone="+373 600 000",
            address="Str. 1",
            primary_language="ron",
        ),
        external_id="SIM-42",
        exploitation_types=["ForcedLabour"],
    )
    with store.session() as s:
        case_id = case_services.open_case(s, data=data, actor=actor).id
    before = client.get(f"/api/cases/{case_id}").json()
    edit = client.get(f"/cases/{case_id}/edit").text
    fields = dict(
        re.findall(r'<input id="[^"]*" name="([^"]+)" type="[^"]*" value="([^"]*)"', edit)
    )
    form = {k: v for k, v in fields.items() if v}
    form |= {
        "status": "Active",
        "exploitation_types": ["ForcedLabour"],
        "csrf_token": csrf,
        "event_slots": "2",
        "perpetrator_slots": "1",
    }
    response = client.post(f"/cases/{case_id}/edit", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text[:500]
    after = client.get(f"/api/cases/{case_id}").json()
    for key in ("updated_at", "comments"):
        before.pop(key), after.pop(key)
    assert after == before
    with store.session() as s:
        trail = case_services.case_audit_trail(
            s,
            case_id=case_id,
            actor=make_agency_user(store, role="supervisor", username="boss"),
            quiet=False,
        )
    assert [e.action for e in trail if e.action == "update"] == []
