"""Know: the privacy-budget ledger of published statistics, and national action plans.

Nothing here is personal data: budgets and charges name datasets and years; plans,
measures and indicators are public policy. Every row is audited all the same, since who
spent privacy budget or changed a plan's figures is what an evaluation asks.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from palermo.store.models.auditing import AuditSpec
from palermo.store.models.base import Base, utcnow


class PrivacyBudget(Base):
    """The epsilon one dataset and registration year may spend in all (default 2)."""

    __tablename__ = "privacy_budget"
    __audit__ = AuditSpec(entity="privacy_budget")
    __table_args__ = (UniqueConstraint("dataset", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset: Mapped[str] = mapped_column(String(120))
    year: Mapped[int] = mapped_column(Integer)
    epsilon: Mapped[float] = mapped_column(Float)
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PrivacyCharge(Base):
    """One release charged to a (dataset, year) account; never updated nor deleted."""

    __tablename__ = "privacy_charge"
    __audit__ = AuditSpec(entity="privacy_charge")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset: Mapped[str] = mapped_column(String(120), index=True)
    year: Mapped[int] = mapped_column(Integer)
    epsilon: Mapped[float] = mapped_column(Float)
    release: Mapped[str] = mapped_column(String(500))
    charged_by: Mapped[str] = mapped_column(String(200))
    charged_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ActionPlan(Base):
    """A national action plan against trafficking in persons, over its years."""

    __tablename__ = "action_plan"
    __audit__ = AuditSpec(entity="action_plan")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    objectives: Mapped[list[PlanObjective]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanObjective.id"
    )


class PlanObjective(Base):
    __tablename__ = "plan_objective"
    __audit__ = AuditSpec(entity="plan_objective")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("action_plan.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))

    plan: Mapped[ActionPlan] = relationship(back_populates="objectives")
    measures: Mapped[list[PlanMeasure]] = relationship(
        back_populates="objective", cascade="all, delete-orphan", order_by="PlanMeasure.id"
    )


class PlanMeasure(Base):
    """A measure: who is responsible, with what budget, from when to when."""

    __tablename__ = "plan_measure"
    __audit__ = AuditSpec(entity="plan_measure")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("plan_objective.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    responsible: Mapped[str | None] = mapped_column(String(300))
    budget: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    objective: Mapped[PlanObjective] = relationship(back_populates="measures")
    indicators: Mapped[list[PlanIndicator]] = relationship(
        back_populates="measure", cascade="all, delete-orphan", order_by="PlanIndicator.id"
    )


class PlanIndicator(Base):
    """How a measure is judged: a named, versioned query of Palermo's data, or a figure
    entered by hand with its source; a baseline, a target and a direction."""

    __tablename__ = "plan_indicator"
    __audit__ = AuditSpec(entity="plan_indicator")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("plan_measure.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    method: Mapped[str] = mapped_column(String(20))  # IndicatorMethod
    query_name: Mapped[str | None] = mapped_column(String(80))
    query_version: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str | None] = mapped_column(String(40))
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float] = mapped_column(Float)
    direction: Mapped[str] = mapped_column(String(20))  # IndicatorDirection

    measure: Mapped[PlanMeasure] = relationship(back_populates="indicators")
    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="indicator",
        cascade="all, delete-orphan",
        order_by="IndicatorValue.period_start",
    )


class IndicatorValue(Base):
    """An indicator's value for one period (``2025``, ``2025-H1``, ``2025-Q3``, ``2025-07``)."""

    __tablename__ = "plan_indicator_value"
    __audit__ = AuditSpec(entity="plan_indicator_value")
    __table_args__ = (UniqueConstraint("indicator_id", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("plan_indicator.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float)
    # Manual: where the figure comes from. Computed: the query, its version and inputs.
    source: Mapped[str] = mapped_column(Text)
    numerator: Mapped[int | None] = mapped_column(Integer)
    denominator: Mapped[int | None] = mapped_column(Integer)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    indicator: Mapped[PlanIndicator] = relationship(back_populates="values")
