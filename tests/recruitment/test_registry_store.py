"""The licensed-agency registry as records: who may change it, imports that are all or
nothing, the history of a licence, and the public check reading it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from palermo.config import Settings, get_settings
from palermo.errors import PermissionDenied, ValidationFailed
from palermo.prevent.check_registry import CheckRegistry
from palermo.prevent.licences import (
    LicenceIn,
    list_licences,
    read_licence,
    record_licence,
    set_licence_status,
)
from palermo.prevent.registry_import import import_registry
from palermo.recruitment import AgencyRegistry
from palermo.store import Store
from palermo.store.models import AgencyLicence, AuditEntry
from palermo.web.app import create_app
from tests.factories import make_agency_user
from tests.recruitment.monitor_support import inspectorate_user

GOOD = (
    "name,licence_number,status,country,kind\n"
    "Gulf Star Recruitment,AE-1234,licensed,AE,recruitment\n"
    "Blue Horizon Brides,PH-77/2020,revoked,PH,marriage\n"
)
AD = "Apply through Gulf Star Recruitment, Dubai. Cleaners wanted, 2,000 AED a month."


def _count(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(AgencyLicence)) or 0


def test_an_inspector_records_suspends_and_the_history_says_who_when_and_why(
    store: Store,
) -> None:
    inspector = inspectorate_user(store, username="insp")
    with store.session() as s:
        view = record_licence(
            s,
            data=LicenceIn("Gulf Star Recruitment", "AE", "licensed", "AE-1234", "recruitment"),
            source="Licensing decision 2026/14",
            actor=inspector,
        )
        set_licence_status(
            s,
            licence_id=view.id,
            status="suspended",
            source="Inspection report 88",
            actor=inspector,
        )
    with store.session() as s:
        shown = read_licence(s, licence_id=view.id, actor=inspector)
        actions = s.execute(
            select(AuditEntry.action, AuditEntry.actor).where(AuditEntry.entity == "agency_licence")
        ).all()
    assert shown.status == "suspended" and shown.source == "Inspection report 88"
    assert [(h.status, h.source, h.changed_by) for h in shown.history] == [
        ("licensed", "Licensing decision 2026/14", "insp"),
        ("suspended", "Inspection report 88", "insp"),
    ]
    assert ("create", "insp") in actions and ("suspended", "insp") in actions


def test_only_inspectorate_staff_and_administrators_change_the_registry(store: Store) -> None:
    ngo = make_agency_user(store, agency="NGO North", username="ngo-worker")
    analyst = inspectorate_user(store, username="insp-analyst", role="analyst")
    admin = make_agency_user(store, agency="NGO North", role="admin", username="ngo-admin")
    data = LicenceIn("Gulf Star Recruitment", "AE", "licensed")
    for refused in (ngo, analyst):
        with store.session() as s, pytest.raises(PermissionDenied):
            record_licence(s, data=data, source="a decision", actor=refused)
        with store.session() as s, pytest.raises(PermissionDenied):
            import_registry(s, text=GOOD, source="a list", actor=refused)
        with store.session() as s, pytest.raises(PermissionDenied):
            list_licences(s, actor=refused)
    assert _count(store) == 0
    with store.session() as s:
        record_licence(s, data=data, source="a decision", actor=admin)
    assert _count(store) == 1


def test_a_bad_import_names_every_line_and_field_and_imports_nothing(store: Store) -> None:
    inspector = inspectorate_user(store, username="insp")
    bad = GOOD + (
        "Ok Agency,OK-1,licensed,FR\n"
        "X,,licenced,ZZ\n"  # name too short, unknown status, unknown country
        "Gulf Star Recruitment,AE-9,expired,AE\n"  # the agency of line 2 again
        "Too,many,values,FR,recruitment,extra\n"
    )
    with store.session() as s, pytest.raises(ValidationFailed) as refused:
        import_registry(s, text=bad, source="Ministry list 2026", actor=inspector)
    found = {(p.row, p.field) for p in refused.value.problems}
    assert {(5, "name"), (5, "status"), (5, "country")} <= found
    assert {(2, "name"), (6, "name"), (7, "row")} <= found
    assert (4, "name") not in found  # the good line is not blamed
    assert "nothing was imported" in str(refused.value)
    assert _count(store) == 0
    with store.session() as s, pytest.raises(ValidationFailed) as columns:
        import_registry(s, text="agency,state\nA,b\n", source="list", actor=inspector)
    assert {(p.field, p.reason) for p in columns.value.problems} >= {
        ("name", "missing column"),
        ("state", "unknown column"),
    }


def test_importing_again_updates_and_keeps_the_unchanged(store: Store) -> None:
    inspector = inspectorate_user(store, username="insp")
    with store.session() as s:
        first = import_registry(s, text=GOOD, source="Ministry list 2026-01", actor=inspector)
    changed = GOOD.replace("AE-1234,licensed", "AE-1234,suspended")
    with store.session() as s:
        second = import_registry(s, text=changed, source="Ministry list 2026-06", actor=inspector)
        rows = {r.name: r for r in list_licences(s, actor=inspector)}
    assert (first.added, first.updated, first.unchanged) == (2, 0, 0)
    assert (second.added, second.updated, second.unchanged) == (0, 1, 1)
    assert rows["Gulf Star Recruitment"].status == "suspended"
    assert rows["Gulf Star Recruitment"].source == "Ministry list 2026-06"
    assert rows["Blue Horizon Brides"].source == "Ministry list 2026-01"


def test_the_public_check_reads_the_records_and_falls_back_to_the_csv(
    store: Store, tmp_path: Path
) -> None:
    csv_registry = AgencyRegistry.from_records(
        [{"name": "Old Csv Agency", "status": "revoked", "country": "AE"}]
    )
    held = CheckRegistry(store, csv_registry, ttl=0)
    assert held.current() is csv_registry  # the table is empty
    inspector = inspectorate_user(store, username="insp")
    with store.session() as s:
        import_registry(s, text=GOOD, source="Ministry list", actor=inspector)
    stored = held.current()
    assert stored is not None and stored is not csv_registry
    assert {r.name for r in stored.records} == {"Gulf Star Recruitment", "Blue Horizon Brides"}

    app = create_app(store=store, settings=Settings(database_url=str(store.engine.url)))
    with TestClient(app) as client:
        before = client.post("/api/check-offer", json={"text": AD, "country": "AE"}).json()
        with store.session() as s:
            licence_id = s.scalar(select(AgencyLicence.id).where(AgencyLicence.country == "AE"))
            set_licence_status(
                s, licence_id=licence_id, status="revoked", source="Decree 5", actor=inspector
            )
        app.state.check_registry.ttl = 0  # see the change now, not within 30 s
        after = client.post("/api/check-offer", json={"text": AD, "country": "AE"}).json()
        page = client.post("/check", data={"text": AD, "country": "AE"}).text
    assert "unlicensed_agency" not in {f["code"] for f in before["flags"]}  # licensed
    assert "unlicensed_agency" in {f["code"] for f in after["flags"]}
    assert 'data-code="unlicensed_agency"' in page


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PALERMO_DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    monkeypatch.setenv("PALERMO_KEY_FILE", str(tmp_path / "palermo.keys"))
    monkeypatch.delenv("PALERMO_KEYS", raising=False)
    monkeypatch.delenv("PALERMO_AUDIT_CHECKPOINTS", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_the_cli_imports_lists_and_suspends(cli_env: Path) -> None:
    from palermo.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["keys", "init"]).exit_code == 0
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    bad = cli_env / "bad.csv"
    bad.write_text("name,status,country\nSome Agency,licensed,XX\n", encoding="utf-8")
    refused = runner.invoke(app, ["registry", "import", str(bad), "--source", "list"])
    assert refused.exit_code != 0 and "line 2, country" in refused.output
    good = cli_env / "agencies.csv"
    good.write_text(GOOD, encoding="utf-8")
    done = runner.invoke(app, ["registry", "import", str(good), "--source", "Ministry list"])
    assert done.exit_code == 0, done.output
    assert "2 added" in done.output
    suspended = runner.invoke(app, ["registry", "suspend", "AE-1234", "--source", "Report 9"])
    assert suspended.exit_code == 0 and "suspended" in suspended.output
    listed = runner.invoke(app, ["registry", "list", "--status", "suspended", "--json"])
    assert listed.exit_code == 0 and '"Gulf Star Recruitment"' in listed.output
    assert "Blue Horizon" not in listed.output


def test_monitor_store_screens_with_the_stored_registry(cli_env: Path, feed: dict) -> None:
    """``palermo monitor store`` keeps the flagged ads; an agency the stored registry says
    is revoked is flagged in the ads that cite it."""
    from palermo.cli import app
    from palermo.store import open_store
    from palermo.store.models import ScreenedAd, ScreenedAdFlag

    runner = CliRunner()
    assert runner.invoke(app, ["keys", "init"]).exit_code == 0
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    frame = feed["frame"].head(300)
    cited = feed["registry"].records[0].name
    extra = frame.head(1).with_columns(
        ad_id=frame["ad_id"].head(1) + "-x", text=frame["text"].head(1) + f" Apply via {cited}."
    )
    feed_file = cli_env / "ads.csv"
    frame.vstack(extra).write_csv(feed_file)
    registry = cli_env / "agencies.csv"
    registry.write_text(
        f"name,status,country\n{cited},revoked,{feed['registry'].records[0].country}\n"
    )
    assert (
        runner.invoke(app, ["registry", "import", str(registry), "--source", "Decree 1"]).exit_code
        == 0
    )
    stored = runner.invoke(app, ["monitor", "store", str(feed_file), "--feed", "sample"])
    assert stored.exit_code == 0, stored.output
    assert "Screening 1 stored: 301 ads" in stored.output
    store = open_store()
    with store.session() as s:
        row = s.scalar(select(ScreenedAd).where(ScreenedAd.ad_id.endswith("-x")))
        assert row is not None
        codes = set(
            s.scalars(select(ScreenedAdFlag.code).where(ScreenedAdFlag.ad_row_id == row.id))
        )
    store.close()
    assert "unlicensed_agency" in codes
