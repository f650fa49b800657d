"""``palermo plan``: the national action plan from the command line.

Acts as the national coordinator (shell access to the server is the authority); every
change is audited as ``system:plan``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path

import typer
from rich.console import Console

plan_app = typer.Typer(
    help="National action plan: plans, objectives, measures, indicators, values, reports.",
    no_args_is_help=True,
)


def _run(fn, **kwargs):  # noqa: ANN001, ANN003, ANN202
    """Call a plan service as the national coordinator in one unit of work."""
    from palermo.stats.scope import national_actor
    from palermo.store import open_store

    with open_store().session() as session:
        row = fn(session, actor=national_actor("plan"), **kwargs)
        return row.id


@plan_app.command("create")
def create_command(
    title: str = typer.Option(..., "--title"),
    country: str = typer.Option(..., "--country", help="ISO alpha-2 code."),
    starts_on: str = typer.Option(..., "--start", help="YYYY-MM-DD"),
    ends_on: str = typer.Option(..., "--end", help="YYYY-MM-DD"),
) -> None:
    """Create a plan; prints its id."""
    from palermo.stats.plans.schemas import PlanCreate
    from palermo.stats.plans.services import create_plan

    data = _valid(PlanCreate, title=title, country=country, starts_on=starts_on, ends_on=ends_on)
    Console().print(f"Plan {_run(create_plan, data=data)} created.")


@plan_app.command("objective")
def objective_command(
    plan: int = typer.Option(..., "--plan"), title: str = typer.Option(..., "--title")
) -> None:
    """Add an objective to a plan; prints its id."""
    from palermo.stats.plans.schemas import ObjectiveCreate
    from palermo.stats.plans.services import add_objective

    data = _valid(ObjectiveCreate, title=title)
    Console().print(f"Objective {_run(add_objective, plan_id=plan, data=data)} added.")


@plan_app.command("measure")
def measure_command(
    plan: int = typer.Option(..., "--plan"),
    objective: int = typer.Option(..., "--objective"),
    title: str = typer.Option(..., "--title"),
    starts_on: str = typer.Option(..., "--start", help="YYYY-MM-DD"),
    ends_on: str = typer.Option(..., "--end", help="YYYY-MM-DD"),
    agency: int = typer.Option(None, "--agency", help="Responsible agency id."),
    responsible: str = typer.Option(None, "--responsible", help="Responsible body, in words."),
    budget: float = typer.Option(None, "--budget"),
    currency: str = typer.Option(None, "--currency", help="ISO 4217 code, e.g. EUR."),
) -> None:
    """Add a measure to an objective; prints its id."""
    from palermo.stats.plans.schemas import MeasureCreate
    from palermo.stats.plans.services import add_measure

    data = _valid(
        MeasureCreate,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        agency_id=agency,
        responsible=responsible,
        budget=budget,
        currency=currency,
    )
    found = _run(add_measure, plan_id=plan, objective_id=objective, data=data)
    Console().print(f"Measure {found} added.")


@plan_app.command("indicator")
def indicator_command(
    plan: int = typer.Option(..., "--plan"),
    measure: int = typer.Option(..., "--measure"),
    name: str = typer.Option(..., "--name"),
    target: float = typer.Option(..., "--target"),
    baseline: float = typer.Option(None, "--baseline"),
    query: str = typer.Option(
        None, "--query", help="Computed from Palermo's data by this query (name or name@version)."
    ),
    unit: str = typer.Option(None, "--unit"),
    lower_is_better: bool = typer.Option(False, "--lower-is-better"),
) -> None:
    """Add an indicator (computed with --query, else entered by hand); prints its id."""
    from palermo.stats.plans.schemas import IndicatorCreate
    from palermo.stats.plans.services import add_indicator

    data = _valid(
        IndicatorCreate,
        name=name,
        method="computed" if query else "manual",
        query=query,
        unit=unit,
        baseline=baseline,
        target=target,
        direction="decrease" if lower_is_better else "increase",
    )
    found = _run(add_indicator, plan_id=plan, measure_id=measure, data=data)
    Console().print(f"Indicator {found} added.")


@plan_app.command("value")
def value_command(
    plan: int = typer.Option(..., "--plan"),
    indicator: int = typer.Option(..., "--indicator"),
    period: str = typer.Option(..., "--period", help="2025, 2025-H1, 2025-Q3 or 2025-07."),
    value: float = typer.Option(None, "--value", help="The value (indicators entered by hand)."),
    source: str = typer.Option(None, "--source", help="Where the value comes from."),
    compute: bool = typer.Option(False, "--compute", help="Run the indicator's query instead."),
) -> None:
    """Record an indicator's value for a period: by hand with its source, or --compute."""
    from palermo.stats.plans.schemas import ValueRecord
    from palermo.stats.plans.services import compute_value, record_value

    if compute:
        _run(compute_value, plan_id=plan, indicator_id=indicator, period=period)
    else:
        data = _valid(ValueRecord, period=period, value=value, source=source)
        _run(record_value, plan_id=plan, indicator_id=indicator, data=data)
    Console().print(f"Value of indicator {indicator} for {period.upper()} recorded.")


@plan_app.command("report")
def report_command(
    plan: int = typer.Option(..., "--plan"),
    period: str = typer.Option(None, "--period", help="Default: the current year."),
    out: Path = typer.Option(None, "--out", help="Write the evaluation as JSON here."),
) -> None:
    """The evaluation of a plan at the end of a period: every measure's status."""
    from palermo.stats.plans.report import evaluate_plan
    from palermo.stats.scope import national_actor
    from palermo.store import open_store

    with open_store().session() as session:
        ev = evaluate_plan(session, plan_id=plan, period=period, actor=national_actor("plan"))
    console = Console()
    console.print(f"{ev.plan.title}: evaluation at the end of {ev.period.code}")
    for objective in ev.objectives:
        console.print(f"  Objective {objective.id}: {objective.title}")
        for m in objective.measures:
            console.print(f"    Measure {m.id}: {m.title} [{m.status.label('en')}]")
            for i in m.indicators:
                value = "no value" if i.value is None else f"{i.value:g} ({i.period})"
                console.print(f"      {i.name}: {value}, target {i.target:g}")
    console.print(", ".join(f"{k}: {v}" for k, v in sorted(ev.statuses.items())) or "No measures.")
    if out is not None:
        out.write_text(json.dumps(asdict(ev), indent=2, default=_plain))
        console.print(f"Wrote {out}.")


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _valid(model, **values):  # noqa: ANN001, ANN003, ANN202
    from pydantic import ValidationError

    from palermo.cases.record.casefile import problems_from_pydantic
    from palermo.errors import ValidationFailed

    try:
        return model(**values)
    except ValidationError as exc:
        problems = problems_from_pydantic(exc)
        shown = "; ".join(f"{p.field}: {p.reason}" for p in problems)
        raise ValidationFailed(f"Please correct: {shown}.", problems=problems) from None


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
