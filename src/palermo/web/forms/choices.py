"""Choosing a code by its name: lists sorted by their label in the page's language, and a
typed name ("English", "anglais", "Nigeria", "NG") read back as its code.

Long lists (countries, languages) are offered as a native ``<datalist>``: the browser
filters while one types, and without JavaScript it is still a text field that accepts a
name or a code.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from palermo.vocab import HTCDS_FIELD_LISTS, get_list

# Lists offered as a searchable text field; the rest as radio buttons, checkboxes or a select.
NAMED_LISTS = frozenset({"country", "language"})


def fold(text: str) -> str:
    """Lower case without accents or surrounding blanks: how names are compared and sorted."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def sorted_choices(list_name: str, locale: str) -> tuple[tuple[str, str], ...]:
    """(code, label) of the list's current values, sorted by label in ``locale``."""
    members = [m for m in get_list(list_name) if not m.deprecated]
    return tuple(sorted(((m.code, m.label(locale)) for m in members), key=lambda p: fold(p[1])))


@cache
def common_choices(list_name: str, locale: str) -> tuple[tuple[str, str], ...]:
    """What a datalist suggests: for languages the ~180 with a two-letter code (any of the
    7,000 is still accepted by name or code); for other lists all of them."""
    choices = sorted_choices(list_name, locale)
    if list_name != "language":
        return choices
    common = set(get_list("language").alternates.values())
    return tuple(c for c in choices if c[0] in common)


@cache
def _by_name(list_name: str) -> dict[str, str]:
    index: dict[str, str] = {}
    ambiguous: set[str] = set()
    for member in get_list(list_name):
        for locale in ("en", "fr"):
            key = fold(member.label(locale))
            if index.get(key, member.code) != member.code:
                ambiguous.add(key)
            index[key] = member.code
    for key in ambiguous:
        index.pop(key)
    return index


def code_for(list_name: str, text: str | None) -> str | None:
    """The code a typed value stands for: a code, or a name in English or French.

    What matches nothing is returned as typed, so that the service's check refuses it and
    the form shows it back beside the field.
    """
    if text is None or not text.strip():
        return None
    value = text.strip()
    enum = get_list(list_name)
    try:
        return enum.parse(value).code
    except Exception:  # not a code: try the names
        return _by_name(list_name).get(fold(value), value)


def field_code(htcds_field: str, text: str | None) -> str | None:
    return code_for(HTCDS_FIELD_LISTS[htcds_field], text)


def label_for(list_name: str, code: str | None, locale: str) -> str:
    """What a searchable field shows for a stored code: its label (the code if unknown)."""
    if not code:
        return ""
    try:
        return get_list(list_name).parse(code).label(locale)
    except Exception:
        return code
