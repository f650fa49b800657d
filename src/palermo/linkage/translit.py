"""Bring names and places written in any script to comparable Latin forms.

Cyrillic goes through the simulator's own transliteration tables (the English-style
scheme of :mod:`palermo.simulate.scripts`), so that the matcher and the simulated
registers agree on what a letter becomes. Arabic and Thai have no one-to-one
romanisation that agencies use; their letters are mapped to rough Latin consonants
and such names are compared on their consonant skeleton (``mhmd`` for both محمد and
Mohammed). Vietnamese and other Latin names lose their diacritics.

:func:`phonetic_key` folds the spellings that transliteration schemes disagree on
(``sh``/``sch``/``š``, ``v``/``w``, ``y``/``j``/``i``, ``kh``/``h``) into one key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from palermo.simulate.scripts import ENGLISH_STYLE, strip_diacritics, transliterate

_ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ب": "b", "ت": "t", "ث": "th",
    "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s",
    "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y",
    "ى": "a", "ة": "a", "ء": "", "ئ": "", "ؤ": "",
}  # fmt: skip
_THAI = {
    "ก": "k", "ข": "k", "ฃ": "k", "ค": "k", "ฅ": "k", "ฆ": "k", "ง": "ng", "จ": "ch",
    "ฉ": "ch", "ช": "ch", "ซ": "s", "ฌ": "ch", "ญ": "y", "ฎ": "d", "ฏ": "t", "ฐ": "th",
    "ฑ": "th", "ฒ": "th", "ณ": "n", "ด": "d", "ต": "t", "ถ": "th", "ท": "th", "ธ": "th",
    "น": "n", "บ": "b", "ป": "p", "ผ": "ph", "ฝ": "f", "พ": "ph", "ฟ": "f", "ภ": "ph",
    "ม": "m", "ย": "y", "ร": "r", "ล": "l", "ว": "w", "ศ": "s", "ษ": "s", "ส": "s",
    "ห": "h", "ฬ": "l", "อ": "", "ฮ": "h",
}  # fmt: skip
_THAI_MARKS = re.compile("[\u0e30-\u0e4e\u0e31]")  # vowels and tone marks: not written in Latin
# Scholarly háčeks stand for digraphs; folding them to bare letters would lose the 'h'.
_HACEK = str.maketrans({"č": "ch", "š": "sh", "ž": "zh"})
_NOT_LETTER = re.compile(r"[^a-z ]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ABJAD = re.compile("[\u0600-\u06ff\u0e00-\u0e7f]")
# Arabic article written glued, hyphenated or apart: Al-Hassan, Alhassan, El Hassan.
_ARTICLE = re.compile(r"^(?:al|el)[- ]?(?=[^aeiou])")

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


def to_latin(text: str) -> str:
    """Lower-case ASCII letters and spaces: transliterated, diacritics and punctuation gone."""
    if _CYRILLIC.search(text):
        text = transliterate(text, ENGLISH_STYLE)
    if _ABJAD.search(text):
        text = _THAI_MARKS.sub("", text)
        text = "".join(_ARABIC.get(ch, _THAI.get(ch, ch)) for ch in text)
    text = (
        strip_diacritics(text.lower().translate(_HACEK)).lower().replace("-", " ").replace("'", "")
    )
    return " ".join(_NOT_LETTER.sub(" ", text).split())


@lru_cache(maxsize=200_000)
def phonetic_key(latin: str) -> str:
    """Fold transliteration variants of a Latin token: 'Schewtschenko' -> 'sevcenko'."""
    key = latin
    for old, new in _KEY_RULES:
        key = key.replace(old, new)
    return _DOUBLES.sub(r"\1", key)


def _skeleton(key: str) -> str:
    return _DOUBLES.sub(r"\1", _VOWELS.sub("", key))


@lru_cache(maxsize=200_000)
def name_forms(text: str | None) -> tuple[NameForm, ...]:
    """The comparable tokens of a name ('' or None gives none)."""
    if not text:
        return ()
    abjad = bool(_ABJAD.search(text))
    latin = to_latin(text)
    latin = _ARTICLE.sub("", latin) if latin.startswith(("al", "el")) and len(latin) > 5 else latin
    forms = []
    for token in latin.split():
        if token in ("al", "el", "bin", "ben", "de", "del", "la") and len(latin.split()) > 1:
            continue  # particles: kept by some registers, dropped by others
        key = phonetic_key(token)
        forms.append(NameForm(token, key, _skeleton(key), abjad))
    return tuple(forms)


def place_key(text: str | None) -> str:
    """A place name folded like a name: 'Kyïv', 'Kiev' and 'Київ' come close."""
    return phonetic_key(to_latin(text or "").replace(" ", ""))
