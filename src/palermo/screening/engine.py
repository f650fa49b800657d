"""Screen one person's facts: the public entry point of the engine."""

from __future__ import annotations

from functools import cache

from palermo.screening.facts import FACT_NAMES, Facts
from palermo.screening.indicators import View
from palermo.screening.instruments import instrument_versions
from palermo.screening.reasons import build_reasons
from palermo.screening.result import (
    OUTCOME_LABELS,
    AskNext,
    Outcome,
    Reason,
    ScreeningResult,
    Status,
    make_reason,
)
from palermo.screening.rules import ask_next, decide, evaluate, possible_outcomes
from palermo.screening.wording import Label


def to_view(facts: Facts) -> View:
    """Facts as the rules read them: lists become sets, unknown stays None."""
    view: View = {}
    for name in FACT_NAMES:
        value = getattr(facts, name)
        view[name] = frozenset(value) if isinstance(value, tuple) else value
    return view


@cache
def _outcome_list(possible: tuple[Outcome, ...]) -> Label:
    """Outcomes still open: codes in English (as the JSON always said), labels in French."""
    return Label(
        ", ".join(str(o) for o in possible),
        ", ".join(OUTCOME_LABELS[o]["fr"] for o in possible),
    )


def assess(facts: Facts, *, explain: bool = True) -> ScreeningResult:
    """Screen facts against the Palermo and Smuggling Protocols and the ILO indicators.

    ``explain=False`` skips building the reasons, for bulk use (statistics,
    simulation) where only the outcome and the questions are wanted.
    """
    view = to_view(facts)
    verdicts = evaluate(view)
    outcome, also = decide(verdicts)
    questions: tuple[AskNext, ...] = ()
    possible: tuple[Outcome, ...] = ()
    if outcome is Outcome.INSUFFICIENT_INFORMATION:
        questions = ask_next(view, verdicts)
        still = possible_outcomes(verdicts)
        possible = tuple(o for o in Outcome if o in still)
    reasons: tuple[Reason, ...] = ()
    if explain:
        reasons = build_reasons(view, verdicts)
        if possible:
            reasons += (
                make_reason(
                    "outcome",
                    "possible",
                    Status.UNKNOWN,
                    "outcome.possible",
                    outcomes=_outcome_list(possible),
                ),
            )
    return ScreeningResult(
        outcome=outcome,
        also=also,
        reasons=reasons,
        ask_next=questions,
        possible=possible,
        instrument_versions=instrument_versions(),
    )
