"""The opt-in "report this offer": kept only when the person ticks the box, nothing
about them kept, rate limited like the check, and read by monitors only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from palermo.config import Settings
from palermo.recruitment.deployment import CheckSettings, load_check_setup
from palermo.store import Store
from palermo.store.models import AuditEntry, ReportedOffer
from palermo.web.app import create_app
from tests.factories import make_agency_user
from tests.recruitment.monitor_support import inspectorate_user
from tests.recruitment.web_support import RISKY_AD, row_counts
from tests.web.conftest import login


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    app = create_app(
        store=store, settings=Settings(database_url=str(store.engine.url), insecure_cookies=True)
    )
    app.state.check_setup = load_check_setup(CheckSettings(per_client=4))
    with TestClient(app) as c:
        yield c


def test_the_check_offers_to_report_and_keeps_only_what_is_sent(
    client: TestClient, store: Store
) -> None:
    before = row_counts(store)
    checked = client.post("/check", data={"text": RISKY_AD, "country": "AE"})
    assert 'action="/check/report"' in checked.text and 'name="send"' in checked.text
    unticked = client.post("/check/report", data={"text": RISKY_AD, "country": "AE"})
    assert unticked.status_code == 422 and "Nothing was sent" in unticked.text
    assert row_counts(store) == before
    sent = client.post(
        "/check/report", data={"text": RISKY_AD, "country": "AE", "send": "yes", "lang": "fr"}
    )
    assert sent.status_code == 200 and "inspection du travail" in sent.text
    assert "set-cookie" not in sent.headers and not client.cookies
    with store.session() as s:
        row = s.scalars(select(ReportedOffer)).one()
        stored_text = s.execute(text("SELECT text FROM reported_offer")).scalar_one()
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "reported_offer")).one()
    assert row.text == RISKY_AD and row.risk == "high" and "recruitment_fee" in row.flags
    assert RISKY_AD not in stored_text  # encrypted at rest
    assert (entry.actor, entry.origin) == ("public:check", None)


def test_reports_are_rate_limited_like_the_check(client: TestClient, store: Store) -> None:
    answers = [
        client.post("/check/report", data={"text": RISKY_AD, "send": "yes"}).status_code
        for _ in range(6)
    ]
    assert answers == [200] * 4 + [429] * 2
    with store.session() as s:
        assert len(s.scalars(select(ReportedOffer.id)).all()) == 4


def test_monitors_read_and_mark_reports_and_others_are_refused(
    client: TestClient, store: Store
) -> None:
    client.post("/check/report", data={"text": RISKY_AD, "country": "AE", "send": "yes"})
    make_agency_user(store, agency="NGO North", username="ngo")
    csrf = login(client, "ngo")
    assert client.get("/monitor/reports").status_code == 403
    with store.session() as s:
        report_id = s.scalars(select(ReportedOffer.id)).one()
    refused = client.post(
        f"/monitor/reports/{report_id}/mark", data={"mark": "referred", "csrf_token": csrf}
    )
    assert refused.status_code == 403
    client.cookies.clear()
    inspectorate_user(store, username="insp")
    csrf = login(client, "insp")
    page = client.get("/monitor/reports").text
    assert f'id="report-{report_id}"' in page and "Girls wanted for hostess work" in page
    marked = client.post(
        f"/monitor/reports/{report_id}/mark",
        data={"mark": "referred", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert marked.status_code == 303
    with store.session() as s:
        row = s.get(ReportedOffer, report_id)
        assert (row.mark, row.marked_by) == ("referred", "insp")
