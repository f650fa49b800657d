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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from functools import cache, lru_cache
from itertools import product
from typing import Any

from palermo.screening.domains import GROUP, classes, representatives
from palermo.screening.indicators import View, dimension_status
from palermo.screening.instruments import fact_vocabulary
from palermo.screening.result import AskNext, Outcome
from palermo.screening.rules import (
    COERCION_AT_DESTINATION,
    EXPLOITATIVE_CONDITIONS,
    Atoms,
    Tri,
    Verdicts,
    chain,
    child_atom,
    combine,
    control_atom,
    labour_atom,
    means_at_recruitment,
    migration_atoms,
    secondary,
)

BlockAtoms = tuple[Any, ...]


def group_atoms(view: View) -> BlockAtoms:
    """(child, exploitation listed, forced labour, control, labour conditions)."""
    age, *rest = (view[f] for f in GROUP)
    if age is not None:  # only the side of the age limit matters: keep the cache small
        age = 0 if child_atom(age) else 99
    return _group_atoms((age, *rest))


@lru_cache(maxsize=1 << 14)
def _group_atoms(values: tuple[Any, ...]) -> BlockAtoms:
    view = dict(zip(GROUP, values, strict=True))
    dim4 = dimension_status(view, EXPLOITATIVE_CONDITIONS)
    dim5 = dimension_status(view, COERCION_AT_DESTINATION)
    return (
        child_atom(view["age"]),
        bool(view["exploitation"]),
        bool(dim4 and dim5),
        control_atom(view),
        labour_atom(view),
    )


# Facts -> the atoms they give. Every atom is read from one block only, so any atoms of
# one block go with any atoms of another.
BLOCKS: tuple[tuple[tuple[str, ...], Callable[[View], BlockAtoms]], ...] = (
    (GROUP, group_atoms),
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


@dataclass(frozen=True)
class Grid:
    """The combinations of one block's unknown facts: their indexes and atoms."""

    facts: tuple[str, ...]
    cells: tuple[tuple[tuple[int, ...], BlockAtoms], ...]

    @property
    def atoms(self) -> tuple[BlockAtoms, ...]:
        return tuple(dict.fromkeys(a for _, a in self.cells))

    def values_at(self, index: tuple[int, ...]) -> dict[str, Any]:
        return {f: representatives(f)[i] for f, i in zip(self.facts, index, strict=True)}

    def values_for(self, atoms: BlockAtoms) -> dict[str, Any]:
        """Values of the block's unknown facts that give ``atoms``."""
        return self.values_at(next(index for index, found in self.cells if found == atoms))


def _grid(view: View, facts: Sequence[str], atoms: Callable[[View], BlockAtoms]) -> Grid:
    unknown = tuple(f for f in facts if view[f] is None and representatives(f))
    values = tuple(representatives(f) for f in unknown)
    trial = dict(view)
    cells = []
    for index in product(*(range(len(v)) for v in values)):
        for fact, options, i in zip(unknown, values, index, strict=True):
            trial[fact] = options[i]
        cells.append((index, atoms(trial)))
    return Grid(unknown, tuple(cells))


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
    grids = [_grid(view, facts, atoms) for facts, atoms in BLOCKS]
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
        Outcome.INSUFFICIENT_INFORMATION, also, ordered, exact, _ask_next(view, grids, possible)
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


def _ask_next(view: View, grids: list[Grid], possible: set[Outcome]) -> tuple[AskNext, ...]:
    ranked = []
    order = _form_order()
    for position, grid in enumerate(grids):
        outcomes = _Outcomes(grids, position)
        for slot, fact in enumerate(grid.facts):
            ruled_out, relevant = _effect(grid, slot, outcomes, possible)
            if not relevant and BLOCKS[position][0] is GROUP:
                relevant = _changes_between_extremes(view, grid, slot, outcomes)
            if relevant:
                decides = tuple(o for o in Outcome if o in ruled_out)
                ranked.append((-len(decides), order[fact], AskNext(fact, decides)))
    ranked.sort(key=lambda item: item[:2])
    return tuple(item[2] for item in ranked)


def _effect(
    grid: Grid, slot: int, outcomes: _Outcomes, possible: set[Outcome]
) -> tuple[set[Outcome], bool]:
    """(outcomes one answer rules out, whether the fact can change the outcome)."""
    per_answer: dict[int, set[BlockAtoms]] = {}
    rows: dict[tuple[int, ...], set[BlockAtoms]] = {}
    for index, atoms in grid.cells:
        per_answer.setdefault(index[slot], set()).add(atoms)
        rows.setdefault(index[:slot] + index[slot + 1 :], set()).add(atoms)
    ruled_out: set[Outcome] = set()
    for answer in per_answer.values():
        seen = set().union(*(outcomes.vector(a) for a in answer))
        ruled_out |= possible - seen
    # Two answers, the other facts the same, two outcomes: the fact can change it.
    relevant = bool(ruled_out) or any(
        _differ(row, outcomes) for row in {frozenset(r) for r in rows.values() if len(r) > 1}
    )
    return ruled_out, relevant


def _differ(row: Iterable[BlockAtoms], outcomes: _Outcomes) -> bool:
    return len({outcomes.vector(a) for a in row}) > 1


def _changes_between_extremes(view: View, grid: Grid, slot: int, outcomes: _Outcomes) -> bool:
    return _between_extremes(view, grid, slot, outcomes) is not None


def _between_extremes(
    view: View, grid: Grid, slot: int, outcomes: _Outcomes
) -> tuple[View, tuple[Any, Any]] | None:
    """Whether a fact of the forced-labour group changes the outcome when the group's other
    unknown facts take values between the representatives' extremes (see domains): the
    group's values and the fact's two values that show it, or None."""
    others = [f for i, f in enumerate(grid.facts) if i != slot]
    if not any(len(classes(f)) > len(representatives(f)) for f in others):
        return None
    if len({bool(a[1] or a[2]) for a in grid.atoms}) == 1:
        return None  # the purpose is settled: forced labour cannot tell answers apart
    fact = grid.facts[slot]
    trial = dict(view)
    for index in product(*(range(len(classes(f))) for f in others)):
        for name, i in zip(others, index, strict=True):
            trial[name] = classes(name)[i]
        row: dict[tuple[Outcome, ...], Any] = {}
        for value in representatives(fact):
            trial[fact] = value
            row.setdefault(outcomes.vector(group_atoms(trial)), value)
        if len(row) > 1:
            first, second = list(row.values())[:2]
            return dict(trial), (first, second)
    return None


def witness(view: View, fact: str) -> tuple[View, View] | None:
    """Two completions of ``view`` that differ only in ``fact`` and give two outcomes, or
    None if the fact cannot change the outcome (for tests and for anyone checking)."""
    grids = [_grid(view, facts, atoms) for facts, atoms in BLOCKS]
    position = next((i for i, g in enumerate(grids) if fact in g.facts), None)
    if position is None:
        return None
    grid, slot = grids[position], grids[position].facts.index(fact)
    outcomes = _Outcomes(grids, position)
    found = None
    rows: dict[tuple[int, ...], dict[BlockAtoms, tuple[int, ...]]] = {}
    for index, atoms in grid.cells:
        rows.setdefault(index[:slot] + index[slot + 1 :], {}).setdefault(atoms, index)
    for row in rows.values():
        for a, b in product(row, row):
            where = [
                n
                for n, (x, y) in enumerate(zip(outcomes.vector(a), outcomes.vector(b), strict=True))
                if x != y
            ]
            if where:
                found = (grid.values_at(row[a]), grid.values_at(row[b]), where[0])
                break
        if found:
            break
    if found is None and BLOCKS[position][0] is GROUP:
        extreme = _between_extremes(view, grid, slot, outcomes)
        if extreme is not None:
            trial, (first, second) = extreme
            group = {f: trial[f] for f in grid.facts}
            a_values, b_values = dict(group, **{fact: first}), dict(group, **{fact: second})
            a_atoms = group_atoms({**view, **a_values})
            b_atoms = group_atoms({**view, **b_values})
            pairs = zip(outcomes.vector(a_atoms), outcomes.vector(b_atoms), strict=True)
            found = (a_values, b_values, next(n for n, (x, y) in enumerate(pairs) if x != y))
    if found is None:
        return None
    a_values, b_values, n = found
    rest: dict[str, Any] = {}
    others = [g for i, g in enumerate(grids) if i != position]
    for other, atoms in zip(others, outcomes.rest[n], strict=True):
        rest |= other.values_for(atoms)
    return {**view, **rest, **a_values}, {**view, **rest, **b_values}
