"""Tasks on a case: something to do, by a day, by someone; done when marked so.

A task's title often names people ("call her sister"), so it is encrypted. Tasks are part
of the case: they change the case's audit trail (field ``tasks``) and go with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.work.ownership import colleagues
from palermo.errors import Conflict, FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case, CaseTask, User


class TaskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=500)
    due_on: date | None = None
    assigned_to_id: int | None = None


@dataclass(frozen=True)
class TaskItem:
    """A task as lists show it (with its case's reference, never the person's name)."""

    id: int
    case_id: int
    case_reference: str
    title: str
    due_on: date | None
    assigned_to: str | None
    done_on: date | None
    overdue: bool


def _item(task: CaseTask, reference: str, names: dict[int, str], today: date) -> TaskItem:
    return TaskItem(
        id=task.id,
        case_id=task.case_id,
        case_reference=reference,
        title=task.title,
        due_on=task.due_on,
        assigned_to=names.get(task.assigned_to_id) if task.assigned_to_id else None,
        done_on=task.done_on,
        overdue=task.done_on is None and task.due_on is not None and task.due_on < today,
    )


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(
        session.execute(select(User.id, User.display_name).where(User.id.in_(wanted))).all()
    )


@audit.audited
def add_task(session: Session, *, case_id: int, data: TaskCreate, actor: Actor) -> CaseTask:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("add tasks"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    assignee = data.assigned_to_id or actor.user_id
    if data.assigned_to_id is not None and data.assigned_to_id not in {
        c.id for c in colleagues(session, actor=actor)
    }:
        raise ValidationFailed(
            msg("User {id} is not a colleague who can take this task.", id=data.assigned_to_id),
            problems=[FieldProblem("assigned_to_id", msg("choose a colleague of your agency"))],
        )
    task = CaseTask(
        case_id=case.id,
        title=data.title,
        due_on=data.due_on,
        assigned_to_id=assignee,
        created_by=actor.username,
    )
    session.add(task)
    session.flush()
    return task


@audit.audited
def complete_task(session: Session, *, task_id: int, actor: Actor) -> CaseTask:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("complete tasks"))
    task = access.load_case_record(
        session, CaseTask, task_id, actor=actor, doing="update", entity="case_task", label="task"
    )
    if task.done_on is not None:
        raise Conflict(
            msg("The task was already marked done on {day}.", day=task.done_on),
            hint=msg("Nothing to do."),
        )
    task.done_on = clock.today()
    task.done_by = actor.username
    session.flush()
    return task


def case_tasks(session: Session, *, case: Case) -> list[TaskItem]:
    """The tasks of a case already loaded through ``access`` (open first, by due date)."""
    rows = session.scalars(select(CaseTask).where(CaseTask.case_id == case.id)).all()
    names = _names(session, {t.assigned_to_id for t in rows})
    today = clock.today()
    items = [_item(t, case.reference, names, today) for t in rows]
    return sorted(items, key=lambda t: (t.done_on is not None, t.due_on or date.max, t.id))


def my_tasks(session: Session, *, actor: Actor, limit: int = 100) -> list[TaskItem]:
    """The open tasks assigned to the actor, on the agency's cases, soonest due first."""
    access.require_role(actor, access.CASE_READERS, doing=msg("see the work queue"))
    rows = session.execute(
        select(CaseTask, Case.reference)
        .join(Case, Case.id == CaseTask.case_id)
        .where(
            access.readable_cases(actor),
            CaseTask.assigned_to_id == actor.user_id,
            CaseTask.done_on.is_(None),
        )
        .order_by(CaseTask.due_on.is_(None), CaseTask.due_on, CaseTask.id)
        .limit(limit)
    ).all()
    names = _names(session, {actor.user_id})
    today = clock.today()
    if rows:  # the titles are case notes: reading them is recorded, not what they say
        audit.record(
            session, actor=actor, action="read", entity="case_task", entity_id=None,
            fields=["title"],
        )  # fmt: skip
    return [_item(task, reference, names, today) for task, reference in rows]
