"""The screening form starts from what the case states, and from nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from palermo.screening import Outcome, assess, parse_facts
from palermo.screening.prefill import SOURCES, prefill_from_case
from palermo.store.models import Case, Person, TraffickingEvent

TODAY = date(2026, 12, 1)


def _case(
    *,
    birth_date: str | None = None,
    events: Sequence[tuple[str, str | None, date | None]] = (),
    codes: dict[str, list[str]] | None = None,
    **fields: object,
) -> Case:
    case = Case(
        victim=Person(birth_date=birth_date),
        events=[TraffickingEvent(type=t, country=c, started_on=d) for t, c, d in events],
        **fields,
    )
    for field, values in (codes or {}).items():
        case.set_codes(field, values)
    return case


def test_an_empty_case_prefills_nothing() -> None:
    prefill = prefill_from_case(_case(), on=TODAY)
    assert prefill.facts == {} and prefill.sources == {}


def test_a_girl_of_seventeen_is_screened_as_a_child_from_her_birth_date() -> None:
    # Recruited at 16 in Nigeria, exploited in Italy, passport held: the case says so.
    case = _case(
        birth_date="2009-06-15",
        events=[
            ("Recruitment", "NGA", date(2025, 9, 1)),
            ("Exploitation", "ITA", date(2025, 11, 1)),
        ],
        codes={
            "means_of_control": ["WithholdsDocuments", "Other"],
            "exploitation_types": ["SexualExploitation", "Surrogacy"],
        },
        identified_on=date(2026, 10, 2),
    )
    prefill = prefill_from_case(case, on=TODAY)
    assert prefill.facts == {
        "age": 16,
        "crossed_border": True,
        "acts": ["recruitment"],
        "control": ["WithholdsDocuments"],  # "Other" names no method the rules can read
        "exploitation": ["sexual_exploitation"],  # surrogacy is left to the screener
    }
    assert prefill.sources["age"] == "birth_date_at_event"
    assert set(prefill.sources.values()) <= SOURCES
    # A child recruited for sexual exploitation: no means is needed.
    assert assess(parse_facts(prefill.facts)).outcome is Outcome.TRAFFICKING_INDICATED


def test_a_partial_birth_date_gives_the_younger_age() -> None:
    # Born some time in 2008; identified on 1 June 2026: 17 or 18, so 17 (minority presumed).
    case = _case(birth_date="2008", identified_on=date(2026, 6, 1))
    prefill = prefill_from_case(case, on=TODAY)
    assert prefill.facts == {"age": 17}
    assert prefill.sources["age"] == "age_at_identification"


def test_the_recorded_age_when_trafficked_comes_first() -> None:
    case = _case(birth_date="1990-01-01", age_when_trafficked=15, age_at_identification=30)
    assert prefill_from_case(case, on=TODAY).facts["age"] == 15


def test_one_country_for_recruitment_and_exploitation_means_no_border() -> None:
    same = _case(events=[("Recruitment", "FRA", None), ("Exploitation", "FRA", None)])
    assert prefill_from_case(same, on=TODAY).facts["crossed_border"] is False
    # One country known, the other not: the border stays unknown.
    half = _case(events=[("Recruitment", "FRA", None), ("Exploitation", None, None)])
    assert "crossed_border" not in prefill_from_case(half, on=TODAY).facts
    moved = _case(events=[("Transit", "NER", None), ("Exploitation", "LBY", None)])
    prefill = prefill_from_case(moved, on=TODAY)
    assert prefill.facts["crossed_border"] is True
    assert prefill.facts["acts"] == ["transportation"]


def test_the_last_screening_fills_only_what_the_case_does_not_hold() -> None:
    case = _case(birth_date="2000-01-01", identified_on=date(2026, 1, 10))
    earlier = {
        "age": 40,  # the case record says 26: the record wins
        "entry": "regular",
        "free_to_leave": None,  # unknown stays unknown
        "control": ["NoSuchMethod"],  # a code no longer in the instrument: asked afresh
        "consented_to_movement": False,
    }
    prefill = prefill_from_case(case, on=TODAY, earlier=earlier)
    assert prefill.facts == {"age": 26, "entry": "regular", "consented_to_movement": False}
    assert prefill.sources["entry"] == "earlier" and prefill.sources["age"] != "earlier"
