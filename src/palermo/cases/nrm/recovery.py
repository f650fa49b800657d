"""The recovery and reflection period: started after a positive reasonable-grounds decision,
extended with reasons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.cases.nrm.deadline_rules import rules_for_country
from palermo.cases.nrm.decisions import (
    current_decision,
    decisions_of,
    decisions_of_cases,
    writable_case,
)
from palermo.clock.working_days import add_days
from palermo.errors import Conflict, FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, Case, NrmDecision, RecoveryPeriod
from palermo.vocab import NrmResult, NrmStage, NrmStep


def _default_end(session: Session, case: Case, starts_on: date, actor: Actor) -> date:
    """The end of a period starting on ``starts_on`` under the country's rule.

    The rule's ``days`` are calendar or working days, as the rule says.
    """
    country = session.scalar(select(Agency.country).where(Agency.id == case.agency_id))
    rule = rules_for_country(session, country=country or "", actor=actor)[
        NrmStep.recovery_period_end
    ]
    return add_days(starts_on, rule.days, working_days=rule.working_days)


def _new_period(
    session: Session,
    case: Case,
    *,
    starts_on: date,
    ends_on: date | None,
    actor: Actor,
    decisions: list[NrmDecision],
    has_period: bool,
) -> RecoveryPeriod:
    rg = current_decision(decisions, NrmStage.reasonable_grounds)
    if rg is None or rg.result != NrmResult.positive:
        raise Conflict(
            msg(
                "A recovery and reflection period starts after a positive "
                "reasonable-grounds decision."
            ),
            hint=msg("Record the reasonable-grounds decision first."),
        )
    if has_period:
        raise Conflict(
            msg("The case already has a recovery period."),
            hint=msg("Extend it instead of starting another."),
        )
    if ends_on is None:
        ends_on = _default_end(session, case, starts_on, actor)
    if ends_on <= starts_on:
        raise ValidationFailed(
            msg("The period must end after it starts."),
            problems=[FieldProblem(field="ends_on", reason=msg("not after starts_on"))],
        )
    return RecoveryPeriod(
        case_id=case.id, starts_on=starts_on, ends_on=ends_on, recorded_by=actor.username
    )


@audit.audited
def start_recovery_period(
    session: Session,
    *,
    case_id: int,
    starts_on: date,
    actor: Actor,
    ends_on: date | None = None,
) -> RecoveryPeriod:
    """Start the recovery and reflection period (after a positive RG decision).

    Without ``ends_on`` the period lasts the country's rule (default 45 calendar days;
    a rule in working days counts Monday to Friday).
    """
    case = writable_case(session, case_id, actor, msg("start recovery periods"))
    row = _new_period(
        session,
        case,
        starts_on=starts_on,
        ends_on=ends_on,
        actor=actor,
        decisions=decisions_of(session, case.id),
        has_period=bool(
            session.scalar(select(RecoveryPeriod.id).where(RecoveryPeriod.case_id == case.id))
        ),
    )
    session.add(row)
    session.flush()
    return row


@audit.audited
def start_recovery_periods(
    session: Session,
    *,
    items: Sequence[tuple[int, date, date | None]],
    actor: Actor,
) -> list[RecoveryPeriod]:
    """Many periods (case id, start, end or None for the country's rule) of the actor's
    agency's cases in one flush (bulk paths such as the demo's casework), each checked
    and audited as :func:`start_recovery_period` does it. Every item is checked before any
    is added: one refused, none is started."""
    access.require_role(actor, access.CASE_WRITERS, doing=msg("start recovery periods"))
    history = decisions_of_cases(session, {case_id for case_id, _start, _end in items})
    started = set(
        session.scalars(
            select(RecoveryPeriod.case_id).where(RecoveryPeriod.case_id.in_(list(history)))
        )
    )
    made: list[RecoveryPeriod] = []
    for case_id, starts_on, ends_on in items:
        case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
        made.append(
            _new_period(
                session,
                case,
                starts_on=starts_on,
                ends_on=ends_on,
                actor=actor,
                decisions=history[case_id],
                has_period=case_id in started,
            )
        )
        started.add(case_id)
    # Added once every item passed its checks: one refused, none is started.
    session.add_all(made)
    session.flush()
    return made


@audit.audited
def extend_recovery_period(
    session: Session, *, case_id: int, extended_to: date, reason: str, actor: Actor
) -> RecoveryPeriod:
    """Extend the period to ``extended_to``, with a reason. Each extension is kept.

    The model holds one ``extended_to``; earlier extensions stay as dated lines of
    ``extension_reason`` (and in the audit log).
    """
    case = writable_case(session, case_id, actor, msg("extend recovery periods"))
    row = session.scalar(
        select(RecoveryPeriod)
        .where(RecoveryPeriod.case_id == case.id)
        .order_by(RecoveryPeriod.id.desc())
    )
    if row is None:
        raise Conflict(
            msg("The case has no recovery period to extend."), hint=msg("Start one first.")
        )
    if not reason.strip():
        raise ValidationFailed(
            msg("Say why the period is extended."),
            problems=[FieldProblem(field="reason", reason=msg("required"))],
        )
    current_end = row.extended_to or row.ends_on
    if extended_to <= current_end:
        raise ValidationFailed(
            msg(
                "The new end must be after the current end ({date}).",
                date=current_end.isoformat(),
            ),
            problems=[FieldProblem(field="extended_to", reason=msg("not after the current end"))],
        )
    line = f"{current_end.isoformat()} → {extended_to.isoformat()}: {reason.strip()}"
    row.extension_reason = f"{row.extension_reason}\n{line}" if row.extension_reason else line
    row.extended_to = extended_to
    session.flush()
    return row


def extensions_of(period: RecoveryPeriod) -> list[str]:
    return [line for line in (period.extension_reason or "").splitlines() if line.strip()]
