"""How long each country allows for each NRM step: rules set by administrators, defaults
otherwise."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import NrmDeadlineRule
from palermo.vocab import NrmStep, get_list

DEADLINE_ADMINS = frozenset({"admin"})


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


def rules_in_force(session: Session, country: str | None) -> dict[NrmStep, Rule]:
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
    return rules_in_force(session, country)


def countries_with_rules(session: Session) -> list[str]:
    return sorted(set(session.scalars(select(NrmDeadlineRule.country))))


@audit.audited
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
    access.require_role(actor, DEADLINE_ADMINS, doing=msg("set NRM deadline rules"))
    problems = []
    country = country.strip().upper()
    try:
        get_list("country").parse(country)
    except ValidationFailed:
        problems.append(
            FieldProblem(field="country", reason=msg("unknown country code"), value=country)
        )
    if step not in NrmStep.__members__:
        valid = ", ".join(NrmStep)
        problems.append(
            FieldProblem(field="step", reason=msg("use one of {valid}", valid=valid), value=step)
        )
    if not 1 <= days <= 3650:
        problems.append(
            FieldProblem(field="days", reason=msg("between 1 and 3650"), value=str(days))
        )
    if warn_days_before is not None and not 0 <= warn_days_before <= 365:
        problems.append(
            FieldProblem(field="warn_days_before", reason=msg("between 0 and 365"), value=None)
        )
    if problems:
        raise ValidationFailed(
            msg("The deadline rule was refused."),
            problems=problems,
            hint=msg("Give an ISO country code, a known step and a number of days."),
        )
    row = session.scalar(
        select(NrmDeadlineRule).where(
            NrmDeadlineRule.country == country, NrmDeadlineRule.step == step
        )
    )
    if row is None:
        row = NrmDeadlineRule(country=country, step=step)
        row.warn_days_before = DEFAULT_RULES[NrmStep(step)].warn_days_before
        session.add(row)
    row.days = days
    row.working_days = working_days
    if warn_days_before is not None:
        row.warn_days_before = warn_days_before
    session.flush()
    return row


def list_deadline_rules(session: Session, *, actor: Actor) -> list[NrmDeadlineRule]:
    """Every country's rules, for the settings page (admins only)."""
    access.require_role(actor, DEADLINE_ADMINS, doing=msg("manage NRM deadline rules"))
    return list(
        session.scalars(
            select(NrmDeadlineRule).order_by(NrmDeadlineRule.country, NrmDeadlineRule.step)
        )
    )
