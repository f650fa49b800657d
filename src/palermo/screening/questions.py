"""The questions of a guided screening form, grouped by element, in English and French.

The web layer builds its form from :func:`questions`; the CLI uses the same wording
for its "ask next" list, so that both ask the same thing in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from palermo.screening.instruments import fact_vocabulary

LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class Choice:
    """One allowed code of a list or choice question, with its labels."""

    code: str
    label: dict[str, str]  # language -> label


@dataclass(frozen=True)
class Question:
    fact: str  # the field name in the facts format
    kind: str  # bool, list, int or choice
    text: dict[str, str]  # language -> question wording
    choices: tuple[Choice, ...] = ()  # empty for bool and int questions
    help: dict[str, str] | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(choice.code for choice in self.choices)

    def to_dict(self) -> dict[str, Any]:
        return {
            "fact": self.fact,
            "kind": self.kind,
            "text": dict(self.text),
            "help": dict(self.help) if self.help else None,
            "choices": [{"code": c.code, "label": dict(c.label)} for c in self.choices],
        }


@dataclass(frozen=True)
class QuestionGroup:
    """A group of questions about one element (person, act, means, purpose, movement)."""

    id: str
    title: dict[str, str]  # language -> title
    questions: tuple[Question, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": dict(self.title),
            "questions": [q.to_dict() for q in self.questions],
        }


@cache
def _groups() -> tuple[QuestionGroup, ...]:
    vocab = fact_vocabulary()
    specs = vocab.by_name()
    groups = []
    for raw in vocab.groups:
        items = []
        for fact in raw["facts"]:
            spec = specs[fact["name"]]
            choices = tuple(Choice(code, dict(spec.labels[code])) for code in spec.codes)
            items.append(
                Question(
                    spec.name,
                    spec.kind,
                    dict(spec.question),
                    choices,
                    dict(spec.help) if spec.help else None,
                )
            )
        groups.append(QuestionGroup(raw["id"], dict(raw["title"]), tuple(items)))
    return tuple(groups)


def questions() -> list[QuestionGroup]:
    """The guided form's questions, grouped by element, in the order to ask them."""
    return list(_groups())


def question_for(fact: str) -> Question:
    for group in _groups():
        for question in group.questions:
            if question.fact == fact:
                return question
    raise KeyError(fact)
