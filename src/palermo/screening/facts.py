"""The facts a screener records, as in shared/reference/screening/FACTS.md.

``None`` means unknown, which is never the same as ``False`` or an empty list: an
empty list says "asked, and none", ``None`` says "not asked or not answered".
Lists are kept as tuples in the instrument's order, without duplicates, so that
the order in which a screener ticked boxes cannot change anything downstream.

Input files have the shape of shared/reference/screening/cases.yaml: a list of
items each with ``facts`` (and usually ``id``), one such item, or a bare facts
mapping. Other keys of an item (``narrative``, ``expected``) are ignored, so a file
of worked cases can be screened as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from palermo.errors import FieldProblem, UnknownCode, ValidationFailed
from palermo.i18n import joined, msg, pydantic_reason
from palermo.screening.instruments import fact_vocabulary

CodeList = tuple[str, ...] | None

LIST_FACTS = (
    "acts",
    "deceived_about",
    "recruitment_coercion",
    "vulnerabilities",
    "exploitation",
    "conditions",
    "control",
)
BOOL_FACTS = (
    "destined_for_exploitation",
    "free_to_leave",
    "crossed_border",
    "facilitator_paid_for_entry",
    "consented_to_movement",
    "relationship_ended_on_arrival",
)


@cache
def _codes(fact: str) -> tuple[str, ...]:
    return fact_vocabulary().by_name()[fact].codes


def _normalise(fact: str, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return _normalised(fact, value)  # a tuple of strings by now: pydantic checked it


@lru_cache(maxsize=1 << 12)
def _normalised(fact: str, value: tuple[str, ...]) -> tuple[str, ...]:
    # Screeners tick the same few combinations of boxes: check and order each once.
    valid = _codes(fact)
    for code in value:
        if code not in valid:
            raise UnknownCode(str(code), list_name=fact, valid=list(valid))
    present = set(value)
    return tuple(code for code in valid if code in present)


class Facts(BaseModel):
    """Observable facts about one person; every field may be unknown (None)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    age: int | None = Field(default=None, ge=0, le=130)
    acts: CodeList = None
    deceived_about: CodeList = None
    recruitment_coercion: CodeList = None
    vulnerabilities: CodeList = None
    exploitation: CodeList = None
    destined_for_exploitation: bool | None = None
    conditions: CodeList = None
    control: CodeList = None
    free_to_leave: bool | None = None
    crossed_border: bool | None = None
    entry: str | None = None
    facilitator_paid_for_entry: bool | None = None
    consented_to_movement: bool | None = None
    relationship_ended_on_arrival: bool | None = None

    @field_validator(*LIST_FACTS)
    @classmethod
    def _known_codes(cls, value: tuple[str, ...] | None, info: Any) -> tuple[str, ...] | None:
        return _normalise(info.field_name, value)

    @field_validator("entry")
    @classmethod
    def _known_entry(cls, value: str | None) -> str | None:
        valid = _codes("entry")
        if value is not None and value not in valid:
            raise UnknownCode(str(value), list_name="entry", valid=list(valid))
        return value

    def known(self) -> dict[str, Any]:
        """Only the facts that are known, for display and storage."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


FACT_NAMES: tuple[str, ...] = tuple(Facts.model_fields)
_NAMES = frozenset(FACT_NAMES)  # Facts.model_fields is a slow property (hot path)


def parse_facts(mapping: Mapping[str, Any] | None) -> Facts:
    """Facts from a mapping in the FACTS.md format.

    Raises :class:`UnknownCode` for a fact name or code that does not exist (the
    message lists the valid ones) and :class:`ValidationFailed` for a value of the
    wrong type.
    """
    if mapping is None:
        return Facts()
    if not isinstance(mapping, Mapping):
        raise ValidationFailed(
            msg(
                "Facts must be a mapping of fact names to values, not {kind}.",
                kind=type(mapping).__name__,
            ),
            hint=msg("See shared/reference/screening/FACTS.md for the format."),
        )
    for name in mapping:
        if name not in _NAMES:
            raise UnknownCode(str(name), list_name="screening facts", valid=list(FACT_NAMES))
    try:
        return Facts.model_validate(dict(mapping))
    except ValidationError as exc:
        problems = [
            FieldProblem(
                field=".".join(str(p) for p in err["loc"]) or "facts",
                reason=pydantic_reason(err),
                value=None if err.get("input") is None else str(err.get("input")),
            )
            for err in exc.errors()
        ]
        shown = joined(
            (msg("{field}: {reason}", field=p.field, reason=p.reason) for p in problems),
            sep=msg("; "),
        )
        raise ValidationFailed(
            msg("Invalid screening facts: {shown}.", shown=shown),
            problems=problems,
            hint=msg(
                "Lists take codes, yes/no facts take true, false or null, age takes a number."
            ),
        ) from None


def screening_inputs(data: Any) -> list[tuple[str | None, Facts]]:
    """(id, facts) pairs from already-parsed YAML or JSON data."""
    if data is None:
        raise ValidationFailed(
            msg("The screening file is empty."),
            hint=msg("Give a facts mapping or a list of items with facts."),
        )
    items = data if isinstance(data, list) else [data]
    out: list[tuple[str | None, Facts]] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ValidationFailed(
                msg(
                    "Item {number} is a {kind}, not a mapping.",
                    number=number,
                    kind=type(item).__name__,
                ),
                hint=msg("Each item needs 'id' and 'facts', as in cases.yaml."),
            )
        if "facts" in item:
            case_id = item.get("id")
            out.append((None if case_id is None else str(case_id), parse_facts(item["facts"])))
        else:
            out.append((None, parse_facts(item)))
    return out


def load_screening_file(path: Path) -> list[tuple[str | None, Facts]]:
    """(id, facts) pairs from a YAML (or JSON) file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValidationFailed(msg("{path} is not valid YAML: {exc}", path=path, exc=exc)) from None
    return screening_inputs(data)
