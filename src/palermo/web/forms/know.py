"""Know's form and query values: years of a statistics page, action plan forms."""

from __future__ import annotations

from starlette.datastructures import FormData

from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.stats.plans.schemas import (
    IndicatorCreate,
    MeasureCreate,
    ObjectiveCreate,
    PlanCreate,
    ValueRecord,
)
from palermo.web.forms.values import iso_date, text, validated


def parse_year(value: object, field: str) -> int | None:
    """A year typed as YYYY; blank is None."""
    if value is None or not str(value).strip():
        return None
    cleaned = str(value).strip()
    if not (cleaned.isdigit() and len(cleaned) == 4):
        raise ValidationFailed(
            msg("{field} is not a year.", field=field),
            problems=[FieldProblem(field, msg("use YYYY"), value=cleaned)],
        )
    return int(cleaned)


def _number(form: FormData, name: str) -> float | None:
    value = text(form, name)
    if value is None:
        return None
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise ValidationFailed(
            msg("{field} is not a number.", field=name),
            problems=[FieldProblem(name, msg("not a number"), value=value)],
        ) from None


def plan_from_form(form: FormData) -> PlanCreate:
    return validated(
        PlanCreate,
        title=text(form, "title"),
        country=text(form, "country"),
        starts_on=iso_date(form, "starts_on"),
        ends_on=iso_date(form, "ends_on"),
    )


def objective_from_form(form: FormData) -> ObjectiveCreate:
    return validated(ObjectiveCreate, title=text(form, "title"))


def measure_from_form(form: FormData) -> MeasureCreate:
    agency = text(form, "agency_id")
    return validated(
        MeasureCreate,
        title=text(form, "title"),
        agency_id=int(agency) if agency and agency.isdigit() else None,
        responsible=text(form, "responsible"),
        budget=_number(form, "budget"),
        currency=text(form, "currency"),
        starts_on=iso_date(form, "starts_on"),
        ends_on=iso_date(form, "ends_on"),
    )


def indicator_from_form(form: FormData) -> IndicatorCreate:
    query = text(form, "query")
    return validated(
        IndicatorCreate,
        name=text(form, "name"),
        method=text(form, "method") or "manual",
        query=query,
        unit=text(form, "unit"),
        baseline=_number(form, "baseline"),
        target=_number(form, "target"),
        direction=text(form, "direction") or "increase",
    )


def value_from_form(form: FormData) -> ValueRecord:
    return validated(
        ValueRecord,
        period=text(form, "period"),
        value=_number(form, "value"),
        source=text(form, "source"),
    )
