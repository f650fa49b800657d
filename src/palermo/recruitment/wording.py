"""Texts in English and French, and the sentences of the risk reasons.

Flag explanations, questions and sources live in ``data/flags.yaml``; the sentences
built here say why a risk level was given. Like every Palermo screening they describe
indicators: none says that an offer is safe or that anyone is a trafficker.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

LOCALES = ("en", "fr")
DEFAULT_LOCALE = "en"


class Label(NamedTuple):
    """A text in English and French."""

    en: str
    fr: str

    def get(self, locale: str | None) -> str:
        return self.fr if (locale or "")[:2] == "fr" and self.fr else self.en


def label_of(texts: Mapping[str, Any] | str) -> Label:
    """A :class:`Label` from ``{"en": ..., "fr": ...}`` (or one text for both)."""
    if isinstance(texts, str):
        return Label(texts.strip(), texts.strip())
    english = str(texts["en"]).strip()
    return Label(english, str(texts.get("fr") or english).strip())


def locale_of(locale: str | None, fallback: str | None = None) -> str:
    """``fr_CA`` -> ``fr``; an unknown locale falls back to ``fallback`` then English."""
    for candidate in (locale, fallback):
        if candidate and candidate[:2].lower() in LOCALES:
            return candidate[:2].lower()
    return DEFAULT_LOCALE


MESSAGES: dict[str, Label] = {
    "risk.no_flags_found": Label(
        "No red flag was found in this text. This does not make the offer safe: many "
        "dishonest offers look ordinary, and what an offer leaves out matters as much as "
        "what it says. Ask the questions below before you leave.",
        "Aucun signal d'alerte n'a été trouvé dans ce texte. Cela ne rend pas l'offre sûre : "
        "beaucoup d'offres malhonnêtes ont l'air ordinaires, et ce qu'une offre ne dit pas "
        "compte autant que ce qu'elle dit. Posez les questions ci-dessous avant de partir.",
    ),
    "risk.caution": Label(
        "{flags} red flag(s) found ({categories}), weighted score {score}. One or two "
        "flags are common in honest offers too: check each point with the employer.",
        "{flags} signal(s) d'alerte trouvé(s) ({categories}), score pondéré {score}. Un ou "
        "deux signaux se rencontrent aussi dans des offres honnêtes : vérifiez chaque point "
        "auprès de l'employeur.",
    ),
    "risk.high": Label(
        "{flags} red flags found in {n_categories} categories ({categories}), weighted "
        "score {score} (high from {min_score} in at least {min_categories} categories). "
        "Together they are a pattern seen in exploitative recruitment: do not pay, do not "
        "hand over documents, and talk to a hotline before you decide.",
        "{flags} signaux d'alerte trouvés dans {n_categories} catégories ({categories}), "
        "score pondéré {score} (élevé à partir de {min_score} dans au moins "
        "{min_categories} catégories). Ensemble, ils forment un schéma observé dans le "
        "recrutement abusif : ne payez rien, ne remettez aucun document et parlez-en à une "
        "ligne d'écoute avant de décider.",
    ),
    "risk.high_single_category": Label(
        "The weighted score {score} is high, but all flags are of one category "
        "({categories}); a single kind of indicator discriminates poorly, so the level "
        "stays at caution.",
        "Le score pondéré {score} est élevé, mais tous les signaux relèvent d'une seule "
        "catégorie ({categories}) ; un seul type d'indicateur discrimine mal, le niveau "
        "reste donc « prudence ».",
    ),
    "language.unsupported": Label(
        "The text seems to be in '{language}', for which Palermo has no rules yet; it was "
        "checked with the rules of every language it has ({languages}).",
        "Le texte semble rédigé en « {language} », langue pour laquelle Palermo n'a pas "
        "encore de règles ; il a été vérifié avec les règles de toutes les langues "
        "disponibles ({languages}).",
    ),
    "going_rates.illustrative": Label(
        "The going-rate table is illustrative ({version}); replace it with published wages.",
        "La table des taux habituels est indicative ({version}) ; remplacez-la par des "
        "salaires publiés.",
    ),
    "employer.not_identified": Label(
        "(no employer name with a legal form, registration or licence number, or street "
        "address was found)",
        "(aucun nom d'employeur avec forme juridique, numéro d'immatriculation ou de "
        "licence, ni adresse postale n'a été trouvé)",
    ),
    "registry.not_found": Label(
        "licence number not in the registry", "numéro de licence absent du registre"
    ),
}

AND = Label(" and ", " et ")
PERIOD_WORDS = {
    "hour": Label("an hour", "de l'heure"),
    "day": Label("a day", "par jour"),
    "week": Label("a week", "par semaine"),
    "month": Label("a month", "par mois"),
    "year": Label("a year", "par an"),
}
STATUS_WORDS = {
    "licensed": Label("licensed", "agréée"),
    "suspended": Label("licence suspended", "licence suspendue"),
    "revoked": Label("licence revoked", "licence retirée"),
    "expired": Label("licence expired", "licence expirée"),
    "unlicensed": Label("not licensed", "sans licence"),
    "not_found": MESSAGES["registry.not_found"],
}


def render(key: str, locale: str | None, params: Mapping[str, Any] | None = None) -> str:
    """The message ``key`` in ``locale``, a :class:`Label` parameter shown in the locale."""
    return fill(MESSAGES[key].get(locale), locale, params or {})


def fill(template: str, locale: str | None, params: Mapping[str, Any]) -> str:
    if not params:
        return template
    values = {k: v.get(locale) if isinstance(v, Label) else v for k, v in params.items()}
    return template.format_map(values)


def money_text(amount: float, currency: str, period: str | None, locale: str | None) -> str:
    """``3,000 USD a month`` / ``3 000 USD par mois``."""
    whole = f"{round(amount):,}"
    shown = whole.replace(",", "\u202f") if (locale or "")[:2] == "fr" else whole
    tail = f" {PERIOD_WORDS[period].get(locale)}" if period in PERIOD_WORDS else ""
    return f"{shown} {currency}{tail}"
