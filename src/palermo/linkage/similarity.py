"""String and name similarity: Jaro-Winkler, token alignment and nicknames.

No string-similarity library (rapidfuzz, jellyfish) is installed, so Jaro-Winkler
is written here, after Winkler (1990): matching characters within half the longer
length, transpositions halved, and a bonus for a common prefix of up to four
letters. Results are cached because the same short names recur constantly.
"""

from __future__ import annotations

from functools import cache, lru_cache

from palermo.linkage.translit import NameForm, name_forms, phonetic_key, to_latin
from palermo.simulate.names import CULTURES
from palermo.simulate.scripts import renderings


@lru_cache(maxsize=500_000)
def jaro_winkler(a: str, b: str, prefix_scale: float = 0.1) -> float:
    """Jaro-Winkler similarity of two strings, in [0, 1]."""
    if a == b:
        return 1.0 if a else 0.0
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    used = [False] * len(b)
    matched_a = []
    for i, ch in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not used[j] and b[j] == ch:
                used[j] = True
                matched_a.append(ch)
                break
    m = len(matched_a)
    if m == 0:
        return 0.0
    matched_b = [b[j] for j in range(len(b)) if used[j]]
    transpositions = sum(x != y for x, y in zip(matched_a, matched_b, strict=True)) / 2
    jaro = (m / len(a) + m / len(b) + (m - transpositions) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * prefix_scale * (1 - jaro)


def token_similarity(x: NameForm, y: NameForm) -> float:
    """Best of the Latin spelling and the phonetic key; the skeleton when vowels are unwritten."""
    best = max(jaro_winkler(x.latin, y.latin), jaro_winkler(x.key, y.key))
    if (x.abjad or y.abjad) and x.skeleton and y.skeleton:
        # A skeleton hides vowels, so it counts a little less than a full spelling.
        best = max(best, 0.95 * jaro_winkler(x.skeleton, y.skeleton))
    return best


def name_similarity(a: str | None, b: str | None) -> float:
    """Similarity of two (possibly multi-token) names; 0 when either is missing.

    Every token of the shorter name is aligned with its best partner in the longer
    one, so a register keeping only the first of two Spanish family names still
    matches; a missing extra token costs a little.
    """
    fa, fb = name_forms(a), name_forms(b)
    if not fa or not fb:
        return 0.0
    short, long_ = (fa, fb) if len(fa) <= len(fb) else (fb, fa)
    scores = [max(token_similarity(s, t) for t in long_) for s in short]
    joined = jaro_winkler("".join(f.key for f in fa), "".join(f.key for f in fb))
    penalty = 0.03 * (len(long_) - len(short))
    return max(sum(scores) / len(scores) - penalty, joined)


@cache
def _nickname_groups() -> dict[str, frozenset[str]]:
    """Phonetic key of a given name or nickname -> the formal names it can stand for.

    Built from the simulator's name pools: the only nickname list Palermo has. A real
    deployment would extend it with the diminutives its case workers meet.
    """
    groups: dict[str, set[str]] = {}
    for culture in CULTURES.values():
        for formal, nicks in culture.nicknames.items():
            group = f"{culture.name}:{formal}"
            for entry in (formal, *nicks):
                for spelling in renderings(entry, culture.script):
                    for form in name_forms(spelling):
                        groups.setdefault(form.key, set()).add(group)
            # Explicit-script formal names list their romanisations in the pool entry.
            for pool in (culture.female, culture.male):
                for entry in pool:
                    if entry.split("|")[0] == formal:
                        for spelling in renderings(entry, culture.script):
                            for form in name_forms(spelling):
                                groups.setdefault(form.key, set()).add(group)
    return {key: frozenset(v) for key, v in groups.items()}


def nickname_of(a: str | None, b: str | None) -> bool:
    """True when one given name is a known diminutive of the other (or both of one name)."""
    if not a or not b:
        return False
    groups = _nickname_groups()
    ka = {phonetic_key(t) for t in to_latin(a).split()}
    kb = {phonetic_key(t) for t in to_latin(b).split()}
    ga = set().union(*(groups.get(k, frozenset()) for k in ka))
    gb = set().union(*(groups.get(k, frozenset()) for k in kb))
    return bool(ga & gb) and not (ka & kb)


def nickname_keys(text: str | None) -> frozenset[str]:
    """Group ids a given name belongs to (for blocking nicknames with their formal names)."""
    if not text:
        return frozenset()
    groups = _nickname_groups()
    found: set[str] = set()
    for t in to_latin(text).split():
        found |= groups.get(phonetic_key(t), frozenset())
    return frozenset(found)
