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
from palermo.screening.compiled import GroupAtoms, Token, class_tokens, reach, rep_tokens
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


@lru_cache(maxsize=1 << 15)
def verdicts(blocks: tuple[BlockAtoms, ...]) -> Verdicts:
    (child, listed, forced, control, labour), (act,), (means,), migration = blocks
    return combine(Atoms(child, act, means, control, listed, forced, labour, *migration))


@lru_cache(maxsize=1 << 15)
def outcome(blocks: tuple[BlockAtoms, ...]) -> Outcome:
    for result, value in chain(verdicts(blocks)):
        if value:
            return result
    return Outcome.NO_INDICATORS


class Grid:
    """The combinations of one block's unknown facts: their indexes and atoms, and (kept
    once computed, since grids are shared) what fixing one fact leaves open."""

    __slots__ = ("facts", "cells", "atoms", "_answers", "_rows")

    def __init__(self, facts: tuple[str, ...], cells: tuple[tuple[tuple[int, ...], Any], ...]):
        self.facts = facts
        self.cells = cells
        self.atoms: tuple[BlockAtoms, ...] = tuple(dict.fromkeys(a for _, a in cells))
        self._answers: dict[int, tuple[frozenset[BlockAtoms], ...]] = {}
        self._rows: dict[int, tuple[frozenset[BlockAtoms], ...]] = {}

    def answers(self, slot: int) -> tuple[frozenset[BlockAtoms], ...]:
        """For each answer to the fact in ``slot``: the atoms the others can still give."""
        if slot not in self._answers:
            per: dict[int, set[BlockAtoms]] = {}
            for index, found in self.cells:
                per.setdefault(index[slot], set()).add(found)
            self._answers[slot] = tuple(frozenset(s) for s in per.values())
        return self._answers[slot]

    def rows(self, slot: int) -> tuple[frozenset[BlockAtoms], ...]:
        """The others' values fixed: the atoms the fact's answers give, where they differ."""
        if slot not in self._rows:
            per: dict[tuple[int, ...], set[BlockAtoms]] = {}
            for index, found in self.cells:
                per.setdefault(index[:slot] + index[slot + 1 :], set()).add(found)
            self._rows[slot] = tuple({frozenset(r) for r in per.values() if len(r) > 1})
        return self._rows[slot]

    def values_at(self, index: tuple[int, ...]) -> dict[str, Any]:
        return {f: representatives(f)[i] for f, i in zip(self.facts, index, strict=True)}

    def values_for(self, atoms: BlockAtoms) -> dict[str, Any]:
        """Values of the block's unknown facts that give ``atoms``."""
        return self.values_at(next(index for index, found in self.cells if found == atoms))


def _combined(tokens: Sequence[Token]) -> tuple[Any, int, int]:
    child, flags, mask = None, 0, 0
    for c, f, m in tokens:
        child = child if c is None else c
        flags |= f
        mask |= m
    return child, flags, mask


@lru_cache(maxsize=1 << 13)
def group_grid(key: tuple[Token | None, ...]) -> Grid:
    unknown = tuple(i for i, t in enumerate(key) if t is None)
    child, flags, mask = _combined([t for t in key if t is not None])
    cells = []
    for index in product(*(range(len(rep_tokens(GROUP[i]))) for i in unknown)):
        chosen = [rep_tokens(GROUP[u])[n] for u, n in zip(unknown, index, strict=True)]
        c, f, m = _combined([(child, flags, mask), *chosen])
        cells.append((index, compiled.atoms(c, f, m)))
    return Grid(tuple(GROUP[i] for i in unknown), tuple(cells))


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
        cells.append((index, atoms_of(trial)))
    return Grid(unknown, tuple(cells))


def _grids(keys: Keys) -> list[Grid]:
    return [group_grid(keys[0]), *(block_grid(p, k) for p, k in enumerate(keys[1:], start=1))]


@lru_cache(maxsize=1 << 13)
def class_rows(key: tuple[Token | None, ...], fact: str) -> tuple[frozenset[GroupAtoms], ...]:
    """Like :meth:`Grid.rows` for a group fact, but with the group's other unknown facts
    over their classes (every value the rules tell apart), not only the representatives.

    Partial combinations are folded (see :func:`compiled.fold`): an indicator no fact
    still to come can show is kept only as a count, so equal partial combinations merge.
    """
    others = sorted(
        (GROUP[i] for i, t in enumerate(key) if t is None and GROUP[i] != fact),
        key=lambda f: -len(class_tokens(f)),  # the largest first: its bits fold soonest
    )
    child, flags, mask = _combined([t for t in key if t is not None])
    keep = reach(fact)
    for other in others:
        keep |= reach(other)
    states = {(child, flags, *compiled.fold(mask, compiled.NO_COUNTS, keep))}
    held = mask & keep  # indicators a partial combination may hold as bits
    for n, other in enumerate(others):
        keep = reach(fact)
        for later in others[n + 1 :]:
            keep |= reach(later)
        # An indicator a partial combination may hold stays a bit in the tokens too, so
        # that the two are or-ed, not counted twice, before it is folded.
        tokens = compiled.folded_tokens(other, keep | held)
        grown = set()
        for c, f, m, counts in states:
            for tc, tf, tm, tcounts in tokens:
                folded = compiled.fold(m | tm, compiled.add(counts, tcounts), keep)
                grown.add((c if tc is None else tc, f | tf, *folded))
        states = grown
        held = (held | reach(other)) & keep
    rows = set()
    for c, f, m, counts in states:
        row = frozenset(
            compiled.atoms(c if tc is None else tc, f | tf, m | tm, counts)
            for tc, tf, tm in rep_tokens(fact)
        )
        if len(row) > 1:
            rows.add(row)
    return tuple(rows)


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
    combos = list(product(*(g.atoms for g in grids)))
    distinct = {verdicts(c) for c in combos}
    exact = Verdicts(
        **{f.name: _tri({getattr(v, f.name) for v in distinct}) for f in fields(Verdicts)}
    )
    possible = {outcome(c) for c in combos}
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

    def __init__(self, grids: list[Grid], position: int) -> None:
        self.position = position
        self.rest = list(product(*(g.atoms for i, g in enumerate(grids) if i != position)))
        self.memo: dict[BlockAtoms, tuple[Outcome, ...]] = {}

    def vector(self, atoms: BlockAtoms) -> tuple[Outcome, ...]:
        found = self.memo.get(atoms)
        if found is None:
            p = self.position
            found = tuple(outcome((*rest[:p], atoms, *rest[p:])) for rest in self.rest)
            self.memo[atoms] = found
        return found

    def differ(self, row: frozenset[BlockAtoms]) -> bool:
        first, *others = (self.vector(a) for a in row)
        return any(o != first for o in others)


def _purpose_settled(grid: Grid) -> bool:
    # Forced labour is read only through the purpose: if the purpose cannot change,
    # values between the extremes tell nothing apart.
    return len({bool(a[1] or a[2]) for a in grid.atoms}) == 1


def _ask_next(keys: Keys, grids: list[Grid], possible: set[Outcome]) -> tuple[AskNext, ...]:
    ranked = []
    order = _form_order()
    for position, grid in enumerate(grids):
        outcomes = _Outcomes(grids, position)
        for slot, fact in enumerate(grid.facts):
            ruled_out: set[Outcome] = set()
            for answer in grid.answers(slot):
                ruled_out |= possible - set().union(*(outcomes.vector(a) for a in answer))
            # Two answers, the other facts the same, two outcomes: the fact can change it.
            relevant = bool(ruled_out) or any(outcomes.differ(r) for r in grid.rows(slot))
            if not relevant and position == 0 and not _purpose_settled(grid):
                relevant = any(outcomes.differ(r) for r in class_rows(keys[0], fact))
            if relevant:
                decides = tuple(o for o in Outcome if o in ruled_out)
                ranked.append((-len(decides), order[fact], AskNext(fact, decides)))
    ranked.sort(key=lambda item: item[:2])
    return tuple(item[2] for item in ranked)


def _atoms_of(position: int, view: View) -> BlockAtoms:
    if position == 0:
        return compiled.atoms(*_combined([compiled.token(f, view[f]) for f in GROUP]))
    facts, atoms_of = OTHER_BLOCKS[position - 1]
    return atoms_of({f: _plain(view[f]) for f in facts})


def witness(view: View, fact: str) -> tuple[View, View] | None:
    """Two completions of ``view`` that differ only in ``fact`` and give two outcomes, or
    None if the fact cannot change the outcome. A plain search over every value the
    rules tell apart, without the shortcuts of :func:`settle`: for tests and checking."""
    grids = _grids(block_keys(view))
    position = next((p for p, g in enumerate(grids) if fact in g.facts), None)
    if position is None:
        return None
    outcomes = _Outcomes(grids, position)
    others = [f for f in grids[position].facts if f != fact]
    domain = classes if position == 0 else representatives
    for values in product(*(domain(f) for f in others)):
        trial = {**view, **dict(zip(others, values, strict=True))}
        seen: dict[tuple[Outcome, ...], Any] = {}
        for value in representatives(fact):
            trial[fact] = value
            seen.setdefault(outcomes.vector(_atoms_of(position, trial)), value)
        if len(seen) > 1:
            (a_vec, a_value), (b_vec, b_value) = list(seen.items())[:2]
            n = next(i for i, (x, y) in enumerate(zip(a_vec, b_vec, strict=True)) if x != y)
            rest: dict[str, Any] = {}
            other_grids = [g for i, g in enumerate(grids) if i != position]
            for grid, atoms in zip(other_grids, outcomes.rest[n], strict=True):
                rest |= grid.values_for(atoms)
            return {**trial, **rest, fact: a_value}, {**trial, **rest, fact: b_value}
    return None
