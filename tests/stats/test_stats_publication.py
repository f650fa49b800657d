"""Safe publication from the store: CTDC rows from the cases, DP releases charged to the
database ledger, and ``palermo publish ... --from-db`` refusing an over-budget release."""

from __future__ import annotations

import json

import polars as pl
import pytest
from typer.testing import CliRunner

from palermo.cli import app
from palermo.errors import Conflict, PermissionDenied
from palermo.publishing import SyntheticSpec, TablesSpec
from palermo.stats.privacy_ledger import StoreLedger
from palermo.stats.publication import (
    ctdc_from_store,
    publish_synthetic_from_store,
    publish_tables_from_store,
)
from palermo.stats.records import victim_records

YEAR = 2023
SMALL = (("gender", "ageBroad"), ("citizenship", "form"))  # fast: a few thousand cells


def test_ctdc_rows_are_one_per_person_with_keys_and_per_record_without(stats_world) -> None:  # noqa: ANN001
    with stats_world.store.session() as session:
        rows, unit = ctdc_from_store(session, actor=stats_world.national, years=(YEAR, YEAR))
        keyed, keyed_unit = ctdc_from_store(
            session, actor=stats_world.national, years=(YEAR, YEAR), person_keys=stats_world.truth
        )
        records = victim_records(session)
    assert unit.code == "records" and keyed_unit.code == "persons"
    assert rows.height == records.filter(pl.col("year") == YEAR).height
    # A person counts in the year they were first identified, once.
    first_year: dict[str, int] = {}
    for case_id, year in records.select("case_id", "year").iter_rows():
        person = stats_world.truth.keys[case_id]
        first_year[person] = min(year, first_year.get(person, year))
    assert keyed.height == sum(1 for y in first_year.values() if y == YEAR)
    assert set(rows["yearOfRegistration"]) == {str(YEAR)}


def test_only_a_national_coordinator_publishes(stats_world) -> None:  # noqa: ANN001
    with stats_world.store.session() as session, pytest.raises(PermissionDenied):
        ctdc_from_store(session, actor=stats_world.analyst, years=(YEAR, YEAR))


def test_tables_from_the_store_need_persons_or_a_knowing_publisher(stats_world, tmp_path) -> None:  # noqa: ANN001
    spec = TablesSpec(year=YEAR, epsilon=0.5, years=(YEAR, YEAR), tables=SMALL)
    with pytest.raises(Conflict, match="No linkage run yet"):
        publish_tables_from_store(
            stats_world.store, actor=stats_world.national, spec=spec, out=tmp_path / "a",
            dataset="pub-refuse",
        )  # fmt: skip
    assert not (tmp_path / "a").exists()
    published = publish_tables_from_store(
        stats_world.store, actor=stats_world.national, spec=spec, out=tmp_path / "b",
        dataset="pub-keys", person_keys=stats_world.truth,
    )  # fmt: skip
    manifest = json.loads((tmp_path / "b" / "release.json").read_text())
    assert manifest["unit"] == "persons" and manifest["source"] == "Palermo store"
    assert published.remaining == {YEAR: pytest.approx(1.5)}
    ledger = StoreLedger(stats_world.store, actor=stats_world.national)
    assert ledger.spent(dataset="pub-keys", year=YEAR) == pytest.approx(0.5)


@pytest.mark.slow  # the graphical model's first fit compiles JAX code (~15-30 s)
def test_synthetic_rows_from_the_store_are_charged_to_every_year(stats_world, tmp_path) -> None:  # noqa: ANN001
    spec = SyntheticSpec(
        epsilon=1.0,
        years=(2022, 2023),
        columns=("yearOfRegistration", "gender", "ageBroad"),
        iters=150,
    )
    out = tmp_path / "synthetic.csv"
    published, result, real = publish_synthetic_from_store(
        stats_world.store, actor=stats_world.national, spec=spec, out=out,
        dataset="pub-synthetic", allow_records=True,
    )  # fmt: skip
    assert set(published.remaining) == {2022, 2023}
    assert result.frame.columns == ["yearOfRegistration", "gender", "ageBroad"]
    assert json.loads(out.with_name(out.name + ".json").read_text())["unit"] == "records"
    assert real.height > 0


def test_cli_from_db_refuses_over_budget_with_what_is_left(cli_env, tmp_path) -> None:  # noqa: ANN001
    runner = CliRunner()
    args = ["publish", "tables", "--from-db", "--allow-records", "--year", str(YEAR),
            "--dataset", "cli-budget", "--table", "gender,ageBroad"]  # fmt: skip
    first = runner.invoke(app, [*args, "--epsilon", "1.5", "--out", str(tmp_path / "one")])
    assert first.exit_code == 0, first.output
    assert "epsilon left for 2023: 0.5" in " ".join(first.output.split())
    second = runner.invoke(app, [*args, "--epsilon", "1", "--out", str(tmp_path / "two")])
    assert second.exit_code != 0
    assert "has only 0.5 left" in " ".join(str(second.exception or second.output).split())
    assert not (tmp_path / "two").exists()
