"""NRM deadlines: how long each country allows for each step, and the alerts they raise.

A rule says "reasonable grounds within 5 working days" for one country. When a country
has no rule, the DEFAULT_RULES below apply; they are placeholders that an administrator
should replace with the national law's numbers (``set_deadline_rule``).

Working days are Monday to Friday. Public holidays are out of scope: a deadline that
spans a holiday shows one day early, which errs on the side of acting sooner. A rule in
working days also counts its warning window in working days: "warn 2 days before" a
Monday deadline warns from the Thursday before.

"Today" is the UTC date (``utc_today``), the clock of every stored timestamp: a case's
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
from enum import StrEnum

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.errors import FieldProblem, ValidationFailed
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, Case, NrmDeadlineRule, NrmDecision, RecoveryPeriod, utcnow
from palermo.vocab import get_list

DEADLINE_ADMINS = frozenset({"admin"})
CLOSED_STATUSES = frozenset({"Closed", "ClosedReferred"})


class NrmStep(StrEnum):
    reasonable_grounds = "reasonable_grounds"
    conclusive_grounds = "conclusive_grounds"
    recovery_period_end = "recovery_period_end"


STEP_LABELS: dict[NrmStep, dict[str, str]] = {
    NrmStep.reasonable_grounds: {
        "en": "Reasonable-grounds decision",
        "fr": "Décision sur les motifs raisonnables",
    },
    NrmStep.conclusive_grounds: {
        "en": "Conclusive-grounds decision",
        "fr": "Décision sur les motifs concluants",
    },
    NrmStep.recovery_period_end: {
        "en": "End of the recovery and reflection period",
        "fr": "Fin du délai de rétablissement et de réflexion",
    },
}


@dataclass(frozen=True)
class Rule:
    step: NrmStep
    days: int
    working_days: bool
    warn_days_before: int
    source: str  # "country" (set by an admin) or "default"


# Placeholders, not law: an administrator should set each country's own rules.
DEFAULT_RULES: dict[NrmStep, Rule] = {
    NrmStep.reasonable_grounds: Rule(NrmStep.reasonable_grounds, 5, True, 2, "default"),
    NrmStep.conclusive_grounds: Rule(NrmStep.conclusive_grounds, 45, False, 7, "default"),
    NrmStep.recovery_period_end: Rule(NrmStep.recovery_period_end, 45, False, 7, "default"),
}


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


def utc_today() -> date:
    """Today's date in UTC: the one "today" of deadlines and reports.

    Stored timestamps (``created_at``, ``responded_at``...) are naive UTC, so a case
    opened at 23:30 in UTC-1 starts its clock on the next UTC day; comparing that with a
    local ``date.today()`` would be off by one around midnight.
    """
    return utcnow().date()


def working_days_between(start: date, end: date) -> int:
    """Working days (Mon-Fri) after ``start`` up to and including ``end``; 0 if none."""
    if end <= start:
        return 0
    weeks, extra = divmod((end - start).days, 7)
    count = weeks * 5
    for i in range(1, extra + 1):
        if (start + timedelta(days=i)).weekday() < 5:
            count += 1
    return count


def add_days(start: date, days: int, *, working_days: bool) -> date:
    """``start`` plus ``days`` calendar days, or plus ``days`` working days (Mon-Fri).

    Friday + 1 working day is Monday; a weekend start counts from the next Monday.
    """
    if not working_days:
        return start + timedelta(days=days)
    current = start
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def _rules_for(session: Session, country: str | None) -> dict[NrmStep, Rule]:
    rules = dict(DEFAULT_RULES)
    if country:
        for row in session.scalars(
            select(NrmDeadlineRule).where(NrmDeadlineRule.country == country)
        ):
            if row.step in NrmStep.__members__:
                step = NrmStep(row.step)
                rules[step] = Rule(
                    step, row.days, row.working_days, row.warn_days_before, "country"
                )
    return rules


def rules_for_country(session: Session, *, country: str, actor: Actor) -> dict[NrmStep, Rule]:
    """The rules in force for ``country`` (its own, else the defaults). Anyone signed in."""
    return _rules_for(session, country)


def countries_with_rules(session: Session) -> list[str]:
    return sorted(set(session.scalars(select(NrmDeadlineRule.country))))


def set_deadline_rule(
    session: Session,
    *,
    country: str,
    step: str,
    days: int,
    working_days: bool,
    actor: Actor,
    warn_days_before: int | None = None,
) -> NrmDeadlineRule:
    """Set how long ``country`` allows for ``step`` (admins only); audited."""
    access.require_role(actor, DEADLINE_ADMINS, doing="set NRM deadline rules")
    problems = []
    country = country.strip().upper()
    try:
        get_list("country").parse(country)
    except ValidationFailed:
        problems.append(FieldProblem(field="country", reason="unknown country code", value=country))
    if step not in NrmStep.__members__:
        valid = ", ".join(NrmStep)
        problems.append(FieldProblem(field="step", reason=f"use one of {valid}", value=step))
    if not 1 <= days <= 3650:
        problems.append(FieldProblem(field="days", reason="between 1 and 3650", value=str(days)))
    if warn_days_before is not None and not 0 <= warn_days_before <= 365:
        problems.append(
            FieldProblem(field="warn_days_before", reason="between 0 and 365", value=None)
        )
    if problems:
        raise ValidationFailed(
            "The deadline rule was refused.",
            problems=problems,
            hint="Give an ISO country code, a known step and a number of days.",
        )
    row = session.scalar(
        select(NrmDeadlineRule).where(
            NrmDeadlineRule.country == country, NrmDeadlineRule.step == step
        )
    )
    action = "update" if row else "create"
    if row is None:
        row = NrmDeadlineRule(country=country, step=step)
        row.warn_days_before = DEFAULT_RULES[NrmStep(step)].warn_days_before
        session.add(row)
    row.days = days
    row.working_days = working_days
    if warn_days_before is not None:
        row.warn_days_before = warn_days_before
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="nrm_deadline_rule",
        entity_id=row.id,
        fields=["country", "step", "days", "working_days", "warn_days_before"],
    )
    return row


def _state(due_on: date, done_on: date | None, warn: int, today: date, working_days: bool) -> str:
    if done_on is not None:
        return "done"
    if today > due_on:
        return "missed"
    left = working_days_between(today, due_on) if working_days else (due_on - today).days
    return "near" if left <= warn else "pending"


def _case_deadlines(
    case: Case,
    decisions: Iterable[NrmDecision],
    periods: Iterable[RecoveryPeriod],
    rules: dict[NrmStep, Rule],
    today: date,
    within_days: int | None = None,
) -> list[Deadline]:
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
    access.require_role(actor, access.CASE_READERS, doing="see NRM deadlines")
    case = access.load_case(session, case_id=case_id, actor=actor)
    country = session.scalar(select(Agency.country).where(Agency.id == case.agency_id))
    decisions = session.scalars(select(NrmDecision).where(NrmDecision.case_id == case.id))
    periods = session.scalars(
        select(RecoveryPeriod).where(RecoveryPeriod.case_id == case.id).order_by(RecoveryPeriod.id)
    )
    return _case_deadlines(
        case, list(decisions), list(periods), _rules_for(session, country), today or utc_today()
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


def _may_alert(horizon: dict[NrmStep, date], shortest: dict[NrmStep, int]):
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
    access.require_role(actor, access.CASE_READERS, doing="see NRM deadlines")
    today = today or utc_today()
    agency_country = {
        row.id: row.country for row in session.execute(select(Agency.id, Agency.country))
    }
    rules_by_country: dict[str | None, dict[NrmStep, Rule]] = {
        country: _rules_for(session, country) for country in set(agency_country.values())
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
        for d in session.execute(
            select(
                NrmDecision.id,
                NrmDecision.case_id,
                NrmDecision.stage,
                NrmDecision.result,
                NrmDecision.decided_on,
            ).where(NrmDecision.case_id.in_(chunk))
        ):
            decisions[d.case_id].append(d)
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
    for case in cases:
        rules = rules_by_country[agency_country[case.agency_id]]
        for d in _case_deadlines(
            case, decisions[case.id], periods[case.id], rules, today, within_days
        ):
            if d.state in {"near", "missed"}:
                alerts.append(NrmAlert(case.id, case.reference, str(d.step), d.due_on, d.state))
    alerts.sort(key=lambda a: (a.state != "missed", a.due_on, a.case_id))
    return alerts if limit is None else alerts[:limit]


def list_deadline_rules(session: Session, *, actor: Actor) -> list[NrmDeadlineRule]:
    """Every country's rules, for the settings page (admins only)."""
    access.require_role(actor, DEADLINE_ADMINS, doing="manage NRM deadline rules")
    return list(
        session.scalars(
            select(NrmDeadlineRule).order_by(NrmDeadlineRule.country, NrmDeadlineRule.step)
        )
    )
