"""A case as HTCDS columns, cut to the field groups a referral shares, and back.

What leaves is exactly what the receiving agency of a referral inside one installation
could read (``referrals.field_groups``): the groups' person fields and case fields, the
journey when shared, and the sender's case reference. Perpetrators, notes and
everything else stay home. The receiver checks the same rule on arrival, so a sender
that packs more than its consent allows is refused rather than trusted.

Three groups have no HTCDS column (not in ``CaseCreate``) and travel beside the record
as ``extras``: the age at identification (group *profile*; the birth date stays in its
own group), the guardian (group *guardian*) and the needs (group *needs*: the service
types of the latest needs assessment and of the support plan, no free text). The
receiver records them through the case services: a child arrives with its guardian.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from palermo.cases.exchange.columns import COLUMNS
from palermo.cases.exchange.convert import Cell, Layout, case_to_row, row_to_case
from palermo.cases.record.age import age_at_identification
from palermo.cases.record.casefile import case_to_create
from palermo.cases.record.schemas import CaseCreate
from palermo.cases.referrals.field_groups import fields_of
from palermo.cases.referrals.shared_view import shared_needs
from palermo.cases.support.lifecycle import ChildProtectionUpdate, update_child_protection
from palermo.cases.support.plan import assess_needs
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.store.actor import Actor
from palermo.store.models import Case

REFERENCE_TARGET = "external_id"
JOURNEY_FIELD = "events"
_EVENT_PREFIX = "hte_"


def allowed_columns(groups: list[str]) -> frozenset[str]:
    """The HTCDS columns (not counting journey columns) that ``groups`` open."""
    fields = set(fields_of(groups)) | {REFERENCE_TARGET}
    return frozenset(c.name for c in COLUMNS if c.target.rpartition(".")[2] in fields)


def _journey_allowed(groups: list[str]) -> bool:
    return JOURNEY_FIELD in fields_of(groups)


def shared_record(case: Case, groups: list[str]) -> dict[str, Cell]:
    """The case as HTCDS columns holding only what ``groups`` share (empty values left out)."""
    full = case_to_create(case).model_dump()
    fields = set(fields_of(groups))
    data: dict[str, Any] = {
        "person": {k: v for k, v in full["person"].items() if k in fields},
        REFERENCE_TARGET: case.reference,
    }
    data |= {k: v for k, v in full.items() if k in fields and k not in ("person", "events")}
    if _journey_allowed(groups):
        data["events"] = full["events"]
    row = case_to_row(CaseCreate.model_validate(data))
    keep = allowed_columns(groups)
    return {
        k: v
        for k, v in row.items()
        if v not in (None, "", []) and (k in keep or k.startswith(_EVENT_PREFIX))
    }


def record_to_case(row: dict[str, Any], groups: list[str]) -> CaseCreate:
    """The case a received record describes; refused if it holds more than ``groups`` share."""
    keep = allowed_columns(groups)
    journey = _journey_allowed(groups)
    extra = [k for k in row if k not in keep and not (journey and k.startswith(_EVENT_PREFIX))]
    if extra:
        raise ValidationFailed(
            msg(
                "The record holds fields its referral does not share: {fields}.",
                fields=", ".join(sorted(extra)),
            ),
            hint=msg("The sender packed more than the consent allows; nothing was imported."),
        )
    data, problems = row_to_case(row, layout=Layout.of(list(row)), row_number=1)
    if problems or data is None:
        raise ValidationFailed(
            msg("A received record cannot be read as a case."),
            problems=problems or [FieldProblem(field="record", reason=msg("empty"))],
        )
    return data


GUARDIAN_FIELDS = ("guardian_name", "guardian_contact", "best_interests_flag")


def shared_extras(session: Session, case: Case, groups: list[str]) -> dict[str, Any]:
    """What ``groups`` share of the case beyond its HTCDS columns (empty values left out)."""
    extras: dict[str, Any] = {}
    if "profile" in groups and (age := age_at_identification(case)) is not None:
        extras["age_at_identification"] = age
    if "guardian" in groups:
        extras |= {f: getattr(case, f) for f in GUARDIAN_FIELDS if getattr(case, f)}
    if "needs" in groups and (needs := list(shared_needs(session, case.id))):
        extras["needs"] = needs
    return extras


def _allowed_extras(groups: list[str]) -> set[str]:
    allowed = set()
    if "profile" in groups:
        allowed.add("age_at_identification")
    if "guardian" in groups:
        allowed |= set(GUARDIAN_FIELDS)
    if "needs" in groups:
        allowed.add("needs")
    return allowed


def check_extras(extras: dict[str, Any], groups: list[str]) -> None:
    """Refuse extras beyond what ``groups`` share (before anything is imported)."""
    extra = sorted(set(extras) - _allowed_extras(groups))
    if extra:
        raise ValidationFailed(
            msg(
                "The record holds fields its referral does not share: {fields}.",
                fields=", ".join(extra),
            ),
            hint=msg("The sender packed more than the consent allows; nothing was imported."),
        )


def record_extras(session: Session, case_id: int, extras: dict[str, Any], who: Actor) -> None:
    """Record the received extras on the new case, through the case services."""
    child = {k: v for k, v in extras.items() if k != "needs"}
    if child:
        update_child_protection(
            session,
            case_id=case_id,
            data=ChildProtectionUpdate.model_validate(child),
            actor=who,
        )
    if extras.get("needs"):
        assess_needs(session, case_id=case_id, needs=list(extras["needs"]), notes=None, actor=who)
