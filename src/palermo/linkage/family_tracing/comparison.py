"""Compare two descriptions of a person and say, in words, why they may be the same.

The score is in [0, 1]: names weigh most, then age; a matching place adds a little,
places known on both sides with none in common take a little away, as do two
different countries of origin (more: a person has one), and a different gender
takes a lot away. Given the name frequencies of the register searched
(:class:`.NameFrequencies`), agreeing names count less where namesakes are to be
expected by chance (a Fellegi-Sunter ``u``-probability weight). The reasons are
fixed phrases (so the web layer can translate them); they explain the score to the
case worker who decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from palermo.linkage.family_tracing.namesakes import NameFrequencies
from palermo.linkage.names import jaro_winkler, name_forms, name_similarity, nickname_of, place_key

NAME_WEIGHT, AGE_WEIGHT, PLACE_BONUS = 0.65, 0.35, 0.06
SWAP_COST = 0.02
GENDER_CONFLICT = 0.6  # multiplier when both genders are known and differ
PLACE_CONFLICT = 0.04  # places known on both sides, none in common (people do move)
# Countries of origin known on both sides: one country is weak evidence (many share
# it), two different ones strong evidence against (a person has one origin).
COUNTRY_BONUS, COUNTRY_CONFLICT = 0.02, 0.12
# Score per bit of name distinctiveness (-log2 of the namesakes expected by chance),
# bits clamped to [RARE_FLOOR, RARE_CAP]: common names count less, a rare name no
# more than before (the independence of the two names overstates rarity).
RARITY_PER_BIT, RARE_FLOOR, RARE_CAP = 0.04, -6.0, 0.0


@dataclass(frozen=True)
class PersonDescription:
    """What is known of a person: a record in a register or how a relative describes them.

        ``birth_year`` may be an estimate (a relative's "about 30 years old");
        ``gender`` is 'female', 'male' or None; ``places`` are where the person lived or
        was last seen, in any spelling or script; ``country`` the country the person
    comes from (HTCDS ``hte_Country__Recruitment``), when known.
    """

    given_name: str | None = None
    family_name: str | None = None
    birth_year: int | None = None
    gender: str | None = None
    places: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    country: str | None = None  # ISO 3166 alpha-2 code of the country of origin


@dataclass(frozen=True)
class Comparison:
    score: float
    reasons: tuple[str, ...]


def _same_folded(a: str | None, b: str | None) -> bool:
    fa, fb = name_forms(a), name_forms(b)
    if [f.key for f in fa] == [f.key for f in fb]:
        return True
    # Arabic or Thai script writes no vowels: the consonant skeletons must agree.
    abjad = any(f.abjad for f in (*fa, *fb))
    return abjad and [f.skeleton for f in fa] == [f.skeleton for f in fb]


def _how(a: str | None, b: str | None, sim: float, part: str) -> str:
    if (a or "").casefold() == (b or "").casefold():
        return f"{part} name matches"
    if sim >= 0.85 and _same_folded(a, b):
        # Same name once both are in Latin letters with spelling variants folded.
        return f"{part} name matches after transliteration"
    if sim >= 0.8:
        return f"{part} name is similar"
    return f"{part} name differs"


def evidence(sim: float) -> float:
    """Rescale a string similarity so that unrelated names (0.5 to 0.7) count for nothing."""
    return max(0.0, (sim - 0.7) / 0.3)


def _given(a: PersonDescription, b: PersonDescription) -> tuple[float, str]:
    """Best agreement of the given names, either side's aliases counting as given names."""
    best, reason = 0.0, "Given name differs"
    for ours in (a.given_name, *a.aliases):
        for name in (b.given_name, *b.aliases):
            sim = name_similarity(ours, name)
            if nickname_of(ours, name) and sim < 0.9:
                sim, why = 0.9, "Given name is a nickname of the other"
            else:
                why = _how(ours, name, sim, "Given")
            if ours != a.given_name or name != b.given_name:
                why = "An alias matches" if sim >= 0.9 else why
            if sim > best:
                best, reason = sim, why
    return best, reason


def _names(a: PersonDescription, b: PersonDescription) -> tuple[float, list[str]]:
    if not (a.family_name or a.given_name) or not (b.family_name or b.given_name):
        return 0.0, ["Name unknown on one side"]
    fam = name_similarity(a.family_name, b.family_name)
    giv, giv_why = _given(a, b)
    straight = 0.55 * evidence(fam) + 0.45 * evidence(giv)
    swapped_b = PersonDescription(given_name=b.family_name, family_name=b.given_name)
    s_fam = name_similarity(a.family_name, swapped_b.family_name)
    s_giv, s_giv_why = _given(a, swapped_b)
    swapped = 0.55 * evidence(s_fam) + 0.45 * evidence(s_giv) - SWAP_COST
    if not (a.given_name and b.given_name) and not (a.family_name and b.family_name):
        # Only crossing halves are known (a given name against a family name).
        straight = 0.0
    elif not (a.given_name and b.given_name):
        # One given name unknown: the family name alone is weaker evidence.
        straight = 0.85 * evidence(fam)
    if swapped > straight:
        fam_why = _how(a.family_name, b.given_name, s_fam, "Family")
        return swapped, ["Given and family names are swapped", fam_why, s_giv_why]
    reasons = [_how(a.family_name, b.family_name, fam, "Family")]
    reasons.append(giv_why if a.given_name and b.given_name else "Given name unknown on one side")
    return straight, reasons


def _age(a: int | None, b: int | None) -> tuple[float, str]:
    if a is None or b is None:
        # Namesakes are common (small pools of names per culture), so an unknown age is weak.
        return 0.3, "Age unknown on one side"
    d = abs(a - b)
    if d == 0:
        return 1.0, "Birth year matches"
    if d <= 2:
        return (0.95 if d == 1 else 0.85), "Age within 2 years"
    if d <= 5:
        return 0.35, "Age within 5 years"
    if d <= 10:
        return 0.2, "Age differs by 6 to 10 years"
    return 0.0, "Age differs by more than 10 years"


def places_match(ours: tuple[str | None, ...], theirs: tuple[str | None, ...]) -> bool:
    keys_a = [place_key(p) for p in ours if p]
    keys_b = [place_key(p) for p in theirs if p]
    return any(jaro_winkler(x, y) >= 0.9 for x in keys_a if x for y in keys_b if y)


def _rarity(a: PersonDescription, b: PersonDescription, freq: NameFrequencies) -> float:
    """Bits of distinctiveness of the names both sides give (an unknown part is shared)."""
    given = b.given_name if a.given_name and b.given_name else None
    family = b.family_name if a.family_name and b.family_name else None
    bits = freq.namesake_bits(given, family)
    return min(max(bits, RARE_FLOOR), RARE_CAP)


def compare(
    a: PersonDescription, b: PersonDescription, freq: NameFrequencies | None = None
) -> Comparison:
    """Score how likely ``a`` and ``b`` describe the same person, with the reasons.

    ``freq`` (the name frequencies of the register ``b`` comes from) weighs agreeing
    names by how rare they are there; without it every name counts alike.
    """
    name, reasons = _names(a, b)
    age, age_why = _age(a.birth_year, b.birth_year)
    score = NAME_WEIGHT * name + AGE_WEIGHT * age
    if freq is not None and name > 0:
        bits = _rarity(a, b, freq)
        score += RARITY_PER_BIT * name * bits
        if bits <= -1:
            reasons.append("Namesakes are common in the records searched")
    reasons.append(age_why)
    if places_match(a.places, b.places):
        score += PLACE_BONUS
        reasons.append("A place matches")
    elif any(a.places) and any(b.places):
        score -= PLACE_CONFLICT
        reasons.append("No place in common")
    if a.country and b.country:
        if a.country.upper() == b.country.upper():
            score += COUNTRY_BONUS
            reasons.append("Country of origin matches")
        else:
            score -= COUNTRY_CONFLICT
            reasons.append("Country of origin differs")
    if a.gender and b.gender and a.gender != b.gender:
        score *= GENDER_CONFLICT
        reasons.append("Gender differs")
    return Comparison(round(min(max(score, 0.0), 1.0), 3), tuple(reasons))
