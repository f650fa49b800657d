"""Identify: screen a person's situation against the Palermo Protocol, the Smuggling
of Migrants Protocol and the ILO indicators, and explain the result.

Public API::

    facts = parse_facts({"age": 22, "acts": ["recruitment"], ...})
    result = assess(facts)          # ScreeningResult (frozen)
    result_to_dict(result, case_id="dev-01")   # the JSON shape of CLI and API
    instrument_versions()           # to store with a saved assessment
    questions()                     # guided form, grouped by element, en/fr

Results are screening results pointing to assistance and investigation, never a
legal determination of anyone's status.
"""

from palermo.screening.engine import assess
from palermo.screening.facts import (
    FACT_NAMES,
    Facts,
    load_screening_file,
    parse_facts,
    screening_inputs,
)
from palermo.screening.instruments import instrument_versions
from palermo.screening.questions import Choice, Question, QuestionGroup, question_for, questions
from palermo.screening.result import (
    OUTCOME_GUIDANCE,
    OUTCOME_LABELS,
    AskNext,
    Outcome,
    Reason,
    ScreeningResult,
    Status,
    result_to_dict,
)

__all__ = [
    "FACT_NAMES",
    "OUTCOME_GUIDANCE",
    "OUTCOME_LABELS",
    "AskNext",
    "Choice",
    "Facts",
    "Outcome",
    "Question",
    "QuestionGroup",
    "Reason",
    "ScreeningResult",
    "Status",
    "assess",
    "instrument_versions",
    "load_screening_file",
    "parse_facts",
    "question_for",
    "questions",
    "result_to_dict",
    "screening_inputs",
]
