"""Writing a national action plan: the plan, its objectives, measures, indicators, values.

Only a national coordinator writes (:data:`palermo.stats.scope.PLAN_EDITORS`); readers of
national statistics read (:mod:`.report`). Plans are national, not an agency's records:
an unknown id answers NotFound, whoever asks. Every write is audited from the models.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.errors import Conflict, NotFound, ValidationFailed
from palermo.i18n import msg
from palermo.stats.plans.periods import parse_period
from palermo.stats.plans.queries import find_query
from palermo.stats.plans.schemas import (
    IndicatorCreate,
    MeasureCreate,
    ObjectiveCreate,
    PlanCreate,
    ValueRecord,
)
from palermo.stats.scope import PLAN_EDITORS
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import (
    ActionPlan,
    Agency,
    IndicatorValue,
    PlanIndicator,
    PlanMeasure,
    PlanObjective,
)
from palermo.vocab import IndicatorMethod


def _editor(actor: Actor) -> None:
    access.require_role(actor, PLAN_EDITORS, doing=msg("change the national action plan"))


def load_plan(session: Session, plan_id: int) -> ActionPlan:
    plan = session.get(ActionPlan, plan_id)
    if plan is None:
        raise NotFound(msg("No action plan {id}.", id=plan_id), hint=msg("Check the plan number."))
    return plan


def _in_plan(session: Session, model: type, row_id: int, plan_id: int, what: str) -> object:
    """A row of the plan (objective, measure or indicator), or NotFound."""
    row = session.get(model, row_id)
    owner = None
    if isinstance(row, PlanObjective):
        owner = row.plan_id
    elif isinstance(row, PlanMeasure):
        owner = row.objective.plan_id
    elif isinstance(row, PlanIndicator):
        owner = row.measure.objective.plan_id
    if row is None or owner != plan_id:
        raise NotFound(
            msg("No {what} {id} in action plan {plan}.", what=what, id=row_id, plan=plan_id),
            hint=msg("Choose one from the plan's page."),
        )
    return row


@audit.audited
def create_plan(session: Session, *, data: PlanCreate, actor: Actor) -> ActionPlan:
    _editor(actor)
    plan = ActionPlan(**data.model_dump(), created_by=actor.username)
    session.add(plan)
    session.flush()
    return plan


@audit.audited
def add_objective(
    session: Session, *, plan_id: int, data: ObjectiveCreate, actor: Actor
) -> PlanObjective:
    _editor(actor)
    load_plan(session, plan_id)
    objective = PlanObjective(plan_id=plan_id, title=data.title)
    session.add(objective)
    session.flush()
    return objective


@audit.audited
def add_measure(
    session: Session, *, plan_id: int, objective_id: int, data: MeasureCreate, actor: Actor
) -> PlanMeasure:
    _editor(actor)
    plan = load_plan(session, plan_id)
    _in_plan(session, PlanObjective, objective_id, plan_id, msg("objective"))
    if data.agency_id is not None and session.get(Agency, data.agency_id) is None:
        raise ValidationFailed(msg("No agency with id {id}.", id=data.agency_id))
    if data.starts_on < plan.starts_on or data.ends_on > plan.ends_on:
        raise ValidationFailed(
            msg(
                "The measure runs {start} to {end}, outside the plan ({plan_start} to {plan_end}).",
                start=data.starts_on,
                end=data.ends_on,
                plan_start=plan.starts_on,
                plan_end=plan.ends_on,
            ),
            hint=msg("Give dates within the plan's years."),
        )
    measure = PlanMeasure(objective_id=objective_id, **data.model_dump())
    session.add(measure)
    session.flush()
    return measure


@audit.audited
def add_indicator(
    session: Session, *, plan_id: int, measure_id: int, data: IndicatorCreate, actor: Actor
) -> PlanIndicator:
    _editor(actor)
    load_plan(session, plan_id)
    _in_plan(session, PlanMeasure, measure_id, plan_id, msg("measure"))
    name = version = None
    unit = data.unit
    if data.method == IndicatorMethod.computed:
        query = find_query(data.query or "")
        name, version, unit = query.name, query.version, unit or query.unit
    indicator = PlanIndicator(
        measure_id=measure_id,
        name=data.name,
        method=data.method.value,
        query_name=name,
        query_version=version,
        unit=unit,
        baseline=data.baseline,
        target=data.target,
        direction=data.direction.value,
    )
    session.add(indicator)
    session.flush()
    return indicator


def _upsert(
    session: Session, indicator: PlanIndicator, period: str, **values: object
) -> IndicatorValue:
    span = parse_period(period)
    row = session.scalar(
        select(IndicatorValue).where(
            IndicatorValue.indicator_id == indicator.id, IndicatorValue.period == span.code
        )
    )
    if row is None:
        row = IndicatorValue(
            indicator_id=indicator.id,
            period=span.code,
            period_start=span.start,
            period_end=span.end,
        )
        session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()
    return row


@audit.audited
def record_value(
    session: Session, *, plan_id: int, indicator_id: int, data: ValueRecord, actor: Actor
) -> IndicatorValue:
    """A value entered by hand, with its source; replaces that period's earlier value."""
    _editor(actor)
    load_plan(session, plan_id)
    indicator = _in_plan(session, PlanIndicator, indicator_id, plan_id, msg("indicator"))
    assert isinstance(indicator, PlanIndicator)
    if indicator.method == IndicatorMethod.computed.value:
        raise Conflict(
            msg(
                "Indicator {id} is computed by its query; it takes no value by hand.",
                id=indicator_id,
            ),
            hint=msg("Compute it for the period instead."),
        )
    return _upsert(
        session,
        indicator,
        data.period,
        value=data.value,
        source=data.source,
        numerator=None,
        denominator=None,
        recorded_by=actor.username,
        recorded_at=clock.utcnow_naive(),
    )


@audit.audited
def compute_value(
    session: Session, *, plan_id: int, indicator_id: int, period: str, actor: Actor
) -> IndicatorValue:
    """Run the indicator's pinned query over the period and keep the value."""
    _editor(actor)
    load_plan(session, plan_id)
    indicator = _in_plan(session, PlanIndicator, indicator_id, plan_id, msg("indicator"))
    assert isinstance(indicator, PlanIndicator)
    if indicator.method != IndicatorMethod.computed.value:
        raise Conflict(
            msg("Indicator {id} is entered by hand; it has no query to run.", id=indicator_id),
            hint=msg("Record its value with its source."),
        )
    query = find_query(f"{indicator.query_name}@{indicator.query_version}")
    span = parse_period(period)
    result = query.run(session, span.start, span.end)
    source = msg(
        "Computed by {query} on {day} over {start} to {end}.",
        query=query.ref,
        day=clock.today(),
        start=span.start,
        end=span.end,
    )
    return _upsert(
        session,
        indicator,
        period,
        value=result.value,
        source=str(source),
        numerator=result.numerator,
        denominator=result.denominator,
        recorded_by=actor.username,
        recorded_at=clock.utcnow_naive(),
    )
