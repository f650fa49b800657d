"""The reasoning shown with an outcome: elements, criteria and indicators.

Every reason names the facts behind it ("fact: code"), so a screener can see why
the engine answered as it did and challenge it. Reasons describe indicators; they
never conclude on anyone's status.
"""

from __future__ import annotations

from typing import Any

from palermo.screening.indicators import (
    View,
    age_lists,
    dimension_names,
    dimension_status,
    forced_labour_indicators,
    shown_indicators,
)
from palermo.screening.instruments import ilo_delphi, palermo_protocol, smuggling_protocol
from palermo.screening.result import Reason, Status, status_of
from palermo.screening.rules import Verdicts


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


def palermo_reasons(view: View, v: Verdicts) -> list[Reason]:
    protocol = palermo_protocol()
    acts = view["acts"]
    act_evidence = tuple(f"acts: {a}" for a in protocol.acts if acts and a in acts)
    reasons = [
        Reason(
            "palermo",
            "act",
            status_of(v.act),
            {
                True: "Act (recruitment, transportation, transfer, harbouring or receipt) "
                "shown by the facts.",
                False: "No act recorded.",
                None: "Acts not yet known.",
            }[v.act],
            act_evidence,
        )
    ]
    if v.child:
        reasons.append(
            Reason(
                "palermo",
                "means",
                Status.NOT_REQUIRED,
                f"The person was under {protocol.child_age_limit}: no means is needed "
                "(Protocol art. 3(c)).",
                (),
            )
        )
    means_found = []
    for means in protocol.means:
        evidence = _facts_meeting(view, means.satisfied_by)
        if evidence:
            means_found.append(means.label)
            reasons.append(
                Reason(
                    "palermo",
                    f"means.{means.key}",
                    Status.MET,
                    f"Means: {means.label}.",
                    tuple(evidence),
                )
            )
    if not v.child and not means_found:
        reasons.append(
            Reason(
                "palermo",
                "means",
                status_of(v.means),
                "No means recorded."
                if v.means is False
                else "Means not yet known: deception, coercion, abuse of "
                "vulnerability or control have not all been asked.",
                (),
            )
        )
    if means_found and view.get("consented_to_movement") is True:
        reasons.append(
            Reason(
                "palermo",
                "consent",
                Status.INFO,
                "The person consented to the journey; consent does not matter once a means "
                "was used (Protocol art. 3(b)).",
                ("consented_to_movement: true",),
            )
        )
    exploitation = view["exploitation"] or frozenset()
    for purpose in protocol.purposes:
        hits = sorted(exploitation & purpose.exploitation)
        if hits:
            reasons.append(
                Reason(
                    "palermo",
                    f"purpose.{purpose.key}",
                    Status.MET,
                    f"Exploitative purpose: {purpose.label}.",
                    tuple(f"exploitation: {h}" for h in hits),
                )
            )
    if v.forced_labour and not exploitation:
        reasons.append(
            Reason(
                "palermo",
                "purpose.forced_labour_or_services",
                Status.MET,
                "Exploitative purpose: forced labour, shown by the ILO indicators of exploitative "
                "conditions and of coercion at destination (see below).",
                (),
            )
        )
    if not v.purpose:
        reasons.append(
            Reason(
                "palermo",
                "purpose",
                status_of(v.purpose),
                "No exploitative purpose recorded."
                if v.purpose is False
                else "Exploitative purpose not yet known.",
                (),
            )
        )
    if view.get("destined_for_exploitation") is True and v.purpose:
        reasons.append(
            Reason(
                "palermo",
                "purpose.intended",
                Status.INFO,
                "The exploitation was intended but had not yet happened; the purpose is enough.",
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
        text = criterion.label + ("" if criterion.required else " (reported, not required)")
        if criterion.note and holds is False:
            text += ". " + criterion.note
        if v.smuggling_criteria is False and holds is not False:
            # Once one required criterion fails, the others are moot: show only failures.
            continue
        if v.smuggling_criteria is False and not criterion.required:
            continue
        reasons.append(Reason("smuggling", criterion.key, status_of(holds), text, evidence))
    if v.smuggling_criteria and v.control_after_arrival:
        reasons.append(
            Reason(
                "smuggling",
                "control_after_arrival",
                Status.INFO,
                "Control after arrival: the situation goes beyond smuggling.",
                (),
            )
        )
    if v.labour:
        reasons.append(
            Reason(
                "labour_exploitation",
                "labour_exploitation",
                Status.MET,
                "Exploitative conditions of work (ILO dimension 4 positive) for a person someone "
                "recruited, moved, harboured or received; the trafficking elements are not all "
                "met on the facts recorded.",
                (),
            )
        )
    if v.irregular:
        reasons.append(
            Reason(
                "irregular_migration",
                "irregular_migration",
                Status.MET,
                smuggling_protocol().irregular_migration_note,
                ("crossed_border: true", "facilitator_paid_for_entry: false"),
            )
        )
    return reasons


def delphi_reasons(view: View) -> list[Reason]:
    delphi = ilo_delphi()
    names = dimension_names()
    lists = age_lists(view)
    which = {"adult": delphi.adult.name, "child": delphi.child.name}
    list_text = " and ".join(which[n] for n in lists)
    reasons = [
        Reason(
            "ilo_delphi",
            "provenance",
            Status.INFO,
            f"ILO/EC Delphi indicators ({list_text}, {delphi.version}), "
            f"verified={delphi.verified}: "
            "transcribed from a secondary synthesis, not yet checked against the ILO publication.",
            (),
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
        evidence = tuple(f"{text} ({shown[(d, text)]})" for d, text in sorted(shown))
        label = name.replace("_", " ")
        text = {
            True: f"Dimension {dim}, {label}: positive.",
            False: f"Dimension {dim}, {label}: indicators present, below the rule.",
            None: f"Dimension {dim}, {label}: could become positive; facts missing.",
        }[status]
        reasons.append(
            Reason("ilo_delphi", f"dimension_{dim}.{name}", status_of(status), text, evidence)
        )
    return reasons


def forced_labour_reasons(view: View) -> list[Reason]:
    return [
        Reason(
            "ilo_forced_labour", key, Status.MET, f"ILO forced labour indicator: {label}.", evidence
        )
        for key, label, evidence in forced_labour_indicators(view)
    ]


def build_reasons(view: View, v: Verdicts) -> tuple[Reason, ...]:
    return tuple(
        palermo_reasons(view, v)
        + smuggling_reasons(view, v)
        + delphi_reasons(view)
        + forced_labour_reasons(view)
    )
