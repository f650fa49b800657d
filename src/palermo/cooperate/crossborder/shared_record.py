"""A case as HTCDS columns, cut to the field groups a referral shares, and back.

What leaves is exactly what the receiving agency of a referral inside one installation
could read (``referrals.field_groups``): the groups' person fields and case fields, the
journey when shared, and the sender's case reference. Perpetrators, notes and
everything else stay home. The receiver checks the same rule on arrival, so a sender
that packs more than its consent allows is refused rather than trusted.
"""

from __future__ import annotations

from typing import Any

from palermo.cases.exchange.columns import COLUMNS
from palermo.cases.exchange.convert import Cell, Layout, case_to_row, row_to_case
from palermo.cases.record.casefile import case_to_create
from palermo.cases.record.schemas import CaseCreate
from palermo.cases.referrals.field_groups import fields_of
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
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
