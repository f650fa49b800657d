"""What a case already says, as screening facts: the guided form starts from it.

Only what the case record states is carried over; everything else stays unknown (never
"no"), because the engine reads "not recorded" and "none" differently. Each carried fact
names where it came from, so the screener can check it with the person and change it.
The latest saved screening of the case fills the facts the case record does not hold
(entry, consent to the journey...), so a second screening does not start from nothing.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from palermo.errors import ValidationFailed
from palermo.screening.facts import parse_facts
from palermo.screening.instruments import fact_vocabulary

if TYPE_CHECKING:  # the engine reads a case's attributes; it needs no store to run
    from palermo.store.models import Case

# HTCDS types of exploitation that name a screening purpose one to one. The others
# (child labour, forced adoption, surrogacy, benefit fraud, "other") are left for the
# screener: the Protocol's list is open, and a wrong guess would decide the purpose.
EXPLOITATION_FROM_HTCDS = {
    "ForcedLabour": "forced_labour",
    "SexualExploitation": "sexual_exploitation",
    "ForcedMarriage": "forced_marriage",
    "Servitude": "domestic_servitude",
    "OrganRemoval": "organ_removal",
    "ForcedBegging": "forced_begging",
    "ForcedCriminality": "forced_criminality",
}
# Stages of the journey that are themselves acts of the Protocol.
ACT_FROM_EVENT = {"Recruitment": "recruitment", "Transit": "transportation"}

# Where a fact came from; the form words each source (templates/screening/_macros.html).
SOURCES = frozenset(
    {
        "age_when_trafficked",
        "birth_date_at_event",
        "age_at_identification",
        "events",
        "means_of_control",
        "exploitation_types",
        "earlier",
    }
)


@dataclass(frozen=True)
class CasePrefill:
    """Facts a case states (fact name to value, known facts only) and each one's source
    (one of :data:`SOURCES`)."""

    facts: dict[str, Any]
    sources: dict[str, str]


def _latest_birth_day(text: str | None) -> date | None:
    # A partial birth date is read as its latest possible day: the younger age, so that
    # someone who may have been a child is screened as one (presumption of minority).
    if not text:
        return None
    try:
        parts = [int(p) for p in text.split("-")]
        month = parts[1] if len(parts) > 1 else 12
        day = parts[2] if len(parts) > 2 else calendar.monthrange(parts[0], month)[1]
        return date(parts[0], month, day)
    except (ValueError, IndexError):
        return None


def _years_between(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _age(case: Case, *, on: date) -> tuple[int, str] | None:
    if case.age_when_trafficked is not None:
        return case.age_when_trafficked, "age_when_trafficked"
    born = _latest_birth_day(case.victim.birth_date if case.victim is not None else None)
    starts = [e.started_on for e in case.events if e.started_on is not None]
    if born is not None and starts and min(starts) >= born:
        return _years_between(born, min(starts)), "birth_date_at_event"
    if case.age_at_identification is not None:
        return case.age_at_identification, "age_at_identification"
    if born is not None:
        identified = case.identified_on or on
        if identified >= born:
            return _years_between(born, identified), "age_at_identification"
    return None


def _crossed_border(case: Case) -> bool | None:
    countries = {e.country for e in case.events if e.country}
    if len(countries) > 1:
        return True
    stages = {e.type for e in case.events if e.country}
    # One country for both the recruitment and the exploitation: no border on the way.
    if len(countries) == 1 and {"Recruitment", "Exploitation"} <= stages:
        return False
    return None


def prefill_from_case(
    case: Case, *, on: date, earlier: Mapping[str, Any] | None = None
) -> CasePrefill:
    """The facts ``case`` states on day ``on``, then those of ``earlier`` (the facts of
    the case's latest screening) for what the case record does not hold."""
    facts: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def put(fact: str, value: Any, source: str) -> None:
        facts[fact] = value
        sources[fact] = source

    age = _age(case, on=on)
    if age is not None:
        put("age", age[0], age[1])
    crossed = _crossed_border(case)
    if crossed is not None:
        put("crossed_border", crossed, "events")
    acts = {ACT_FROM_EVENT[e.type] for e in case.events if e.type in ACT_FROM_EVENT}
    if case.codes_for("recruitment_methods"):
        acts.add("recruitment")
    if acts:
        put("acts", sorted(acts), "events")
    control_codes = set(fact_vocabulary().by_name()["control"].codes)
    control = [c for c in case.codes_for("means_of_control") if c in control_codes]
    if control:
        put("control", control, "means_of_control")
    purposes = [EXPLOITATION_FROM_HTCDS.get(c) for c in case.codes_for("exploitation_types")]
    exploitation = sorted({p for p in purposes if p is not None})
    if exploitation:
        put("exploitation", exploitation, "exploitation_types")
    for fact, value in (earlier or {}).items():
        if value is None or fact in facts:
            continue
        try:
            parse_facts({fact: value})
        except ValidationFailed:
            continue  # a fact or code of an older instrument version: asked afresh
        put(fact, value, "earlier")
    return CasePrefill(facts=facts, sources=sources)
