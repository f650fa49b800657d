"""The reasoning shown with an outcome: elements, criteria and indicators.

Every reason names the facts behind it ("fact: code"), so a screener can see why
the engine answered as it did and challenge it. Reasons describe indicators; they
never conclude on anyone's status.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from palermo.screening.indicators import (
    View,
    age_lists,
    dimension_names,
    dimension_status,
    forced_labour_indicators,
    shown_indicators,
)
from palermo.screening.instruments import (
    fact_vocabulary,
    ilo_delphi,
    labour_exploitation,
    palermo_protocol,
    smuggling_protocol,
)
from palermo.screening.result import Reason, Status, make_reason, status_of
from palermo.screening.rules import Verdicts
from palermo.screening.wording import BOTH_LISTS, LOCALES, Label, translate

_STATUS_SUFFIX = {True: "met", False: "not_met", None: "unknown"}


def _fmt(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _facts_meeting(view: View, wanted: dict[str, Any]) -> list[str]:
    found = []
    for fact, codes in wanted.items():
        value = view.get(fact)
        if value is None:
            continue
        if isinstance(value, bool | str):
            if value in codes:
                found.append(f"{fact}: {_fmt(value)}")
        else:
            found.extend(f"{fact}: {code}" for code in sorted(value & codes))
    return found


def _in_order(fact: str, codes: frozenset[str]) -> tuple[str, ...]:
    return tuple(c for c in fact_vocabulary().by_name()[fact].codes if c in codes)


def palermo_reasons(view: View, v: Verdicts) -> list[Reason]:
    protocol = palermo_protocol()
    acts = view["acts"]
    act_evidence = tuple(f"acts: {a}" for a in protocol.acts if acts and a in acts)
    reasons = [
        make_reason(
            "palermo", "act", status_of(v.act), f"palermo.act.{_STATUS_SUFFIX[v.act]}", act_evidence
        )
    ]
    if v.child:
        reasons.append(
            make_reason(
                "palermo",
                "means",
                Status.NOT_REQUIRED,
                "palermo.means.child",
                age=protocol.child_age_limit,
            )
        )
    means_found = False
    for means in protocol.means:
        evidence = _facts_meeting(view, means.satisfied_by)
        if evidence:
            means_found = True
            reasons.append(
                make_reason(
                    "palermo",
                    f"means.{means.key}",
                    Status.MET,
                    "palermo.means.met",
                    tuple(evidence),
                    label=means.labels,
                )
            )
    if not v.child and not means_found:
        suffix = "not_met" if v.means is False else "unknown"
        reasons.append(
            make_reason("palermo", "means", status_of(v.means), f"palermo.means.{suffix}")
        )
    if means_found and view.get("consented_to_movement") is True:
        reasons.append(
            make_reason(
                "palermo",
                "consent",
                Status.INFO,
                "palermo.consent",
                ("consented_to_movement: true",),
            )
        )
    exploitation = view["exploitation"] or frozenset()
    for purpose in protocol.purposes:
        hits = sorted(exploitation & purpose.exploitation)
        if hits:
            reasons.append(
                make_reason(
                    "palermo",
                    f"purpose.{purpose.key}",
                    Status.MET,
                    "palermo.purpose.met",
                    tuple(f"exploitation: {h}" for h in hits),
                    label=purpose.labels,
                )
            )
    if v.forced_labour and not exploitation:
        reasons.append(
            make_reason(
                "palermo",
                "purpose.forced_labour_or_services",
                Status.MET,
                "palermo.purpose.forced_labour_indicators",
            )
        )
    if not v.purpose:
        suffix = "not_met" if v.purpose is False else "unknown"
        reasons.append(
            make_reason("palermo", "purpose", status_of(v.purpose), f"palermo.purpose.{suffix}")
        )
    if view.get("destined_for_exploitation") is True and v.purpose:
        reasons.append(
            make_reason(
                "palermo",
                "purpose.intended",
                Status.INFO,
                "palermo.purpose.intended",
                ("destined_for_exploitation: true",),
            )
        )
    return reasons


def smuggling_reasons(view: View, v: Verdicts) -> list[Reason]:
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
        evidence = tuple(
            f"{f}: {_fmt(view[f])}" for f in criterion.facts if view.get(f) is not None
        )
        if v.smuggling_criteria is False and holds is not False:
            # Once one required criterion fails, the others are moot: show only failures.
            continue
        if v.smuggling_criteria is False and not criterion.required:
            continue
        message = "smuggling.criterion" + ("" if criterion.required else ".optional")
        params: dict[str, Any] = {"label": criterion.labels}
        if criterion.notes and holds is False:
            message += ".noted"
            params["note"] = criterion.notes
        reasons.append(
            make_reason("smuggling", criterion.key, status_of(holds), message, evidence, **params)
        )
    if v.smuggling_criteria and v.control_after_arrival:
        reasons.append(
            make_reason(
                "smuggling",
                "control_after_arrival",
                Status.INFO,
                "smuggling.control_after_arrival",
            )
        )
    if v.labour:
        labour = labour_exploitation()
        evidence = tuple(
            f"{fact}: {code}"
            for fact, codes in (("conditions", labour.conditions), ("control", labour.control))
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
    if v.irregular:
        regular = view.get("entry") == "regular"
        evidence = ("crossed_border: true",)
        if view.get("entry") is not None:
            evidence += (f"entry: {view['entry']}",)
        if view.get("facilitator_paid_for_entry") is not None:
            evidence += (f"facilitator_paid_for_entry: {_fmt(view['facilitator_paid_for_entry'])}",)
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
    delphi = ilo_delphi()
    names = dimension_names()
    lists = age_lists(view)
    reasons = [
        make_reason(
            "ilo_delphi",
            "provenance",
            Status.INFO,
            "ilo_delphi.provenance",
            lists=_list_names(lists),
            version=delphi.version,
            verified=delphi.verified,
        )
    ]
    for dim, name in names.items():
        status = dimension_status(view, dim)
        shown: dict[tuple[int, str], str] = {}
        for list_name in lists:
            strength = (delphi.adult if list_name == "adult" else delphi.child).strength
            for key in shown_indicators(view, list_name, dim):
                shown.setdefault(key, strength[key])
        if status is not True and not shown:
            continue  # nothing seen in this dimension: a line would only add noise
        labels = tuple(_evidence_label(text, shown[(d, text)]) for d, text in sorted(shown))
        reasons.append(
            make_reason(
                "ilo_delphi",
                f"dimension_{dim}.{name}",
                status_of(status),
                f"ilo_delphi.dimension.{_STATUS_SUFFIX[status]}",
                tuple(label.en for label in labels),
                evidence_labels=labels,
                dim=dim,
                label=_dimension_label(name),
            )
        )
    return reasons


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


def forced_labour_reasons(view: View) -> list[Reason]:
    return [
        make_reason(
            "ilo_forced_labour",
            key,
            Status.MET,
            "ilo_forced_labour.indicator",
            evidence,
            label=labels,
        )
        for key, labels, evidence in forced_labour_indicators(view)
    ]


def build_reasons(view: View, v: Verdicts) -> tuple[Reason, ...]:
    return tuple(
        palermo_reasons(view, v)
        + smuggling_reasons(view, v)
        + delphi_reasons(view)
        + forced_labour_reasons(view)
    )
