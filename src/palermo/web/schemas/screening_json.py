"""JSON bodies of the screening API: facts in, outcomes with their reasons out."""

from __future__ import annotations

from typing import Annotated

from fastapi import Body
from pydantic import BaseModel, ConfigDict, Field

from palermo.store.ranges import RowId


class FactsIn(BaseModel):
    """Screening facts (shared/reference/screening/FACTS.md); absent or null means unknown.

    Extra keys are let through on purpose so that the engine, not the schema, refuses
    an unknown fact name with a message listing the valid ones.
    """

    model_config = ConfigDict(extra="allow")

    age: int | None = Field(default=None, ge=0, le=130)
    acts: list[str] | None = None
    deceived_about: list[str] | None = None
    recruitment_coercion: list[str] | None = None
    vulnerabilities: list[str] | None = None
    exploitation: list[str] | None = None
    destined_for_exploitation: bool | None = None
    conditions: list[str] | None = None
    control: list[str] | None = None
    free_to_leave: bool | None = None
    crossed_border: bool | None = None
    entry: str | None = None
    facilitator_paid_for_entry: bool | None = None
    consented_to_movement: bool | None = None
    relationship_ended_on_arrival: bool | None = None


class ScreeningItem(BaseModel):
    """One person to screen, as an item of cases.yaml; other keys (narrative...) are ignored."""

    model_config = ConfigDict(extra="ignore")

    id: str | int | None = None
    facts: FactsIn
    case_id: RowId | None = Field(
        default=None, description="Save the assessment on this case of your agency."
    )


class ReasonOut(BaseModel):
    topic: str
    key: str
    status: str
    text: str
    evidence: list[str]


class ScreeningOut(BaseModel):
    id: str | None
    outcome: str
    also: list[str]
    reasons: list[ReasonOut]
    ask_next: list[str]
    case_id: int | None = None
    screening_id: int | None = None


ScreeningBody = Annotated[
    list[ScreeningItem] | ScreeningItem | FactsIn,
    # Left to right: an object with "facts" is an item, anything else is bare facts.
    Field(union_mode="left_to_right"),
    Body(
        openapi_examples={
            "one": {"summary": "Bare facts", "value": {"age": 16, "acts": ["recruitment"]}},
            "many": {
                "summary": "Items as in cases.yaml",
                "value": [{"id": "a", "facts": {"age": 30, "free_to_leave": True}}],
            },
        }
    ),
]
