"""Phone numbers, including those written to escape filters.

A candidate is a run of digit groups and digit words that the phone pattern found
("+33 6 12 34 56 78", "oh six one two ...", "zéro six, douze, trente-quatre ...",
"o6 l2" is not read: only the letter o stands for a zero). The run is turned into
digits, then ``phonenumbers`` decides whether it is a valid number, with the ad's
country as the region for numbers written without their country code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from palermo.recruitment.patterns import number_words

MIN_DIGITS, MAX_DIGITS = 7, 15
_TOKENS = re.compile(r"\d[\doO]*|[oO]\d[\doO]*|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_EIGHTY = {"quatre-vingt", "quatre-vingts"}


@dataclass(frozen=True)
class Phone:
    number: str  # E.164, e.g. +33612345678
    raw: str  # as written in the text
    obfuscated: bool


def _french_compound(words: list[str]) -> tuple[int, int] | None:
    """Value and length of a French number of 20-99 at the start of ``words``."""
    values = number_words()
    first = words[0]
    used = 1
    if first in _EIGHTY or (
        first == "quatre" and len(words) > 1 and words[1] in ("vingt", "vingts")
    ):
        tens, used = 80, (1 if first in _EIGHTY else 2)
    elif first in _TENS:
        tens = _TENS[first]
    else:
        return None
    rest = words[used:]
    if rest and rest[0] == "et":
        rest, used = rest[1:], used + 1
    if rest and rest[0] in values and rest[0] not in _TENS and rest[0] not in _EIGHTY:
        unit = int(values[rest[0]])
        if rest[0] == "dix" and len(rest) > 1 and rest[1] in ("sept", "huit", "neuf"):
            unit, used = 10 + int(values[rest[1]]), used + 1
        ok = unit < 10 or tens in (60, 80)
        if ok and tens + unit < 100:
            return tens + unit, used + 1
    return tens, used


def run_digits(run: str) -> tuple[str, bool]:
    """The digits a run stands for, and whether it was written to obscure them."""
    text = run.replace("(0)", " ")
    values = number_words()
    words: list[str] = []
    for token in _TOKENS.findall(text.lower()):
        words.extend(
            token.split("-") if token not in _EIGHTY and not token[0].isdigit() else [token]
        )
    digits: list[str] = []
    obscured = False
    singles = 0
    i = 0
    while i < len(words):
        word = words[i]
        if word[0].isdigit() or (word[0] == "o" and len(word) > 1 and word[1].isdigit()):
            obscured = obscured or "o" in word
            singles += len(word) == 1
            digits.append(word.replace("o", "0"))
            i += 1
            continue
        compound = _french_compound(words[i:])
        if compound is not None:
            digits.append(str(compound[0]))
            i += compound[1]
        elif word == "dix" and i + 1 < len(words) and words[i + 1] in ("sept", "huit", "neuf"):
            digits.append(str(10 + int(values[words[i + 1]])))
            i += 2
        elif word in values:
            digits.append(values[word])
            i += 1
        else:
            i += 1
            continue
        obscured = True
    return "".join(digits), obscured or singles >= 4


@lru_cache(maxsize=1 << 18)
def _parse(digits: str, plus: bool, region: str | None) -> str | None:
    candidate = ("+" if plus else "") + digits
    try:
        number = phonenumbers.parse(candidate, None if plus else region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_phone(run: str, region: str | None) -> Phone | None:
    """The phone number a run stands for, or None if it is not a valid number."""
    digits, obscured = run_digits(run)
    plus = run.lstrip().startswith("+")
    if digits.startswith("00"):
        digits, plus = digits[2:], True
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return None
    if not plus and region is None:
        return None
    number = _parse(digits, plus, region.upper() if region else None)
    return None if number is None else Phone(number, run.strip(), obscured)
