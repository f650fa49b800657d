"""Properties of the engine over random fact sets (hypothesis)."""

from __future__ import annotations

from itertools import combinations, product
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palermo.screening import FACT_NAMES, Facts, Outcome, assess, questions
from palermo.screening.rules import MEANS_FACTS

SPECS = {q.fact: q for group in questions() for q in group.questions}
LISTS = [name for name, q in SPECS.items() if q.kind == "list"]
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _value(name: str) -> st.SearchStrategy[Any]:
    q = SPECS[name]
    if q.kind == "list":
        # Duplicates and any order: the engine must treat lists as sets.
        return st.lists(st.sampled_from(q.codes), max_size=5)
    if q.kind == "bool":
        return st.booleans()
    if q.kind == "choice":
        return st.sampled_from(q.codes)
    return st.integers(min_value=0, max_value=90)


@st.composite
def fact_maps(draw: st.DrawFn, unknown_rate: float = 0.3) -> dict[str, Any]:
    out = {}
    for name in FACT_NAMES:
        if draw(st.floats(0, 1)) >= unknown_rate:
            out[name] = draw(_value(name))
        elif draw(st.booleans()):
            out[name] = None  # explicit null and absence both mean unknown
    return out


def _outcome(mapping: dict[str, Any]) -> Outcome:
    return assess(Facts(**mapping), explain=False).outcome


@st.composite
def trafficking_maps(draw: st.DrawFn) -> dict[str, Any]:
    mapping = draw(fact_maps(unknown_rate=0.2))
    mapping["acts"] = draw(st.lists(st.sampled_from(SPECS["acts"].codes), min_size=1))
    mapping["exploitation"] = draw(
        st.lists(st.sampled_from(SPECS["exploitation"].codes), min_size=1)
    )
    mapping["deceived_about"] = draw(
        st.lists(st.sampled_from(SPECS["deceived_about"].codes), min_size=1)
    )
    return mapping


@SETTINGS
@given(trafficking_maps(), st.sampled_from(["acts", "exploitation", *MEANS_FACTS]), st.data())
def test_adding_an_act_means_or_exploitation_keeps_trafficking(
    mapping: dict[str, Any], fact: str, data: st.DataObject
) -> None:
    assert _outcome(mapping) is Outcome.TRAFFICKING_INDICATED
    code = data.draw(st.sampled_from(SPECS[fact].codes))
    more = dict(mapping)
    more[fact] = [*(mapping.get(fact) or []), code]
    assert _outcome(more) is Outcome.TRAFFICKING_INDICATED


@SETTINGS
@given(fact_maps(), st.sampled_from(["acts", "exploitation", *MEANS_FACTS]), st.data())
def test_adding_facts_never_moves_away_from_trafficking(
    mapping: dict[str, Any], fact: str, data: st.DataObject
) -> None:
    before = _outcome(mapping)
    more = dict(mapping)
    more[fact] = [*(mapping.get(fact) or []), data.draw(st.sampled_from(SPECS[fact].codes))]
    if before is Outcome.TRAFFICKING_INDICATED:
        assert _outcome(more) is Outcome.TRAFFICKING_INDICATED


@SETTINGS
@given(fact_maps(), st.integers(0, 17), st.data())
def test_a_child_never_needs_a_means(
    mapping: dict[str, Any], age: int, data: st.DataObject
) -> None:
    mapping = dict(mapping, age=age)
    mapping["acts"] = data.draw(st.lists(st.sampled_from(SPECS["acts"].codes), min_size=1))
    mapping["exploitation"] = data.draw(
        st.lists(st.sampled_from(SPECS["exploitation"].codes), min_size=1)
    )
    for fact in MEANS_FACTS:
        mapping[fact] = data.draw(st.sampled_from([None, []]))
    mapping["free_to_leave"] = data.draw(st.sampled_from([None, True]))
    assert _outcome(mapping) is Outcome.TRAFFICKING_INDICATED


@SETTINGS
@given(fact_maps(), st.randoms(use_true_random=False))
def test_order_of_facts_changes_nothing(mapping: dict[str, Any], rnd: Any) -> None:
    shuffled = {}
    keys = list(mapping)
    rnd.shuffle(keys)  # order of the fields
    for key in keys:
        value = mapping[key]
        if isinstance(value, list):
            value = list(value) + value[:1]  # order and repetition inside lists
            rnd.shuffle(value)
        shuffled[key] = value
    a, b = assess(Facts(**mapping)), assess(Facts(**shuffled))
    assert (a.outcome, a.also, a.ask_next, a.reasons) == (b.outcome, b.also, b.ask_next, b.reasons)


@SETTINGS
@given(fact_maps(), st.sampled_from(FACT_NAMES))
def test_forgetting_a_fact_keeps_the_outcome_or_asks_for_more(
    mapping: dict[str, Any], fact: str
) -> None:
    before = _outcome(mapping)
    after = _outcome(dict(mapping, **{fact: None}))
    assert after in (before, Outcome.INSUFFICIENT_INFORMATION)


@SETTINGS
@given(fact_maps(unknown_rate=0.4), st.data())
def test_learning_facts_never_overturns_a_definite_outcome(
    mapping: dict[str, Any], data: st.DataObject
) -> None:
    before = _outcome(mapping)
    full = {
        name: mapping[name] if mapping.get(name) is not None else data.draw(_value(name))
        for name in FACT_NAMES
    }
    if before is not Outcome.INSUFFICIENT_INFORMATION:
        assert _outcome(full) is before
    assert _outcome(full) is not Outcome.INSUFFICIENT_INFORMATION  # all known: decided


@SETTINGS
@given(fact_maps(unknown_rate=0.5))
def test_ask_next_only_when_insufficient_and_only_unknown_facts(mapping: dict[str, Any]) -> None:
    facts = Facts(**mapping)
    result = assess(facts)
    if result.outcome is Outcome.INSUFFICIENT_INFORMATION:
        assert result.ask_next
        assert len(result.possible) >= 2
        for item in result.ask_next:
            assert getattr(facts, item.fact) is None
            assert set(item.decides) <= set(result.possible)
    else:
        assert result.ask_next == ()
    assert result.outcome not in result.also


# Facts with a domain small enough to try every value (ages: every one a rule could
# tell apart and more), to hold the exact search against brute force.
SMALL = [name for name, q in SPECS.items() if q.kind in ("bool", "choice")] + ["acts", "age"]


def _domain(name: str) -> list[Any]:
    q = SPECS[name]
    if q.kind == "bool":
        return [True, False]
    if q.kind == "choice":
        return list(q.codes)
    if name == "age":
        return [*range(0, 25), 40, 90]
    return [list(c) for n in range(len(q.codes) + 1) for c in combinations(q.codes, n)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_maps(unknown_rate=0.0), st.lists(st.sampled_from(SMALL), min_size=1, max_size=2))
def test_insufficient_exactly_when_some_completion_changes_the_outcome(
    mapping: dict[str, Any], unknown: list[str]
) -> None:
    unknown = sorted(set(unknown))
    known = {name: mapping.get(name, _first(name)) for name in FACT_NAMES}
    partial = {name: (None if name in unknown else value) for name, value in known.items()}
    result = assess(Facts(**partial), explain=False)
    table = {
        values: _outcome(dict(partial, **dict(zip(unknown, values, strict=True))))
        for values in product(*(map(_frozen, _domain(n)) for n in unknown))
    }
    outcomes = set(table.values())
    if len(outcomes) == 1:
        assert result.outcome is outcomes.pop() and result.ask_next == ()
        return
    assert result.outcome is Outcome.INSUFFICIENT_INFORMATION
    assert set(result.possible) == outcomes
    # A fact is asked when two completions differing in it alone give two outcomes.
    changes = {
        name
        for i, name in enumerate(unknown)
        for a, b in combinations(table, 2)
        if all(x == y for j, (x, y) in enumerate(zip(a, b, strict=True)) if j != i)
        and table[a] is not table[b]
    }
    assert {a.fact for a in result.ask_next} == changes


def _first(name: str) -> Any:
    return _domain(name)[0] if name in SMALL else []


def _frozen(value: Any) -> Any:
    # Completions key the table, so list values become hashable tuples.
    return tuple(value) if isinstance(value, list) else value
