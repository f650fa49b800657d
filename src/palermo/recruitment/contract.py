"""Checks that need a contract: its language, and whether it matches the offer.

Bait and switch is the contract describing another job, another country or much
lower pay than the ad the worker answered. Each difference found is named in the
flag's explanation, and the words of both texts are its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from palermo.recruitment.result import Evidence, Flag
from palermo.recruitment.wording import Label

# Contract pay below this share of the offer's counts as a switch.
PAY_DROP = 0.75


@dataclass(frozen=True)
class PartFacts:
    """What the offer (or the contract) says, as far as comparing them goes."""

    job: tuple[str, Evidence] | None
    country: tuple[str, Evidence] | None  # where the job is (the first place abroad)
    monthly_eur: tuple[float, Evidence] | None
    countries: frozenset[str] = frozenset()  # every country the text names


@cache
def _language_names() -> dict[str, Label]:
    from babel import Locale

    en, fr = Locale("en").languages, Locale("fr").languages
    return {
        str(code): Label(str(en[code]), str(fr.get(code, en[code])))
        for code in en
        if len(str(code)) == 2
    }


def language_label(code: str) -> Label:
    return _language_names().get(code, Label(code, code))


@cache
def _job_labels() -> dict[str, Label]:
    return {
        "hospitality": Label("hotel and restaurant work", "hôtellerie-restauration"),
        "cleaning": Label("cleaning", "nettoyage"),
        "domestic": Label("domestic work", "travail domestique"),
        "care": Label("care work", "soins"),
        "agriculture": Label("farm work", "travail agricole"),
        "construction": Label("construction", "bâtiment"),
        "factory": Label("factory or warehouse work", "usine ou entrepôt"),
        "modelling": Label("modelling", "mannequinat"),
        "entertainment": Label(
            "entertainment (dancer, hostess)", "divertissement (danseuse, hôtesse)"
        ),
        "driving": Label("driving", "conduite"),
        "office": Label("office work", "travail de bureau"),
    }


def job_label(job: str) -> Label:
    return _job_labels().get(job, Label(job, job))


def contract_language_flag(language: str, worker_languages: tuple[str, ...]) -> Flag | None:
    if not worker_languages or language == "und" or language in worker_languages:
        return None
    names = [language_label(code) for code in worker_languages]
    return Flag(
        "contract_language",
        params=(
            ("language", language_label(language)),
            (
                "worker_languages",
                Label(", ".join(n.en for n in names), ", ".join(n.fr for n in names)),
            ),
        ),
    )


def bait_and_switch(ad: PartFacts, contract: PartFacts) -> Flag | None:
    details: list[Label] = []
    evidence: list[Evidence] = []
    if ad.job and contract.job and ad.job[0] != contract.job[0]:
        a, c = job_label(ad.job[0]), job_label(contract.job[0])
        details.append(
            Label(
                f"job: {a.en} in the offer, {c.en} in the contract",
                f"emploi : {a.fr} dans l'offre, {c.fr} dans le contrat",
            )
        )
        evidence += [ad.job[1], contract.job[1]]
    # A contract that names the offer's country anywhere (an address, the place of work)
    # is not a switch of country: a street may share its name with a town elsewhere.
    if ad.country and contract.country and ad.country[0] not in contract.countries:
        details.append(
            Label(
                f"country: {ad.country[0]} in the offer, {contract.country[0]} in the contract",
                f"pays : {ad.country[0]} dans l'offre, {contract.country[0]} dans le contrat",
            )
        )
        evidence += [ad.country[1], contract.country[1]]
    if (
        ad.monthly_eur
        and contract.monthly_eur
        and contract.monthly_eur[0] < PAY_DROP * ad.monthly_eur[0]
    ):
        share = round(100 * contract.monthly_eur[0] / ad.monthly_eur[0])
        details.append(
            Label(
                f"pay: the contract pays {share} % of the pay offered",
                f"salaire : le contrat paie {share} % du salaire proposé",
            )
        )
        evidence += [ad.monthly_eur[1], contract.monthly_eur[1]]
    if not details:
        return None
    detail = Label("; ".join(d.en for d in details), "; ".join(d.fr for d in details))
    return Flag("bait_and_switch", evidence=tuple(evidence), params=(("detail", detail),))
