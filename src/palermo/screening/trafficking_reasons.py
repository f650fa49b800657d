"""The reasons of the Palermo Protocol's elements: act, means and purpose.

Each part reads a few facts and verdicts, and persons share those far more often than
whole sets of facts, so each part is memoised on what it reads (a rule asking for some
codes sees only those codes of a list, :func:`projected`).
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from palermo.screening.indicators import View
from palermo.screening.instruments import palermo_protocol
from palermo.screening.result import Reason, Status, make_reason, status_of
from palermo.screening.rules import Verdicts

_STATUS_SUFFIX = {True: "met", False: "not_met", None: "unknown"}


def fmt(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def facts_meeting(view: View, wanted: dict[str, Any]) -> list[str]:
    found = []
    for fact, codes in wanted.items():
        value = view.get(fact)
        if value is None:
            continue
        if isinstance(value, bool | str):
            if value in codes:
                found.append(f"{fact}: {fmt(value)}")
        else:
            found.extend(f"{fact}: {code}" for code in sorted(value & codes))
    return found


def projected(value: Any, codes: Any) -> Any:
    """What a rule asking for ``codes`` sees of a value: a memo key shared by more people."""
    if isinstance(value, frozenset) and codes is not None:
        return value & codes
    return value


@cache
def _means_facts() -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for m in palermo_protocol().means for f in m.satisfied_by))


@cache
def _means_order() -> tuple[tuple[int, ...], ...]:
    """For each means, the facts it reads (as places in _means_facts), in its order."""
    facts = _means_facts()
    return tuple(tuple(facts.index(f) for f in m.satisfied_by) for m in palermo_protocol().means)


@lru_cache(maxsize=1 << 12)
def _fact_evidence(fact: str, value: Any) -> tuple[tuple[str, ...], ...]:
    """For each means, the evidence ``fact`` gives it (empty if the means does not read it)."""
    out = []
    for m in palermo_protocol().means:
        codes = m.satisfied_by.get(fact)
        out.append(() if codes is None else tuple(facts_meeting({fact: value}, {fact: codes})))
    return tuple(out)


def _means_evidence(view: View) -> tuple[tuple[str, ...], ...]:
    """Each means' evidence, fact by fact in the order the means lists them."""
    parts = [_fact_evidence(f, view.get(f)) for f in _means_facts()]
    return tuple(
        tuple(item for i in order for item in parts[i][n]) for n, order in enumerate(_means_order())
    )


def palermo_reasons(view: View, v: Verdicts) -> list[Reason]:
    evidence = _means_evidence(view)
    consented = view.get("consented_to_movement") is True
    destined = view.get("destined_for_exploitation") is True
    return [
        _act_reason(view["acts"], v.act),
        *_means_reasons(evidence, v.child, v.means, consented),
        *_purpose_reasons(view["exploitation"], v.forced_labour, v.purpose, destined),
    ]


@lru_cache(maxsize=1 << 10)
def _act_reason(acts: frozenset[str] | None, act: bool | None) -> Reason:
    evidence = tuple(f"acts: {a}" for a in palermo_protocol().acts if acts and a in acts)
    return make_reason(
        "palermo", "act", status_of(act), f"palermo.act.{_STATUS_SUFFIX[act]}", evidence
    )


@lru_cache(maxsize=1 << 12)
def _means_reasons(
    evidence: tuple[tuple[str, ...], ...], child: bool | None, means: bool | None, consented: bool
) -> tuple[Reason, ...]:
    protocol = palermo_protocol()
    reasons = []
    if child:
        reasons.append(
            make_reason(
                "palermo",
                "means",
                Status.NOT_REQUIRED,
                "palermo.means.child",
                age=protocol.child_age_limit,
            )
        )
    for found, item in zip(evidence, protocol.means, strict=True):
        if found:
            reasons.append(
                make_reason(
                    "palermo",
                    f"means.{item.key}",
                    Status.MET,
                    "palermo.means.met",
                    found,
                    label=item.labels,
                )
            )
    means_found = any(evidence)
    if not child and not means_found:
        suffix = "not_met" if means is False else "unknown"
        reasons.append(make_reason("palermo", "means", status_of(means), f"palermo.means.{suffix}"))
    if means_found and consented:
        reasons.append(
            make_reason(
                "palermo",
                "consent",
                Status.INFO,
                "palermo.consent",
                ("consented_to_movement: true",),
            )
        )
    return tuple(reasons)


@lru_cache(maxsize=1 << 12)
def _purpose_reasons(
    exploitation: frozenset[str] | None, forced: bool | None, purpose: bool | None, destined: bool
) -> tuple[Reason, ...]:
    exploitation = exploitation or frozenset()
    reasons = []
    for item in palermo_protocol().purposes:
        hits = sorted(exploitation & item.exploitation)
        if hits:
            reasons.append(
                make_reason(
                    "palermo",
                    f"purpose.{item.key}",
                    Status.MET,
                    "palermo.purpose.met",
                    tuple(f"exploitation: {h}" for h in hits),
                    label=item.labels,
                )
            )
    if forced and not exploitation:
        reasons.append(
            make_reason(
                "palermo",
                "purpose.forced_labour_or_services",
                Status.MET,
                "palermo.purpose.forced_labour_indicators",
            )
        )
    if not purpose:
        suffix = "not_met" if purpose is False else "unknown"
        reasons.append(
            make_reason("palermo", "purpose", status_of(purpose), f"palermo.purpose.{suffix}")
        )
    if destined and purpose:
        reasons.append(
            make_reason(
                "palermo",
                "purpose.intended",
                Status.INFO,
                "palermo.purpose.intended",
                ("destined_for_exploitation: true",),
            )
        )
    return tuple(reasons)
