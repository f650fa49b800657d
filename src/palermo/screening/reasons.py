"""The reasoning shown with an outcome: elements, criteria and indicators.

Every reason names the facts behind it ("fact: code"), so a screener can see why
the engine answered as it did and challenge it. Reasons describe indicators; they
never conclude on anyone's status.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from palermo.screening.indicators import (
    View,
    age_lists,
    dimension_facts,
    dimension_names,
    dimension_status,
    dimension_values,
    indicator_evidence,
    shown_indicators,
)
from palermo.screening.instruments import (
    fact_vocabulary,
    ilo_delphi,
    ilo_forced_labour,
    labour_exploitation,
    smuggling_protocol,
)
from palermo.screening.result import Reason, Status, make_reason, status_of
from palermo.screening.rules import Tri, Verdicts
from palermo.screening.trafficking_reasons import fmt, palermo_reasons, projected
from palermo.screening.wording import BOTH_LISTS, LOCALES, Label, translate

_STATUS_SUFFIX = {True: "met", False: "not_met", None: "unknown"}


def _in_order(fact: str, codes: frozenset[str]) -> tuple[str, ...]:
    return tuple(c for c in fact_vocabulary().by_name()[fact].codes if c in codes)


# Each part of the reasoning reads a few facts and the verdicts. Persons share those far
# more often than whole sets of facts, so each part is memoised on what it reads (the
# views' values are frozensets, bools, strings and ints, all hashable).


@cache
def _smuggling_facts() -> tuple[str, ...]:
    read = {"entry", "facilitator_paid_for_entry"}
    for criterion in smuggling_protocol().criteria:
        read.update(criterion.facts)
    return tuple(sorted(read))


def smuggling_reasons(view: View, v: Verdicts) -> list[Reason]:
    values = tuple(view.get(f) for f in _smuggling_facts())
    # Conditions and control are shown only as evidence of labour exploitation.
    instrument = labour_exploitation()
    labour = (
        (
            projected(view.get("conditions"), instrument.conditions),
            projected(view.get("control"), instrument.control),
        )
        if v.labour
        else (None, None)
    )
    read = (v.smuggling_criteria, v.control_after_arrival, v.labour, v.irregular)
    return list(_smuggling(values, labour, read))


@lru_cache(maxsize=1 << 13)
def _smuggling(
    values: tuple[Any, ...], labour: tuple[Any, Any], read: tuple[Tri, Tri, Tri, Tri]
) -> tuple[Reason, ...]:
    view = dict(zip(_smuggling_facts(), values, strict=True))
    view["conditions"], view["control"] = labour
    return tuple(_smuggling_reasons(view, *read))


def _smuggling_reasons(
    view: View, criteria: Tri, control_after_arrival: Tri, labour: Tri, irregular: Tri
) -> list[Reason]:
    reasons = []
    for criterion in smuggling_protocol().criteria:
        values = [
            view.get(f) == want if view.get(f) is not None else None
            for f, want in criterion.facts.items()
        ]
        holds = (
            all(values)
            if all(x is not None for x in values)
            else (False if False in values else None)
        )
        evidence = tuple(f"{f}: {fmt(view[f])}" for f in criterion.facts if view.get(f) is not None)
        if criteria is False and holds is not False:
            # Once one required criterion fails, the others are moot: show only failures.
            continue
        if criteria is False and not criterion.required:
            continue
        message = "smuggling.criterion" + ("" if criterion.required else ".optional")
        params: dict[str, Any] = {"label": criterion.labels}
        if criterion.notes and holds is False:
            message += ".noted"
            params["note"] = criterion.notes
        reasons.append(
            make_reason("smuggling", criterion.key, status_of(holds), message, evidence, **params)
        )
    if criteria and control_after_arrival:
        reasons.append(
            make_reason(
                "smuggling",
                "control_after_arrival",
                Status.INFO,
                "smuggling.control_after_arrival",
            )
        )
    if labour:
        instrument = labour_exploitation()
        evidence = tuple(
            f"{fact}: {code}"
            for fact, codes in (
                ("conditions", instrument.conditions),
                ("control", instrument.control),
            )
            for code in _in_order(fact, (view.get(fact) or frozenset()) & codes)
        )
        reasons.append(
            make_reason(
                "labour_exploitation",
                "labour_exploitation",
                Status.MET,
                "labour_exploitation.conditions",
                evidence,
            )
        )
    if irregular:
        regular = view.get("entry") == "regular"
        evidence = ("crossed_border: true",)
        if view.get("entry") is not None:
            evidence += (f"entry: {view['entry']}",)
        if view.get("facilitator_paid_for_entry") is not None:
            evidence += (f"facilitator_paid_for_entry: {fmt(view['facilitator_paid_for_entry'])}",)
        params = {} if regular else {"note": smuggling_protocol().irregular_migration_notes}
        message = "irregular_migration.regular_entry" if regular else "irregular_migration"
        reasons.append(
            make_reason(
                "irregular_migration",
                "irregular_migration",
                Status.MET,
                message,
                evidence,
                **params,
            )
        )
    return reasons


def delphi_reasons(view: View) -> list[Reason]:
    lists = age_lists(view)
    reasons = [_provenance(lists)]
    for dim in dimension_names():
        found = _dimension_reason(dim, lists, dimension_values(view, dim))
        if found is not None:
            reasons.append(found)
    return reasons


@cache
def _provenance(lists: tuple[str, ...]) -> Reason:
    delphi = ilo_delphi()
    return make_reason(
        "ilo_delphi",
        "provenance",
        Status.INFO,
        "ilo_delphi.provenance",
        lists=_list_names(lists),
        version=delphi.version,
        verified=delphi.verified,
    )


# An age on the side of the limit the lists stand for: the dimension reads nothing else.
_AGE_OF = {("adult", "child"): None, ("adult",): 99, ("child",): 0}


@lru_cache(maxsize=1 << 14)
def _dimension_reason(dim: int, lists: tuple[str, ...], values: tuple[Any, ...]) -> Reason | None:
    view = dict(zip(dimension_facts(dim), values, strict=True))
    view["age"] = _AGE_OF[lists]
    delphi = ilo_delphi()
    name = dimension_names()[dim]
    status = dimension_status(view, dim)
    shown: dict[tuple[int, str], str] = {}
    for list_name in lists:
        strength = (delphi.adult if list_name == "adult" else delphi.child).strength
        for key in shown_indicators(view, list_name, dim):
            shown.setdefault(key, strength[key])
    if status is not True and not shown:
        return None  # nothing seen in this dimension: a line would only add noise
    labels = tuple(_evidence_label(text, shown[(d, text)]) for d, text in sorted(shown))
    return make_reason(
        "ilo_delphi",
        f"dimension_{dim}.{name}",
        status_of(status),
        f"ilo_delphi.dimension.{_STATUS_SUFFIX[status]}",
        tuple(label.en for label in labels),
        evidence_labels=labels,
        dim=dim,
        label=_dimension_label(name),
    )


@cache
def _list_names(lists: tuple[str, ...]) -> Label:
    """The Delphi lists that apply, named in each locale ("adult_labour and child_labour")."""
    delphi = ilo_delphi()
    names = [(delphi.adult if n == "adult" else delphi.child).name for n in lists]
    labels = [delphi.list_labels.get(n) or Label(n, n) for n in names]
    if len(labels) == 1:
        return labels[0]
    first, second = labels  # the adult and the child lists, while the age is unknown
    return Label(
        *(
            translate(BOTH_LISTS, locale).format(first=first.get(locale), second=second.get(locale))
            for locale in LOCALES
        )
    )


@cache
def _evidence_label(text: str, strength: str) -> Label:
    """An indicator shown as evidence, "Debt bondage (strong)", in English and French."""
    delphi = ilo_delphi()
    indicator = delphi.indicator_labels.get(text) or Label(text, text)
    level = delphi.strength_labels.get(strength) or Label(strength, strength)
    return Label(f"{indicator.en} ({level.en})", f"{indicator.fr} ({level.fr})")


@cache
def _dimension_label(name: str) -> Label:
    english = name.replace("_", " ")
    return ilo_delphi().dimension_labels.get(name) or Label(english, english)


@cache
def _indicators_read() -> tuple[tuple[int, frozenset[str] | None, tuple[Any, ...]], ...]:
    """Per ILO indicator: its number, the control codes it asks for (None: the whole list,
    when it lists control as a fact of its own), and the (fact, codes) it reads."""
    return tuple(
        (n, None if "control" in ind.facts else ind.control, tuple(ind.facts.items()))
        for n, ind in enumerate(ilo_forced_labour().indicators)
    )


def forced_labour_reasons(view: View) -> list[Reason]:
    control = view.get("control") or frozenset()
    found = [
        _indicator_reason(
            n,
            control if codes is None else control & codes,
            tuple([projected(view.get(f), c) for f, c in read]),
        )
        for n, codes, read in _indicators_read()
    ]
    return [reason for reason in found if reason is not None]


@lru_cache(maxsize=1 << 12)
def _indicator_reason(n: int, control: frozenset[str], values: tuple[Any, ...]) -> Reason | None:
    ind = ilo_forced_labour().indicators[n]
    view = dict(zip(ind.facts, values, strict=True))
    view.setdefault("control", control)  # a fact of its own when the indicator lists it
    evidence = indicator_evidence(ind, view)
    if not evidence:
        return None
    return make_reason(
        "ilo_forced_labour",
        ind.key,
        Status.MET,
        "ilo_forced_labour.indicator",
        evidence,
        label=ind.labels,
    )


def build_reasons(view: View, v: Verdicts) -> tuple[Reason, ...]:
    return tuple(
        palermo_reasons(view, v)
        + smuggling_reasons(view, v)
        + delphi_reasons(view)
        + forced_labour_reasons(view)
    )
