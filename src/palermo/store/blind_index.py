"""Blind index entries of a person: keyed hashes of names, birth date and document number."""

from __future__ import annotations

from palermo.store import crypto
from palermo.store.fields import current_keyring
from palermo.store.models import Person, PersonIndex


def index_entries(person: Person) -> list[PersonIndex]:
    ring = current_keyring()
    entries = [
        PersonIndex(kind="name", digest=crypto.blind_index(ring, token, kind="name"))
        for token in sorted(
            crypto.name_tokens(person.given_name, person.middle_name, person.family_name)
            | {t for alias in person.alias_list for t in crypto.name_tokens(alias)}
        )
    ]
    if person.birth_date:
        entries.append(
            PersonIndex(
                kind="birth_date",
                digest=crypto.blind_index(ring, person.birth_date, kind="birth_date"),
            )
        )
    if person.identity_number:
        document = crypto.normalise_document(person.identity_number)
        if document:
            entries.append(
                PersonIndex(
                    kind="document", digest=crypto.blind_index(ring, document, kind="document")
                )
            )
    return entries


def reindex(person: Person) -> None:
    person.index_entries = index_entries(person)


def search_digest(kind: str, value: str) -> str:
    ring = current_keyring()
    if kind == "name":
        value = crypto.normalise_name(value)
    elif kind == "document":
        value = crypto.normalise_document(value)
    return crypto.blind_index(ring, value, kind=kind)
