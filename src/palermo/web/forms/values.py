"""Typed values out of a submitted HTML form; a bad value is a ValidationFailed with its field.

Blank fields are ``None``, so that a schema's own default or "unknown" applies.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from palermo.cases.record.casefile import problems_from_pydantic
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg

M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], **values: Any) -> M:
    """A schema from form values; a bad value is a ValidationFailed, shown as a message."""
    try:
        return model(**values)
    except ValidationError as exc:
        problems = problems_from_pydantic(exc)
        where = ", ".join(p.field for p in problems)
        raise ValidationFailed(
            msg("Please correct: {fields}.", fields=where), problems=problems
        ) from None


def text(form: FormData, name: str) -> str | None:
    """The field's text without surrounding blanks; None when blank or missing."""
    value = form.get(name)
    return value.strip() or None if isinstance(value, str) else None


def texts(form: FormData, name: str) -> list[str]:
    """Every value of a repeated field (ticked boxes, a multiple select)."""
    return [v for v in form.getlist(name) if isinstance(v, str)]


def parse_date(value: object, field: str) -> date | None:
    """A date typed as YYYY-MM-DD; blank is None. The one date parser of the web layer."""
    if value is None or not str(value).strip():
        return None
    cleaned = str(value).strip()
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValidationFailed(
            msg("{field} is not a date.", field=field),
            problems=[FieldProblem(field, msg("use YYYY-MM-DD"), value=cleaned)],
        ) from None


def iso_date(form: FormData, name: str) -> date | None:
    return parse_date(form.get(name), name)


def whole_number(form: FormData, name: str) -> int | None:
    value = text(form, name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationFailed(
            msg("{field} is not a whole number.", field=name),
            problems=[FieldProblem(name, msg("not a number"), value=value)],
        ) from None
