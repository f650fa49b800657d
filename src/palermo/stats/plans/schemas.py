"""What a national coordinator enters: a plan, an objective, a measure, an indicator, a value."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from palermo.i18n import msg
from palermo.vocab import IndicatorDirection, IndicatorMethod, get_list


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _Span(_Strict):
    starts_on: date
    ends_on: date

    @model_validator(mode="after")
    def _ordered(self) -> _Span:
        if self.ends_on < self.starts_on:
            raise ValueError(msg("the end is before the start"))
        return self


class PlanCreate(_Span):
    title: str = Field(min_length=1, max_length=300)
    country: str

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        return str(get_list("country").parse(value.upper()).value)


class ObjectiveCreate(_Strict):
    title: str = Field(min_length=1, max_length=300)


class MeasureCreate(_Span):
    title: str = Field(min_length=1, max_length=300)
    agency_id: int | None = None
    responsible: str | None = Field(default=None, max_length=300)
    budget: float | None = Field(default=None, ge=0)
    currency: str | None = Field(default=None, min_length=3, max_length=3)

    @field_validator("currency")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return value.upper() if value else None


class IndicatorCreate(_Strict):
    """``query`` names a computed indicator's query, ``name@version`` or ``name`` (its
    latest version, pinned when the indicator is created)."""

    name: str = Field(min_length=1, max_length=300)
    method: IndicatorMethod = IndicatorMethod.manual
    query: str | None = None
    unit: str | None = Field(default=None, max_length=40)
    baseline: float | None = None
    target: float
    direction: IndicatorDirection = IndicatorDirection.increase

    @model_validator(mode="after")
    def _query_if_computed(self) -> IndicatorCreate:
        if self.method == IndicatorMethod.computed and not self.query:
            raise ValueError(msg("a computed indicator needs a query"))
        if self.method == IndicatorMethod.manual and self.query:
            raise ValueError(msg("an indicator entered by hand has no query"))
        return self


class ValueRecord(_Strict):
    """A value entered by hand for one period, with where it comes from."""

    period: str
    value: float
    source: str = Field(min_length=1, max_length=2000)
