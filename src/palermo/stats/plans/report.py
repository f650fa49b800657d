"""Reading a national action plan, and its evaluation report for one period.

The report lists each objective's measures with their responsible agency, budget, dates
and status at the period's end (:mod:`.status`), and each indicator with its baseline,
target, the value of the period (or the latest before it), how that value was obtained
(its query and inputs, or its source) and whether it meets the target. Counts of measures
per status and the budgets per status close it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from palermo.stats.plans.periods import Period, parse_period
from palermo.stats.plans.queries import QUERIES
from palermo.stats.plans.services import load_plan
from palermo.stats.plans.status import Reading, measure_status, meets
from palermo.stats.scope import stats_scope
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
from palermo.vocab import MeasureStatus


@dataclass(frozen=True)
class PlanSummary:
    id: int
    title: str
    country: str
    starts_on: date
    ends_on: date
    measures: int


@dataclass(frozen=True)
class IndicatorLine:
    id: int
    name: str
    method: str
    query: str | None
    unit: str | None
    baseline: float | None
    target: float
    direction: str
    period: str | None  # of the value shown
    value: float | None
    numerator: int | None
    denominator: int | None
    source: str | None
    meets: bool
    history: tuple[tuple[str, float | None], ...]


@dataclass(frozen=True)
class MeasureLine:
    id: int
    title: str
    agency: str | None
    responsible: str | None
    budget: float | None
    currency: str | None
    starts_on: date
    ends_on: date
    status: MeasureStatus
    indicators: tuple[IndicatorLine, ...]


@dataclass(frozen=True)
class ObjectiveLine:
    id: int
    title: str
    measures: tuple[MeasureLine, ...]


@dataclass(frozen=True)
class Evaluation:
    plan: PlanSummary
    period: Period
    objectives: tuple[ObjectiveLine, ...]
    statuses: dict[str, int]  # status code -> measures
    budgets: dict[str, float]  # "status currency" -> total
    queries: tuple[tuple[str, str], ...]  # ref, title of the queries a computed one may use

    @property
    def measures(self) -> list[MeasureLine]:
        return [m for o in self.objectives for m in o.measures]


def list_plans(session: Session, *, actor: Actor) -> list[PlanSummary]:
    stats_scope(actor)
    plans = session.scalars(
        select(ActionPlan)
        .order_by(ActionPlan.starts_on.desc(), ActionPlan.id)
        .options(selectinload(ActionPlan.objectives).selectinload(PlanObjective.measures))
    )
    return [_summary(p) for p in plans]


def _summary(plan: ActionPlan) -> PlanSummary:
    count = sum(len(o.measures) for o in plan.objectives)
    return PlanSummary(plan.id, plan.title, plan.country, plan.starts_on, plan.ends_on, count)


def _indicator(ind: PlanIndicator, period: Period) -> IndicatorLine:
    values = [v for v in ind.values if v.period_end <= period.end]
    current: IndicatorValue | None = values[-1] if values else None
    reading = Reading(ind.baseline, ind.target, ind.direction, current.value if current else None)
    return IndicatorLine(
        id=ind.id,
        name=ind.name,
        method=ind.method,
        query=f"{ind.query_name}@{ind.query_version}" if ind.query_name else None,
        unit=ind.unit,
        baseline=ind.baseline,
        target=ind.target,
        direction=ind.direction,
        period=current.period if current else None,
        value=current.value if current else None,
        numerator=current.numerator if current else None,
        denominator=current.denominator if current else None,
        source=current.source if current else None,
        meets=meets(reading),
        history=tuple((v.period, v.value) for v in values),
    )


def evaluate_plan(
    session: Session, *, plan_id: int, period: str | None = None, actor: Actor
) -> Evaluation:
    """The plan and where each measure stands at the end of ``period`` (default: the
    current year)."""
    stats_scope(actor)
    plan = load_plan(session, plan_id)
    span = parse_period(period or str(min(plan.ends_on.year, max(plan.starts_on.year, _year()))))
    agencies = dict(session.execute(select(Agency.id, Agency.name)).all())
    objectives = []
    statuses: Counter[str] = Counter()
    budgets: dict[str, float] = {}
    for objective in plan.objectives:
        lines = []
        for measure in objective.measures:
            lines.append(_measure(measure, span, agencies))
            statuses[lines[-1].status.value] += 1
            if measure.budget is not None:
                key = f"{lines[-1].status.value} {measure.currency or ''}".strip()
                budgets[key] = budgets.get(key, 0.0) + float(measure.budget)
        objectives.append(ObjectiveLine(objective.id, objective.title, tuple(lines)))
    audit.record(session, actor=actor, action="read", entity="action_plan", entity_id=plan.id)
    return Evaluation(
        _summary(plan),
        span,
        tuple(objectives),
        dict(statuses),
        dict(budgets),
        tuple((q.ref, str(q.title)) for q in QUERIES),
    )


def _measure(measure: PlanMeasure, span: Period, agencies: dict[int, str]) -> MeasureLine:
    indicators = tuple(_indicator(i, span) for i in measure.indicators)
    readings = [Reading(i.baseline, i.target, i.direction, i.value) for i in indicators]
    status = measure_status(
        starts_on=measure.starts_on,
        ends_on=measure.ends_on,
        period_end=span.end,
        readings=readings,
    )
    return MeasureLine(
        id=measure.id,
        title=measure.title,
        agency=agencies.get(measure.agency_id) if measure.agency_id else None,
        responsible=measure.responsible,
        budget=measure.budget,
        currency=measure.currency,
        starts_on=measure.starts_on,
        ends_on=measure.ends_on,
        status=status,
        indicators=indicators,
    )


def _year() -> int:
    from palermo import clock

    return clock.today().year
