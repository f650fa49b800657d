"""ILO indicator lists evaluated over facts that may be unknown.

A "view" is the engine's working form of the facts: fact name -> ``None``
(unknown), a frozenset of codes, a bool, an int or a str. Dimension status is
three-valued and exact per dimension: ``True`` when the known facts already make
it positive, ``False`` when even every unknown fact at its worst could not, and
``None`` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from palermo.screening.instruments import (
    DelphiList,
    ForcedLabourIndicator,
    IndicatorKey,
    ilo_delphi,
    ilo_forced_labour,
    palermo_protocol,
)
from palermo.screening.wording import Label

View = dict[str, Any]


@dataclass(frozen=True)
class _DimIndex:
    """Per list and dimension: which fact codes show which indicators."""

    per_code: dict[str, dict[str, tuple[IndicatorKey, ...]]]  # fact -> code -> keys
    reach: dict[str, frozenset[IndicatorKey]]  # fact -> every key any answer could show


@cache
def _index(list_name: str) -> dict[int, _DimIndex]:
    delphi = ilo_delphi()
    lst = delphi.adult if list_name == "adult" else delphi.child
    out: dict[int, _DimIndex] = {}
    for dim in lst.dimensions:
        per_code: dict[str, dict[str, tuple[IndicatorKey, ...]]] = {}
        for fact, codes in lst.fact_indicators.items():
            kept = {c: tuple(k for k in keys if k[0] == dim) for c, keys in codes.items()}
            kept = {c: keys for c, keys in kept.items() if keys}
            if kept:
                per_code[fact] = kept
        reach = {f: frozenset(k for keys in c.values() for k in keys) for f, c in per_code.items()}
        out[dim] = _DimIndex(per_code, reach)
    return out


def _list(list_name: str) -> DelphiList:
    delphi = ilo_delphi()
    return delphi.adult if list_name == "adult" else delphi.child


@cache
def positive(list_name: str, keys: frozenset[IndicatorKey]) -> bool:
    """The dimension rule applied to a set of indicators of one dimension."""
    strength = _list(list_name).strength
    counts = {"strong": 0, "medium": 0, "weak": 0}
    for key in keys:
        counts[strength[key]] += 1
    counts["medium_or_weak"] = counts["medium"] + counts["weak"]
    return any(all(counts[kind] >= need for kind, need in alt.items()) for alt in ilo_delphi().rule)


def _codes_of(fact: str, value: Any) -> frozenset[str] | tuple[str, ...]:
    if isinstance(value, bool):
        # Only a "no" to free_to_leave shows an indicator (confinement).
        return ("false",) if value is False else ()
    return value


def shown_indicators(view: View, list_name: str, dim: int) -> frozenset[IndicatorKey]:
    """Indicators of a dimension shown by the known facts."""
    found: set[IndicatorKey] = set()
    for fact, per_code in _index(list_name)[dim].per_code.items():
        value = view.get(fact)
        if value is None:
            continue
        for code in _codes_of(fact, value):
            keys = per_code.get(code)
            if keys:
                found.update(keys)
    return frozenset(found)


def _dimension_for(view: View, list_name: str, dim: int) -> bool | None:
    index = _index(list_name)[dim]
    known = shown_indicators(view, list_name, dim)
    if positive(list_name, known):
        return True
    potential = set(known)
    for fact, reach in index.reach.items():
        if view.get(fact) is None:
            potential |= reach
    if len(potential) == len(known) or not positive(list_name, frozenset(potential)):
        return False
    return None


def age_lists(view: View) -> tuple[str, ...]:
    """The Delphi lists that apply: both while the age is unknown."""
    age = view.get("age")
    if age is None:
        return ("adult", "child")
    return ("child",) if age < palermo_protocol().child_age_limit else ("adult",)


@cache
def _relevant_facts(dim: int) -> tuple[str, ...]:
    names = set(_index("adult")[dim].per_code) | set(_index("child")[dim].per_code)
    return ("age", *sorted(names))


@cache
def dimension_facts(dim: int) -> tuple[str, ...]:
    """The facts a dimension reads besides the age (which picks the lists)."""
    return _relevant_facts(dim)[1:]


@cache
def _dimension_read(dim: int) -> tuple[tuple[str, frozenset[str]], ...]:
    """Per fact of :func:`dimension_facts`, the codes that show an indicator of ``dim``."""
    return tuple(
        (
            f,
            frozenset(
                c for name in ("adult", "child") for c in _index(name)[dim].per_code.get(f, {})
            ),
        )
        for f in dimension_facts(dim)
    )


def dimension_values(view: View, dim: int) -> tuple[Any, ...]:
    """The facts a dimension reads, a list seen only through the codes that show one of
    its indicators: the rest changes nothing, and equal keys memoise better."""
    out = []
    for fact, codes in _dimension_read(dim):
        value = view.get(fact)
        out.append(value & codes if type(value) is frozenset else value)
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _dimension_cached(dim: int, values: tuple[Any, ...]) -> bool | None:
    view = dict(zip(_relevant_facts(dim), values, strict=True))
    statuses = {_dimension_for(view, name, dim) for name in age_lists(view)}
    return statuses.pop() if len(statuses) == 1 else None


def dimension_status(view: View, dim: int) -> bool | None:
    """Dimension status; memoised on the few facts it reads, since the "ask next"
    search re-evaluates the same dimension many times with other facts varied."""
    age = view.get("age")
    if age is not None:
        # Only which side of the age limit matters; fold ages to keep the cache small.
        age = 0 if age < palermo_protocol().child_age_limit else 99
    return _dimension_cached(dim, (age, *dimension_values(view, dim)))


def dimension_names() -> dict[int, str]:
    return dict(_list("adult").dimensions)


def forced_labour_indicators(view: View) -> list[tuple[str, Label, tuple[str, ...]]]:
    """The ILO eleven indicators shown by known facts: (key, labels en/fr, evidence)."""
    shown = []
    for ind in ilo_forced_labour().indicators:
        evidence = indicator_evidence(ind, view)
        if evidence:
            shown.append((ind.key, ind.labels, evidence))
    return shown


def indicator_evidence(ind: ForcedLabourIndicator, view: View) -> tuple[str, ...]:
    """The "fact: code" items that show one of the ILO eleven indicators."""
    control = view.get("control") or frozenset()
    evidence = [f"control: {code}" for code in sorted(ind.control & control)]
    for fact, codes in ind.facts.items():
        value = view.get(fact)
        if value is None:
            continue
        if isinstance(value, bool):
            if codes is not None and value in codes:
                evidence.append(f"{fact}: {str(value).lower()}")
            continue
        hits = sorted(value if codes is None else value & codes)
        evidence.extend(f"{fact}: {code}" for code in hits)
    return tuple(evidence)
