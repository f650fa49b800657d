"""Where to get help after a check: hotline, embassy and advice contacts per country.

Palermo ships ``data/contacts.yaml`` with placeholders only (a wrong number given to a
person at risk is worse than none); a deployment points ``PALERMO_CHECK_CONTACTS_FILE``
at its own file of verified contacts, in the same shape (see :mod:`.deployment`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import Msg, msg
from palermo.recruitment.catalogue import load_yaml
from palermo.recruitment.wording import Label, label_of

KINDS = ("hotline", "embassy", "labour_inspection", "advice")


@dataclass(frozen=True)
class Contact:
    kind: str  # one of KINDS
    name: Label
    note: Label
    country: str | None  # None: shown for every country
    number: str | None = None  # None until the deployment fills it in
    url: str | None = None
    illustrative: bool = True

    def to_dict(self, locale: str | None = None) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "country": self.country,
            "name": self.name.get(locale),
            "number": self.number,
            "url": self.url,
            "note": self.note.get(locale),
            "illustrative": self.illustrative,
        }


def _contact(item: Mapping[str, Any], country: str | None, illustrative: bool) -> Contact:
    return Contact(
        kind=str(item["kind"]),
        name=label_of(item["name"]),
        note=label_of(item.get("note") or ""),
        country=country,
        number=item.get("number"),
        url=item.get("url"),
        illustrative=illustrative,
    )


def _refused(path: Path, reason: Msg) -> ValidationFailed:
    return ValidationFailed(
        msg("The contacts file {path} cannot be used: {reason}.", path=str(path), reason=reason),
        problems=[FieldProblem(field="contacts_file", reason=reason)],
        hint=msg("Each contact needs a kind and a name; see data/contacts.yaml for the shape."),
    )


@dataclass(frozen=True)
class ContactBook:
    default: tuple[Contact, ...]
    by_country: Mapping[str, tuple[Contact, ...]]
    version: str = ""

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any], path: Path) -> ContactBook:
        if not isinstance(raw, Mapping):
            raise _refused(path, msg("it is not a YAML mapping"))
        flag = bool(raw.get("illustrative", True))
        try:
            default = tuple(_contact(item, None, flag) for item in raw.get("default") or ())
            countries = {
                str(code).upper(): tuple(_contact(item, str(code).upper(), flag) for item in items)
                for code, items in (raw.get("countries") or {}).items()
            }
        except (KeyError, TypeError, AttributeError) as exc:
            raise _refused(path, msg("a contact lacks {field}", field=str(exc))) from exc
        for contact in (*default, *(c for cs in countries.values() for c in cs)):
            if contact.kind not in KINDS:
                raise _refused(path, msg("unknown kind {kind}", kind=contact.kind))
        return cls(default, countries, str(raw.get("version", "")))

    @classmethod
    def from_file(cls, path: Path) -> ContactBook:
        try:
            with path.open(encoding="utf-8") as handle:
                raw = yaml.safe_load(handle)
        except OSError as exc:
            raise _refused(path, msg("it cannot be read ({error})", error=exc.strerror)) from exc
        except yaml.YAMLError as exc:
            raise _refused(path, msg("it is not valid YAML")) from exc
        return cls.from_mapping(raw, path)

    @classmethod
    def shipped(cls) -> ContactBook:
        """The placeholders Palermo ships."""
        return _shipped()

    @property
    def illustrative(self) -> bool:
        return any(c.illustrative for c in (*self.default, *self._all_countries()))

    def _all_countries(self) -> Iterable[Contact]:
        return (c for contacts in self.by_country.values() for c in contacts)

    def for_countries(self, countries: Iterable[str]) -> tuple[Contact, ...]:
        """The contacts of each country involved, then those shown everywhere."""
        codes = dict.fromkeys(x.upper() for x in countries)
        found = [c for code in codes for c in self.by_country.get(code, ())]
        return tuple(found) + self.default


@cache
def _shipped() -> ContactBook:
    return ContactBook.from_mapping(load_yaml("contacts.yaml"), Path("contacts.yaml"))


def contacts_for(countries: Iterable[str], book: ContactBook | None = None) -> tuple[Contact, ...]:
    """The contacts of each country involved (the shipped placeholders by default)."""
    return (book or ContactBook.shipped()).for_countries(countries)
