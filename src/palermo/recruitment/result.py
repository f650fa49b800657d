"""What screening an offer returns: a risk level with its reasons, the flags with their
evidence, and the questions to ask the employer.

``OfferResult.to_dict(locale=)`` is the JSON of ``POST /api/check-offer``::

    {"risk": "no_flags_found" | "caution" | "high",
     "flags": [{"code": ..., "explanation": ..., "evidence": [...]}],
     "questions": [...]}

and ``to_report(locale=)`` adds what a monitor needs (reasons, sources, categories,
entities, rule versions). No level says that an offer is safe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from palermo.recruitment.catalogue import FlagSpec, flag_catalogue
from palermo.recruitment.entities import Entities
from palermo.recruitment.wording import AND, Label, fill, locale_of, render


class Risk(StrEnum):
    NO_FLAGS_FOUND = "no_flags_found"
    CAUTION = "caution"
    HIGH = "high"


@dataclass(frozen=True)
class Evidence:
    """The exact words that raised a flag, where they are, and in which text."""

    text: str
    start: int
    end: int
    part: str = "ad"  # ad or contract


@dataclass(frozen=True)
class Flag:
    code: str
    evidence: tuple[Evidence, ...] = ()
    rules: tuple[str, ...] = ()  # ids of the rules that raised it (derived flags: none)
    params: tuple[tuple[str, Any], ...] = ()  # values shown in the explanation
    note: Label | None = None  # added to the explanation (e.g. what was not found)

    @property
    def spec(self) -> FlagSpec:
        return flag_catalogue().flags[self.code]

    def explanation(self, locale: str | None = None) -> str:
        text = fill(self.spec.explanation.get(locale), locale, dict(self.params))
        return f"{text} {self.note.get(locale)}" if self.note else text

    def sources(self, locale: str | None = None) -> list[str]:
        catalogue = flag_catalogue()
        return [catalogue.sources[s].get(locale) for s in self.spec.sources]


@dataclass(frozen=True)
class Reason:
    """Why the risk level is what it is (message key and parameters)."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    def text(self, locale: str | None = None) -> str:
        return render(self.key, locale, dict(self.params))


@dataclass(frozen=True)
class OfferResult:
    risk: Risk
    score: int
    flags: tuple[Flag, ...]
    reasons: tuple[Reason, ...]
    language: str  # of the offer (or of the contract when only a contract was given)
    contract_language: str | None = None
    entities: Entities = field(default_factory=Entities)
    contract_entities: Entities | None = None
    countries: tuple[str, ...] = ()  # countries involved: the ad's and the places named
    versions: tuple[tuple[str, str], ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.flags)

    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.spec.category for f in self.flags))

    def _locale(self, locale: str | None) -> str:
        return locale_of(locale, self.language)

    def questions(self, locale: str | None = None) -> list[str]:
        """The flags' own questions first, then those everyone should ask."""
        loc = self._locale(locale)
        asked = [f.spec.question.get(loc) for f in self.flags]
        asked += [q.get(loc) for q in flag_catalogue().general_questions]
        return list(dict.fromkeys(asked))

    def to_dict(self, locale: str | None = None) -> dict[str, Any]:
        """The public JSON shape, in ``locale`` (default: the text's language)."""
        loc = self._locale(locale)
        return {
            "risk": self.risk.value,
            "flags": [
                {
                    "code": f.code,
                    "explanation": f.explanation(loc),
                    "evidence": [e.text for e in f.evidence],
                }
                for f in self.flags
            ],
            "questions": self.questions(loc),
        }

    def to_report(self, locale: str | None = None) -> dict[str, Any]:
        """Everything, for monitors and the CLI: reasons, sources, spans, entities."""
        loc = self._locale(locale)
        catalogue = flag_catalogue()
        return {
            "risk": self.risk.value,
            "score": self.score,
            "reasons": [r.text(loc) for r in self.reasons],
            "language": self.language,
            "contract_language": self.contract_language,
            "countries": list(self.countries),
            "flags": [
                {
                    "code": f.code,
                    "label": f.spec.label.get(loc),
                    "category": f.spec.category,
                    "category_label": catalogue.categories[f.spec.category].get(loc),
                    "weight": f.spec.weight,
                    "explanation": f.explanation(loc),
                    "evidence": [
                        {"text": e.text, "start": e.start, "end": e.end, "part": e.part}
                        for e in f.evidence
                    ],
                    "sources": f.sources(loc),
                    "rules": list(f.rules),
                }
                for f in self.flags
            ],
            "questions": self.questions(loc),
            "entities": self.entities.to_dict(),
            "contract_entities": None
            if self.contract_entities is None
            else self.contract_entities.to_dict(),
            "versions": dict(self.versions),
        }


def category_list(codes: list[str]) -> Label:
    """The names of the categories of ``codes``, joined, in both languages."""
    catalogue = flag_catalogue()
    names = [catalogue.categories[c] for c in dict.fromkeys(codes)]
    return Label(
        ", ".join(n.en for n in names) if len(names) != 2 else AND.en.join(n.en for n in names),
        ", ".join(n.fr for n in names) if len(names) != 2 else AND.fr.join(n.fr for n in names),
    )
