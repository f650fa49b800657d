"""What feed of ads to simulate (:class:`AdsSpec`), and the networks and decoys in it.

Planted networks are recruiters who post from one or two templates with slots
changed (job, city, pay, phone), write their numbers to escape filters, cross-post
across cities and sites, and carry the red flags of their profile (labour, sexual
exploitation, modelling, marriage, study). Decoys are legitimate agencies, licensed
in the registry, that also post many near-identical ads with one phone and one
e-mail: they are networks of ads by construction, and the benchmark reports whether
their risk stays low.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from typing import Any

from palermo.errors import FieldProblem, ValidationFailed
from palermo.simulate.ads.adwords import (
    AGENCY_WORDS,
    DESTINATIONS,
    JOBS,
    LEGAL,
    POSTING,
    SITES,
    brand,
    licence_number,
)

# Red-flag sections each network profile draws from (besides its fixed ones).
PROFILES: dict[str, dict[str, Any]] = {
    "labour": {
        "fixed": [],
        "pool": [
            "open_urgent",
            "vague",
            "no_exp_travel",
            "fee",
            "debt",
            "visa",
            "passport_kept",
            "hours",
            "deduct",
            "penalty",
            "no_contract",
            "interview_isolated",
            "bank",
            "movement",
            "age",
        ],
        "jobs": [
            "hospitality",
            "cleaning",
            "domestic",
            "care",
            "agriculture",
            "construction",
            "factory",
            "driving",
        ],
    },
    "sexual": {
        "fixed": ["escort"],
        "pool": [
            "youth",
            "age",
            "appearance",
            "photo",
            "no_exp_travel",
            "visa",
            "open_urgent",
            "vague",
            "passport_kept",
            "fee",
            "no_contract",
        ],
        "jobs": ["entertainment"],
    },
    "modelling": {
        "fixed": ["modelling_scam"],
        "pool": ["photo_body", "age", "travel_paid", "visa", "fee", "passport_kept", "vague"],
        "jobs": ["modelling"],
    },
    "marriage": {
        "fixed": ["marriage_scam"],
        "pool": ["youth", "photo", "appearance", "fee", "visa"],
        "jobs": [],
    },
    "study": {
        "fixed": ["study_scam"],
        "pool": ["fee", "visa", "vague", "no_contract"],
        "jobs": [],
    },
}
PROFILE_WEIGHTS = {"labour": 0.55, "sexual": 0.2, "modelling": 0.1, "marriage": 0.08, "study": 0.07}
CONTRACT_CLAUSES = ["passport", "penalty", "deduct", "hours", "movement"]


@dataclass(frozen=True)
class AdsSpec:
    """A seeded synthetic feed of ads with ground truth."""

    n: int = 10_000
    seed: int = 0
    network_share: float = 0.2  # ads posted by planted networks
    decoy_share: float = 0.1  # ads posted by legitimate agencies with templates
    french_share: float = 0.4
    contract_share: float = 0.05  # network and decoy ads that come with a contract
    mean_network_size: int = 40
    mean_decoy_size: int = 60

    def __post_init__(self) -> None:
        problems = []
        if self.n < 1:
            problems.append(FieldProblem("n", "at least 1", value=str(self.n)))
        for name in ("network_share", "decoy_share", "french_share", "contract_share"):
            value = getattr(self, name)
            if not 0 <= value <= 1:
                problems.append(FieldProblem(name, "between 0 and 1", value=str(value)))
        if self.network_share + self.decoy_share > 1:
            problems.append(
                FieldProblem("network_share", "network and decoy shares add up above 1")
            )
        if self.mean_network_size < 2 or self.mean_decoy_size < 2:
            problems.append(FieldProblem("mean_network_size", "at least 2"))
        if problems:
            raise ValidationFailed("Invalid ads simulation settings.", problems=problems)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Poster:
    """A network or a decoy agency: who posts, from which templates, with which contacts."""

    id: str
    kind: str  # network or decoy
    lang: str
    profile: str  # labour, sexual, modelling, marriage, study; decoy: job
    job: str | None
    home: tuple[str, str]  # (city, country) where it is based
    posting: list[tuple[str, str]]
    sites: list[str]
    dests: list[tuple[str, str]]
    sections: list[str]  # template sections in order (flag sections included)
    phones: list[str] = field(default_factory=list)
    obfuscation: float = 0.0  # share of ads with the number written to escape filters
    contact: str = "phone"  # chat_only, chat, phone, email (networks); decoys: full
    email: tuple[str, str] | None = None  # (local part, domain)
    email_obfuscated: bool = False
    handle: str | None = None
    url: str | None = None
    company: str = ""
    legal: str = ""
    agency: str | None = None  # agency named in the ads (registry)
    licence: str | None = None  # licence number cited
    pay_multiplier: float = 1.0
    fee: str = ""
    age: tuple[int, int] = (18, 25)
    tasks: str = ""  # the template's tasks, the same in all its ads
    signature: dict[str, str] = field(default_factory=dict)  # its own words: name, year, count
    templates: list[dict[str, str]] = field(default_factory=list)  # section -> chosen text
    contract_clauses: list[str] = field(default_factory=list)


def _section_order(chosen: list[str], profile: str) -> list[str]:
    """Template sections in reading order: opening, pay, then the chosen flags."""
    if profile == "marriage":
        opening = ["marriage_scam"]
    elif profile == "study":
        opening = ["study_open", "study_scam"]
    elif profile == "modelling":
        opening = ["modelling_scam", "pay"]
    else:
        opening = ["open_urgent" if "open_urgent" in chosen else "open", "tasks", "pay"]
    body: list[str] = []
    for s in chosen:
        if s not in opening and s not in (
            "open_urgent",
            "modelling_scam",
            "marriage_scam",
            "study_scam",
        ):
            body += ["no_experience", "travel_paid"] if s == "no_exp_travel" else [s]
    return opening + body


def plan_network(
    rng: random.Random, index: int, lang: str, registry: list[dict[str, Any]]
) -> Poster:
    profile = rng.choices(list(PROFILE_WEIGHTS), weights=list(PROFILE_WEIGHTS.values()))[0]
    spec = PROFILES[profile]
    pool = list(spec["pool"])
    chosen = list(spec["fixed"]) + rng.sample(pool, k=min(len(pool), rng.randint(2, 5)))
    if profile == "modelling" and "travel_paid" not in chosen and rng.random() < 0.5:
        chosen.append("travel_paid")
    home = rng.choice(POSTING[lang])
    poster = Poster(
        id=f"N{index:05d}",
        kind="network",
        lang=lang,
        profile=profile,
        job=rng.choice(spec["jobs"]) if spec["jobs"] else None,
        home=home,
        posting=[home] + rng.sample(POSTING[lang], k=rng.randint(1, 5)),
        sites=rng.sample(SITES, k=rng.randint(2, 4)),
        dests=rng.sample(DESTINATIONS[lang], k=rng.randint(1, 3)),
        sections=_section_order(chosen, profile) + ["signature"],
        obfuscation=rng.choice([0.0, 0.5, 1.0]),
        contact=rng.choices(["chat_only", "chat", "phone", "email"], weights=[35, 25, 25, 15])[0],
        pay_multiplier=rng.uniform(3.0, 6.0) if rng.random() < 0.5 else rng.uniform(0.9, 1.6),
        fee=f"{rng.choice([150, 200, 250, 300, 400, 500])} {rng.choice(['EUR', 'USD'])}",
        age=(rng.choice([16, 17, 18]), rng.choice([22, 23, 25, 28, 30])),
        company=brand(rng),
        legal=rng.choice(LEGAL[lang]),
    )
    if poster.contact == "email" or rng.random() < 0.2:
        poster.email = (brand(rng, 2).lower(), f"{brand(rng, 2).lower()}-jobs.com")
        poster.email_obfuscated = rng.random() < 0.5
    if rng.random() < 0.2:
        poster.handle = f"{brand(rng, 2).lower()}_{rng.choice(['jobs', 'work', 'travel', 'vip'])}"
    if "vague" not in chosen and rng.random() < 0.3:
        status = rng.choice(["revoked", "suspended", "unlicensed"])
        poster.agency = f"{brand(rng)} {rng.choice(AGENCY_WORDS[lang])}"
        registry.append(
            {
                "name": poster.agency,
                "licence_number": licence_number(rng, home[1]),
                "status": status,
                "country": home[1],
                "kind": "recruitment",
            }
        )
        poster.sections.append("cite_agency")
    elif "vague" not in chosen and rng.random() < 0.15:
        poster.licence = licence_number(rng, home[1])  # cited, but in no registry
        poster.sections.append("licence")
    poster.contract_clauses = rng.sample(CONTRACT_CLAUSES, k=rng.randint(1, 3))
    return poster


def plan_decoy(rng: random.Random, index: int, lang: str, registry: list[dict[str, Any]]) -> Poster:
    home = rng.choice(POSTING[lang])
    chosen = []
    if rng.random() < 0.3:
        chosen.append("open_urgent")
    if rng.random() < 0.3:
        chosen.append("no_exp_travel")
    sections = _section_order(chosen, "labour")
    sections += rng.sample(
        ["conditions", "contract_ok", "no_fee", "passport_neg", "housing_help"], k=3
    )
    sections += ["identity", "licence"]
    company = f"{brand(rng)} {rng.choice(AGENCY_WORDS[lang])}"
    domain = f"{company.split()[0].lower()}-{rng.choice(['work', 'jobs', 'careers'])}.com"
    poster = Poster(
        id=f"D{index:05d}",
        kind="decoy",
        lang=lang,
        profile="decoy",
        job=rng.choice(PROFILES["labour"]["jobs"]),
        home=home,
        posting=[home] + rng.sample(POSTING[lang], k=rng.randint(0, 3)),
        sites=rng.sample(SITES, k=rng.randint(2, 5)),
        dests=rng.sample(DESTINATIONS[lang], k=rng.randint(1, 4)),
        sections=sections,
        contact="full",
        email=("jobs", domain),
        url=f"www.{domain}",
        company=company,
        legal=rng.choice(LEGAL[lang]),
        licence=licence_number(rng, home[1]),
        pay_multiplier=rng.uniform(0.9, 1.4),
    )
    registry.append(
        {
            "name": company,
            "licence_number": poster.licence,
            "status": "licensed",
            "country": home[1],
            "kind": "recruitment",
        }
    )
    return poster


def ensure_registry_countries(rng: random.Random, registry: list[dict[str, Any]]) -> None:
    """One licensed agency at least per posting country, so the registry covers them all."""
    covered = {r["country"] for r in registry}
    for lang, places in POSTING.items():
        for _, country in places:
            if country not in covered:
                registry.append(
                    {
                        "name": f"{brand(rng)} {rng.choice(AGENCY_WORDS[lang])}",
                        "licence_number": licence_number(rng, country),
                        "status": "licensed",
                        "country": country,
                        "kind": "recruitment",
                    }
                )
                covered.add(country)


def job_noun(rng: random.Random, lang: str, job: str) -> tuple[str, str]:
    return rng.choice(JOBS[lang][job])
