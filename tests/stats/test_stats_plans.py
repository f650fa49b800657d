"""National action plan monitoring: structure, values, named queries, status, evaluation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from palermo.cli import app
from palermo.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from palermo.stats.plans.periods import parse_period
from palermo.stats.plans.queries import find_query
from palermo.stats.plans.report import evaluate_plan
from palermo.stats.plans.schemas import (
    IndicatorCreate,
    MeasureCreate,
    ObjectiveCreate,
    PlanCreate,
    ValueRecord,
)
from palermo.stats.plans.services import (
    add_indicator,
    add_measure,
    add_objective,
    compute_value,
    create_plan,
    record_value,
)
from palermo.stats.plans.status import Reading, measure_status
from palermo.store.models import AuditEntry, Case, ServiceDelivery
from palermo.vocab import MeasureStatus


def test_periods() -> None:
    assert parse_period("2025").start == date(2025, 1, 1)
    assert parse_period("2025-h2").end == date(2025, 12, 31)
    assert (parse_period("2024-Q1").start, parse_period("2024-Q1").end) == (
        date(2024, 1, 1),
        date(2024, 3, 31),
    )
    assert parse_period("2024-02").end == date(2024, 2, 29)
    for bad in ("2025-13", "25", "2025-Q5", ""):
        with pytest.raises(ValidationFailed):
            parse_period(bad)


def _r(value: float | None, target: float = 100, baseline: float | None = 0) -> Reading:
    return Reading(baseline, target, "increase", value)


@pytest.mark.parametrize(
    ("period_end", "readings", "expected"),
    [
        (date(2023, 12, 31), [_r(10)], MeasureStatus.not_started),
        (date(2024, 12, 31), [_r(None)], MeasureStatus.no_data),
        (date(2024, 12, 31), [_r(100), _r(120)], MeasureStatus.achieved),
        (date(2024, 12, 31), [_r(30)], MeasureStatus.on_track),  # a quarter gone, 30% done
        (date(2025, 12, 31), [_r(20)], MeasureStatus.behind),  # half gone, 20% done
        (date(2028, 12, 31), [_r(90)], MeasureStatus.overdue),
        (date(2024, 12, 31), [Reading(50, 20, "decrease", 19)], MeasureStatus.achieved),
    ],
)
def test_measure_status(period_end: date, readings: list[Reading], expected: MeasureStatus) -> None:
    status = measure_status(
        starts_on=date(2024, 1, 1),
        ends_on=date(2027, 12, 31),
        period_end=period_end,
        readings=readings,
    )
    assert status == expected


def _plan(world) -> dict[str, int]:  # noqa: ANN001
    actor = world.national
    with world.store.session() as s:
        plan = create_plan(
            s,
            data=PlanCreate(
                title="NAP 2021-2025",
                country="gb",
                starts_on=date(2021, 1, 1),
                ends_on=date(2025, 12, 31),
            ),  # fmt: skip
            actor=actor,
        )
        objective = add_objective(
            s, plan_id=plan.id, data=ObjectiveCreate(title="Protect victims"), actor=actor
        )
        measure = add_measure(
            s,
            plan_id=plan.id,
            objective_id=objective.id,
            data=MeasureCreate(
                title="Services within a month",
                agency_id=world.agencies["A"],
                budget=250000,
                currency="gbp",
                starts_on=date(2021, 1, 1),
                ends_on=date(2024, 12, 31),
            ),  # fmt: skip
            actor=actor,
        )
        computed = add_indicator(
            s,
            plan_id=plan.id,
            measure_id=measure.id,
            data=IndicatorCreate(
                name="Served within 30 days",
                method="computed",
                query="service_within_30_days",
                baseline=0,
                target=20,
            ),  # fmt: skip
            actor=actor,
        )
        manual = add_indicator(
            s,
            plan_id=plan.id,
            measure_id=measure.id,
            data=IndicatorCreate(name="Shelter places", baseline=40, target=60),
            actor=actor,
        )
        return {"plan": plan.id, "objective": objective.id, "measure": measure.id,
                "computed": computed.id, "manual": manual.id}  # fmt: skip


def test_a_computed_indicator_runs_its_pinned_query(stats_world) -> None:  # noqa: ANN001
    ids = _plan(stats_world)
    with stats_world.store.session() as s:
        value = compute_value(
            s, plan_id=ids["plan"], indicator_id=ids["computed"], period="2022",
            actor=stats_world.national,
        )  # fmt: skip
        # The same share counted by hand.
        cohort = {
            c.id: (c.identified_on or c.created_at.date())
            for c in s.scalars(select(Case))
            if (c.identified_on or c.created_at.date()).year == 2022
        }
        served = {
            d.case_id
            for d in s.scalars(select(ServiceDelivery))
            if d.case_id in cohort and d.delivered_on <= cohort[d.case_id] + timedelta(days=30)
        }
        assert (value.numerator, value.denominator) == (len(served), len(cohort))
        assert value.value == pytest.approx(100 * len(served) / len(cohort))
        assert "service_within_30_days@1" in value.source
        with pytest.raises(Conflict):
            record_value(
                s, plan_id=ids["plan"], indicator_id=ids["computed"],
                data=ValueRecord(period="2022", value=1, source="x"), actor=stats_world.national,
            )  # fmt: skip


def test_values_by_hand_need_a_source_and_replace_their_period(stats_world) -> None:  # noqa: ANN001
    ids = _plan(stats_world)
    actor = stats_world.national
    with stats_world.store.session() as s:
        for value in (45, 52):
            record_value(
                s, plan_id=ids["plan"], indicator_id=ids["manual"],
                data=ValueRecord(period="2023", value=value, source="Ministry census"), actor=actor,
            )  # fmt: skip
        compute_value(
            s, plan_id=ids["plan"], indicator_id=ids["computed"], period="2023", actor=actor
        )
    with pytest.raises(ValueError):
        ValueRecord(period="2023", value=1, source="")
    with stats_world.store.session() as s:
        ev = evaluate_plan(s, plan_id=ids["plan"], period="2023", actor=stats_world.analyst)
        measure = ev.measures[0]
        manual = next(i for i in measure.indicators if i.id == ids["manual"])
        assert (manual.value, manual.period, manual.source) == (52, "2023", "Ministry census")
        assert manual.history == (("2023", 52),)
        assert measure.agency == "Agency A" and measure.currency == "GBP"
        assert sum(ev.statuses.values()) == 1
        assert measure.status in (MeasureStatus.on_track, MeasureStatus.behind,
                                  MeasureStatus.achieved)  # fmt: skip
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "plan_indicator_value")
        ).all()
        assert {e.action for e in entries} >= {"create", "update"}


def test_only_the_national_coordinator_changes_a_plan(stats_world) -> None:  # noqa: ANN001
    ids = _plan(stats_world)
    with stats_world.store.session() as s, pytest.raises(PermissionDenied):
        add_objective(
            s, plan_id=ids["plan"], data=ObjectiveCreate(title="x"), actor=stats_world.analyst
        )
    with stats_world.store.session() as s, pytest.raises(PermissionDenied):
        evaluate_plan(s, plan_id=ids["plan"], actor=stats_world.caseworker)


def test_rows_of_another_plan_are_refused(stats_world) -> None:  # noqa: ANN001
    first, second = _plan(stats_world), _plan(stats_world)
    with stats_world.store.session() as s, pytest.raises(NotFound):
        compute_value(
            s, plan_id=second["plan"], indicator_id=first["computed"], period="2022",
            actor=stats_world.national,
        )  # fmt: skip
    with stats_world.store.session() as s, pytest.raises(ValidationFailed):
        add_measure(
            s, plan_id=first["plan"], objective_id=first["objective"],
            data=MeasureCreate(title="Late", starts_on=date(2026, 1, 1), ends_on=date(2027, 1, 1)),
            actor=stats_world.national,
        )  # fmt: skip


def test_queries_are_found_by_name_or_pinned_version() -> None:
    assert find_query("victims_identified").ref == "victims_identified@1"
    assert find_query("referrals_accepted@1").unit == "%"
    with pytest.raises(NotFound):
        find_query("service_within_30_days@9")


def test_plan_cli_builds_a_plan_and_reports_it(cli_env, tmp_path) -> None:  # noqa: ANN001
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, ["plan", *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    plan = run("create", "--title", "CLI plan", "--country", "GB", "--start", "2021-01-01",
               "--end", "2025-12-31").split()[1]  # fmt: skip
    objective = run("objective", "--plan", plan, "--title", "Identify").split()[1]
    measure = run("measure", "--plan", plan, "--objective", objective, "--title", "Train",
                  "--start", "2021-01-01", "--end", "2025-12-31").split()[1]  # fmt: skip
    indicator = run("indicator", "--plan", plan, "--measure", measure, "--name", "Identified",
                    "--query", "victims_identified", "--target", "10").split()[1]  # fmt: skip
    run("value", "--plan", plan, "--indicator", indicator, "--period", "2022", "--compute")
    out = tmp_path / "ev.json"
    report = run("report", "--plan", plan, "--period", "2022", "--out", str(out))
    assert "Identified:" in report and "target 10" in report
    assert '"status"' in out.read_text()
