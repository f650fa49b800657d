"""The outcome rules, written once over "atoms" and read in three-valued (Kleene) logic.

An atom is one thing a rule reads from the facts (an act was done, a means used, the
person is a child, the ILO dimensions of forced labour are both positive...). The same
function :func:`combine` turns atoms into verdicts whether they are all known (``True``
or ``False``: the exact outcome of one complete set of facts) or some are unknown
(``None``: Kleene logic, a sound bound that never guesses). :mod:`palermo.screening.exact`
makes the bound exact by searching the values the unknown facts could take.

Outcomes are tried in order of the protection they call for: trafficking, then
smuggling, labour exploitation, irregular migration; the first that holds wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from palermo.screening.indicators import View, dimension_status
from palermo.screening.instruments import labour_exploitation, palermo_protocol
from palermo.screening.result import Outcome

Tri = bool | None

MEANS_FACTS = ("deceived_about", "recruitment_coercion", "vulnerabilities", "control")
EXPLOITATIVE_CONDITIONS = 4  # ILO Delphi dimension numbers
COERCION_AT_DESTINATION = 5
FORCED_LABOUR_DIMENSIONS = (EXPLOITATIVE_CONDITIONS, COERCION_AT_DESTINATION)


def and3(*values: Tri) -> Tri:
    result: Tri = True
    for value in values:
        if value is False:
            return False
        if value is None:
            result = None
    return result


def or3(*values: Tri) -> Tri:
    result: Tri = False
    for value in values:
        if value is True:
            return True
        if value is None:
            result = None
    return result


def not3(value: Tri) -> Tri:
    return None if value is None else not value


def nonempty(value: Any) -> Tri:
    return None if value is None else bool(value)


def is_value(value: Any, wanted: Any) -> Tri:
    return None if value is None else value == wanted


def hits(value: Any, codes: frozenset[str] | None) -> Tri:
    """Does a list fact hold any of ``codes`` (any code at all when ``codes`` is None)?"""
    if value is None:
        return None
    return bool(value) if codes is None else not value.isdisjoint(codes)


def labour_atom(view: View) -> Tri:
    """A condition of work, or a method of control, that shows labour exploitation."""
    instrument = labour_exploitation()
    return or3(
        hits(view["conditions"], instrument.conditions),
        hits(view["control"], instrument.control),
    )


# What each list fact is read for, besides the ILO dimensions of forced labour: the code
# sets a rule asks "any of these?" about (None: any code). The exact search keeps, for
# each fact, values for every combination of answers; a change here must follow the rules.
def list_flags() -> dict[str, tuple[frozenset[str] | None, ...]]:
    labour = labour_exploitation()
    return {
        "acts": (None,),
        "deceived_about": (None,),
        "recruitment_coercion": (None,),
        "vulnerabilities": (None,),
        "exploitation": (None,),
        "control": (None, labour.control),
        "conditions": (labour.conditions,),
    }


# Yes/no and choice facts some rule reads; the others are reported, never decisive.
READ_SCALARS: tuple[str, ...] = ("age", "free_to_leave", "crossed_border", "entry")
READ_SCALARS += ("facilitator_paid_for_entry", "consented_to_movement")


class Atoms(NamedTuple):
    """What the rules read, each True, False or unknown (None)."""

    child: Tri
    act: Tri
    means_at_recruitment: Tri  # deceived, coerced at recruitment, or vulnerability abused
    control: Tri  # a method of control, or not free to leave
    listed: Tri  # a form of exploitation recorded
    forced_labour: Tri  # ILO dimensions 4 and 5 both positive
    labour_conditions: Tri  # a condition of work that shows labour exploitation
    crossed_border: Tri
    smuggling_criteria: Tri  # irregular entry, paid facilitator, consent
    entry_without_smuggler: Tri  # regular entry, or no facilitator paid for it


@dataclass(frozen=True, slots=True)
class Verdicts:
    child: Tri
    act: Tri
    means: Tri
    exploitation_listed: Tri
    conditions_dim: Tri  # ILO dimension 4 positive
    coercion_dim: Tri  # ILO dimension 5 positive
    forced_labour: Tri  # both dimensions positive: forced labour shown by indicators
    purpose: Tri
    trafficking: Tri
    smuggling_criteria: Tri
    control_after_arrival: Tri
    smuggling: Tri
    labour_conditions: Tri
    labour: Tri
    irregular: Tri


def combine(a: Atoms, dims: tuple[Tri, Tri] = (None, None)) -> Verdicts:
    """The rules. ``dims`` (dimensions 4 and 5) are only carried for the reasons."""
    means = or3(a.means_at_recruitment, a.control)
    purpose = or3(a.listed, a.forced_labour)
    # A child needs no means (art. 3(c)); consent never enters this rule (art. 3(b)).
    trafficking = and3(a.act, or3(a.child, means), purpose)
    smuggling = and3(a.smuggling_criteria, not3(purpose), not3(a.control))
    # Labour exploitation needs someone who recruited, moved, harboured or received the
    # person: without any act there is no third party to exploit them (worked case
    # dev-11, a self-employed escort, expects no_indicators). One exploitative condition
    # is enough: the Delphi dimension rule is trafficking's test of forced labour.
    labour = and3(a.labour_conditions, a.act, not3(trafficking))
    # A regular entry was procured by no smuggler, so whether someone was paid no longer
    # matters; the stay may still have become irregular (worked case dev-06).
    irregular = and3(a.crossed_border, a.entry_without_smuggler, not3(purpose), not3(labour))
    return Verdicts(
        a.child,
        a.act,
        means,
        a.listed,
        dims[0],
        dims[1],
        a.forced_labour,
        purpose,
        trafficking,
        a.smuggling_criteria,
        a.control,
        smuggling,
        a.labour_conditions,
        labour,
        irregular,
    )


def child_atom(age: Any) -> Tri:
    return None if age is None else age < palermo_protocol().child_age_limit


def control_atom(view: View) -> Tri:
    return or3(nonempty(view["control"]), not3(view["free_to_leave"]))


def means_at_recruitment(view: View) -> Tri:
    return or3(*(nonempty(view[f]) for f in MEANS_FACTS if f != "control"))


def migration_atoms(view: View) -> tuple[Tri, Tri, Tri]:
    """(crossed the border, smuggling criteria, entry without a smuggler)."""
    entry = view["entry"]
    criteria = and3(
        view["crossed_border"],
        is_value(entry, "irregular"),
        view["facilitator_paid_for_entry"],
        view["consented_to_movement"],
    )
    unsmuggled = or3(is_value(entry, "regular"), not3(view["facilitator_paid_for_entry"]))
    return view["crossed_border"], criteria, unsmuggled


def atoms_of(view: View) -> tuple[Atoms, tuple[Tri, Tri]]:
    """Atoms (three-valued) of a view, and the two ILO dimensions behind forced labour."""
    dims = (
        dimension_status(view, EXPLOITATIVE_CONDITIONS),
        dimension_status(view, COERCION_AT_DESTINATION),
    )
    crossed, criteria, unsmuggled = migration_atoms(view)
    atoms = Atoms(
        child=child_atom(view["age"]),
        act=nonempty(view["acts"]),
        means_at_recruitment=means_at_recruitment(view),
        control=control_atom(view),
        listed=nonempty(view["exploitation"]),
        forced_labour=and3(*dims),
        labour_conditions=labour_atom(view),
        crossed_border=crossed,
        smuggling_criteria=criteria,
        entry_without_smuggler=unsmuggled,
    )
    return atoms, dims


def evaluate(view: View) -> Verdicts:
    """Verdicts in Kleene logic: sound (a definite value holds whatever the unknown facts
    turn out to be) but not always exact; see :mod:`palermo.screening.exact`."""
    atoms, dims = atoms_of(view)
    return combine(atoms, dims)


def chain(v: Verdicts) -> tuple[tuple[Outcome, Tri], ...]:
    return (
        (Outcome.TRAFFICKING_INDICATED, v.trafficking),
        (Outcome.SMUGGLING_INDICATED, v.smuggling),
        (Outcome.LABOUR_EXPLOITATION, v.labour),
        (Outcome.IRREGULAR_MIGRATION, v.irregular),
    )


def secondary(v: Verdicts) -> tuple[tuple[Outcome, Tri], ...]:
    # Secondary smuggling needs only the Protocol criteria: a smuggled migrant who is
    # then exploited is trafficked *and* was smuggled.
    return (
        (Outcome.SMUGGLING_INDICATED, v.smuggling_criteria),
        (Outcome.LABOUR_EXPLOITATION, v.labour),
        (Outcome.IRREGULAR_MIGRATION, v.irregular),
    )


def decide(v: Verdicts) -> tuple[Outcome, tuple[Outcome, ...]]:
    """The primary outcome and the secondary findings that hold for certain (Kleene)."""
    primary = Outcome.NO_INDICATORS
    for outcome, value in chain(v):
        if value is None:
            primary = Outcome.INSUFFICIENT_INFORMATION
            break
        if value:
            primary = outcome
            break
    also = tuple(o for o, value in secondary(v) if value is True and o != primary)
    return primary, also


def settled_by_kleene(v: Verdicts) -> bool:
    """True when Kleene logic already decides the outcome and every secondary finding."""
    for _, value in chain(v):
        if value is None:
            return False
        if value:
            break
    return all(value is not None for _, value in secondary(v))
