"""The outcome rules, in three-valued (Kleene) logic.

Each element is ``True``, ``False`` or ``None`` (unknown). Kleene connectives are
sound (a definite answer holds for every way the unknown facts could turn out)
and monotone (learning a fact can only turn ``None`` into a definite value), so
making a known fact unknown can only keep the outcome or turn it into
``insufficient_information``. That is the guarantee the screener needs: the
engine never guesses.

Outcomes are tried in order of the protection they call for: trafficking, then
smuggling, labour exploitation, irregular migration. The first that holds wins;
if an earlier one is unknown, the answer is ``insufficient_information``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from palermo.screening.indicators import View, dimension_status
from palermo.screening.instruments import fact_vocabulary, palermo_protocol
from palermo.screening.result import AskNext, Outcome

Tri = bool | None

MEANS_FACTS = ("deceived_about", "recruitment_coercion", "vulnerabilities", "control")
EXPLOITATIVE_CONDITIONS = 4  # ILO Delphi dimension numbers
COERCION_AT_DESTINATION = 5


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
    labour: Tri
    irregular: Tri


def evaluate(view: View) -> Verdicts:
    age = view["age"]
    child = None if age is None else age < palermo_protocol().child_age_limit
    act = nonempty(view["acts"])
    not_free = not3(view["free_to_leave"])
    means = or3(*(nonempty(view[f]) for f in MEANS_FACTS), not_free)
    listed = nonempty(view["exploitation"])
    conditions_dim = dimension_status(view, EXPLOITATIVE_CONDITIONS)
    coercion_dim = dimension_status(view, COERCION_AT_DESTINATION)
    forced_labour = and3(conditions_dim, coercion_dim)
    purpose = or3(listed, forced_labour)
    # A child needs no means (art. 3(c)); consent never enters this rule (art. 3(b)).
    trafficking = and3(act, or3(child, means), purpose)
    criteria = and3(
        view["crossed_border"],
        is_value(view["entry"], "irregular"),
        view["facilitator_paid_for_entry"],
        view["consented_to_movement"],
    )
    control_after = or3(nonempty(view["control"]), not_free)
    smuggling = and3(criteria, not3(purpose), not3(control_after))
    # Labour exploitation needs someone who recruited, moved, harboured or received
    # the person: without any act there is no third party to exploit them (worked
    # case dev-11, a self-employed escort, expects no_indicators).
    labour = and3(conditions_dim, act, not3(trafficking))
    irregular = and3(
        view["crossed_border"],
        not3(view["facilitator_paid_for_entry"]),
        not3(purpose),
        not3(conditions_dim),
    )
    return Verdicts(
        child,
        act,
        means,
        listed,
        conditions_dim,
        coercion_dim,
        forced_labour,
        purpose,
        trafficking,
        criteria,
        control_after,
        smuggling,
        labour,
        irregular,
    )


def _chain(v: Verdicts) -> tuple[tuple[Outcome, Tri], ...]:
    return (
        (Outcome.TRAFFICKING_INDICATED, v.trafficking),
        (Outcome.SMUGGLING_INDICATED, v.smuggling),
        (Outcome.LABOUR_EXPLOITATION, v.labour),
        (Outcome.IRREGULAR_MIGRATION, v.irregular),
    )


def decide(v: Verdicts) -> tuple[Outcome, tuple[Outcome, ...]]:
    """The primary outcome and the secondary findings that hold for certain."""
    primary = Outcome.NO_INDICATORS
    for outcome, value in _chain(v):
        if value is None:
            primary = Outcome.INSUFFICIENT_INFORMATION
            break
        if value:
            primary = outcome
            break
    # Secondary smuggling needs only the Protocol criteria: a smuggled migrant who
    # is then exploited is trafficked *and* was smuggled.
    secondary = (
        (Outcome.SMUGGLING_INDICATED, v.smuggling_criteria),
        (Outcome.LABOUR_EXPLOITATION, v.labour),
        (Outcome.IRREGULAR_MIGRATION, v.irregular),
    )
    also = tuple(o for o, value in secondary if value is True and o != primary)
    return primary, also


def possible_outcomes(v: Verdicts) -> frozenset[Outcome]:
    """Outcomes some completion of the unknown facts could still give (an upper bound)."""
    found = set()
    for outcome, value in _chain(v):
        if value is True:
            found.add(outcome)
            return frozenset(found)
        if value is None:
            found.add(outcome)
    found.add(Outcome.NO_INDICATORS)
    return frozenset(found)


def _representatives() -> dict[str, tuple[Any, ...]]:
    # Every rule is monotone in each list, so the empty list and the full list
    # reach every value an element can take; one child and one adult age likewise.
    reps: dict[str, tuple[Any, ...]] = {}
    for spec in fact_vocabulary().facts:
        if spec.kind == "list":
            reps[spec.name] = (frozenset(), frozenset(spec.codes))
        elif spec.kind == "bool":
            reps[spec.name] = (True, False)
        elif spec.kind == "choice":
            reps[spec.name] = spec.codes
        else:
            reps[spec.name] = (
                palermo_protocol().child_age_limit - 4,
                palermo_protocol().child_age_limit + 12,
            )
    return reps


_REPS: dict[str, tuple[Any, ...]] = {}
# Reported in the reasons, but no rule reads them.
_NOT_DECISIVE = frozenset({"destined_for_exploitation", "relationship_ended_on_arrival"})


def ask_next(view: View, verdicts: Verdicts) -> tuple[AskNext, ...]:
    """Unknown facts whose answer could rule out an outcome still open, best first.

    A fact ranks higher the more of the open outcomes its answer can rule out;
    ties keep the order of the guided form (act, means, purpose, movement).
    """
    if not _REPS:
        _REPS.update(_representatives())
    open_now = possible_outcomes(verdicts)
    ranked = []
    for order, (fact, reps) in enumerate(_REPS.items()):
        if view[fact] is not None:
            continue
        ruled_out: set[Outcome] = set()
        trial = dict(view)
        for rep in reps:
            trial[fact] = rep
            ruled_out |= open_now - possible_outcomes(evaluate(trial))
        if ruled_out:
            decides = tuple(o for o in Outcome if o in ruled_out)
            ranked.append((-len(decides), order, AskNext(fact, decides)))
    if not ranked:
        # No single answer settles anything (only a combination would): offer every
        # unknown fact the rules read, in form order, rather than an empty list.
        decides = tuple(o for o in Outcome if o in open_now)
        ranked = [
            (0, order, AskNext(fact, decides))
            for order, fact in enumerate(_REPS)
            if view[fact] is None and fact not in _NOT_DECISIVE
        ]
    ranked.sort(key=lambda item: item[:2])
    return tuple(item[2] for item in ranked)
