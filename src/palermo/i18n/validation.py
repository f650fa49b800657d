"""Pydantic's validation messages, through the catalogue like Palermo's own.

A schema that refuses a value gives an English sentence ("Input should be less than or
equal to 120"). :func:`pydantic_reason` turns one error of ``ValidationError.errors()``
into a :class:`Msg` with the same English text, so that a French page shows it in French.
A message of a type listed here whose text would differ (pydantic reworded it) is kept as
pydantic wrote it, so the English never changes behind the tests' back; types not listed
stay English until someone adds them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from palermo.i18n.message import N_, Msg

# pydantic-core's ``message_template`` per error type (tests/i18n checks that they still
# match the installed pydantic-core).
PYDANTIC_TEMPLATES: dict[str, str] = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "string_type": N_("Input should be a valid string"),
    "string_too_short": N_("String should have at least {min_length} character{expected_plural}"),
    "string_too_long": N_("String should have at most {max_length} character{expected_plural}"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "date_type": N_("Input should be a valid date"),
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD, {error}"),
    "date_from_datetime_parsing": N_("Input should be a valid date or datetime, {error}"),
    "date_from_datetime_inexact": N_(
        "Datetimes provided to dates should have zero time - e.g. be exact dates"
    ),
    "datetime_type": N_("Input should be a valid datetime"),
    "datetime_parsing": N_("Input should be a valid datetime, {error}"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "too_short": N_(
        "{field_type} should have at least {min_length} item{expected_plural} after "
        "validation, not {actual_length}"
    ),
    "too_long": N_(
        "{field_type} should have at most {max_length} item{expected_plural} after "
        "validation, not {actual_length}"
    ),
    "enum": N_("Input should be {expected}"),
    "literal_error": N_("Input should be {expected}"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "value_error": N_("Value error, {error}"),
}

# What the date and time parser (speedate) says inside "{error}" above.
PARSER_DETAILS: frozenset[str] = frozenset(
    {
        N_("input is too short"),
        N_("input is too long"),
        N_("invalid character in year"),
        N_("invalid character in month"),
        N_("invalid character in day"),
        N_("invalid date separator, expected `-`"),
        N_("month value is outside expected range of 1-12"),
        N_("day value is outside expected range"),
        N_("unexpected extra characters at the end of the input"),
        N_("invalid datetime separator, expected `T`, `t`, `_` or space"),
        N_("invalid character in hour"),
        N_("invalid character in minute"),
        N_("invalid time separator, expected `:`"),
    }
)


def _detail(value: Any) -> Any:
    if isinstance(value, BaseException) and value.args:
        value = value.args[0]  # a validator's ValueError: its message, a Msg if it built one
    if isinstance(value, str) and not isinstance(value, Msg) and value in PARSER_DETAILS:
        return Msg(value)
    return value


def pydantic_reason(error: Mapping[str, Any]) -> str:
    """The reason of one pydantic error, as a :class:`Msg` when the catalogue knows it."""
    english = str(error.get("msg", ""))
    template = PYDANTIC_TEMPLATES.get(str(error.get("type")))
    if template is None:
        return english
    params = dict(error.get("ctx") or {})
    if "{expected_plural}" in template:
        count = params.get("max_length", params.get("min_length"))
        params["expected_plural"] = "" if count == 1 else "s"
    if "error" in params:
        params["error"] = _detail(params["error"])
    try:
        reason = Msg(template, params)
    except (KeyError, IndexError, ValueError):
        return english
    return reason if str(reason) == english else english
