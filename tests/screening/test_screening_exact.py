"""The fast exact search against slower, plainer ones, with many facts unknown.

The brute force of test_screening_properties tries every value but only of two facts at a
time. Here most facts are unknown, where the fast search folds partial combinations and
takes its shortcuts: it is held against :func:`palermo.screening.exact.witness` (every
value the rules tell apart, no shortcut) and against completions drawn at random from the
facts' whole domains (no theory of which values matter at all).
"""

from __future__ import annotations

import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palermo.screening import FACT_NAMES, Facts, Outcome, assess, questions
from palermo.screening.domains import representatives
from palermo.screening.engine import to_view
from palermo.screening.exact import witness
from palermo.screening.indicators import View

SPECS = {q.fact: q for group in questions() for q in group.questions}
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _value(name: str) -> st.SearchStrategy[Any]:
    q = SPECS[name]
    if q.kind == "list":
        return st.lists(st.sampled_from(q.codes), max_size=5, unique=True)
    if q.kind == "bool":
        return st.booleans()
    if q.kind == "choice":
        return st.sampled_from(q.codes)
    return st.integers(min_value=0, max_value=90)


@st.composite
def mostly_unknown(draw: st.DrawFn) -> dict[str, Any]:
    rate = draw(st.sampled_from([0.6, 0.8, 1.0]))
    return {n: draw(_value(n)) for n in FACT_NAMES if draw(st.floats(0, 1)) >= rate}


def _read_unknown(facts: Facts) -> list[str]:
    """Unknown facts some rule reads (the others can never be asked)."""
    return [n for n in FACT_NAMES if getattr(facts, n) is None and representatives(n)]


def _facts(view: View) -> Facts:
    return Facts(**{k: tuple(v) if isinstance(v, frozenset) else v for k, v in view.items()})


def _random_value(rnd: random.Random, name: str) -> Any:
    q = SPECS[name]
    if q.kind == "list":
        return rnd.sample(q.codes, rnd.randint(0, len(q.codes)))
    if q.kind == "bool":
        return rnd.random() < 0.5
    if q.kind == "choice":
        return rnd.choice(q.codes)
    return rnd.randint(0, 90)


@SETTINGS
@given(mostly_unknown())
def test_asked_exactly_the_facts_a_plain_search_finds_can_change_the_outcome(
    mapping: dict[str, Any],
) -> None:
    facts = Facts(**mapping)
    result = assess(facts, explain=False)
    asked = {a.fact for a in result.ask_next}
    view = to_view(facts)
    for fact in _read_unknown(facts):
        found = witness(view, fact)
        assert (found is not None) == (fact in asked), fact
        if found is None:
            continue
        first, second = found
        assert {k for k in first if first[k] != second[k]} == {fact}
        a, b = assess(_facts(first)).outcome, assess(_facts(second)).outcome
        assert a is not b
        assert {a, b} <= set(result.possible)
        assert Outcome.INSUFFICIENT_INFORMATION not in (a, b)


@SETTINGS
@given(mostly_unknown(), st.randoms(use_true_random=False))
def test_random_completions_stay_within_what_the_search_says(
    mapping: dict[str, Any], rnd: random.Random
) -> None:
    facts = Facts(**mapping)
    result = assess(facts, explain=False)
    unknown = [n for n in FACT_NAMES if getattr(facts, n) is None]
    asked = {a.fact for a in result.ask_next}
    open_ = set(result.possible) or {result.outcome}
    for _ in range(20):
        full = dict(mapping, **{n: _random_value(rnd, n) for n in unknown})
        outcome = assess(Facts(**full), explain=False).outcome
        assert outcome in open_
        # A fact that is not asked cannot change the outcome, whatever the others are.
        for fact in set(unknown) - asked:
            changed = dict(full, **{fact: _random_value(rnd, fact)})
            assert assess(Facts(**changed), explain=False).outcome is outcome, fact
