"""Nicknames: which given names are diminutives of one name (``palermo.vocab.names``).

Every spelling of a name and of its aliases is indexed by its phonetic key, so
'Sasha', 'Sascha', 'Саша' and 'Oleksandr' all reach the group of Олександр.
"""

from __future__ import annotations

from functools import cache

from palermo.linkage.names.latin import name_forms, phonetic_key, to_latin
from palermo.vocab.names import alias_groups


@cache
def _groups() -> dict[str, frozenset[str]]:
    """Phonetic key of a given name or nickname -> the groups (formal names) it can stand for."""
    groups: dict[str, set[str]] = {}
    for group in alias_groups():
        for spellings in (group.name, *group.aliases):
            for spelling in spellings:
                for form in name_forms(spelling):
                    groups.setdefault(form.key, set()).add(group.key)
    return {key: frozenset(v) for key, v in groups.items()}


def nickname_keys(text: str | None) -> frozenset[str]:
    """Group ids a given name belongs to (for blocking nicknames with their formal names)."""
    if not text:
        return frozenset()
    groups = _groups()
    found: set[str] = set()
    for token in to_latin(text).split():
        found |= groups.get(phonetic_key(token), frozenset())
    return frozenset(found)


def nickname_of(a: str | None, b: str | None) -> bool:
    """True when one given name is a known diminutive of the other (or both of one name)."""
    if not a or not b:
        return False
    ka = {phonetic_key(t) for t in to_latin(a).split()}
    kb = {phonetic_key(t) for t in to_latin(b).split()}
    return bool(nickname_keys(a) & nickname_keys(b)) and not (ka & kb)
