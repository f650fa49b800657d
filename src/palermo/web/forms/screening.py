"""The guided screening form to the engine's facts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.datastructures import FormData

from palermo.errors import ValidationFailed
from palermo.screening import Facts, parse_facts, questions

LIST_ANSWER = "__answer"  # suffix of the radio saying "unknown" or "none" for a list question
UNKNOWN = "unknown"


def facts_from_form(form: FormData) -> Facts:
    """Facts from the guided form. Unknown is the default: only answered questions count.

    A list question is answered by ticking codes, or by choosing "none of these";
    otherwise it stays unknown, which the engine treats differently from "none".
    """
    getlist = form.getlist
    mapping: dict[str, Any] = {}
    for group in questions():
        for q in group.questions:
            raw = [v for v in getlist(q.fact) if isinstance(v, str) and v.strip()]
            if q.kind == "list":
                if raw:
                    mapping[q.fact] = raw
                elif (getlist(q.fact + LIST_ANSWER) or [UNKNOWN])[0] == "none":
                    mapping[q.fact] = []
            elif not raw or raw[0] == UNKNOWN:
                continue
            elif q.kind == "bool":
                mapping[q.fact] = {"yes": True, "no": False}.get(raw[0], raw[0])
            elif q.kind == "int":
                try:
                    mapping[q.fact] = int(raw[0].strip())
                except ValueError:
                    raise ValidationFailed(
                        f"{q.text['en']} Give a whole number, or leave it empty if unknown.",
                        hint="Leave the field empty when the answer is not known.",
                    ) from None
            else:
                mapping[q.fact] = raw[0]
    return parse_facts(mapping)


def values_from_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    """What the form shows filled in or ticked for the known facts (unknown: absent).

    A list fact maps to its ticked codes, ``[]`` being "none of these"; a yes/no fact to
    "yes" or "no"; others to their text.
    """
    values: dict[str, Any] = {}
    for group in questions():
        for q in group.questions:
            value = facts.get(q.fact)
            if value is None:
                continue
            if q.kind == "list":
                values[q.fact] = [str(v) for v in value]
            elif q.kind == "bool":
                values[q.fact] = "yes" if value else "no"
            else:
                values[q.fact] = str(value)
    return values


def values_from_form(form: FormData) -> dict[str, Any]:
    """The answers as typed, even when they do not parse, so a refused form keeps them."""
    values: dict[str, Any] = {}
    for group in questions():
        for q in group.questions:
            raw = [v.strip() for v in form.getlist(q.fact) if isinstance(v, str) and v.strip()]
            if q.kind == "list":
                if raw:
                    values[q.fact] = raw
                elif (form.getlist(q.fact + LIST_ANSWER) or [UNKNOWN])[0] == "none":
                    values[q.fact] = []
            elif raw and raw[0] != UNKNOWN:
                values[q.fact] = raw[0]
    return values
