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
_TOKENS = re.compile(r"\d[\doO]*|[oO]+\d[\doO]*|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_EIGHTY = {"quatre-vingt", "quatre-vingts"}


@dataclass(frozen=True)
class Phone:
    number: str  # E.164, e.g. +33612345678
    raw: str  # as written in the text
    obfuscated: bool


def _group_value(parts: list[str]) -> list[str]:
    """Digits of one word or hyphenated group: "six" -> 6, "soixante-dix-huit" -> 78.

    French compounds are read only inside a hyphenated group (or across "et", see
    :func:`run_digits`), so that "soixante, douze" stays 60 then 12.
    """
    values = number_words()
    if "-".join(parts) in values:
        return [values["-".join(parts)]]
    if parts[0] == "dix" and len(parts) == 2 and parts[1] in ("sept", "huit", "neuf"):
        return [str(10 + int(values[parts[1]]))]
    i, total = 0, None
    if parts[:2] in (["quatre", "vingt"], ["quatre", "vingts"]):
        i, total = 2, 80
    elif parts[0] in _TENS:
        i, total = 1, _TENS[parts[0]]
    if total is None:
        return [values[p] for p in parts if p in values]
    rest = _group_value(parts[i:]) if parts[i:] else []
    if len(rest) == 1 and 0 < int(rest[0]) < (20 if total in (60, 80) else 10):
        return [str(total + int(rest[0]))]
    return [str(total)] + rest


def run_digits(run: str) -> tuple[str, bool]:
    """The digits a run stands for, and whether it was written to obscure them."""
    digits: list[str] = []
    obscured = False
    singles = 0
    after_et = False
    for token in _TOKENS.findall(run.replace("(0)", " ").lower()):
        if token[0].isdigit() or (token[0] == "o" and any(c.isdigit() for c in token)):
            obscured = obscured or "o" in token
            singles += len(token) == 1
            digits.append(token.replace("o", "0"))
            after_et = False
            continue
        if token == "et":
            after_et = bool(digits) and digits[-1] in ("20", "30", "40", "50", "60")
            continue
        found = _group_value(token.split("-"))
        if after_et and found and found[0] in ("1", "11"):
            digits[-1] = str(int(digits[-1]) + int(found.pop(0)))
        digits.extend(found)
        obscured = obscured or bool(found)
        after_et = False
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
