"""The fast exact search against slower, plainer ones, with many facts unknown.

The brute force of test_screening_properties tries every value but only of two facts at a
time. Here most facts are unknown, where the fast search folds partial combinations and
takes its shortcuts: it is held against :func:`palermo.screening.exact.witness` (every
value the rules tell apart, no shortcut) and against completions drawn at random from the
facts' whole domains (no theory of which values matter at all).
"""

from __future__ import annotations

import random
from itertools import product
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palermo.screening import FACT_NAMES, Facts, Outcome, assess, compiled, questions
from palermo.screening.domains import GROUP, classes, representatives
from palermo.screening.engine import to_view
from palermo.screening.exact import witness
from palermo.screening.indicators import View, dimension_status

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


@SETTINGS
@given(
    st.integers(0, 90),
    *(_value(f) for f in ("exploitation", "conditions", "control", "free_to_leave")),
    st.lists(st.sampled_from(SPECS["control"].codes), max_size=4, unique=True),
)
def test_compiled_tokens_read_forced_labour_as_the_indicator_lists_do(
    age: int, exploitation: Any, conditions: Any, control: Any, free: Any, more: Any
) -> None:
    view = to_view(
        Facts(
            age=age,
            exploitation=exploitation,
            conditions=conditions,
            control=control,
            free_to_leave=free,
        )
    )
    child, flags, mask = compiled.combined([compiled.token(f, view[f]) for f in GROUP])
    expected = bool(dimension_status(view, 4) and dimension_status(view, 5))
    assert compiled.forced(child, mask) is expected
    # Folding the indicators of some codes into counts reads the same.
    keep = compiled.reach("conditions")
    folded_mask, counts = compiled.fold(mask, compiled.NO_COUNTS, keep)
    assert compiled.forced(child, folded_mask, counts) is expected
    # And so does a fact added after folding, or-ed with the bits kept.
    extra = compiled.token("control", frozenset(more))
    wider = to_view(Facts(**{**_known(view), "control": sorted(set(control) | set(more))}))
    expected = bool(dimension_status(wider, 4) and dimension_status(wider, 5))
    folded_mask, counts = compiled.fold(mask, compiled.NO_COUNTS, compiled.reach("control"))
    combined_mask, combined_counts = compiled.fold(
        folded_mask | extra[2], counts, compiled.reach("control")
    )
    assert compiled.forced(child, combined_mask, combined_counts) is expected


def _known(view: View) -> dict[str, Any]:
    return {
        k: sorted(v) if isinstance(v, frozenset) else v for k, v in view.items() if v is not None
    }


def test_compiled_forced_labour_agrees_on_every_class_of_values() -> None:
    # Every combination the rules tell apart, on both sides of the age limit (the two
    # Delphi lists differ in dimensions 4 and 5).
    seen = set()
    for age, exploitation, conditions, control, free in product(
        (17, 18), *(classes(f) for f in ("exploitation", "conditions", "control", "free_to_leave"))
    ):
        view = {
            "age": age,
            "exploitation": exploitation,
            "conditions": conditions,
            "control": control,
            "free_to_leave": free,
        }
        child, _, mask = compiled.combined([compiled.token(f, view[f]) for f in GROUP])
        expected = bool(dimension_status(view, 4) and dimension_status(view, 5))
        assert compiled.forced(child, mask) is expected, view
        seen.add((child, expected))
    assert seen == {(True, True), (True, False), (False, True), (False, False)}
