"""Turn a submitted case form into ``CaseCreate`` data, keeping every problem for the page."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from palermo.cases.schemas import MULTI_CODED_FIELDS, CaseCreate
from palermo.cases.service import problems_from_pydantic
from palermo.errors import FieldProblem

PERSON_FIELDS = (
    "given_name",
    "middle_name",
    "family_name",
    "birth_date",
    "identity_number",
    "email",
    "phone",
    "address",
    "gender",
    "primary_language",
)
CASE_FIELDS = (
    "status",
    "identified_on",
    "trafficking_status",
    "status_decision_org",
    "status_decided_by",
    "status_decided_on",
    "relationship_to_trafficker",
    "age_when_trafficked",
    "forced_labour_industry",
    "closure_reason",
)
EVENT_SLOTS = 3


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def form_to_dict(form: FormData) -> dict[str, Any]:
    person = {f: _blank_to_none(form.get(f"person.{f}")) for f in PERSON_FIELDS}
    aliases = form.get("person.aliases") or ""
    person["aliases"] = [a.strip() for a in str(aliases).split(",") if a.strip()]
    data: dict[str, Any] = {f: _blank_to_none(form.get(f)) for f in CASE_FIELDS}
    data["status"] = data["status"] or "Active"
    data["person"] = person
    for field in MULTI_CODED_FIELDS:
        data[field] = [v for v in form.getlist(field) if v]
    events = []
    try:
        slots = min(int(form.get("event_slots") or EVENT_SLOTS), 50)
    except ValueError:
        slots = EVENT_SLOTS
    for i in range(slots):
        event = {
            k: _blank_to_none(form.get(f"events.{i}.{k}"))
            for k in ("type", "country", "city", "started_on", "ended_on")
        }
        if any(v for k, v in event.items()):
            events.append(event)
    data["events"] = events
    return data


def parse_case_form(form: FormData) -> tuple[dict[str, Any], CaseCreate | None, list[FieldProblem]]:
    """(raw values to re-fill the form, parsed data or None, problems)."""
    raw = form_to_dict(form)
    try:
        return raw, CaseCreate.model_validate(raw), []
    except ValidationError as exc:
        return raw, None, problems_from_pydantic(exc)
