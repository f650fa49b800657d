"""Write a person's personal data and keep their blind index in step with it."""

from __future__ import annotations

from palermo.store.blind_index import reindex
from palermo.store.models import Person


def apply_person_data(person: Person, data: dict) -> list[str]:
    """Set the given fields; return the names of those that changed (never their values)."""
    changed = []
    for field, value in data.items():
        if field == "aliases":
            value = "\n".join(a.strip() for a in value if a and a.strip()) or None
        elif isinstance(value, str) and not value:
            value = None
        if getattr(person, field) != value:
            setattr(person, field, value)
            changed.append(field)
    if changed:
        reindex(person)
    return changed
