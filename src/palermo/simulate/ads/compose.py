"""Writing one ad (and its contract) from a poster's template or from scratch, with its truth.

The truth of an ad is what its sentences plant (``flags``/``cues`` of the phrase
files) plus what follows from the whole ad: no sentence that identifies an employer
(``vague_employer``), a chat app without e-mail or web site (``messaging_app_only``),
a number written to escape filters (``obscured_phone``), pay at least the going-rate
factor above the illustrative table for the job and country (``pay_above_going_rate``),
an agency whose licence is not valid (``unlicensed_agency``), and, for a contract,
its clauses and whether it switches job, country or pay (``bait_and_switch``).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from palermo.recruitment.catalogue import going_rates
from palermo.recruitment.money import PER_MONTH
from palermo.simulate.ads import adwords, storywords
from palermo.simulate.ads.contactgen import PhoneBook, write_phone
from palermo.simulate.ads.grammar import choose, fill
from palermo.simulate.ads.plan import Poster, job_noun

DATA = resources.files("palermo.simulate.ads") / "data"
CHAT = re.compile(r"\b(?:whatsapp|telegram|viber|signal|wechat|imo)\b", re.IGNORECASE)
FIXED = {
    "open",
    "open_urgent",
    "pay",
    "marriage_scam",
    "study_open",
    "study_scam",
    "modelling_scam",
    "escort",
}
CURRENCY = {
    "GB": "GBP",
    "AE": "AED",
    "QA": "QAR",
    "SA": "SAR",
    "US": "USD",
    "CA": "CAD",
    "JP": "JPY",
    "MY": "MYR",
    "TH": "THB",
    "RU": "RUB",
    "CH": "CHF",
    "PL": "PLN",
    "TR": "USD",
}
SYMBOL = {"EUR": "€", "USD": "$", "GBP": "£"}


@dataclass(frozen=True)
class Sentence:
    section: str
    text: str  # choices made, slots open
    flags: frozenset[str]
    cues: frozenset[str]
    identity: bool


@cache
def phrases(lang: str) -> dict[str, list[dict[str, Any]]]:
    with (DATA / f"phrases_{lang}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["sections"]


def sentence(section: str, lang: str, rng: random.Random) -> Sentence:
    variant = rng.choice(phrases(lang)[section])
    return Sentence(
        section,
        choose(variant["text"], rng),
        frozenset(variant.get("flags") or ()),
        frozenset(variant.get("cues") or ()),
        bool(variant.get("identity")),
    )


def pay_text(
    monthly_eur: float, country: str, lang: str, rng: random.Random, hourly_ok: bool
) -> tuple[str, float]:
    """Pay as written, and its true value per month in EUR (after rounding)."""
    rates = going_rates()
    currency = CURRENCY.get(country, "EUR")
    if currency not in ("EUR", "GBP") and rng.random() < 0.4:
        currency = "USD"
    period = rng.choices(["month", "week", "hour"], weights=[8, 1, 1] if hourly_ok else [1, 0, 0])[
        0
    ]
    amount = monthly_eur / rates.eur_per_unit[currency] / PER_MONTH[period]
    amount = (
        round(amount * 2) / 2
        if period == "hour"
        else float(round(amount, -1 if period == "week" else -2) or 10)
    )
    true_eur = amount * PER_MONTH[period] * rates.eur_per_unit[currency]
    shown = f"{amount:g}" if period == "hour" else f"{amount:,.0f}"
    if lang == "fr":
        shown = shown.replace(",", "\u202f" if rng.random() < 0.5 else " ").replace(".", ",")
        unit = "€" if currency == "EUR" and rng.random() < 0.6 else currency
        tail = {
            "month": rng.choice(["par mois", "net par mois", "brut par mois"]),
            "week": "par semaine",
            "hour": "de l'heure",
        }[period]
        return f"{shown} {unit} {tail}", true_eur
    tail = {
        "month": rng.choice(["per month", "a month", "/month", "monthly"]),
        "week": "per week",
        "hour": rng.choice(["per hour", "/hour"]),
    }[period]
    sep = "" if tail.startswith("/") else " "
    if currency in SYMBOL and rng.random() < 0.5:
        return f"{SYMBOL[currency]}{shown}{sep}{tail}", true_eur
    return f"{shown} {currency}{sep}{tail}", true_eur


def going_eur(country: str, job: str | None) -> float | None:
    rates = going_rates()
    found = rates.rate(country, job) if job else None
    return rates.to_eur(*found) if found else None


class Writer:
    """Writes ads; holds the feed's phone book so that numbers stay unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.phones = PhoneBook(rng)

    def phone(self, e164: str, country: str, lang: str, obfuscate: bool) -> tuple[str, bool]:
        """The number as the ad writes it, and whether that obscures it."""
        if not e164.startswith(self._prefix(country)):
            # A foreign number keeps its country code: spaced digits or international.
            if obfuscate:
                return "+ " + " ".join(e164[1:]), True
            return write_phone(e164, "international", lang, self.rng)
        styles = ["words", "o_for_zero", "spaced"] if obfuscate else ["international", "national"]
        return write_phone(e164, self.rng.choice(styles), lang, self.rng)

    @staticmethod
    @cache
    def _prefix(country: str) -> str:
        import phonenumbers

        return f"+{phonenumbers.country_code_for_region(country)}"

    def slots(
        self, lang: str, job: str | None, dest: tuple[str, str], post: tuple[str, str]
    ) -> dict[str, str]:
        rng = self.rng
        plural, single = job_noun(rng, lang, job) if job in adwords.JOBS[lang] else ("", "")
        return {
            "jobs": plural,
            "jobs_a": single,
            "dest": dest[0],
            "dest_country": dest[1],
            "post_city": post[0],
            "tasks": (" et " if lang == "fr" else " and ").join(rng.sample(adwords.TASKS[lang], 2)),
            "age_lo": "18",
            "age_hi": "25",
            "n": str(rng.randint(1, 3)),
            "kid_lo": str(rng.randint(1, 5)),
            "kid_hi": str(rng.randint(6, 12)),
            "field": rng.choice(adwords.FIELDS[lang]),
            "country_people": rng.choice(adwords.PEOPLE[lang]),
            "university": ("Université de " if lang == "fr" else "University of ")
            + adwords.brand(rng),
            "fee": f"{rng.choice([100, 150, 200, 300])} EUR",
            "fname": adwords.brand(rng, 2),
            "fname2": adwords.brand(rng, 2),
            "hobby": rng.choice(storywords.HOBBIES[lang]),
            "hobby2": rng.choice(storywords.HOBBIES[lang]),
            "parent_job": rng.choice(storywords.PARENT_JOBS[lang]),
            "parent_job2": rng.choice(storywords.PARENT_JOBS[lang]),
            "topic": rng.choice(storywords.TOPICS[lang]),
            "topic2": rng.choice(storywords.TOPICS[lang]),
            "topic3": rng.choice(storywords.TOPICS[lang]),
            "month": rng.choice(storywords.MONTHS[lang]),
            "year": str(rng.randint(1975, 2025)),
            "n_staff": str(rng.randint(3, 900)),
            "n_sites": str(rng.randint(2, 60)),
            "age_any": str(rng.randint(24, 58)),
        }


def derived_truth(
    sentences: list[Sentence],
    text: str,
    *,
    obscured: bool,
    has_email: bool,
    has_web: bool,
    pay_flag: bool,
) -> set[str]:
    flags: set[str] = set()
    cues: set[str] = set()
    for s in sentences:
        flags |= s.flags
        cues |= s.cues
    if {"no_experience", "travel_or_housing_paid"} <= cues:
        flags.add("no_experience_travel_paid")
    if not any(s.identity for s in sentences):
        flags.add("vague_employer")
    if CHAT.search(text) and not has_email and not has_web:
        flags.add("messaging_app_only")
    if obscured:
        flags.add("obscured_phone")
    if pay_flag:
        flags.add("pay_above_going_rate")
    return flags


def render(sentences: list[Sentence], slots: dict[str, str]) -> str:
    texts = (fill(s.text, slots) for s in sentences)
    return " ".join(t[:1].upper() + t[1:] for t in texts)


def contract_text(
    poster: Poster,
    lang: str,
    rng: random.Random,
    job: str,
    work: tuple[str, str],
    pay: str,
    company: str,
) -> tuple[str, set[str]]:
    """A contract for ``poster``'s ad; the flags its clauses plant."""
    single = job_noun(rng, lang, job)[1]
    address = adwords.address(rng, lang, work[0])
    clauses = {
        "en": {
            "passport": (
                "The employer will keep the worker's passport for the duration of the contract.",
                "document_retention",
            ),
            "penalty": (
                "If the worker leaves before the end of the contract, he must pay a penalty "
                "of 1000 EUR.",
                "leaving_penalty",
            ),
            "deduct": (
                "Accommodation and transport are deducted from the monthly salary.",
                "wage_deductions",
            ),
            "hours": ("Working time: 12 hours a day, 7 days a week.", "excessive_hours"),
            "movement": (
                "The worker may not leave the accommodation without permission.",
                "restriction_of_movement",
            ),
            "fair": (
                "Working time: 40 hours per week. The worker may end the contract with two "
                "weeks' notice.",
                None,
            ),
        },
        "fr": {
            "passport": (
                "L'employeur conservera le passeport du salarié pendant toute la durée du contrat.",
                "document_retention",
            ),
            "penalty": (
                "En cas de départ avant la fin du contrat, le salarié devra payer une "
                "pénalité de 1000 euros.",
                "leaving_penalty",
            ),
            "deduct": (
                "Le logement et le transport sont retenus sur le salaire mensuel.",
                "wage_deductions",
            ),
            "hours": ("Durée du travail : 12 heures par jour, 7 jours sur 7.", "excessive_hours"),
            "movement": (
                "Le salarié doit rester dans le logement en dehors des heures de travail.",
                "restriction_of_movement",
            ),
            "fair": (
                "Durée du travail : 35 heures par semaine. Le salarié peut rompre le contrat "
                "avec un préavis de deux semaines.",
                None,
            ),
        },
    }[lang]
    chosen = poster.contract_clauses or ["fair"]
    body = " ".join(clauses[c][0] for c in chosen)
    planted = {f for c in chosen if (f := clauses[c][1])}
    if lang == "fr":
        head = (
            f"CONTRAT DE TRAVAIL. Employeur : {company}, {address}. Poste : {single}. "
            f"Lieu de travail : {work[0]}. Salaire : {pay}."
        )
    else:
        head = (
            f"EMPLOYMENT CONTRACT. Employer: {company}, {address}. Position: {single}. "
            f"Place of work: {work[0]}. Salary: {pay}."
        )
    return f"{head} {body}", planted
