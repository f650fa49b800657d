"""The patterns that find entities in a text, written for Polars (Rust regular expressions).

Every text of a batch, one ad or a million, is scanned by Polars with these patterns
in one pass per pattern; Python then reads only what they found. They are built
from the data files (number words, currencies, periods) so that a new language's
words reach them without a code change. They must stay free of look-around and
back-references, which the Rust engine does not have.
"""

from __future__ import annotations

import re
from functools import cache

from palermo.recruitment.catalogue import LANGUAGES, going_rates, language_rules

TLDS = (
    "com|net|org|info|biz|eu|io|me|online|agency|jobs|fr|be|ch|de|uk|co|ru|ua|md|ro|pl|it|"
    "es|pt|nl|ae|qa|sa|tr|us|ca|ng|ph|th|my|jp|cn|in|ma|tn|sn|ci|cm|lu|at|gr|cy|bg|al"
)
APPS = r"whats\s?app|watsapp|wa|telegram|viber|signal|wechat|imo|line\s+id|skype|snapchat|kik"


B = r"(?-u:\b)"  # ASCII word boundary: Rust's fast engines cannot do Unicode ones on non-ASCII text


def for_python(pattern: str) -> str:
    """The same pattern for Python's ``re`` (which has no ``(?-u:...)`` groups)."""
    return pattern.replace(B, r"\b")


def _alternation(words: list[str]) -> str:
    # Longest first, so that "quatre-vingts" is preferred to "quatre".
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def number_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for lang in LANGUAGES:
        words.update(language_rules(lang).number_words)
    return words


@cache
def phone_pattern() -> str:
    word = rf"{B}(?:{_alternation(list(number_words()))}){B}"
    token = rf"(?:[0-9][0-9oO]*|[oO]+[0-9][0-9oO]*|{word})"
    sep = r"(?:[\s.\-/()]{1,3}|,\s{1,2}|\s+et\s+|-et-)"
    # A run of digit groups and digit words, or one long group of digits.
    return rf"(?i)(?:\+\s?)?(?:{token}(?:{sep}{token})+|[0-9][0-9oO]{{5,}})"


EMAIL_SEP_AT = r"(?:@|\s?\(at\)\s?|\s?\[at\]\s?|\s?\{at\}\s?|\s(?:at|arobase)\s)"
EMAIL_SEP_DOT = r"(?:\.|\s?\(dot\)\s?|\s?\[dot\]\s?|\s?\{dot\}\s?|\s(?:dot|point)\s)"
EMAIL = (
    rf"(?i){B}[a-z0-9][a-z0-9._%+-]*{EMAIL_SEP_AT}[a-z0-9-]+(?:{EMAIL_SEP_DOT}[a-z0-9-]+)*"
    rf"{EMAIL_SEP_DOT}(?:{TLDS}){B}"
)
URL = (
    rf"(?i){B}(?:https?://|www\.)[^\s<>\"')]+"
    rf"|{B}(?:t\.me|wa\.me|telegram\.me)/[a-z0-9_+]{{3,40}}"
    rf"|{B}[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:{TLDS})(?:/[^\s<>\"')]*)?{B}"
)
APP = rf"(?i){B}(?:{APPS}){B}"
HANDLE = (
    rf"(?i){B}(?:telegram|tg|instagram|insta|snapchat|snap|skype|wechat|kik|line){B}\s*(?:id{B})?"
    rf"\s*[:\-]?\s*@[a-z][a-z0-9_.]{{2,31}}|{B}t\.me/[a-z0-9_]{{3,32}}|(?:^|\s)@[a-z][a-z0-9_.]{{3,31}}"
)
CAPITALISED = r"\b\p{Lu}[\p{L}'’-]*(?:[ -]\p{Lu}[\p{L}'’-]*){0,2}"
AGENCY = (
    r"\b(?:\p{Lu}[\p{L}&'’-]*\s+){1,4}(?:Ltd\.?|Limited|LLC|Inc\.?|GmbH|SARL|SASU|SAS|EURL|"
    r"S\.A\.|B\.V\.|PLC|Agency|Recruitment|Staffing|Placement|Consulting|Services|Management|"
    r"Models|Travel)\b|\b(?:Agence|Agency|Cabinet|Bureau)\s+(?:\p{Lu}[\p{L}&'’-]*\s?){1,4}"
)


@cache
def currency_pattern() -> str:
    words = going_rates().currency_words
    symbols = [w for w in words if not w.isalpha()]
    names = [w for w in words if w.isalpha()]
    return rf"(?:{_alternation(symbols)}|{B}(?:{_alternation(names)}){B})"


AMOUNT = r"[0-9]{1,3}(?:[ \u00a0\u202f.,'][0-9]{3})+(?:[.,][0-9]{1,2})?|[0-9]+(?:[.,][0-9]{1,2})?"


@cache
def period_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for lang in LANGUAGES:
        for period, items in language_rules(lang).periods.items():
            words.update({w.lower(): period for w in items})
    return words


@cache
def money_pattern() -> str:
    cur = currency_pattern()
    amount = rf"(?:{AMOUNT})(?:\s?k{B})?"
    period = rf"(?:\s?(?:{_alternation(list(period_words()))}))?"
    return rf"(?i)(?:{cur}\s?{amount}|{amount}\s?{cur}){period}"


PAY_WORDS = (
    r"salary|salaries|wages?|earn|earnings|income|salaire|salaires|gagnez|gagner|"
    r"rémunération|revenus?"
)


@cache
def pay_pattern() -> str:
    return rf"(?i){B}(?:{PAY_WORDS}){B}[^.!?;\n]{{0,25}}?{money_pattern().removeprefix('(?i)')}"
