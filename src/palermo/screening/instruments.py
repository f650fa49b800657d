"""Screening instruments, loaded from the versioned data files in ``data/``.

The rules engine reads what the Protocols and the ILO lists say from these files,
so that a reviewer can correct a mapping without touching code. Each file carries
its own ``version`` and ``provenance``; :func:`instrument_versions` reports them so
that a saved assessment can say which instruments produced it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from palermo.screening.wording import Label, label_pair

DATA = resources.files("palermo.screening") / "data"

STRENGTHS = ("strong", "medium", "weak")


def _labels(item: dict[str, Any], name: str = "label") -> Label:
    """``label`` (English) and ``label_fr`` of a data item, as a :class:`Label`."""
    english = str(item[name]).strip()
    return Label(english, str(item.get(f"{name}_fr") or english).strip())


def _load_yaml(name: str) -> dict[str, Any]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class FactSpec:
    """One fact of the exchange format, with its codes and its question."""

    name: str
    kind: str  # bool, list, int or choice
    group: str
    codes: tuple[str, ...]
    labels: dict[str, dict[str, str]]
    question: dict[str, str]
    help: dict[str, str] | None


@dataclass(frozen=True)
class FactVocabulary:
    version: str
    provenance: str
    facts: tuple[FactSpec, ...]
    groups: tuple[dict[str, Any], ...]

    def by_name(self) -> dict[str, FactSpec]:
        return {spec.name: spec for spec in self.facts}


@dataclass(frozen=True)
class Means:
    key: str
    label: str
    # fact name -> the codes (or, for a bool fact, the answers) that satisfy it
    satisfied_by: dict[str, frozenset[Any]]
    labels: Label = Label("", "")  # label in en and fr


@dataclass(frozen=True)
class Purpose:
    key: str
    label: str
    exploitation: frozenset[str]
    labels: Label = Label("", "")


@dataclass(frozen=True)
class PalermoInstrument:
    version: str
    provenance: str
    child_age_limit: int
    rules: tuple[str, ...]
    acts: dict[str, str]
    means: tuple[Means, ...]
    purposes: tuple[Purpose, ...]
    practitioners_forms: frozenset[str]


@dataclass(frozen=True)
class SmugglingCriterion:
    key: str
    label: str
    required: bool
    facts: dict[str, Any]
    note: str | None
    labels: Label = Label("", "")
    notes: Label | None = None


@dataclass(frozen=True)
class SmugglingInstrument:
    version: str
    provenance: str
    criteria: tuple[SmugglingCriterion, ...]
    irregular_migration_note: str
    irregular_migration_notes: Label = Label("", "")


IndicatorKey = tuple[int, str]  # (dimension number, indicator text)


@dataclass(frozen=True)
class DelphiList:
    """One ILO/EC Delphi list (adults or children, labour exploitation)."""

    name: str
    dimensions: dict[int, str]
    strength: dict[IndicatorKey, str]
    # fact -> code -> indicators of this list shown by that code
    fact_indicators: dict[str, dict[str, tuple[IndicatorKey, ...]]]


@dataclass(frozen=True)
class DelphiInstrument:
    version: str
    provenance: str
    verified: str
    rule_text: str
    rule: tuple[dict[str, int], ...]
    adult: DelphiList
    child: DelphiList
    dimension_labels: dict[str, Label] = field(default_factory=dict)  # CSV name -> en/fr
    list_labels: dict[str, Label] = field(default_factory=dict)  # CSV list name -> en/fr
    strength_labels: dict[str, Label] = field(default_factory=dict)  # strong... -> en/fr
    indicator_labels: dict[str, Label] = field(default_factory=dict)  # CSV text -> en/fr


@dataclass(frozen=True)
class ForcedLabourIndicator:
    key: str
    label: str
    control: frozenset[str]
    # fact -> codes that show the indicator; None means any code of the fact
    facts: dict[str, frozenset[Any] | None]
    labels: Label = Label("", "")


@dataclass(frozen=True)
class ForcedLabourInstrument:
    version: str
    provenance: str
    indicators: tuple[ForcedLabourIndicator, ...]


@cache
def fact_vocabulary() -> FactVocabulary:
    raw = _load_yaml("facts.yaml")
    facts = []
    for group in raw["groups"]:
        for item in group["facts"]:
            labels = item.get("codes") or {}
            facts.append(
                FactSpec(
                    name=item["name"],
                    kind=item["kind"],
                    group=group["id"],
                    codes=tuple(labels),
                    labels=labels,
                    question=item["question"],
                    help=item.get("help"),
                )
            )
    return FactVocabulary(
        raw["version"], raw["provenance"].strip(), tuple(facts), tuple(raw["groups"])
    )


@cache
def palermo_protocol() -> PalermoInstrument:
    raw = _load_yaml("palermo_protocol.yaml")
    means = tuple(
        Means(
            key,
            item["label"],
            {f: frozenset(v) for f, v in item["satisfied_by"].items()},
            _labels(item),
        )
        for key, item in raw["means"].items()
    )
    purposes = tuple(
        Purpose(key, item["label"], frozenset(item["exploitation"]), _labels(item))
        for key, item in raw["purposes"].items()
    )
    return PalermoInstrument(
        version=raw["version"],
        provenance=raw["provenance"].strip(),
        child_age_limit=int(raw["child_age_limit"]),
        rules=tuple(raw["rules"]),
        acts=dict(raw["acts"]),
        means=means,
        purposes=purposes,
        practitioners_forms=frozenset(raw["practitioners_forms"]),
    )


@cache
def smuggling_protocol() -> SmugglingInstrument:
    raw = _load_yaml("smuggling_protocol.yaml")
    criteria = tuple(
        SmugglingCriterion(
            key,
            item["label"],
            bool(item["required"]),
            dict(item["facts"]),
            (item.get("note") or "").strip() or None,
            _labels(item),
            _labels(item, "note") if item.get("note") else None,
        )
        for key, item in raw["criteria"].items()
    )
    return SmugglingInstrument(
        raw["version"],
        raw["provenance"].strip(),
        criteria,
        raw["irregular_migration"]["note"].strip(),
        _labels(raw["irregular_migration"], "note"),
    )


def _delphi_list(name: str, rows: list[dict[str, str]], mapping: dict[str, Any]) -> DelphiList:
    dimensions: dict[int, str] = {}
    strength: dict[IndicatorKey, str] = {}
    for row in rows:
        if row["list"] != name:
            continue
        dim = int(row["dim_no"])
        dimensions[dim] = row["dimension"]
        strength[(dim, row["indicator"])] = row["strength"]
    fact_indicators: dict[str, dict[str, tuple[IndicatorKey, ...]]] = {}
    for fact, codes in mapping.items():
        per_code: dict[str, tuple[IndicatorKey, ...]] = {}
        for code, keys in codes.items():
            # An indicator absent from this list (e.g. no social protection for
            # children) is skipped rather than invented.
            found = tuple((int(d), text) for d, text in keys if (int(d), text) in strength)
            per_code[str(code)] = found
        fact_indicators[fact] = per_code
    return DelphiList(name, dimensions, strength, fact_indicators)


@cache
def ilo_delphi() -> DelphiInstrument:
    raw = _load_yaml("ilo_delphi.yaml")
    with (DATA / raw["csv"]).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    mapping = raw["fact_indicators"]
    return DelphiInstrument(
        version=raw["version"],
        provenance=raw["provenance"].strip(),
        verified=str(raw["verified"]),
        rule_text=raw["dimension_rule"]["text"].strip(),
        rule=tuple(dict(alt) for alt in raw["dimension_rule"]["alternatives"]),
        adult=_delphi_list(raw["lists"]["adult"], rows, mapping),
        child=_delphi_list(raw["lists"]["child"], rows, mapping),
        dimension_labels={
            name: label_pair(pair) for name, pair in (raw.get("dimension_labels") or {}).items()
        },
        list_labels={
            name: label_pair(pair) for name, pair in (raw.get("list_labels") or {}).items()
        },
        strength_labels={
            name: label_pair(pair) for name, pair in (raw.get("strength_labels") or {}).items()
        },
        indicator_labels={
            text: Label(text, french)
            for text, french in (raw.get("indicator_labels_fr") or {}).items()
        },
    )


def delphi_rows() -> list[dict[str, str]]:
    """The CSV rows as shipped, with their ``verified`` column, for display."""
    text = (DATA / "ilo_delphi_labour_indicators.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@cache
def ilo_forced_labour() -> ForcedLabourInstrument:
    raw = _load_yaml("ilo_forced_labour.yaml")
    indicators = []
    for key, item in raw["indicators"].items():
        facts = {
            fact: None if codes == "*" else frozenset(codes)
            for fact, codes in (item.get("facts") or {}).items()
        }
        indicators.append(
            ForcedLabourIndicator(
                key, item["label"], frozenset(item["control"]), facts, _labels(item)
            )
        )
    return ForcedLabourInstrument(raw["version"], raw["provenance"].strip(), tuple(indicators))


def instrument_versions() -> dict[str, str]:
    """Version of every instrument, to store with a saved assessment."""
    return dict(_versions())


@cache
def _versions() -> dict[str, str]:
    delphi = ilo_delphi()
    return {
        "screening_facts": fact_vocabulary().version,
        "palermo_protocol": palermo_protocol().version,
        "smuggling_protocol": smuggling_protocol().version,
        "ilo_delphi_labour": f"{delphi.version} (verified={delphi.verified})",
        "ilo_forced_labour_11": ilo_forced_labour().version,
    }
