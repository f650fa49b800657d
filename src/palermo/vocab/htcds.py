"""The HTCDS v2.0 picklists, read from the data files packaged beside this module.

``data/htcds_lists.csv`` and ``data/htcds_fields.csv`` are generated from IOM's field
standard by ``python -m palermo.vocab.build``; nothing here reads the reference CSV,
so an installed Palermo works on its own. Values Palermo adds to an HTCDS list
(``extensions.EXTENSIONS``) are appended after IOM's, flagged ``extension=True``.

HTCDS v2.0 by IOM, CC BY 4.0; no endorsement implied.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from palermo.vocab.enums import ListInfo, Source, VocabEnum, make_enum, member_name
from palermo.vocab.extensions import EXTENSIONS

_DESCRIPTIONS = {
    "agency_type": "Kinds of organisation (HTCDS org_Type) plus the agencies of a referral "
    "mechanism that HTCDS lacks.",
    "event_stage": "Stage of the trafficking process an event belongs to (HTCDS hte_Type).",
    "forced_labour_industry": "ISIC Rev.4 sections A-U (HTCDS vic_ForcedLabourIndustry); "
    "parse also takes the bare section letter.",
    "vulnerabilities": "Deprecated by HTCDS in favour of the Assessment and Planning sections.",
}


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("palermo.vocab").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def field_lists() -> dict[str, str]:
    """HTCDS field name (with prefix) -> list name, for every field with a list."""
    return {row["field"]: row["list"] for row in _read("htcds_fields.csv")}


@cache
def _values() -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in _read("htcds_lists.csv"):
        grouped.setdefault(row["list"], []).append(row)
    return grouped


def list_infos() -> list[ListInfo]:
    """One ListInfo per list the HTCDS fields point at, countries and languages included."""
    fields: dict[str, list[str]] = {}
    sources: dict[str, Source] = {}
    deprecated: dict[str, bool] = {}
    for row in _read("htcds_fields.csv"):
        name = row["list"]
        fields.setdefault(name, []).append(row["field"])
        sources[name] = row["source"]  # type: ignore[assignment]
        # A list shared by several fields stays current while any of them is.
        deprecated[name] = deprecated.get(name, True) and row["status"] == "DEPRECATED"
    return [
        ListInfo(
            name=name,
            source=sources[name],
            htcds_fields=tuple(names),
            deprecated=deprecated[name],
            description=_DESCRIPTIONS.get(name, ""),
        )
        for name, names in fields.items()
    ]


def _class_name(list_name: str) -> str:
    return "".join(part.capitalize() for part in list_name.split("_"))


@cache
def htcds_enum(list_name: str) -> type[VocabEnum]:
    """The enum of one HTCDS-sourced list (KeyError if HTCDS has no such list)."""
    rows = _values()[list_name]
    members = [
        (
            member_name(row["code"]),
            (row["code"], row["label_en"], row["label_fr"], False, row["deprecated"] == "1"),
        )
        for row in rows
    ]
    members += [
        (python_name, (code, label_en, label_fr, True, False))
        for python_name, code, label_en, label_fr in EXTENSIONS.get(list_name, ())
    ]
    alternates: dict[str, str] = {}
    if list_name == "forced_labour_industry":
        # Importers often hold only the ISIC section letter ("A" for agriculture).
        alternates = {row["code"].split("_")[0]: row["code"] for row in rows}
    return make_enum(_class_name(list_name), list_name, members, alternates=alternates)
