"""Which sentences a benign ad of each kind is made of (jobs, au pairs, study, marriage, models)."""

from __future__ import annotations

import random

from palermo.simulate.ads.compose import Sentence, sentence

BENIGN_KINDS = {"job": 0.55, "au_pair": 0.15, "study": 0.1, "marriage": 0.1, "modelling": 0.1}


def distinct(names: list[str], lang: str, rng: random.Random) -> list[Sentence]:
    """One sentence per section name, without saying the same sentence twice."""
    out: list[Sentence] = []
    seen: set[str] = set()
    for name in names:
        for _ in range(4):
            s = sentence(name, lang, rng)
            if s.text not in seen:
                break
        if s.text not in seen:
            seen.add(s.text)
            out.append(s)
    return out


def benign_sections(kind: str, rng: random.Random) -> list[str]:
    pick = rng.random
    if kind == "job":
        names = ["open_urgent" if pick() < 0.1 else "open"]
        names += ["tasks"] * (pick() < 0.7) + ["pay"] * (pick() < 0.85)
        names += rng.sample(["conditions"] * 3, k=rng.randint(1, 3))
        names += ["no_experience"] * (pick() < 0.12)
        names += ["travel_paid"] if pick() < 0.08 else ["housing_help"] * (pick() < 0.15)
        names += ["no_fee"] * (pick() < 0.1) + ["passport_neg"] * (pick() < 0.05)
        names += ["contract_ok"] * (pick() < 0.3) + ["visa_check"] * (pick() < 0.1)
        names += ["identity"] * (pick() < 0.7) + ["company_story"] * rng.randint(1, 2)
    elif kind == "au_pair":
        names = ["au_pair_open", "family_story", "au_pair_terms", "family_story"]
        names += ["au_pair_more"] * rng.randint(1, 2)
    elif kind == "study":
        names = ["study_open", "study_story"] + ["study_more"] * rng.randint(1, 2)
        names += ["contact_web"]
    elif kind == "marriage":
        names = ["marriage_open", "person_story", "person_story", "marriage_more"]
    else:
        names = ["modelling_open", "model_story"] + ["modelling_more"] * rng.randint(1, 2)
    contact = rng.choices(
        ["contact_phone", "contact_email", "contact_web", "contact_chat_plus"], weights=[5, 3, 1, 1]
    )[0]
    return names + [contact]
