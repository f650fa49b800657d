"""What a screening returns: an outcome, secondary findings, reasons, questions.

Outcomes are screening results that point to assistance and investigation. None of
them is a legal determination, and none says that a person is not a victim: the
wording below is what every surface (CLI, web, printout) shows, in English here and in
other languages through the catalogue (``OUTCOME_LABELS[outcome]["fr"]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from palermo.i18n import N_
from palermo.screening.instruments import evidence_label
from palermo.screening.wording import DEFAULT_LOCALE, MESSAGES, Label, Texts, fill, render


class Outcome(StrEnum):
    TRAFFICKING_INDICATED = "trafficking_indicated"
    SMUGGLING_INDICATED = "smuggling_indicated"
    LABOUR_EXPLOITATION = "labour_exploitation"
    IRREGULAR_MIGRATION = "irregular_migration"
    INSUFFICIENT_INFORMATION = "insufficient_information"
    NO_INDICATORS = "no_indicators"


OUTCOME_LABELS: dict[Outcome, Texts] = {
    Outcome.TRAFFICKING_INDICATED: Texts(N_("Indicators of trafficking in persons")),
    Outcome.SMUGGLING_INDICATED: Texts(N_("Indicators of smuggling of migrants")),
    Outcome.LABOUR_EXPLOITATION: Texts(N_("Indicators of labour exploitation")),
    Outcome.IRREGULAR_MIGRATION: Texts(N_("Indicators of irregular migration")),
    Outcome.INSUFFICIENT_INFORMATION: Texts(N_("Not enough information yet")),
    Outcome.NO_INDICATORS: Texts(N_("No indicator pattern found in the facts recorded")),
}

# What to do next; phrased as guidance for the screener, never as a verdict.
OUTCOME_GUIDANCE: dict[Outcome, Texts] = {
    Outcome.TRAFFICKING_INDICATED: Texts(
        N_(
            "Offer assistance and protection now, and refer for identification and "
            "investigation. This is a screening result, not a legal determination."
        )
    ),
    Outcome.SMUGGLING_INDICATED: Texts(
        N_(
            "Offer assistance suited to a smuggled migrant and stay alert: smuggling "
            "can turn into trafficking. Re-screen if exploitation or control appears."
        )
    ),
    Outcome.LABOUR_EXPLOITATION: Texts(
        N_(
            "Refer to labour inspection and to services defending workers' rights; "
            "re-screen if deception, coercion or control comes to light."
        )
    ),
    Outcome.IRREGULAR_MIGRATION: Texts(
        N_(
            "Offer information on migration status and legal advice; re-screen if "
            "exploitation or control comes to light."
        )
    ),
    Outcome.INSUFFICIENT_INFORMATION: Texts(
        N_(
            "Some facts that could change the result are unknown. Ask the questions "
            "listed, when it is safe and the person agrees; meanwhile offer assistance."
        )
    ),
    Outcome.NO_INDICATORS: Texts(
        N_(
            "The facts recorded so far match none of the patterns. This does not rule "
            "anything out: keep the door open and re-screen if new facts emerge."
        )
    ),
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
    sentence in another locale through :meth:`text_in`. ``evidence_labels``, when set,
    give each evidence item in English and French (ILO indicators); "fact: code" items
    stay as they are in every locale.
    """

    topic: str  # palermo, smuggling, irregular_migration, ilo_delphi, ilo_forced_labour
    key: str  # the element, criterion, dimension or indicator
    status: Status
    text: str
    evidence: tuple[str, ...] = ()  # "fact: code" items that support the status
    message: str = ""  # key of the sentence in wording.MESSAGES; empty: text only
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    evidence_labels: tuple[Label, ...] = field(default=(), compare=False, repr=False)

    def text_in(self, locale: str) -> str:
        """The sentence in ``locale`` ("en" or "fr"); English for any other locale."""
        if locale == DEFAULT_LOCALE or not self.message:
            return self.text
        return render(self.message, locale, self.params)

    def evidence_in(self, locale: str) -> tuple[str, ...]:
        """The evidence items in ``locale``; ``evidence`` itself in English."""
        if locale == DEFAULT_LOCALE or not self.evidence_labels:
            return self.evidence
        return tuple(label.get(locale) for label in self.evidence_labels)

    def to_dict(self, locale: str = DEFAULT_LOCALE) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "key": self.key,
            "status": str(self.status),
            "text": self.text_in(locale),
            "evidence": list(self.evidence_in(locale)),
        }


def make_reason(
    topic: str,
    key: str,
    status: Status,
    message: str,
    evidence: tuple[str, ...] = (),
    evidence_labels: tuple[Label, ...] = (),
    **params: Any,
) -> Reason:
    """A reason whose English text is rendered now and other locales on demand.

    "fact: code" evidence reads "Actes : Accueil" in French unless labels are given."""
    items = tuple(params.items())
    try:
        return _reason(topic, key, status, message, evidence, evidence_labels, items)
    except TypeError:  # a parameter that cannot be a memo key: build it afresh
        return _reason.__wrapped__(topic, key, status, message, evidence, evidence_labels, items)


@lru_cache(maxsize=1 << 14)
def _reason(
    topic: str,
    key: str,
    status: Status,
    message: str,
    evidence: tuple[str, ...],
    evidence_labels: tuple[Label, ...],
    items: tuple[tuple[str, Any], ...],
) -> Reason:
    # Screenings repeat the same few thousand reasons; a Reason is frozen and its
    # parameters are read only, so one instance serves every result that shows it.
    if evidence and not evidence_labels:
        evidence_labels = tuple(evidence_label(item) for item in evidence)
    english = MESSAGES[message][DEFAULT_LOCALE]
    if items:  # render() for English, without its locale fallback (hot path)
        english = fill(english, DEFAULT_LOCALE, items)
    return Reason(topic, key, status, english, evidence, message, dict(items), evidence_labels)


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
