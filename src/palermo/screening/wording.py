"""The sentences of the reasons, in English and French, keyed by a stable message key.

A reason carries its message key and parameters; its text is the message of the
locale with the parameters filled in. A parameter is either a plain value (a
number, a version) or a label pair ``{"en": ..., "fr": ...}`` taken from the
instrument data, so that a label is translated where the instrument defines it.
French follows the wording of the Protocols' French texts and of practitioners
("actes", "moyens", "fins d'exploitation", "indicateurs de l'OIT"). Like the
English, it describes indicators and never concludes on anyone's status.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NamedTuple

LOCALES = ("en", "fr")
DEFAULT_LOCALE = "en"

MESSAGES: dict[str, dict[str, str]] = {
    "palermo.act.met": {
        "en": "Act (recruitment, transportation, transfer, harbouring or receipt) "
        "shown by the facts.",
        "fr": "Acte (recrutement, transport, transfert, hébergement ou accueil) "
        "établi par les faits.",
    },
    "palermo.act.not_met": {
        "en": "No act recorded.",
        "fr": "Aucun acte relevé.",
    },
    "palermo.act.unknown": {
        "en": "Acts not yet known.",
        "fr": "Actes encore inconnus.",
    },
    "palermo.means.child": {
        "en": "The person was under {age}: no means is needed (Protocol art. 3(c)).",
        "fr": "La personne avait moins de {age} ans : aucun moyen n'est requis "
        "(Protocole, art. 3 c)).",
    },
    "palermo.means.met": {
        "en": "Means: {label}.",
        "fr": "Moyen : {label}.",
    },
    "palermo.means.not_met": {
        "en": "No means recorded.",
        "fr": "Aucun moyen relevé.",
    },
    "palermo.means.unknown": {
        "en": "Means not yet known: deception, coercion, abuse of vulnerability or "
        "control have not all been asked.",
        "fr": "Moyens encore inconnus : la tromperie, la contrainte, l'abus de "
        "vulnérabilité et le contrôle n'ont pas tous été abordés.",
    },
    "palermo.consent": {
        "en": "The person consented to the journey; consent does not matter once a means "
        "was used (Protocol art. 3(b)).",
        "fr": "La personne a consenti au voyage ; ce consentement est indifférent dès lors "
        "que l'un des moyens a été utilisé (Protocole, art. 3 b)).",
    },
    "palermo.purpose.met": {
        "en": "Exploitative purpose: {label}.",
        "fr": "Fins d'exploitation : {label}.",
    },
    "palermo.purpose.forced_labour_indicators": {
        "en": "Exploitative purpose: forced labour, shown by the ILO indicators of "
        "exploitative conditions and of coercion at destination (see below).",
        "fr": "Fins d'exploitation : travail forcé, établi par les indicateurs de l'OIT "
        "relatifs aux conditions d'exploitation et à la contrainte sur le lieu de "
        "destination (voir ci-dessous).",
    },
    "palermo.purpose.not_met": {
        "en": "No exploitative purpose recorded.",
        "fr": "Aucune fin d'exploitation relevée.",
    },
    "palermo.purpose.unknown": {
        "en": "Exploitative purpose not yet known.",
        "fr": "Fins d'exploitation encore inconnues.",
    },
    "palermo.purpose.intended": {
        "en": "The exploitation was intended but had not yet happened; the purpose is enough.",
        "fr": "L'exploitation était projetée mais n'avait pas encore eu lieu ; les fins "
        "d'exploitation suffisent.",
    },
    "smuggling.criterion": {
        "en": "{label}",
        "fr": "{label}",
    },
    "smuggling.criterion.noted": {
        "en": "{label}. {note}",
        "fr": "{label}. {note}",
    },
    "smuggling.criterion.optional": {
        "en": "{label} (reported, not required)",
        "fr": "{label} (signalé, non requis)",
    },
    "smuggling.criterion.optional.noted": {
        "en": "{label} (reported, not required). {note}",
        "fr": "{label} (signalé, non requis). {note}",
    },
    "smuggling.control_after_arrival": {
        "en": "Control after arrival: the situation goes beyond smuggling.",
        "fr": "Contrôle après l'arrivée : la situation va au-delà du trafic illicite de migrants.",
    },
    "labour_exploitation": {
        "en": "Exploitative conditions of work (ILO dimension 4 positive) for a person "
        "someone recruited, moved, harboured or received; the trafficking elements are "
        "not all met on the facts recorded.",
        "fr": "Conditions de travail relevant de l'exploitation (dimension 4 des "
        "indicateurs de l'OIT positive) pour une personne que quelqu'un a recrutée, "
        "transportée, hébergée ou accueillie ; les éléments de la traite des personnes "
        "ne sont pas tous réunis au vu des faits recueillis.",
    },
    "irregular_migration": {
        "en": "{note}",
        "fr": "{note}",
    },
    "ilo_delphi.provenance": {
        "en": "ILO/EC Delphi indicators ({lists}, {version}), verified={verified}: "
        "transcribed from a secondary synthesis, not yet checked against the ILO "
        "publication.",
        "fr": "Indicateurs Delphi de l'OIT et de la Commission européenne ({lists}, "
        "{version}), verified={verified} : transcrits d'une synthèse secondaire, pas "
        "encore vérifiés sur la publication de l'OIT.",
    },
    "ilo_delphi.dimension.met": {
        "en": "Dimension {dim}, {label}: positive.",
        "fr": "Dimension {dim}, {label} : positive.",
    },
    "ilo_delphi.dimension.not_met": {
        "en": "Dimension {dim}, {label}: indicators present, below the rule.",
        "fr": "Dimension {dim}, {label} : indicateurs présents, en deçà de la règle.",
    },
    "ilo_delphi.dimension.unknown": {
        "en": "Dimension {dim}, {label}: could become positive; facts missing.",
        "fr": "Dimension {dim}, {label} : pourrait devenir positive ; des faits manquent.",
    },
    "ilo_forced_labour.indicator": {
        "en": "ILO forced labour indicator: {label}.",
        "fr": "Indicateur de travail forcé de l'OIT : {label}.",
    },
    "outcome.possible": {
        "en": "Depending on the missing facts, the result could be: {outcomes}.",
        "fr": "Selon les faits manquants, le résultat pourrait être : {outcomes}.",
    },
}

# Names of the ILO/EC Delphi lists, as the provenance reason shows them.
DELPHI_LIST_LABELS: dict[str, dict[str, str]] = {
    "adult_labour": {"en": "adult_labour", "fr": "adultes, exploitation par le travail"},
    "child_labour": {"en": "child_labour", "fr": "enfants, exploitation par le travail"},
}
AND = {"en": " and ", "fr": " et "}


class Label(NamedTuple):
    """A text in English and French (hashable, so rendered sentences can be memoised)."""

    en: str
    fr: str

    def get(self, locale: str) -> str:
        return self.fr if locale[:2] == "fr" and self.fr else self.en


def label_pair(texts: Mapping[str, str]) -> Label:
    return Label(texts["en"], texts.get("fr") or texts["en"])


def render(message: str, locale: str, params: Mapping[str, Any]) -> str:
    """The message in ``locale`` (English when the locale is not known).

    A parameter is a plain value or a :class:`Label`, which is shown in the locale.
    """
    texts = MESSAGES[message]
    if locale not in texts:
        locale = locale[:2] if locale[:2] in texts else DEFAULT_LOCALE  # fr_CA -> fr
    if not params:
        return texts[locale]
    return fill(texts[locale], locale, tuple(params.items()))


@lru_cache(maxsize=1 << 12)
def fill(template: str, locale: str, items: tuple[tuple[str, Any], ...]) -> str:
    # Few distinct sentences exist (one per label and status), so memoising keeps the
    # engine as fast as with hard-coded f-strings.
    return template.format_map(
        {name: value.get(locale) if type(value) is Label else value for name, value in items}
    )
