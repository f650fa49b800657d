"""JSON bodies of the family-tracing API: requests, proposed matches, verification."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from palermo.clock import UtcDateTime


class TracingRequestOut(BaseModel):
    id: int
    case_id: int
    status: str
    relationship: str
    sought_given_name: str | None
    sought_family_name: str | None
    sought_birth_year: int | None
    sought_gender: str | None  # HTCDS prs_Gender code
    sought_aliases: list[str]
    separated_on: date | None
    separation_place: str | None
    last_known_place: str | None
    created_by: str
    created_at: UtcDateTime


class TracingMatchOut(BaseModel):
    id: int
    request_id: int
    candidate_person_id: int | None
    candidate_request_id: int | None
    score: float
    reasons: list[str]
    status: str
    verified_by: str | None


class VerifyIn(BaseModel):
    decision: str


def request_out(row: Any) -> TracingRequestOut:
    fields = set(TracingRequestOut.model_fields) - {"sought_aliases"}
    values = {name: getattr(row, name) for name in fields}
    return TracingRequestOut(**values, sought_aliases=row.sought_alias_list)


def match_out(row: Any) -> TracingMatchOut:
    return TracingMatchOut.model_validate(row, from_attributes=True)
