"""Phone numbers and e-mail addresses for synthetic ads, plain or written to escape filters.

Numbers are valid mobile numbers for the ad's country according to ``phonenumbers``
(its example number with the last digits drawn at random), unique within a feed.
Obfuscated forms are those of the red-flag data: digits as words in English or
French (French read in pairs, "zéro six, douze, trente-quatre"), the letter o for
zero, and digits spaced one by one.
"""

from __future__ import annotations

import random
from functools import cache

import phonenumbers

EN_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
FR_UNITS = [
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
]
FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}
STYLES = ("international", "national", "words", "o_for_zero", "spaced")
OBFUSCATED = frozenset({"words", "o_for_zero", "spaced"})


def french_number(n: int) -> str:
    """0-99 in French words, as a phone number is read in pairs."""
    if n < 20:
        return FR_UNITS[n]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix, quatre-vingt-dix: 60/80 + 10..19
        base = "soixante" if tens == 7 else "quatre-vingt"
        rest = 10 + unit
        joiner = " et " if tens == 7 and unit == 1 else "-"
        return f"{base}{joiner}{FR_UNITS[rest]}"
    if tens == 8:
        return "quatre-vingts" if unit == 0 else f"quatre-vingt-{FR_UNITS[unit]}"
    word = FR_TENS[tens]
    if unit == 0:
        return word
    return f"{word} et un" if unit == 1 else f"{word}-{FR_UNITS[unit]}"


@cache
def _example(region: str) -> tuple[int, str]:
    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    if number is None:
        raise ValueError(f"phonenumbers has no example mobile number for {region}")
    return int(number.country_code or 0), phonenumbers.national_significant_number(number)


class PhoneBook:
    """Unique valid mobile numbers per country."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def new(self, region: str) -> str:
        code, nsn = _example(region)
        free = min(6, len(nsn) - 2)
        for _ in range(200):
            tail = "".join(str(self.rng.randrange(10)) for _ in range(free))
            candidate = f"+{code}{nsn[:-free]}{tail}"
            if candidate in self.used:
                continue
            parsed = phonenumbers.parse(candidate, None)
            if phonenumbers.is_valid_number(parsed):
                self.used.add(candidate)
                return candidate
        raise ValueError(f"could not draw a new valid number for {region}")


def write_phone(e164: str, style: str, lang: str, rng: random.Random) -> tuple[str, bool]:
    """``e164`` as an ad would write it in ``style`` (see STYLES), and whether the
    result is obscured (a number without a zero cannot be written with o's)."""
    parsed = phonenumbers.parse(e164, None)
    if style == "international":
        return phonenumbers.format_number(
            parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL
        ), False
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    digits = "".join(ch for ch in national if ch.isdigit())
    if style == "national":
        return national, False
    if style == "o_for_zero":
        letter = rng.choice("oO")
        # A group of zeros only would read as a word: keep its digits.
        groups = [g if not g.strip("0") else g.replace("0", letter) for g in national.split(" ")]
        written = " ".join(groups)
        return written, written != national
    if style == "spaced":
        return " ".join(digits), True
    if lang == "fr":
        head = digits[:-8] if len(digits) > 8 else ""
        pairs = [digits[len(head) :][i : i + 2] for i in range(0, 8, 2)]
        words = (
            [french_number(int(d)) for d in head]
            if len(head) != 2
            else [
                FR_UNITS[int(head[0])],
                FR_UNITS[int(head[1])],
            ]
        )
        words += [
            french_number(int(p)) if p[0] != "0" else f"zéro {FR_UNITS[int(p[1])]}" for p in pairs
        ]
        return ", ".join(words), True
    sep = rng.choice([" ", ", ", " - "])
    return sep.join(
        rng.choice(["oh", "zero"]) if d == "0" else EN_DIGITS[int(d)] for d in digits
    ), True


def write_email(local: str, domain: str, obfuscated: bool, lang: str, rng: random.Random) -> str:
    if not obfuscated:
        return f"{local}@{domain}"
    name, _, tld = domain.rpartition(".")
    at = rng.choice([" (at) ", " [at] ", " at "] if lang == "en" else [" (at) ", " arobase "])
    dot = rng.choice([" dot ", " (dot) "] if lang == "en" else [" point ", " (dot) "])
    return f"{local}{at}{name.replace('.', dot)}{dot}{tld}"
