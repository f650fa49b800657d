"""Exact outcomes: what the unknown facts could still make of a screening.

An outcome is ``insufficient_information`` only when two ways the unknown facts could
turn out give two different outcomes, and "ask next" lists exactly the unknown facts that
can change the outcome (for some answers to the others), ranked by how many of the
outcomes still open one of their answers rules out.

The search tries :func:`palermo.screening.domains.representatives` of the unknown facts,
in blocks that no rule reads across: the facts forced labour reads (age, exploitation,
conditions, control, free to leave), the acts, the means at recruitment, and the journey.
Each block is reduced to the distinct atoms it can produce and the blocks are combined,
so a screening with every fact unknown costs a few thousand look-ups, not billions.

Why it is fast: a block's search depends only on what the block's known facts say to the
rules (a list fact's yes/no answers, and for the forced-labour group its indicators, see
:mod:`palermo.screening.compiled`), so each block's grid, and the whole settlement, are
memoised on that key; and whether a group fact can change the outcome between the
representatives' extremes is decided on folded partial combinations, not on every one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from functools import cache, lru_cache
from itertools import product
from typing import Any

from palermo.screening import compiled
from palermo.screening.compiled import Token, rep_tokens
from palermo.screening.domains import GROUP, classes, representatives
from palermo.screening.indicators import View
from palermo.screening.instruments import fact_vocabulary
from palermo.screening.result import AskNext, Outcome
from palermo.screening.rules import (
    Atoms,
    Tri,
    Verdicts,
    chain,
    combine,
    list_flags,
    means_at_recruitment,
    migration_atoms,
    secondary,
)

BlockAtoms = tuple[Any, ...]
Codes = frozenset[int]

# The blocks after the group: facts -> the atoms they give. Every atom is read from one
# block only, so any atoms of one block go with any atoms of another. These facts are
# read through "any code at all?" only, so a list value is kept as that answer.
OTHER_BLOCKS: tuple[tuple[tuple[str, ...], Callable[[View], BlockAtoms]], ...] = (
    (("acts",), lambda view: (bool(view["acts"]),)),
    (
        ("deceived_about", "recruitment_coercion", "vulnerabilities"),
        lambda view: (means_at_recruitment(view),),
    ),
    (
        ("crossed_border", "entry", "facilitator_paid_for_entry", "consented_to_movement"),
        migration_atoms,
    ),
)
BLOCK_FACTS = (GROUP, *(facts for facts, _ in OTHER_BLOCKS))
Keys = tuple[Any, ...]  # one key per block: what its known facts say to the rules


def _plain(value: Any) -> Any:
    return bool(value) if isinstance(value, frozenset) else value


@cache
def _read_as_any_code() -> None:
    flags = list_flags()
    for facts, _ in OTHER_BLOCKS:
        for fact in facts:
            if flags.get(fact, (None,)) != (None,):
                # A developer's change, not a user's input: say where to fix it.
                raise AssertionError(f"rules read {fact} for more than 'any code': add it to GROUP")


def block_keys(view: View) -> Keys:
    others = (tuple(_plain(view[f]) for f in facts) for facts, _ in OTHER_BLOCKS)
    return (compiled.group_key(view), *others)


# Each atom is one bit of a combination's code, so the atoms of the blocks combine by
# bitwise or and the rules are read from tables made once over every code.
BIT = {name: 1 << n for n, name in enumerate(Atoms._fields)}
BLOCK_ATOMS = (
    compiled.GROUP_ATOMS,
    ("act",),
    ("means_at_recruitment",),
    ("crossed_border", "smuggling_criteria", "entry_without_smuggler"),
)
PURPOSE_BITS = BIT["listed"] | BIT["forced_labour"]


def code(position: int, atoms: BlockAtoms) -> int:
    """A block's atoms (all known) as bits of a combination's code."""
    return sum(BIT[name] for name, a in zip(BLOCK_ATOMS[position], atoms, strict=True) if a)


@cache
def tables() -> tuple[tuple[Outcome, ...], tuple[int, ...], tuple[int, ...]]:
    """Per code: the outcome, and which elements of the verdicts are True, which False."""
    outcomes, true, false = [], [], []
    names = [f.name for f in fields(Verdicts)]
    for index in range(1 << len(Atoms._fields)):
        v = combine(Atoms(*(bool(index & (1 << n)) for n in range(len(Atoms._fields)))))
        outcomes.append(next((o for o, value in chain(v) if value), Outcome.NO_INDICATORS))
        true.append(sum(1 << n for n, name in enumerate(names) if getattr(v, name) is True))
        false.append(sum(1 << n for n, name in enumerate(names) if getattr(v, name) is False))
    return tuple(outcomes), tuple(true), tuple(false)


def _or_all(codes: Sequence[Sequence[int]]) -> tuple[int, ...]:
    """Every distinct combination of one code from each sequence."""
    found = {0}
    for options in codes:
        found = {f | c for f in found for c in options}
    return tuple(found)


def _rests(grids: list[Grid]) -> list[tuple[int, ...] | None]:
    """For each block whose unknown facts give more than one code, the distinct
    combinations of the other blocks' codes (None for the others: nothing to ask there,
    every value of its facts gives the same atoms)."""
    before: list[tuple[int, ...]] = [(0,)]
    for grid in grids[:-1]:
        before.append(_or_all([before[-1], grid.atoms]))
    after: list[tuple[int, ...]] = [(0,)]
    for grid in reversed(grids[1:]):
        after.append(_or_all([after[-1], grid.atoms]))
    after.reverse()
    return [
        _or_all([b, a]) if len(g.atoms) > 1 else None
        for g, b, a in zip(grids, before, after, strict=True)
    ]


class Grid:
    """The combinations of one block's unknown facts: their indexes and atoms (as codes),
    and (kept once computed, since grids are shared) what fixing one fact leaves open."""

    __slots__ = ("facts", "cells", "atoms", "_answers", "_rows")

    def __init__(self, facts: tuple[str, ...], cells: tuple[tuple[tuple[int, ...], int], ...]):
        self.facts = facts
        self.cells = cells
        self.atoms: tuple[int, ...] = tuple(dict.fromkeys(a for _, a in cells))
        self._answers: dict[int, tuple[Codes, ...]] = {}
        self._rows: dict[int, tuple[Codes, ...]] = {}

    def answers(self, slot: int) -> tuple[Codes, ...]:
        """For each answer to the fact in ``slot``: the atoms the others can still give."""
        if slot not in self._answers:
            per: dict[int, set[int]] = {}
            for index, found in self.cells:
                per.setdefault(index[slot], set()).add(found)
            self._answers[slot] = tuple(frozenset(s) for s in per.values())
        return self._answers[slot]

    def rows(self, slot: int) -> tuple[Codes, ...]:
        """The others' values fixed: the atoms the fact's answers give, where they differ."""
        if slot not in self._rows:
            per: dict[tuple[int, ...], set[int]] = {}
            for index, found in self.cells:
                per.setdefault(index[:slot] + index[slot + 1 :], set()).add(found)
            self._rows[slot] = tuple({frozenset(r) for r in per.values() if len(r) > 1})
        return self._rows[slot]

    def values_at(self, index: tuple[int, ...]) -> dict[str, Any]:
        return {f: representatives(f)[i] for f, i in zip(self.facts, index, strict=True)}

    def values_for(self, atoms: int) -> dict[str, Any]:
        """Values of the block's unknown facts that give ``atoms``."""
        return self.values_at(next(index for index, found in self.cells if found == atoms))


@lru_cache(maxsize=1 << 13)
def group_grid(key: tuple[Token | None, ...]) -> Grid:
    unknown = tuple(i for i, t in enumerate(key) if t is None)
    child, flags, mask = compiled.combined([t for t in key if t is not None])
    # Grown one fact at a time, in the order of itertools.product.
    partial: list[tuple[tuple[int, ...], Any, int, int]] = [((), child, flags, mask)]
    for i in unknown:
        partial = [
            ((*index, n), c if tc is None else tc, f | tf, m | tm)
            for index, c, f, m in partial
            for n, (tc, tf, tm) in enumerate(rep_tokens(GROUP[i]))
        ]
    cells = tuple((index, compiled.code(c, f, m)) for index, c, f, m in partial)
    return Grid(tuple(GROUP[i] for i in unknown), cells)


@lru_cache(maxsize=1 << 12)
def block_grid(position: int, key: tuple[Any, ...]) -> Grid:
    _read_as_any_code()
    facts, atoms_of = OTHER_BLOCKS[position - 1]
    unknown = tuple(f for f, v in zip(facts, key, strict=True) if v is None and representatives(f))
    values = tuple(tuple(_plain(r) for r in representatives(f)) for f in unknown)
    trial = dict(zip(facts, key, strict=True))
    cells = []
    for index in product(*(range(len(v)) for v in values)):
        for fact, options, i in zip(unknown, values, index, strict=True):
            trial[fact] = options[i]
        cells.append((index, code(position, atoms_of(trial))))
    return Grid(unknown, tuple(cells))


def _grids(keys: Keys) -> list[Grid]:
    return [group_grid(keys[0]), *(block_grid(p, k) for p, k in enumerate(keys[1:], start=1))]


@cache
def _form_order() -> dict[str, int]:
    return {spec.name: n for n, spec in enumerate(fact_vocabulary().facts)}


@dataclass(frozen=True)
class Settled:
    outcome: Outcome
    also: tuple[Outcome, ...]
    possible: tuple[Outcome, ...]  # outcomes still open, when information lacks
    verdicts: Verdicts  # each element exact: None only if the unknown facts can change it
    ask_next: tuple[AskNext, ...]


def _tri(values: set[Any]) -> Tri:
    return next(iter(values)) if len(values) == 1 else None


def settle(view: View) -> Settled:
    """The exact outcome, secondary findings, elements and "ask next" of a view."""
    return _settle(block_keys(view))


@lru_cache(maxsize=1 << 14)
def _settle(keys: Keys) -> Settled:
    grids = _grids(keys)
    combos = _or_all([g.atoms for g in grids])
    outcomes, true, false = tables()
    all_true, all_false = -1, -1
    for c in combos:
        all_true &= true[c]
        all_false &= false[c]
    exact = Verdicts(
        *(
            True if all_true >> n & 1 else False if all_false >> n & 1 else None
            for n in range(len(fields(Verdicts)))
        )
    )
    possible = {outcomes[c] for c in combos}
    if len(possible) == 1:
        [primary] = possible
        also = tuple(o for o, value in secondary(exact) if value is True and o != primary)
        return Settled(primary, also, (), exact, ())
    also = tuple(o for o, value in secondary(exact) if value is True)
    ordered = tuple(o for o in Outcome if o in possible)
    return Settled(
        Outcome.INSUFFICIENT_INFORMATION, also, ordered, exact, _ask_next(keys, grids, possible)
    )


class _Outcomes:
    """For atoms of one block: the outcome with each combination of the other blocks'."""

    def __init__(self, rest: tuple[int, ...]) -> None:
        self.rest = rest
        self.table = tables()[0]
        self.memo: dict[int, tuple[Outcome, ...]] = {}

    def vector(self, atoms: int) -> tuple[Outcome, ...]:
        found = self.memo.get(atoms)
        if found is None:
            table = self.table
            found = tuple([table[atoms | r] for r in self.rest])
            self.memo[atoms] = found
        return found

    def seen(self, atoms: Codes) -> set[Outcome]:
        return set().union(*(self.vector(a) for a in atoms))

    def differ(self, row: Codes) -> bool:
        first, *others = (self.vector(a) for a in row)
        return any(o != first for o in others)


def _purpose_settled(grid: Grid) -> bool:
    # Forced labour is read only through the purpose: if the purpose cannot change,
    # values between the extremes tell nothing apart.
    return len({bool(a & PURPOSE_BITS) for a in grid.atoms}) == 1


def _ask_next(keys: Keys, grids: list[Grid], possible: set[Outcome]) -> tuple[AskNext, ...]:
    ranked = []
    order = _form_order()
    for position, (grid, rest) in enumerate(zip(grids, _rests(grids), strict=True)):
        if rest is None:
            continue
        outcomes = _Outcomes(rest)
        for slot, fact in enumerate(grid.facts):
            ruled_out: set[Outcome] = set()
            for answer in grid.answers(slot):
                ruled_out |= possible - outcomes.seen(answer)
            # Two answers, the other facts the same, two outcomes: the fact can change it.
            relevant = bool(ruled_out) or any(outcomes.differ(r) for r in grid.rows(slot))
            if not relevant and position == 0 and not _purpose_settled(grid):
                relevant = any(outcomes.differ(r) for r in compiled.class_rows(keys[0], fact))
            if relevant:
                decides = tuple(o for o in Outcome if o in ruled_out)
                ranked.append((-len(decides), order[fact], AskNext(fact, decides)))
    ranked.sort(key=lambda item: item[:2])
    return tuple(item[2] for item in ranked)


def _code_of(position: int, view: View) -> int:
    if position == 0:
        return compiled.code(*compiled.combined([compiled.token(f, view[f]) for f in GROUP]))
    facts, atoms_of = OTHER_BLOCKS[position - 1]
    return code(position, atoms_of({f: _plain(view[f]) for f in facts}))


def witness(view: View, fact: str) -> tuple[View, View] | None:
    """Two completions of ``view`` that differ only in ``fact`` and give two outcomes, or
    None if the fact cannot change the outcome. A plain search over every value the
    rules tell apart, without the shortcuts of :func:`settle`: for tests and checking."""
    grids = _grids(block_keys(view))
    position = next((p for p, g in enumerate(grids) if fact in g.facts), None)
    if position is None:
        return None
    table = tables()[0]
    others = [f for f in grids[position].facts if f != fact]
    rest = [g for i, g in enumerate(grids) if i != position]
    domain = classes if position == 0 else representatives
    for values in product(*(domain(f) for f in others)):
        trial = {**view, **dict(zip(others, values, strict=True))}
        for combination in product(*(g.atoms for g in rest)):
            seen: dict[Outcome, Any] = {}
            for value in representatives(fact):
                trial[fact] = value
                combined = _code_of(position, trial) | sum(combination)
                seen.setdefault(table[combined], value)
            if len(seen) > 1:
                a_value, b_value = list(seen.values())[:2]
                filled: dict[str, Any] = {}
                for grid, atoms in zip(rest, combination, strict=True):
                    filled |= grid.values_for(atoms)
                return {**trial, **filled, fact: a_value}, {**trial, **filled, fact: b_value}
    return None
