"""Forms of casework: closing a case (a reason chosen and a confirmation), tasks, the
owner, the audit trail's filters."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import FormData

from palermo.cases.record.audit_trail import TrailQuery
from palermo.cases.work.tasks import TaskCreate
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.web.forms.values import iso_date, parse_date, text, validated, whole_number


@dataclass(frozen=True)
class Closing:
    reason_code: str
    note: str | None
    referred_to_agency_id: int | None


def closing_from_form(form: FormData) -> Closing:
    """A closure needs a reason chosen (none is preselected) and the box ticked that says
    the worker knows what closing ends."""
    problems = []
    reason = text(form, "reason_code")
    if not reason:
        problems.append(FieldProblem("reason_code", msg("choose a reason")))
    if form.get("confirm") != "yes":
        problems.append(FieldProblem("confirm", msg("tick the box to confirm")))
    agency = whole_number(form, "referred_to_agency_id")
    if problems:
        raise ValidationFailed(
            msg("The case was not closed: choose a reason and confirm."), problems=problems
        )
    return Closing(reason_code=reason or "", note=text(form, "note"), referred_to_agency_id=agency)


def task_from_form(form: FormData) -> TaskCreate:
    return validated(
        TaskCreate,
        title=text(form, "title") or "",
        due_on=iso_date(form, "due_on"),
        assigned_to_id=whole_number(form, "assigned_to_id"),
    )


def owner_from_form(form: FormData) -> int:
    chosen = whole_number(form, "to_user_id")
    if chosen is None:
        raise ValidationFailed(
            msg("Choose the colleague who takes the case."),
            problems=[FieldProblem("to_user_id", msg("required"))],
        )
    return chosen


def trail_query(
    *, who: str, kind: str, date_from: str, date_to: str, page: int, per_page: int = 50
) -> TrailQuery:
    return TrailQuery(
        actor=who.strip() or None,
        kind=kind if kind in ("view", "change", "refused") else None,
        date_from=parse_date(date_from, "from"),
        date_to=parse_date(date_to, "to"),
        page=max(1, page),
        per_page=per_page,
    )
