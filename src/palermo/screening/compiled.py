"""The forced-labour group of facts compiled to small integers, for the exact search.

The search of :mod:`palermo.screening.exact` evaluates the group's rules (child, a form of
exploitation listed, forced labour, control, conditions of labour exploitation) for
thousands of combinations of values. Going through views and indicator sets each time
cost most of a screening, so each value of a group fact is compiled once into a *token*
``(child, flags, mask)``: the yes/no answers the rules read from it as bits of ``flags``,
and the ILO Delphi indicators of dimensions 4 and 5 it shows as bits of ``mask``. A
combination of values is then the bitwise or of their tokens, and forced labour is read
from the mask by counting bits of each strength.

When the search folds facts together it no longer needs to know *which* indicators a
folded fact showed, only how many of each strength, unless a fact still to come could
show the same one: :func:`fold` moves such bits into capped counts, which is what keeps
the number of distinct partial combinations small.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from palermo.screening.domains import GROUP, LISTS, classes, code_keys, keys_of, representatives
from palermo.screening.instruments import ilo_delphi, labour_exploitation
from palermo.screening.rules import FORCED_LABOUR_DIMENSIONS, Atoms, child_atom, hits

LISTED, CONTROL, LABOUR = 1, 2, 4  # bits of a token's flags
STRENGTHS = ("strong", "medium", "weak")
Token = tuple[bool | None, int, int]  # (child, flags, indicator mask)
Counts = int  # per (list, dimension, strength), FIELD bits each: indicators folded, capped
NO_COUNTS: Counts = 0
GROUP_ATOMS = ("child", "listed", "forced_labour", "control", "labour_conditions")


@cache
def _bits() -> dict[tuple[str, int, str], int]:
    keys = sorted({k for codes in code_keys().values() for ks in codes.values() for k in ks})
    return {key: 1 << n for n, key in enumerate(keys)}


@cache
def strength_masks() -> tuple[int, ...]:
    """One mask per (list, dimension, strength), in that nesting order."""
    delphi = ilo_delphi()
    out = []
    for list_name in LISTS:
        strength = (delphi.adult if list_name == "adult" else delphi.child).strength
        for dim in FORCED_LABOUR_DIMENSIONS:
            for kind in STRENGTHS:
                out.append(
                    sum(
                        bit
                        for (lst, d, text), bit in _bits().items()
                        if lst == list_name and d == dim and strength[(d, text)] == kind
                    )
                )
    return tuple(out)


# What each kind of count in the dimension rule adds up.
KINDS: dict[str, tuple[str, ...]] = {
    "strong": ("strong",),
    "medium": ("medium",),
    "weak": ("weak",),
    "medium_or_weak": ("medium", "weak"),
}
PAIRS = len(LISTS) * len(FORCED_LABOUR_DIMENSIONS)  # (list, dimension) pairs
FIELD = 4  # bits per count in packed counts
ONES = sum(1 << (FIELD * n) for n in range(PAIRS * len(STRENGTHS)))


@cache
def caps() -> tuple[int, ...]:
    """Per strength, the largest count any alternative of the dimension rule can ask for
    (a count of "medium or weak" asks it of either): a count above changes nothing."""
    need = dict.fromkeys(STRENGTHS, 0)
    for alt in ilo_delphi().rule:
        for kind, n in alt.items():
            for strength in KINDS[kind]:
                need[strength] = max(need[strength], n)
    if max(need.values()) > (1 << (FIELD - 1)) - 1:
        raise AssertionError("the dimension rule counts beyond what a packed count holds")
    return tuple(need[k] for k in STRENGTHS)


@cache
def _packed_caps() -> tuple[int, int]:
    """(the caps in every field, what to add so that a field above its cap sets its
    top bit): saturating addition of packed counts without unpacking them."""
    every = caps() * PAIRS
    limit = sum(c << (FIELD * n) for n, c in enumerate(every))
    offset = sum(((1 << (FIELD - 1)) - 1 - c) << (FIELD * n) for n, c in enumerate(every))
    return limit, offset


def add(a: int, b: int) -> int:
    """Field-wise ``min(cap, a + b)`` of two packed counts, each within its caps."""
    limit, offset = _packed_caps()
    total = a + b
    over = ((total + offset) >> (FIELD - 1)) & ONES
    full = over * ((1 << FIELD) - 1)
    return (total & ~full) | (limit & full)


@lru_cache(maxsize=1 << 14)
def count(mask: int) -> int:
    """The indicators of ``mask`` as packed counts per (list, dimension, strength)."""
    limit, _ = _packed_caps()
    out = 0
    for n, m in enumerate(strength_masks()):
        c = min((mask & m).bit_count(), (limit >> (FIELD * n)) & ((1 << FIELD) - 1))
        out |= c << (FIELD * n)
    return out


def _positive(strong: int, medium: int, weak: int) -> bool:
    counts = {"strong": strong, "medium": medium, "weak": weak, "medium_or_weak": medium + weak}
    return any(all(counts[k] >= need for k, need in alt.items()) for alt in ilo_delphi().rule)


@lru_cache(maxsize=1 << 16)
def forced(child: bool, mask: int, counts: int = 0) -> bool:
    """Both dimensions 4 and 5 positive, in the child list or the adult one."""
    total = add(count(mask), counts)
    start = LISTS.index("child" if child else "adult") * len(FORCED_LABOUR_DIMENSIONS) * 3
    for d in range(len(FORCED_LABOUR_DIMENSIONS)):
        at = start + d * 3
        found = [(total >> (FIELD * (at + s))) & ((1 << FIELD) - 1) for s in range(3)]
        if not _positive(*found):
            return False
    return True


def fold(mask: int, counts: int, keep: int) -> tuple[int, int]:
    """Move the indicators outside ``keep`` from the mask into the counts."""
    moved = mask & ~keep
    if not moved:
        return mask, counts
    return mask & keep, add(counts, count(moved))


@lru_cache(maxsize=1 << 12)
def token(fact: str, value: Any) -> Token:
    """What the group's rules read from one known value of one fact."""
    if fact == "age":
        return (child_atom(value), 0, 0)
    mask = sum(_bits()[k] for k in keys_of(fact, value))
    flags = 0
    if fact == "exploitation" and value:
        flags = LISTED
    elif fact == "conditions" and hits(value, labour_exploitation().conditions):
        flags = LABOUR
    elif fact == "control":
        flags = (CONTROL if value else 0) | (
            LABOUR if hits(value, labour_exploitation().control) else 0
        )
    elif fact == "free_to_leave" and value is False:
        flags = CONTROL
    return (None, flags, mask)


@cache
def rep_tokens(fact: str) -> tuple[Token, ...]:
    """Tokens of the representatives (see domains): every outcome of one completion."""
    return tuple(token(fact, v) for v in representatives(fact))


@cache
def class_tokens(fact: str) -> tuple[Token, ...]:
    """Distinct tokens of the classes (see domains): every value the rules tell apart."""
    return tuple(dict.fromkeys(token(fact, v) for v in classes(fact)))


@lru_cache(maxsize=1 << 8)
def folded_tokens(fact: str, keep: int) -> tuple[tuple[bool | None, int, int, int], ...]:
    """The class tokens with the indicators outside ``keep`` folded into counts: many
    classes differ only in indicators no other fact shows, and merge."""
    return tuple(dict.fromkeys((c, f, *fold(m, NO_COUNTS, keep)) for c, f, m in class_tokens(fact)))


@cache
def reach(fact: str) -> int:
    """Every indicator some value of ``fact`` can show."""
    found = 0
    for _, _, mask in class_tokens(fact):
        found |= mask
    return found


@cache
def _code_bits() -> tuple[int, int, int, int, int]:
    bit = {name: 1 << n for n, name in enumerate(Atoms._fields)}
    return tuple(bit[name] for name in GROUP_ATOMS)  # type: ignore[return-value]


def code(child: bool, flags: int, mask: int, counts: int = NO_COUNTS) -> int:
    """The group's atoms as bits of a combination's code (see exact)."""
    b_child, b_listed, b_forced, b_control, b_labour = _code_bits()
    found = b_child if child else 0
    if flags & LISTED:
        found |= b_listed
    if flags & CONTROL:
        found |= b_control
    if flags & LABOUR:
        found |= b_labour
    if forced(child, mask, counts):
        found |= b_forced
    return found


def group_key(view: dict[str, Any]) -> tuple[Token | None, ...]:
    """The group's known facts as tokens (None: unknown): all the search needs of them."""
    return tuple(None if view[f] is None else token(f, view[f]) for f in GROUP)


def combined(tokens: Sequence[Token]) -> tuple[Any, int, int]:
    child, flags, mask = None, 0, 0
    for c, f, m in tokens:
        child = child if c is None else c
        flags |= f
        mask |= m
    return child, flags, mask


@lru_cache(maxsize=1 << 13)
def class_rows(key: tuple[Token | None, ...], fact: str) -> tuple[frozenset[int], ...]:
    """For a fact of the group: the codes its representatives give, wherever they differ,
    with the group's other unknown facts over their classes (every value the rules tell
    apart), not only their representatives (as ``palermo.screening.exact.Grid.rows``).

    Partial combinations are folded (see :func:`fold`): an indicator no fact still to come
    can show is kept only as a count, so equal partial combinations merge.
    """
    others = sorted(
        (GROUP[i] for i, t in enumerate(key) if t is None and GROUP[i] != fact),
        key=lambda f: -len(class_tokens(f)),  # the largest first: its bits fold soonest
    )
    child, flags, mask = combined([t for t in key if t is not None])
    keep = reach(fact)
    for other in others:
        keep |= reach(other)
    states = {(child, flags, *fold(mask, NO_COUNTS, keep))}
    held = mask & keep  # indicators a partial combination may hold as bits
    for n, other in enumerate(others):
        keep = reach(fact)
        for later in others[n + 1 :]:
            keep |= reach(later)
        # An indicator a partial combination may hold stays a bit in the tokens too, so
        # that the two are or-ed, not counted twice, before it is folded.
        tokens = folded_tokens(other, keep | held)
        grown = set()
        for c, f, m, counts in states:
            for tc, tf, tm, tcounts in tokens:
                folded = fold(m | tm, add(counts, tcounts), keep)
                grown.add((c if tc is None else tc, f | tf, *folded))
        states = grown
        held = (held | reach(other)) & keep
    rows = set()
    for c, f, m, counts in states:
        row = frozenset(
            code(c if tc is None else tc, f | tf, m | tm, counts) for tc, tf, tm in rep_tokens(fact)
        )
        if len(row) > 1:
            rows.add(row)
    return tuple(rows)
