"""NRM deadlines: how long each country allows for each step, and the alerts they raise.

A rule says "reasonable grounds within 5 working days" for one country. When a country
has no rule, the DEFAULT_RULES below apply; they are placeholders that an administrator
should replace with the national law's numbers (``set_deadline_rule``).

Working days are Monday to Friday. Public holidays are out of scope: a deadline that
spans a holiday shows one day early, which errs on the side of acting sooner. A rule in
working days also counts its warning window in working days: "warn 2 days before" a
Monday deadline warns from the Thursday before.

"Today" is the UTC date (``palermo.clock.today``), the clock of every stored timestamp: a case's
clock starts on ``created_at.date()`` in UTC when it has no identification date.

Steps and what starts their clock:
* reasonable_grounds: identification or referral into the NRM (``case.identified_on``,
  else the day the case was opened); met by the first reasonable-grounds decision, or by
  a status decision recorded before Palermo (an import).
* conclusive_grounds: the positive reasonable-grounds decision; met by a conclusive one.
  Not due before the recovery and reflection period (with extensions) has ended.
* recovery_period_end: the end of the recovery and reflection period (with extensions);
  met when the conclusive-grounds decision comes before it. The rule's ``days`` is the
  length given to a new period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.nrm.deadline_rules import Rule, rules_in_force
from palermo.clock.working_days import add_days, working_days_between
from palermo.i18n import msg
from palermo.store.actor import Actor
from palermo.store.models import Agency, Case, NrmDecision, RecoveryPeriod
from palermo.vocab import DeadlineState, NrmStep

CLOSED_STATUSES = frozenset({"Closed", "ClosedReferred"})


@dataclass(frozen=True)
class Deadline:
    """One step's deadline on one case. ``state``: done, pending, near or missed."""

    step: NrmStep
    starts_on: date
    due_on: date
    done_on: date | None
    state: str
    rule: Rule

    @property
    def late(self) -> bool:
        return self.done_on is not None and self.done_on > self.due_on


@dataclass(frozen=True)
class NrmAlert:
    """A deadline near or missed, for a work queue."""

    case_id: int
    reference: str
    step: str
    due_on: date
    state: str  # "near" | "missed"


def _state(
    due_on: date, done_on: date | None, warn: int, today: date, working_days: bool
) -> DeadlineState:
    if done_on is not None:
        return DeadlineState.done
    if today > due_on:
        return DeadlineState.missed
    left = working_days_between(today, due_on) if working_days else (due_on - today).days
    return DeadlineState.near if left <= warn else DeadlineState.pending


def _case_deadlines(
    case: Any,
    decisions: Iterable[Any],
    periods: Iterable[Any],
    rules: dict[NrmStep, Rule],
    today: date,
    within_days: int | None = None,
) -> list[Deadline]:
    # ``case``, ``decisions`` and ``periods`` are ORM rows or plain result rows with the
    # same columns (``nrm_alerts`` loads only those columns).
    ordered = sorted(decisions, key=lambda d: (d.decided_on, d.id))
    rg = [d for d in ordered if d.stage == NrmStep.reasonable_grounds]
    cg = [d for d in ordered if d.stage == NrmStep.conclusive_grounds]
    out: list[Deadline] = []

    def deadline(step: NrmStep, start: date, due: date, done: date | None) -> Deadline:
        rule = rules[step]
        warn = rule.warn_days_before if within_days is None else within_days
        state = _state(due, done, warn, today, rule.working_days)
        return Deadline(step, start, due, done, state, rule)

    rule = rules[NrmStep.reasonable_grounds]
    start = case.identified_on or case.created_at.date()
    rg_done = rg[0].decided_on if rg else case.status_decided_on
    due = add_days(start, rule.days, working_days=rule.working_days)
    out.append(deadline(NrmStep.reasonable_grounds, start, due, rg_done))

    positive_rg = next((d for d in rg if d.result == "positive"), None)
    cg_done = cg[0].decided_on if cg else None
    periods = list(periods)
    if positive_rg is not None:
        rule = rules[NrmStep.conclusive_grounds]
        start = positive_rg.decided_on
        due = add_days(start, rule.days, working_days=rule.working_days)
        # The decision is not expected before the recovery period (as extended) ends.
        due = max([due, *(p.extended_to or p.ends_on for p in periods)])
        out.append(deadline(NrmStep.conclusive_grounds, start, due, cg_done))
    for period in periods:
        out.append(
            deadline(
                NrmStep.recovery_period_end,
                period.starts_on,
                period.extended_to or period.ends_on,
                cg_done,
            )
        )
    return out


def deadlines_for(
    session: Session, *, case_id: int, actor: Actor, today: date | None = None
) -> list[Deadline]:
    """The NRM deadlines of one case, each with its state on ``today``."""
    access.require_role(actor, access.CASE_READERS, doing=msg("see NRM deadlines"))
    case = access.load_case(session, case_id=case_id, actor=actor)
    country = session.scalar(select(Agency.country).where(Agency.id == case.agency_id))
    decisions = session.scalars(select(NrmDecision).where(NrmDecision.case_id == case.id))
    periods = session.scalars(
        select(RecoveryPeriod).where(RecoveryPeriod.case_id == case.id).order_by(RecoveryPeriod.id)
    )
    return _case_deadlines(
        case,
        list(decisions),
        list(periods),
        rules_in_force(session, country),
        today or clock.today(),
    )


def _horizons(
    rules_by_country: dict[str | None, dict[NrmStep, Rule]],
    today: date,
    within_days: int | None,
) -> tuple[dict[NrmStep, date], dict[NrmStep, int]]:
    """Per step, the latest due date that can raise an alert on ``today`` under any of the
    rules, and the shortest rule length: bounds for the SQL preselection."""
    horizon: dict[NrmStep, date] = {}
    shortest: dict[NrmStep, int] = {}
    for rules in rules_by_country.values():
        for step, rule in rules.items():
            warn = rule.warn_days_before if within_days is None else within_days
            last = add_days(today, warn, working_days=rule.working_days)
            horizon[step] = max(horizon.get(step, last), last)
            shortest[step] = min(shortest.get(step, rule.days), rule.days)
    return horizon, shortest


def _may_alert(horizon: dict[NrmStep, date], shortest: dict[NrmStep, int]) -> ColumnElement[bool]:
    """SQL condition: the case may have a deadline due by its step's horizon.

    A superset, checked exactly in Python afterwards. Every step is met once a
    conclusive-grounds decision exists. A due date is never earlier than its start plus
    the shortest rule in calendar days (working days only push it later).
    """
    decision = NrmDecision.case_id == Case.id
    rg_start_by = horizon[NrmStep.reasonable_grounds] - timedelta(
        days=shortest[NrmStep.reasonable_grounds]
    )
    rg_open = and_(
        Case.status_decided_on.is_(None),
        ~exists().where(decision, NrmDecision.stage == str(NrmStep.reasonable_grounds)),
        or_(
            Case.identified_on <= rg_start_by,
            and_(
                Case.identified_on.is_(None),
                Case.created_at < datetime.combine(rg_start_by + timedelta(days=1), time.min),
            ),
        ),
    )
    cg_open = exists().where(
        decision,
        NrmDecision.stage == str(NrmStep.reasonable_grounds),
        NrmDecision.result == "positive",
        NrmDecision.decided_on
        <= horizon[NrmStep.conclusive_grounds]
        - timedelta(days=shortest[NrmStep.conclusive_grounds]),
    )
    period_ending = exists().where(
        RecoveryPeriod.case_id == Case.id,
        func.coalesce(RecoveryPeriod.extended_to, RecoveryPeriod.ends_on)
        <= horizon[NrmStep.recovery_period_end],
    )
    return and_(
        ~exists().where(decision, NrmDecision.stage == str(NrmStep.conclusive_grounds)),
        or_(rg_open, cg_open, period_ending),
    )


def nrm_alerts(
    session: Session,
    *,
    actor: Actor,
    today: date | None = None,
    within_days: int | None = None,
    limit: int | None = 200,
) -> list[NrmAlert]:
    """Deadlines near or missed on the open cases ``actor`` may see, most urgent first.

    ``within_days`` replaces each rule's own warning window when given. At most ``limit``
    alerts (the most urgent; ``None`` for all). Reads no personal data (references and
    dates only), so it is not audited per case.

    Only the cases that may have such a deadline are loaded (see ``_may_alert``), with the
    columns the deadlines need, so the cost follows the alerts rather than the caseload.
    """
    access.require_role(actor, access.CASE_READERS, doing=msg("see NRM deadlines"))
    today = today or clock.today()
    agency_country = {
        row.id: row.country for row in session.execute(select(Agency.id, Agency.country))
    }
    rules_by_country: dict[str | None, dict[NrmStep, Rule]] = {
        country: rules_in_force(session, country) for country in set(agency_country.values())
    }
    horizon, shortest = _horizons(rules_by_country, today, within_days)
    cases = session.execute(
        select(
            Case.id,
            Case.reference,
            Case.agency_id,
            Case.identified_on,
            Case.created_at,
            Case.status_decided_on,
        ).where(
            access.readable_cases(actor),
            Case.status.not_in(CLOSED_STATUSES),
            _may_alert(horizon, shortest),
        )
    ).all()
    if not cases:
        return []
    ids = [c.id for c in cases]
    decisions: dict[int, list] = defaultdict(list)
    periods: dict[int, list] = defaultdict(list)
    # Chunks keep the IN lists under every driver's parameter limit.
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for decision in session.execute(
            select(
                NrmDecision.id,
                NrmDecision.case_id,
                NrmDecision.stage,
                NrmDecision.result,
                NrmDecision.decided_on,
            ).where(NrmDecision.case_id.in_(chunk))
        ):
            decisions[decision.case_id].append(decision)
        for p in session.execute(
            select(
                RecoveryPeriod.case_id,
                RecoveryPeriod.starts_on,
                RecoveryPeriod.ends_on,
                RecoveryPeriod.extended_to,
            ).where(RecoveryPeriod.case_id.in_(chunk))
        ):
            periods[p.case_id].append(p)
    alerts = []
    for row in cases:
        rules = rules_by_country[agency_country[row.agency_id]]
        for d in _case_deadlines(
            row, decisions[row.id], periods[row.id], rules, today, within_days
        ):
            if d.state in {DeadlineState.near, DeadlineState.missed}:
                alerts.append(NrmAlert(row.id, row.reference, str(d.step), d.due_on, d.state))
    alerts.sort(key=lambda a: (a.state != DeadlineState.missed, a.due_on, a.case_id))
    return alerts if limit is None else alerts[:limit]
