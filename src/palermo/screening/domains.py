"""The values an unknown fact could take, cut down to the few that can make a difference.

A list fact has up to 2^16 values, but the rules read it only through two things: "does
it hold any code of a set?" (its *flag*, :func:`palermo.screening.rules.list_flags`) and
which ILO indicators of dimensions 4 and 5 it shows (its *keys*, which decide forced
labour, a monotone test: more indicators can only make a dimension positive).

So for each answer to the flag it is enough to try the largest value with that answer
(forced labour as positive as it can be) and the smallest ones (the single codes with the
fewest indicators, forced labour as negative as it can be): whatever value a completion
uses, one of these gives the same answer to every rule. These are :func:`representatives`.

That argument holds for one completion at a time. Asking whether a fact *can change* the
outcome compares two completions that share every other fact, and there a third fact's
value may have to sit between the smallest and the largest; :func:`classes` gives one value
per class of values that no rule can tell apart (same flag, same indicators shared with
other facts, same number of indicators of each strength otherwise), for that rarer search.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from itertools import combinations, product
from typing import Any

from palermo.errors import PalermoError
from palermo.i18n import msg
from palermo.screening.indicators import _index
from palermo.screening.instruments import fact_vocabulary, ilo_delphi, palermo_protocol
from palermo.screening.rules import FORCED_LABOUR_DIMENSIONS, READ_SCALARS, list_flags

Key = tuple[str, int, str]  # (Delphi list, dimension, indicator text)
LISTS = ("adult", "child")
# The facts forced labour reads. The exact search treats them as one group; the others
# are read only through flags, which makes them independent of each other.
GROUP = ("age", "exploitation", "conditions", "control", "free_to_leave")
CAP = 3  # no alternative of the dimension rule counts more than 3 indicators of a kind


@cache
def code_keys() -> dict[str, dict[str, frozenset[Key]]]:
    """fact -> code -> the indicators of dimensions 4 and 5 it shows, in either list."""
    out: dict[str, dict[str, set[Key]]] = {}
    for list_name in LISTS:
        for dim in FORCED_LABOUR_DIMENSIONS:
            for fact, per_code in _index(list_name)[dim].per_code.items():
                for code, keys in per_code.items():
                    slot = out.setdefault(fact, {}).setdefault(code, set())
                    slot.update((list_name, d, text) for d, text in keys)
    stray = set(out) - set(GROUP)
    if stray:
        raise PalermoError(
            msg(
                "The ILO indicator mapping makes {facts} count for forced labour, which the "
                "screening engine does not expect.",
                facts=", ".join(sorted(stray)),
            ),
            hint=msg("Add the fact to GROUP in palermo/screening/domains.py and test."),
        )
    return {f: {c: frozenset(k) for c, k in codes.items()} for f, codes in out.items()}


def keys_of(fact: str, value: Any) -> frozenset[Key]:
    per_code = code_keys().get(fact, {})
    if isinstance(value, bool):
        return per_code.get("false", frozenset()) if value is False else frozenset()
    found: set[Key] = set()
    for code in value:
        found |= per_code.get(code, frozenset())
    return frozenset(found)


def _codes(fact: str) -> tuple[str, ...]:
    return fact_vocabulary().by_name()[fact].codes


def _minimal(values: list[frozenset[str]], fact: str) -> list[frozenset[str]]:
    """Values whose indicators include no other value's (the fewest indicators)."""
    keyed = [(keys_of(fact, v), v) for v in values]
    kept: list[frozenset[str]] = []
    seen: set[frozenset[Key]] = set()
    for keys, value in keyed:
        if keys in seen or any(other < keys for other, _ in keyed):
            continue
        seen.add(keys)
        kept.append(value)
    return kept


def _flags_of(fact: str, value: frozenset[str]) -> tuple[bool, ...]:
    return tuple(
        bool(value) if codes is None else not value.isdisjoint(codes)
        for codes in list_flags()[fact]
    )


@cache
def representatives(fact: str) -> tuple[Any, ...]:
    """Values of ``fact`` that reach every outcome its whole domain reaches; () for a fact
    no rule reads."""
    spec = fact_vocabulary().by_name()[fact]
    if spec.kind == "int":
        limit = palermo_protocol().child_age_limit
        return (limit - 1, limit)
    if spec.kind != "list":
        if fact not in READ_SCALARS:
            return ()
        return (True, False) if spec.kind == "bool" else spec.codes
    if fact not in list_flags():
        return ()
    codes = spec.codes
    wanted = [frozenset(codes) if c is None else c for c in list_flags()[fact]]
    reps: list[frozenset[str]] = []
    for answers in product((False, True), repeat=len(wanted)):
        # Values with exactly these answers: codes of the flags answered "no" are out.
        allowed = frozenset(codes).difference(
            *(w for w, a in zip(wanted, answers, strict=True) if not a)
        )
        needed = [w & allowed for w, a in zip(wanted, answers, strict=True) if a]
        if any(not n for n in needed):
            continue  # no value gives these answers
        # The smallest values: fewest codes hitting every flag answered "yes" ...
        smallest = [
            frozenset(c)
            for size in range(len(needed) + 1)
            for c in combinations(sorted(allowed), size)
            if all(n & set(c) for n in needed)
        ]
        smallest = [v for v in smallest if not any(o < v for o in smallest)]
        kept = _minimal(smallest, fact)
        reps += kept
        # ... and the largest: every code allowed, when it shows more indicators.
        if all(keys_of(fact, allowed) != keys_of(fact, v) for v in kept):
            reps.append(allowed)
    return tuple(reps)


@cache
def _shared() -> frozenset[Key]:
    """Indicators more than one fact can show: these are tracked one by one."""
    owners: Counter[Key] = Counter()
    for codes in code_keys().values():
        for key in set().union(*codes.values()):
            owners[key] += 1
    return frozenset(k for k, n in owners.items() if n > 1)


def _signature(flag: Any, keys: frozenset[Key]) -> tuple[Any, ...]:
    shared = _shared()
    delphi = ilo_delphi()
    counts: Counter[tuple[str, int, str]] = Counter()
    for list_name, dim, text in keys - shared:
        strength = (delphi.adult if list_name == "adult" else delphi.child).strength
        counts[(list_name, dim, strength[(dim, text)])] += 1
    capped = tuple(sorted((k, min(n, CAP)) for k, n in counts.items()))
    return (flag, keys & shared, capped)


@cache
def classes(fact: str) -> tuple[Any, ...]:
    """One value per class of values no rule can tell apart, whatever the other facts."""
    if fact not in code_keys():
        return representatives(fact)
    spec = fact_vocabulary().by_name()[fact]
    if spec.kind == "bool":
        return (True, False)
    # Every (flag, indicators) pair a value can have, exactly; then one value per class.
    empty: frozenset[str] = frozenset()
    states: dict[tuple[Any, frozenset[Key]], frozenset[str]] = {
        (_flags_of(fact, empty), frozenset()): empty
    }
    for code in spec.codes:
        for value in list(states.values()):
            bigger = value | {code}
            states.setdefault((_flags_of(fact, bigger), keys_of(fact, bigger)), bigger)
    found: dict[tuple[Any, ...], frozenset[str]] = {}
    for (flag, keys), value in states.items():
        found.setdefault(_signature(flag, keys), value)
    return tuple(found.values())
