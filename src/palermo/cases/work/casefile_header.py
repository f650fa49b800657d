"""The summary at the top of a case file: who, how old, whose case, what needs doing next.

Built for a case already opened through ``cases.read_case`` (which checked access and
recorded the read), so it adds no read of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases.nrm.deadlines import Deadline, deadlines_for
from palermo.cases.record.age import AgeFacts, age_facts
from palermo.cases.support.lifecycle import is_closed
from palermo.cases.work.ownership import Colleague, colleagues, owner_name
from palermo.cases.work.tasks import TaskItem, case_tasks
from palermo.i18n import Msg, msg
from palermo.store.actor import Actor
from palermo.store.models import Case
from palermo.vocab import DeadlineState


@dataclass(frozen=True)
class CaseHeader:
    age: AgeFacts
    owner: str | None
    next_deadline: Deadline | None
    flags: list[Msg]
    tasks: list[TaskItem]
    colleagues: list[Colleague]
    best_interests_due: bool
    closed: bool


def case_header(session: Session, *, case: Case, actor: Actor) -> CaseHeader:
    today = clock.today()
    facts = age_facts(case, on=today)
    closed = is_closed(case)
    open_deadlines = [
        d for d in deadlines_for(session, case_id=case.id, actor=actor) if d.done_on is None
    ]
    upcoming = min(open_deadlines, key=lambda d: d.due_on, default=None)
    tasks = case_tasks(session, case=case)
    flags: list[Msg] = []
    best_interests_due = facts.child and not case.best_interests_flag and not closed
    if best_interests_due:
        flags.append(msg("Child: the best-interests assessment is not recorded yet."))
    if facts.child and not case.guardian_name:
        flags.append(msg("Child: no guardian is recorded."))
    if any(d.state == DeadlineState.missed for d in open_deadlines) and not closed:
        flags.append(msg("An NRM deadline was missed."))
    overdue = sum(1 for t in tasks if t.overdue)
    if overdue:
        flags.append(msg("{count} task(s) overdue.", count=overdue))
    return CaseHeader(
        age=facts,
        owner=owner_name(session, case),
        next_deadline=None if closed else upcoming,
        flags=flags,
        tasks=tasks,
        colleagues=colleagues(session, actor=actor),
        best_interests_due=best_interests_due,
        closed=closed,
    )
