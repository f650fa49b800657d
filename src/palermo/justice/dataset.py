"""All the justice records one report is computed from, checked to hang together.

A :class:`JusticeDataset` refuses identifiers used twice and references to records it
does not hold (a charge naming an unknown victim, a defendant who is not a suspect of
the investigation), listing every problem at once. It also keeps the indexes the
reports need, so that each report walks the records once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from palermo.errors import FieldProblem, ValidationFailed
from palermo.justice.records import Investigation, SuspectRef, VictimRef
from palermo.justice.remedies import Compensation, NonPunishmentCase, VictimParticipation
from palermo.justice.trial import Proceeding

# A dataset with thousands of broken references would make an unreadable message.
_MAX_LISTED = 20


@dataclass(frozen=True)
class JusticeDataset:
    """Victims, suspects, investigations, proceedings and what followed for victims."""

    victims: tuple[VictimRef, ...] = ()
    suspects: tuple[SuspectRef, ...] = ()
    investigations: tuple[Investigation, ...] = ()
    proceedings: tuple[Proceeding, ...] = ()
    compensations: tuple[Compensation, ...] = ()
    participations: tuple[VictimParticipation, ...] = ()
    non_punishment: tuple[NonPunishmentCase, ...] = ()
    victim_by_id: dict[str, VictimRef] = field(init=False, repr=False, compare=False)
    suspect_by_id: dict[str, SuspectRef] = field(init=False, repr=False, compare=False)
    investigation_by_id: dict[str, Investigation] = field(init=False, repr=False, compare=False)
    proceeding_by_id: dict[str, Proceeding] = field(init=False, repr=False, compare=False)
    proceedings_of_investigation: dict[str, tuple[Proceeding, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for name in (
            "victims",
            "suspects",
            "investigations",
            "proceedings",
            "compensations",
            "participations",
            "non_punishment",
        ):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        problems: list[FieldProblem] = []
        victims = _index(self.victims, "victim_id", "victims", problems)
        suspects = _index(self.suspects, "suspect_id", "suspects", problems)
        investigations = _index(self.investigations, "investigation_id", "investigations", problems)
        proceedings = _index(self.proceedings, "proceeding_id", "proceedings", problems)
        _index(self.compensations, "compensation_id", "compensations", problems)
        _index(self.non_punishment, "case_id", "non_punishment", problems)

        def need(ids: Iterable[str], known: dict, where: str, what: str) -> None:
            for missing in sorted({i for i in ids if i not in known}):
                problems.append(
                    FieldProblem(field=where, reason=f"names an unknown {what}", value=missing)
                )

        for inv in self.investigations:
            where = f"investigations[{inv.investigation_id}]"
            need(inv.victim_ids, victims, f"{where}.victim_ids", "victim")
            need(inv.suspect_ids, suspects, f"{where}.suspect_ids", "suspect")
        by_investigation: dict[str, list[Proceeding]] = defaultdict(list)
        for proc in self.proceedings:
            where = f"proceedings[{proc.proceeding_id}]"
            parent = investigations.get(proc.investigation_id)
            if parent is None:
                need(
                    [proc.investigation_id],
                    investigations,
                    f"{where}.investigation_id",
                    "investigation",
                )
            elif proc.defendant_id not in parent.suspect_ids:
                problems.append(
                    FieldProblem(
                        field=f"{where}.defendant_id",
                        reason=f"is not a suspect of investigation {parent.investigation_id}",
                        value=proc.defendant_id,
                    )
                )
            by_investigation[proc.investigation_id].append(proc)
            for charge in proc.charges:
                need(charge.victim_ids, victims, f"{where}.charges[{charge.charge_id}]", "victim")
        for comp in self.compensations:
            where = f"compensations[{comp.compensation_id}]"
            need([comp.proceeding_id], proceedings, f"{where}.proceeding_id", "proceeding")
            need([comp.victim_id], victims, f"{where}.victim_id", "victim")
        for part in self.participations:
            where = f"participations[{part.proceeding_id}/{part.victim_id}]"
            need([part.proceeding_id], proceedings, f"{where}.proceeding_id", "proceeding")
            need([part.victim_id], victims, f"{where}.victim_id", "victim")
        for case in self.non_punishment:
            need([case.victim_id], victims, f"non_punishment[{case.case_id}].victim_id", "victim")
        if problems:
            shown = "; ".join(f"{p.field} {p.reason} ({p.value})" for p in problems[:_MAX_LISTED])
            more = len(problems) - _MAX_LISTED
            raise ValidationFailed(
                f"The justice records do not hang together: {shown}"
                + (f"; and {more} more problems." if more > 0 else "."),
                problems=problems,
                hint="Add the missing records or correct the references, then build the "
                "dataset again.",
            )
        object.__setattr__(self, "victim_by_id", victims)
        object.__setattr__(self, "suspect_by_id", suspects)
        object.__setattr__(self, "investigation_by_id", investigations)
        object.__setattr__(self, "proceeding_by_id", proceedings)
        object.__setattr__(
            self,
            "proceedings_of_investigation",
            {key: tuple(value) for key, value in by_investigation.items()},
        )


def _index(records: tuple, key: str, where: str, problems: list[FieldProblem]) -> dict:
    index: dict = {}
    for row, record in enumerate(records):
        value = getattr(record, key)
        if value in index:
            problems.append(
                FieldProblem(field=f"{where}.{key}", reason="is used twice", row=row, value=value)
            )
        index[value] = record
    return index
