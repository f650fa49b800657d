"""String and name similarity: Jaro-Winkler (rapidfuzz) and token alignment.

Results are cached because the same short names recur constantly.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from palermo.linkage.names.latin import NameForm, name_forms


@lru_cache(maxsize=500_000)
def jaro_winkler(a: str, b: str, prefix_scale: float = 0.1) -> float:
    """Jaro-Winkler similarity of two strings, in [0, 1]; 0 when either is empty."""
    if not a or not b:
        return 0.0
    return float(JaroWinkler.similarity(a, b, prefix_weight=prefix_scale))


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
