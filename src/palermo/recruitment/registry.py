"""Monitored agencies (§17): plain records in, "this ad cites an unlicensed agency" out.

The registry itself is kept by the deployment (the lead stores it in the database);
screening takes it as plain :class:`AgencyRecord` values, so that a platform can pass
its own list. An ad is flagged when it names an agency whose status is not
``licensed``, or cites a licence number that the registry does not hold for the
country it covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

from palermo.errors import FieldProblem, ValidationFailed
from palermo.recruitment.result import Evidence


class AgencyStatus(StrEnum):
    LICENSED = "licensed"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"
    UNLICENSED = "unlicensed"


@dataclass(frozen=True)
class AgencyRecord:
    name: str
    status: AgencyStatus
    country: str  # ISO 3166-1 alpha-2 of the licensing authority
    licence_number: str | None = None
    kind: str | None = None  # recruitment, marriage, modelling, adoption, study_abroad...


@dataclass(frozen=True)
class Citation:
    """An agency cited in a text, as the registry knows it (None: unknown licence)."""

    record: AgencyRecord | None
    status: str
    evidence: Evidence


def _norm_name(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def _norm_licence(number: str) -> str:
    return re.sub(r"[\s.]", "", number.upper())


_LICENCE = re.compile(
    r"\b(?:licen[cs]e|agrément)\b\s*(?:n°|no\.?|number|nr\.?|numéro|\#)?\s*[:.]?\s*"
    r"(?P<number>(?=[A-Z/-]*\d)[A-Z0-9][A-Z0-9/-]{3,})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AgencyRegistry:
    records: tuple[AgencyRecord, ...]

    @classmethod
    def from_records(cls, rows: Iterable[AgencyRecord | Mapping[str, Any]]) -> AgencyRegistry:
        records, problems = [], []
        for i, row in enumerate(rows):
            if isinstance(row, AgencyRecord):
                records.append(row)
                continue
            try:
                status = AgencyStatus(str(row.get("status", "")).lower())
            except ValueError:
                valid = ", ".join(s.value for s in AgencyStatus)
                problems.append(
                    FieldProblem("status", f"one of {valid}", row=i, value=str(row.get("status")))
                )
                continue
            name = str(row.get("name") or "").strip()
            country = str(row.get("country") or "").strip().upper()
            if len(name) < 3 or len(country) != 2:
                problems.append(
                    FieldProblem("name/country", "name and ISO alpha-2 country needed", row=i)
                )
                continue
            licence = row.get("licence_number")
            records.append(
                AgencyRecord(
                    name, status, country, str(licence) if licence else None, row.get("kind")
                )
            )
        if problems:
            raise ValidationFailed(
                f"{len(problems)} agency record(s) refused.",
                problems=problems,
                hint="Each record needs name, status and country (ISO alpha-2); "
                "licence_number is optional.",
            )
        return cls(tuple(records))

    @cached_property
    def _by_name(self) -> dict[str, AgencyRecord]:
        return {_norm_name(r.name): r for r in self.records if len(_norm_name(r.name)) >= 4}

    @cached_property
    def _by_licence(self) -> dict[str, AgencyRecord]:
        return {_norm_licence(r.licence_number): r for r in self.records if r.licence_number}

    @cached_property
    def countries(self) -> frozenset[str]:
        return frozenset(r.country for r in self.records)

    def terms(self) -> tuple[str, ...]:
        """Lower-case strings the scan looks for (names and licence numbers)."""
        licences = [r.licence_number.lower() for r in self.records if r.licence_number]
        return tuple(sorted(set(self._by_name) | set(licences)))

    def cited(
        self, text: str, hits: Iterable[str], *, country: str | None, part: str = "ad"
    ) -> list[Citation]:
        """Agencies of the registry that ``text`` names, and licence numbers it cites."""
        lower = text.lower()
        found: dict[str, Citation] = {}
        for term in hits:
            record = self._by_name.get(term)
            if record is None:
                continue
            start = lower.find(term)
            while start >= 0:
                end = start + len(term)
                if (start == 0 or not lower[start - 1].isalnum()) and (
                    end == len(lower) or not lower[end].isalnum()
                ):
                    evidence = Evidence(text[start:end], start, end, part)
                    found[record.name] = Citation(record, record.status.value, evidence)
                    break
                start = lower.find(term, start + 1)
        for match in _LICENCE.finditer(text):
            number = _norm_licence(match.group("number"))
            evidence = Evidence(match.group(0), match.start(), match.end(), part)
            record = self._by_licence.get(number)
            if record is not None:
                found.setdefault(record.name, Citation(record, record.status.value, evidence))
            elif country is None or country.upper() in self.countries:
                found[f"licence:{number}"] = Citation(None, "not_found", evidence)
        return [c for c in found.values() if c.status != AgencyStatus.LICENSED.value]
