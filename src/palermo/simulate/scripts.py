"""Render names from their native script to the spellings agencies write down.

A name written in Cyrillic reaches an agency's register in many spellings: the
passport transliteration, an English-style or a German-style one, a scholarly
one with háčeks, or the Cyrillic itself. Latin-script names lose their
diacritics on keyboards and forms that lack them; Romanian ones also appear with
the legacy cedilla letters. :func:`renderings` returns every spelling of a name,
the canonical one (as in a passport) first.
"""

from __future__ import annotations

import unicodedata

_COMMON = dict(zip("абдзклмнопрстуф", "abdzklmnoprstuf", strict=True))


def _scheme(**extra: str) -> dict[str, str]:
    table = dict(_COMMON)
    table.update({"ь": "", "ъ": "", "'": "", "’": ""})
    table.update(extra)
    return table


# Ukrainian national system (2010), used in Ukrainian passports.
UK_NATIONAL = _scheme(
    в="v",
    г="h",
    ґ="g",
    е="e",
    є="ie",
    ж="zh",
    и="y",
    і="i",
    ї="i",
    й="i",
    х="kh",
    ц="ts",
    ч="ch",
    ш="sh",
    щ="shch",
    ю="iu",
    я="ia",
    ё="io",
    ы="y",
    э="e",
)
# Word-initial forms of the Ukrainian system.
UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# Russian passports (ICAO-style).
RU_PASSPORT = _scheme(
    в="v",
    г="g",
    ґ="g",
    е="e",
    ё="e",
    є="ie",
    ж="zh",
    и="i",
    і="i",
    ї="i",
    й="i",
    х="kh",
    ц="ts",
    ч="ch",
    ш="sh",
    щ="shch",
    ы="y",
    э="e",
    ю="iu",
    я="ia",
)
# Popular English-style spelling (press, many NGOs).
ENGLISH_STYLE = _scheme(
    в="v",
    г="g",
    ґ="g",
    е="e",
    ё="yo",
    є="ye",
    ж="zh",
    и="i",
    і="i",
    ї="yi",
    й="y",
    х="kh",
    ц="ts",
    ч="ch",
    ш="sh",
    щ="shch",
    ы="y",
    э="e",
    ю="yu",
    я="ya",
)
# German-style spelling, common in older records and German-speaking countries.
GERMAN_STYLE = _scheme(
    в="w",
    г="g",
    ґ="g",
    е="e",
    ё="jo",
    є="je",
    ж="sch",
    з="s",
    и="i",
    і="i",
    ї="ji",
    й="j",
    х="ch",
    ц="z",
    ч="tsch",
    ш="sch",
    щ="schtsch",
    ы="y",
    э="e",
    ю="ju",
    я="ja",
)
# Scholarly (Czech-style) transliteration with háčeks.
SCHOLARLY = _scheme(
    в="v",
    г="h",
    ґ="g",
    е="e",
    ё="ë",
    є="je",
    ж="ž",
    и="y",
    і="i",
    ї="ji",
    й="j",
    х="ch",
    ц="c",
    ч="č",
    ш="š",
    щ="šč",
    ы="y",
    э="è",
    ю="ju",
    я="ja",
)


def transliterate(text: str, table: dict[str, str], initial: dict[str, str] | None = None) -> str:
    """Transliterate Cyrillic ``text`` with ``table``, keeping capitals."""
    out: list[str] = []
    at_start = True
    for ch in text:
        low = ch.lower()
        if low in table:
            rep = initial[low] if (at_start and initial and low in initial) else table[low]
            if ch != low and rep:
                rep = rep[0].upper() + rep[1:]
            out.append(rep)
            at_start = False
        else:
            out.append(ch)
            at_start = not ch.isalpha()
    return "".join(out)


def strip_diacritics(text: str) -> str:
    """ASCII-fold ``text``: 'Nguyễn' -> 'Nguyen', 'Đặng' -> 'Dang'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Romanian comma-below letters and the legacy cedilla letters that replace them.
_CEDILLA = str.maketrans({"ș": "ş", "Ș": "Ş", "ț": "ţ", "Ț": "Ţ"})


def _unique(items: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return tuple(seen)


def renderings(native: str, script: str) -> tuple[str, ...]:
    """Every spelling of ``native`` under ``script``; the canonical one first."""
    if script == "explicit":
        parts = native.split("|")
        return _unique(parts[1:] + parts[:1])
    if script in ("cyrillic_uk", "cyrillic_ru"):
        if script == "cyrillic_uk":
            canonical = transliterate(native, UK_NATIONAL, UK_INITIAL)
        else:
            canonical = transliterate(native, RU_PASSPORT)
        others = [transliterate(native, t) for t in (ENGLISH_STYLE, GERMAN_STYLE, SCHOLARLY)]
        return _unique([canonical, *others, native])
    variants = [native, strip_diacritics(native), native.translate(_CEDILLA)]
    if " " in native:
        # Compound Spanish family names: forms often keep only the first one.
        first = native.split(" ")[0]
        variants += [strip_diacritics(native), first, strip_diacritics(first)]
    return _unique(variants)
