"""What a screening returns: an outcome, secondary findings, reasons, questions.

Outcomes are screening results that point to assistance and investigation. None of
them is a legal determination, and none says that a person is not a victim: the
wording below is what every surface (CLI, web, printout) shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from palermo.screening.wording import DEFAULT_LOCALE, MESSAGES, fill, render


class Outcome(StrEnum):
    TRAFFICKING_INDICATED = "trafficking_indicated"
    SMUGGLING_INDICATED = "smuggling_indicated"
    LABOUR_EXPLOITATION = "labour_exploitation"
    IRREGULAR_MIGRATION = "irregular_migration"
    INSUFFICIENT_INFORMATION = "insufficient_information"
    NO_INDICATORS = "no_indicators"


OUTCOME_LABELS: dict[Outcome, dict[str, str]] = {
    Outcome.TRAFFICKING_INDICATED: {
        "en": "Indicators of trafficking in persons",
        "fr": "Indices de traite des personnes",
    },
    Outcome.SMUGGLING_INDICATED: {
        "en": "Indicators of smuggling of migrants",
        "fr": "Indices de trafic illicite de migrants",
    },
    Outcome.LABOUR_EXPLOITATION: {
        "en": "Indicators of labour exploitation",
        "fr": "Indices d'exploitation par le travail",
    },
    Outcome.IRREGULAR_MIGRATION: {
        "en": "Indicators of irregular migration",
        "fr": "Indices de migration irrégulière",
    },
    Outcome.INSUFFICIENT_INFORMATION: {
        "en": "Not enough information yet",
        "fr": "Informations encore insuffisantes",
    },
    Outcome.NO_INDICATORS: {
        "en": "No indicator pattern found in the facts recorded",
        "fr": "Aucun ensemble d'indices dans les faits recueillis",
    },
}

# What to do next; phrased as guidance for the screener, never as a verdict.
OUTCOME_GUIDANCE: dict[Outcome, dict[str, str]] = {
    Outcome.TRAFFICKING_INDICATED: {
        "en": "Offer assistance and protection now, and refer for identification and "
        "investigation. This is a screening result, not a legal determination.",
        "fr": "Proposer dès maintenant assistance et protection, et orienter vers "
        "l'identification et l'enquête. Il s'agit d'un résultat de repérage, non d'une "
        "décision juridique.",
    },
    Outcome.SMUGGLING_INDICATED: {
        "en": "Offer assistance suited to a smuggled migrant and stay alert: smuggling "
        "can turn into trafficking. Re-screen if exploitation or control appears.",
        "fr": "Proposer une assistance adaptée à un migrant objet d'un trafic illicite et "
        "rester attentif : le trafic peut devenir de la traite. Refaire le repérage si "
        "une exploitation ou un contrôle apparaît.",
    },
    Outcome.LABOUR_EXPLOITATION: {
        "en": "Refer to labour inspection and to services defending workers' rights; "
        "re-screen if deception, coercion or control comes to light.",
        "fr": "Orienter vers l'inspection du travail et les services de défense des "
        "droits des travailleurs ; refaire le repérage si une tromperie, une contrainte "
        "ou un contrôle apparaît.",
    },
    Outcome.IRREGULAR_MIGRATION: {
        "en": "Offer information on migration status and legal advice; re-screen if "
        "exploitation or control comes to light.",
        "fr": "Informer sur le statut migratoire et proposer un conseil juridique ; refaire "
        "le repérage si une exploitation ou un contrôle apparaît.",
    },
    Outcome.INSUFFICIENT_INFORMATION: {
        "en": "Some facts that could change the result are unknown. Ask the questions "
        "listed, when it is safe and the person agrees; meanwhile offer assistance.",
        "fr": "Certains faits qui pourraient changer le résultat sont inconnus. Poser les "
        "questions indiquées, si c'est sans danger et avec l'accord de la personne ; "
        "entre-temps, proposer une assistance.",
    },
    Outcome.NO_INDICATORS: {
        "en": "The facts recorded so far match none of the patterns. This does not rule "
        "anything out: keep the door open and re-screen if new facts emerge.",
        "fr": "Les faits recueillis à ce stade ne correspondent à aucun des schémas. Cela "
        "n'exclut rien : rester disponible et refaire le repérage si de nouveaux faits "
        "apparaissent.",
    },
}


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"
    NOT_REQUIRED = "not_required"
    INFO = "info"


def status_of(value: bool | None) -> Status:
    if value is None:
        return Status.UNKNOWN
    return Status.MET if value else Status.NOT_MET


@dataclass(frozen=True)
class Reason:
    """One line of the reasoning: an element or indicator and the facts behind it.

    ``text`` is the English sentence (the default of the CLI and the JSON API);
    ``message`` and ``params`` (see :mod:`palermo.screening.wording`) give the same
    sentence in another locale through :meth:`text_in`.
    """

    topic: str  # palermo, smuggling, irregular_migration, ilo_delphi, ilo_forced_labour
    key: str  # the element, criterion, dimension or indicator
    status: Status
    text: str
    evidence: tuple[str, ...] = ()  # "fact: code" items that support the status
    message: str = ""  # key of the sentence in wording.MESSAGES; empty: text only
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def text_in(self, locale: str) -> str:
        """The sentence in ``locale`` ("en" or "fr"); English for any other locale."""
        if locale == DEFAULT_LOCALE or not self.message:
            return self.text
        return render(self.message, locale, self.params)

    def to_dict(self, locale: str = DEFAULT_LOCALE) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "key": self.key,
            "status": str(self.status),
            "text": self.text_in(locale),
            "evidence": list(self.evidence),
        }


def make_reason(
    topic: str,
    key: str,
    status: Status,
    message: str,
    evidence: tuple[str, ...] = (),
    **params: Any,
) -> Reason:
    """A reason whose English text is rendered now and other locales on demand."""
    english = MESSAGES[message][DEFAULT_LOCALE]
    if params:  # render() for English, without its locale fallback (hot path)
        english = fill(english, DEFAULT_LOCALE, tuple(params.items()))
    return Reason(topic, key, status, english, evidence, message, params)


def reason_text(reason: Reason, locale: str) -> str:
    """The sentence of ``reason`` in ``locale``."""
    return reason.text_in(locale)


@dataclass(frozen=True)
class AskNext:
    """An unknown fact worth asking, and the outcomes its answer can rule out."""

    fact: str
    decides: tuple[Outcome, ...]


@dataclass(frozen=True)
class ScreeningResult:
    outcome: Outcome
    also: tuple[Outcome, ...]
    reasons: tuple[Reason, ...]
    ask_next: tuple[AskNext, ...]
    possible: tuple[Outcome, ...] = ()  # outcomes still open when information lacks
    instrument_versions: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]["en"]


def result_to_dict(
    result: ScreeningResult, *, case_id: str | None = None, locale: str = DEFAULT_LOCALE
) -> dict[str, Any]:
    """The JSON shape shared by the CLI and the web API; reason texts in ``locale``."""
    return {
        "id": case_id,
        "outcome": str(result.outcome),
        "also": [str(o) for o in result.also],
        "reasons": [r.to_dict(locale) for r in result.reasons],
        "ask_next": [a.fact for a in result.ask_next],
    }
