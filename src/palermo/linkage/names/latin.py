"""Bring names and places written in any script to comparable Latin forms.

Transliteration is :mod:`anyascii` (maintained tables for every script), after
two folds it does not make: scholarly háčeks become the digraphs they stand for
(``š`` -> ``sh``, not ``s``), and Thai letters cancelled by the silent mark are
dropped, as romanisations drop them. Arabic and Thai scripts write no (or few,
displaced) vowels, so names written in them are compared on their consonant
skeleton (``mhmd`` for both محمد and Mohammed).

:func:`phonetic_key` folds the spellings that transliteration schemes disagree on
(``sh``/``sch``/``š``, ``v``/``w``, ``y``/``j``/``i``, ``kh``/``h``) into one key.
:func:`name_tokens` is the entry point for other encoders (Splink features,
Bloom-filter encodings): a name in, normalised Latin tokens out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

# Scholarly háčeks stand for digraphs; folding them to bare letters would lose the 'h'.
_HACEK = str.maketrans({"č": "ch", "š": "sh", "ž": "zh", "Č": "Ch", "Š": "Sh", "Ž": "Zh"})
_NOT_LETTER = re.compile(r"[^a-z ]+")
_ABJAD = re.compile("[\u0600-\u06ff\u0e00-\u0e7f]")
# A Thai consonant (with its vowel marks) under the thanthakhat is not pronounced.
_THAI_SILENT = re.compile("[\u0e01-\u0e2e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4b]*\u0e4c")
# The Arabic article, written in Arabic script or in Latin letters glued, hyphenated
# or apart: الحسن, Al-Hassan, Alhassan, El Hassan.
_NATIVE_ARTICLE = re.compile(r"(^|\s)ال(?=\S\S)")
_ARTICLE = re.compile(r"^(?:al|el)[- ]?(?=[^aeiou])")
PARTICLES = frozenset({"al", "el", "bin", "ben", "de", "del", "la"})

# Ordered rewrites for the phonetic key; "C" marks the "ch" sound until plain c becomes k.
_KEY_RULES: tuple[tuple[str, str], ...] = (
    ("tsch", "C"), ("sch", "s"), ("shch", "sC"), ("sh", "s"), ("zh", "z"), ("ch", "C"),
    ("kh", "h"), ("gh", "g"), ("ts", "z"), ("tz", "z"), ("ph", "f"), ("th", "t"),
    ("ck", "k"), ("q", "k"), ("x", "ks"), ("w", "v"), ("j", "y"), ("ou", "u"), ("oo", "u"),
    ("ee", "i"), ("y", "i"), ("c", "k"), ("C", "c"),
)  # fmt: skip
_DOUBLES = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiou]")


@dataclass(frozen=True)
class NameForm:
    """One name token in comparable forms.

    ``latin`` is lower-case ASCII; ``key`` the phonetic key; ``skeleton`` the key
    without vowels; ``abjad`` says the token was written in Arabic or Thai script,
    whose vowels are not written, so only its skeleton can be trusted.
    """

    latin: str
    key: str
    skeleton: str
    abjad: bool


@lru_cache(maxsize=200_000)
def to_latin(text: str) -> str:
    """Lower-case ASCII letters and spaces: transliterated, diacritics and punctuation gone."""
    if _ABJAD.search(text):
        text = _NATIVE_ARTICLE.sub(r"\1", _THAI_SILENT.sub("", text))
    text = anyascii(text.translate(_HACEK)).lower().replace("-", " ").replace("'", "")
    return " ".join(_NOT_LETTER.sub(" ", text).split())


@lru_cache(maxsize=200_000)
def phonetic_key(latin: str) -> str:
    """Fold transliteration variants of a Latin token: 'Schewtschenko' -> 'sevcenko'."""
    key = latin
    for old, new in _KEY_RULES:
        key = key.replace(old, new)
    return _DOUBLES.sub(r"\1", key)


def skeleton(key: str) -> str:
    """The consonants of a phonetic key (what Arabic and Thai scripts write)."""
    return _DOUBLES.sub(r"\1", _VOWELS.sub("", key))


@lru_cache(maxsize=200_000)
def name_tokens(text: str | None) -> tuple[str, ...]:
    """Normalised Latin tokens of a given or family name, particles dropped.

    'Al-Hassan' -> ('hassan',); 'Шевченко' -> ('shevchenko',); 'García López' ->
    ('garcia', 'lopez'). '' or None gives ().
    """
    if not text:
        return ()
    latin = to_latin(text)
    if latin.startswith(("al", "el")) and len(latin) > 5:
        latin = _ARTICLE.sub("", latin)
    tokens = latin.split()
    if len(tokens) > 1:
        # Particles: kept by some registers, dropped by others.
        tokens = [t for t in tokens if t not in PARTICLES] or tokens
    return tuple(tokens)


@lru_cache(maxsize=200_000)
def name_forms(text: str | None) -> tuple[NameForm, ...]:
    """The comparable tokens of a name ('' or None gives none)."""
    if not text:
        return ()
    abjad = bool(_ABJAD.search(text))
    forms = []
    for token in name_tokens(text):
        key = phonetic_key(token)
        forms.append(NameForm(token, key, skeleton(key), abjad))
    return tuple(forms)


def place_key(text: str | None) -> str:
    """A place name folded like a name: 'Kyïv', 'Kiev' and 'Київ' come close."""
    return phonetic_key(to_latin(text or "").replace(" ", ""))
