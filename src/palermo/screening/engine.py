"""Screen one person's facts: the public entry point of the engine."""

from __future__ import annotations

from dataclasses import replace
from functools import cache, lru_cache

from palermo.screening.exact import settle
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
from palermo.screening.rules import Verdicts, decide, evaluate, settled_by_kleene
from palermo.screening.wording import Label


def to_view(facts: Facts) -> View:
    """Facts as the rules read them: lists become sets, unknown stays None."""
    view: View = {}
    for name in FACT_NAMES:
        value = getattr(facts, name)
        view[name] = frozenset(value) if isinstance(value, tuple) else value
    return view


@lru_cache(maxsize=1 << 12)
def _with_dims(verdicts: Verdicts, conditions: bool | None, coercion: bool | None) -> Verdicts:
    return replace(verdicts, conditions_dim=conditions, coercion_dim=coercion)


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
    questions: tuple[AskNext, ...] = ()
    possible: tuple[Outcome, ...] = ()
    if settled_by_kleene(verdicts):
        # Kleene logic is sound: a definite answer holds for every completion.
        outcome, also = decide(verdicts)
    else:
        settled = settle(view)
        outcome, also, possible = settled.outcome, settled.also, settled.possible
        questions = settled.ask_next
        # Elements the search settled read as settled; the ILO dimensions stay as the
        # indicator lists say (each is exact on its own).
        verdicts = _with_dims(settled.verdicts, verdicts.conditions_dim, verdicts.coercion_dim)
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
