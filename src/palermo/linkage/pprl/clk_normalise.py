"""Normalise the values a data holder encodes, so that both sides hash the same text.

Both data holders of an agreement must normalise identically, or equal names give
different bits. Each function here is small and pure; :func:`normalise_name` is the
one to point at Palermo's shared names module (transliteration, diacritics folding)
once it exists: the encodings change with it, so the schema version must change too.
"""

from __future__ import annotations

import re

from anyascii import anyascii

_NOT_LETTER = re.compile(r"[^a-z]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_DATE = re.compile(r"^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?$")


def normalise_name(text: str | None) -> str:
    """Latin lower-case letters only: 'Rodríguez-Flores' -> 'rodriguezflores', 'Юлія' -> 'yuliia'.

    Spaces and hyphens go too, because registers disagree on compound names.
    """
    if not text:
        return ""
    return _NOT_LETTER.sub("", anyascii(text).casefold())


def normalise_identifier(text: str | None) -> str:
    """Letters and digits of a document number, lower-case: 'GU 346-8457' -> 'gu3468457'."""
    if not text:
        return ""
    return _NOT_ALNUM.sub("", anyascii(text).casefold())


def normalise_code(text: str | None) -> str:
    """A vocabulary code (sex, country) compared as a whole, case-insensitively."""
    if not text:
        return ""
    return text.strip().casefold()


def birth_date_parts(text: str | None) -> tuple[str, str, str] | None:
    """('YYYY', 'MM', 'DD') of a birth date; month or day '' when not recorded.

    Accepts 'YYYY-MM-DD', 'YYYYMMDD', 'YYYY-MM' and 'YYYY' (registers often keep
    the year only). Anything else gives ``None`` and the caller refuses the row.
    """
    if not text or not text.strip():
        return ("", "", "")
    match = _DATE.match(text.strip())
    if match is None:
        return None
    # Out-of-range parts (month 17) are kept: they are typos, and the same typo copied
    # into another register should still agree.
    return (match.group(1), match.group(2) or "", match.group(3) or "")
