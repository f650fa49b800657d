"""Turn Protect's submitted forms (consent, child protection, support plan, NRM decisions)
into the pillar's schemas; a bad value is a ValidationFailed naming the field."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from palermo import clock
from palermo.cases.consent.recording import ConsentCreate
from palermo.cases.nrm.decisions import DecisionCreate
from palermo.cases.record.casefile import problems_from_pydantic
from palermo.cases.support.lifecycle import ChildProtectionUpdate
from palermo.cases.support.plan import PlanItemCreate, PlanItemUpdate
from palermo.errors import ValidationFailed
from palermo.vocab import ConsentGiver
from palermo.web.forms.values import iso_date, text, texts, validated, whole_number


def consent_from_form(form: FormData) -> ConsentCreate:
    return validated(
        ConsentCreate,
        purpose=text(form, "purpose") or "",
        given_by=text(form, "given_by") or ConsentGiver.person,
        guardian_name=text(form, "guardian_name"),
        informed_of=texts(form, "informed_of"),
        given_on=iso_date(form, "given_on") or clock.today(),
        expires_on=iso_date(form, "expires_on"),
        shared_with_agency_id=whole_number(form, "shared_with_agency_id"),
    )


def child_protection_from_form(form: FormData) -> ChildProtectionUpdate:
    return validated(
        ChildProtectionUpdate,
        age_at_identification=whole_number(form, "age_at_identification"),
        guardian_name=text(form, "guardian_name"),
        guardian_contact=text(form, "guardian_contact"),
        best_interests_flag=form.get("best_interests_flag") == "on",
    )


def _plan_item_fields(form: FormData) -> dict[str, Any]:
    """What a support plan item's form holds, new or edited (a new one also names its service)."""
    return {
        "objectives": text(form, "objectives"),
        "action_plan": text(form, "action_plan"),
        "planned_end": iso_date(form, "planned_end"),
        "actual_end": iso_date(form, "actual_end"),
    }


def plan_item_from_form(form: FormData) -> PlanItemCreate:
    service_type = text(form, "service_type") or ""
    return validated(PlanItemCreate, service_type=service_type, **_plan_item_fields(form))


def plan_item_update_from_form(form: FormData) -> PlanItemUpdate:
    return validated(PlanItemUpdate, **_plan_item_fields(form))


def decision_from_form(form: FormData) -> DecisionCreate:
    """An NRM decision from the NRM panel's form."""
    try:
        return DecisionCreate.model_validate(
            {
                "stage": text(form, "stage") or "",
                "result": text(form, "result") or "",
                "decision_maker": text(form, "decision_maker") or "",
                "decision_org": text(form, "decision_org"),
                "decided_on": iso_date(form, "decided_on"),
                "reasons": text(form, "reasons") or "",
                "reconsiders_id": text(form, "reconsiders_id"),
            }
        )
    except ValidationError as exc:
        raise ValidationFailed(
            "The decision was refused: fill in every required field.",
            problems=problems_from_pydantic(exc),
        ) from None
