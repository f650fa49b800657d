"""The three screening defects of issue 15, each held against worked cases of our own
(tests/screening/data/worked_cases.yaml, in the format of the shared cases.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from palermo.screening import Outcome, assess, load_screening_file, parse_facts

WORKED = Path(__file__).parent / "data" / "worked_cases.yaml"


def _cases(defect_word: str) -> list[dict[str, Any]]:
    cases = yaml.safe_load(WORKED.read_text("utf-8"))
    chosen = [c for c in cases if defect_word in c["defect"]]
    assert chosen, defect_word
    return chosen


def _check(case: dict[str, Any]) -> None:
    result = assess(parse_facts(case["facts"]))
    assert str(result.outcome) == case["expected"], case["id"]
    assert [str(o) for o in result.also] == case.get("also", []), case["id"]
    assert [a.fact for a in result.ask_next] == case["ask_next"], case["id"]


def test_the_file_is_in_the_shared_format_and_screens_as_it_is() -> None:
    inputs = load_screening_file(WORKED)
    assert [case_id for case_id, _ in inputs][:2] == ["reg-01", "reg-02"]
    assert all(assess(facts).outcome is not Outcome.INSUFFICIENT_INFORMATION for _, facts in inputs)


@pytest.mark.parametrize("case", _cases("regular entry"), ids=lambda c: c["id"])
def test_a_regular_entry_settles_smuggling_and_irregular_migration(case: dict[str, Any]) -> None:
    _check(case)
    facts = parse_facts(case["facts"])
    assert facts.entry == "regular" and facts.facilitator_paid_for_entry is None
    result = assess(facts)
    # Nobody procured a regular entry: whether someone was paid, or the person agreed to
    # the journey, cannot make it smuggling, so neither is asked.
    assert result.outcome is not Outcome.SMUGGLING_INDICATED
    assert Outcome.SMUGGLING_INDICATED not in result.also
    for paid in (True, False):
        for agreed in (True, False, None):
            answered = parse_facts(
                {
                    **case["facts"],
                    "facilitator_paid_for_entry": paid,
                    "consented_to_movement": agreed,
                }
            )
            assert assess(answered).outcome is result.outcome
    reason = next(r for r in result.reasons if r.topic == "irregular_migration")
    assert "entry: regular" in reason.evidence and "stay" in reason.text


@pytest.mark.parametrize("case", _cases("labour exploitation"), ids=lambda c: c["id"])
def test_withheld_or_low_wages_without_means_are_labour_exploitation(
    case: dict[str, Any],
) -> None:
    _check(case)
    result = assess(parse_facts(case["facts"]))
    by_key = {(r.topic, r.key): r for r in result.reasons}
    # The Delphi dimension of exploitative conditions is below its rule, and it does not
    # matter here: that rule tests trafficking's purpose (forced labour), not this.
    assert str(by_key[("ilo_delphi", "dimension_4.exploitative_conditions")].status) == "not_met"
    labour = by_key[("labour_exploitation", "labour_exploitation")]
    shown = {item.split(": ")[1] for item in labour.evidence}
    assert shown == set(case["facts"]["conditions"])
    assert str(by_key[("palermo", "means")].status) == "not_met"


def test_wages_are_enough_but_informal_work_alone_is_not_labour_exploitation() -> None:
    [case] = [c for c in _cases("labour exploitation") if c["id"] == "lab-03"]
    informal = {**case["facts"], "conditions": ["no_contract", "no_social_protection"]}
    assert assess(parse_facts(informal)).outcome is Outcome.NO_INDICATORS
    # A method of control that is itself a condition of work counts too.
    taken = {**informal, "control": ["TakesEarnings"]}
    assert assess(parse_facts(taken)).outcome is Outcome.LABOUR_EXPLOITATION


@pytest.mark.parametrize("case", _cases("cannot change"), ids=lambda c: c["id"])
def test_unknown_facts_that_cannot_change_the_outcome_do_not_hold_it_open(
    case: dict[str, Any],
) -> None:
    _check(case)
    facts = parse_facts(case["facts"])
    result = assess(facts)
    unknown = [name for name, value in facts.model_dump().items() if value is None]
    assert "age" in unknown and result.possible == ()
    for age in (9, 16, 17, 18, 20, 45):
        assert assess(parse_facts({**case["facts"], "age": age})).outcome is result.outcome
    # Three-valued logic alone leaves the purpose open (each list's dimensions disagree);
    # the reasons say what the search found: no exploitative purpose.
    purpose = next(r for r in result.reasons if r.key == "purpose")
    assert str(purpose.status) == "not_met"


def test_means_are_not_asked_when_no_purpose_can_be_shown() -> None:
    facts = parse_facts(
        {
            "age": 30,
            "acts": ["recruitment"],
            "exploitation": [],
            "conditions": [],
            "crossed_border": True,
            "entry": "irregular",
            "facilitator_paid_for_entry": True,
            "consented_to_movement": True,
        }
    )
    result = assess(facts)
    assert result.outcome is Outcome.INSUFFICIENT_INFORMATION
    asked = [a.fact for a in result.ask_next]
    # Control after arrival still decides smuggling (and excessive hours imposed as
    # control would be labour exploitation); deception, coercion at recruitment and
    # vulnerability cannot change anything once no purpose can be shown.
    assert asked == ["control", "free_to_leave"]
    assert set(result.possible) == {
        Outcome.SMUGGLING_INDICATED,
        Outcome.LABOUR_EXPLOITATION,
        Outcome.NO_INDICATORS,
    }
