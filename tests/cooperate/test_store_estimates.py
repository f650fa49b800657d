"""Estimates from the store's link table (palermo estimate --from-db) and palermo link run."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from palermo.cli import app
from palermo.config import get_settings
from palermo.cooperate.estimates import capture_from_store
from palermo.errors import NotFound, PermissionDenied, ValidationFailed
from palermo.estimation import EstimateSpec, LongTable
from palermo.store import Store
from tests.cooperate.conftest import People

SPEC = EstimateSpec(method="stepwise")


@pytest.mark.slow
def test_capture_histories_from_the_latest_run(store: Store, linked: tuple[People, int]) -> None:
    people, run_id = linked
    with store.session() as s:
        found = capture_from_store(s, actor=people.coordinator, spec=SPEC)
        by_kind = capture_from_store(s, actor=people.coordinator, spec=SPEC, lists="agency_type")
        by_sex = capture_from_store(s, actor=people.coordinator, spec=SPEC, by=["sex"])
        with pytest.raises(ValidationFailed, match="not at 0.42"):
            capture_from_store(s, actor=people.coordinator, spec=SPEC, threshold=0.42)
        with pytest.raises(NotFound):
            capture_from_store(s, actor=people.coordinator, spec=SPEC, run_id=run_id + 1)
        with pytest.raises(PermissionDenied):
            capture_from_store(s, actor=people.shelter_sup, spec=SPEC)
    assert found.run_id == run_id and found.threshold == 0.5
    assert len(found.data.list_names) == 6 and set(by_kind.data.list_names) == {
        "NGO",
        "Police",
        "Shelter",
    }
    rows = found.sensitivity
    persons = {r.threshold: r.persons for r in rows}
    assert found.data.observed == persons[0.5]
    assert [persons[t] for t in sorted(persons)] == sorted(persons.values())
    assert all(r.estimate is not None and r.estimate >= r.persons for r in rows)
    assert isinstance(by_sex.data, LongTable) and by_sex.data.strata_columns == ("sex",)
    assert len(by_sex.data.people) == found.data.observed


@pytest.mark.slow
def test_the_commands_on_a_configured_store(
    store: Store, linked: tuple[People, int], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    people, first = linked
    monkeypatch.setenv("PALERMO_DATABASE_URL", database_url)
    monkeypatch.setenv("PALERMO_KEYS", store.keyring.to_json())
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        refused = runner.invoke(app, ["link", "run", "--user", "nobody"])
        assert isinstance(refused.exception, NotFound) and "No active user" in str(
            refused.exception
        )
        ran = runner.invoke(
            app, ["link", "run", "--user", "coord", "--json", "--threshold", "0.95"]
        )
        assert ran.exit_code == 0, ran.output
        summary = json.loads(ran.stdout[ran.stdout.index("{") :])
        assert summary["run"] == first + 1 and summary["threshold"] == 0.95
        out = runner.invoke(app, ["estimate", "--from-db", "--json", "--lists", "agency_type"])
        assert out.exit_code == 0, out.output
        payload = json.loads(out.stdout[out.stdout.index("{") :])
        assert set(payload["lists"]) == {"NGO", "Police", "Shelter"}
        assert len(payload["threshold_sensitivity"]) >= 5
        year = runner.invoke(app, ["estimate", "--from-db", "--year", "1990"])
        assert isinstance(year.exception, ValidationFailed)
        assert "No linked cases were identified in 1990" in str(year.exception)
        mixed = runner.invoke(app, ["estimate", "--year", "2024", "x.csv"])
        assert isinstance(mixed.exception, ValidationFailed) and "--from-db" in str(mixed.exception)
    finally:
        get_settings.cache_clear()
