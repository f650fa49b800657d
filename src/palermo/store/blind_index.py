"""Blind index entries of a person: keyed hashes of names, birth date and document number.

Kinds (what each reveals to someone holding the database but not the index key is in
``docs/casework.md``):

* ``name``: each normalised name part, and the whole name (exact search);
* ``phonetic``: each name token and the whole name folded by spelling (transliterated,
  then ``palermo.linkage.names.phonetic_key`` and the vowels after the first letter
  dropped), so that "Favor Ogbonna" finds "Favour Ogbonna" and "Shevchenko" finds
  "Schewtschenko";
* ``birth_date``: the birth date as recorded (full or partial);
* ``birth_year``: its year alone, so that "1990" and "1990-07-05" can be compared;
* ``document``: the document number, letters and digits only.
"""

from __future__ import annotations

import re

from palermo.linkage.names import name_tokens, phonetic_key
from palermo.store import crypto
from palermo.store.fields import current_keyring
from palermo.store.models import Person, PersonIndex

_VOWELS = re.compile(r"[aeiou]")


def fold_token(token: str) -> str:
    """A Latin name token folded by spelling: the phonetic key, its first letter kept and
    the later vowels dropped ('favour' and 'favor' -> 'fvr', 'ogbonna' -> 'ogbn')."""
    key = phonetic_key(token)
    return key[:1] + _VOWELS.sub("", key[1:]) if key else ""


def folded_tokens(*parts: str | None) -> list[str]:
    """The folded tokens of a name's parts, in order (empty parts give nothing)."""
    return [f for part in parts for t in name_tokens(part) if (f := fold_token(t))]


def folded_name(*parts: str | None) -> str:
    """The whole name folded, tokens sorted so that the order of names does not matter."""
    return " ".join(sorted(folded_tokens(*parts)))


def _phonetic_values(person: Person) -> set[str]:
    names: list[tuple[str | None, ...]] = [
        (person.given_name, person.middle_name, person.family_name)
    ]
    names += [(alias,) for alias in person.alias_list]
    values: set[str] = set()
    for parts in names:
        tokens = folded_tokens(*parts)
        values.update(tokens)
        if len(tokens) > 1:
            values.add(" ".join(sorted(tokens)))
    return values


def index_entries(person: Person) -> list[PersonIndex]:
    ring = current_keyring()

    def entry(kind: str, value: str) -> PersonIndex:
        return PersonIndex(kind=kind, digest=crypto.blind_index(ring, value, kind=kind))

    entries = [
        entry("name", token)
        for token in sorted(
            crypto.name_tokens(person.given_name, person.middle_name, person.family_name)
            | {t for alias in person.alias_list for t in crypto.name_tokens(alias)}
        )
    ]
    entries += [entry("phonetic", value) for value in sorted(_phonetic_values(person))]
    if person.birth_date:
        entries.append(entry("birth_date", person.birth_date))
        entries.append(entry("birth_year", person.birth_date[:4]))
    if person.identity_number:
        document = crypto.normalise_document(person.identity_number)
        if document:
            entries.append(entry("document", document))
    return entries


def reindex(person: Person) -> None:
    person.index_entries = index_entries(person)


def search_digest(kind: str, value: str) -> str:
    ring = current_keyring()
    if kind == "name":
        value = crypto.normalise_name(value)
    elif kind == "document":
        value = crypto.normalise_document(value)
    elif kind == "phonetic":
        value = folded_name(value)
    elif kind == "birth_year":
        value = value[:4]
    return crypto.blind_index(ring, value, kind=kind)
