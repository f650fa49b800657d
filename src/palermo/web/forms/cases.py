"""Turn a submitted case form into ``CaseCreate`` data, keeping every problem for the page."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from palermo.cases.record.casefile import problems_from_pydantic
from palermo.cases.record.schemas import MULTI_CODED_FIELDS, CaseCreate, CaseUpdate
from palermo.errors import FieldProblem
from palermo.i18n import msg
from palermo.web.forms.choices import code_for

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
    "external_id",
)
EVENT_SLOTS = 3
PERPETRATOR_SLOTS = 1
EVENT_FIELDS = ("type", "country", "city", "started_on", "ended_on", "description")


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _slots(form: FormData, name: str, default: int) -> int:
    """How many repeated blocks the form had; bounded so a crafted form cannot ask for more."""
    try:
        return max(0, min(int(str(form.get(name) or default)), 50))
    except ValueError:
        return default


# Fields typed as a name or a code (a datalist suggests names): read back as their code.
NAMED_FIELDS = {"person.primary_language": "language", "citizenship": "country"}
SECTIONS = ("person", "case", "exploitation", "journey", "perpetrators")


def form_to_dict(form: FormData) -> dict[str, Any]:
    person = {f: _blank_to_none(form.get(f"person.{f}")) for f in PERSON_FIELDS}
    person["primary_language"] = code_for("language", person["primary_language"])
    aliases = form.get("person.aliases") or ""
    person["aliases"] = [a.strip() for a in str(aliases).split(",") if a.strip()]
    data: dict[str, Any] = {f: _blank_to_none(form.get(f)) for f in CASE_FIELDS}
    data["status"] = data["status"] or "Active"
    data["person"] = person
    for field in MULTI_CODED_FIELDS:
        data[field] = [v for v in form.getlist(field) if isinstance(v, str) and v.strip()]
    data["citizenship"] = [code_for("country", v) for v in data["citizenship"]]
    events = []
    for i in range(_slots(form, "event_slots", EVENT_SLOTS)):
        event = {k: _blank_to_none(form.get(f"events.{i}.{k}")) for k in EVENT_FIELDS}
        event["country"] = code_for("country", event["country"])
        if any(event.values()):
            events.append(event)
    perpetrators = []
    for i in range(_slots(form, "perpetrator_slots", PERPETRATOR_SLOTS)):
        prefix = f"perpetrators.{i}."
        perp = {
            "given_name": _blank_to_none(form.get(prefix + "given_name")),
            "family_name": _blank_to_none(form.get(prefix + "family_name")),
            "aliases": [
                a.strip() for a in str(form.get(prefix + "aliases") or "").split(",") if a.strip()
            ],
            "roles": [v for v in form.getlist(prefix + "roles") if v],
            "role_details": _blank_to_none(form.get(prefix + "role_details")),
        }
        if any(perp.values()):
            perpetrators.append(perp)
    data["perpetrators"] = perpetrators
    data["events"] = events
    return data


def parse_case_form(form: FormData) -> tuple[dict[str, Any], CaseCreate | None, list[FieldProblem]]:
    """(raw values to re-fill the form, parsed data or None, problems)."""
    raw = form_to_dict(form)
    try:
        return raw, CaseCreate.model_validate(raw), []
    except ValidationError as exc:
        return raw, None, problems_from_pydantic(exc)


def update_from_form(form: FormData, data: CaseCreate) -> CaseUpdate:
    """Only what the submitted form holds: a field the form lacks is left as it is.

    Multi-selects send nothing when emptied, so the edit form's own lists count as present.
    """
    person = data.person.model_dump(
        include={f for f in (*PERSON_FIELDS, "aliases") if f"person.{f}" in form}
    )
    values = data.model_dump(include={f for f in CASE_FIELDS if f in form})
    # Unticked boxes send nothing: the form names the lists it showed ("_lists"), so an
    # emptied list is cleared and a list of another section is left alone.
    shown = (
        {str(v) for v in form.getlist("_lists")} if "_lists" in form else set(MULTI_CODED_FIELDS)
    )
    values |= data.model_dump(include=shown & set(MULTI_CODED_FIELDS))
    if "event_slots" in form:
        values["events"] = data.model_dump()["events"]
    if "perpetrator_slots" in form:
        values["perpetrators"] = data.model_dump()["perpetrators"]
    return CaseUpdate.model_validate({**values, "person": person})


def friendlier(problems: list[FieldProblem]) -> list[FieldProblem]:
    """A form shows names, not codes: an unknown code beside a field becomes "choose from
    the list" (the API keeps the list of valid codes)."""
    out = []
    for p in problems:
        nested = p.field.startswith(("events.", "perpetrators."))
        base = p.field.split(".")[-1] if nested else p.field
        coded = base in ("country", "type", "roles") or p.field.split(".")[0] in (
            *NAMED_FIELDS,
            *MULTI_CODED_FIELDS,
            "person",
        )
        if coded and "unknown code" in str(p.reason):
            p = FieldProblem(
                field=p.field,
                reason=msg("not in the list: type a name from the list, or its code"),
                row=p.row,
                value=p.value,
            )
        out.append(p)
    return out
