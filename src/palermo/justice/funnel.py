"""The attrition funnel: from identified victims to convictions, and from suspects to
convicted traffickers; where cases stop, why, how long they take, and what victims
were awarded and paid.

The funnel follows **cohorts**: with ``year``, the victims identified in that year and
the suspects first named in a counted investigation in that year, each followed to the
furthest stage reached by ``as_of`` (however many years later). Stage rules, pending
cases and drop-out reasons are those of :mod:`palermo.justice.paths`; the counting unit
is always a distinct person, never a case or a charge. Because every person counts at
each stage up to the furthest they reached, no stage can exceed the one before.

Times: *identification to verdict* is, for each victim of the cohort with a verdict on
a counted charge naming them, the days from identification to the first such verdict
(whatever it was); *first contact to verdict* is, for each suspect with a verdict on a
counted charge, the days from the opening of their first counted investigation to their
first verdict. Medians over those persons; ``n`` says how many.

Compensation: the orders for the cohort's victims, per currency, as
:mod:`palermo.justice.compensation` counts them.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.justice.categories import citizenship_group, glotip_form, reported_sex
from palermo.justice.compensation import CompensationTotal, compensation_totals
from palermo.justice.dataset import JusticeDataset
from palermo.justice.paths import PathScope, SuspectPath, VictimPath, suspect_paths, victim_paths
from palermo.vocab.justice import (
    TRAFFICKING_OFFENCES,
    CitizenshipGroup,
    DropOutReason,
    GlotipForm,
    Offence,
    ReportedSex,
    SuspectStage,
    VictimStage,
)


@dataclass(frozen=True)
class FunnelSpec:
    """Which funnel: cohort ``year``, records up to ``as_of``, counted ``offences``,
    and optional filters (identifying agency for victims, investigating agency for
    suspects; form of exploitation, sex, citizenship group of the person)."""

    year: int | None = None
    as_of: date | None = None
    offences: frozenset[Offence] = TRAFFICKING_OFFENCES
    agency_id: str | None = None
    form: GlotipForm | None = None
    sex: ReportedSex | None = None
    citizenship: CitizenshipGroup | None = None
    reporting_country: str | None = None
    unpaid_after_days: int = 180

    def __post_init__(self) -> None:
        problems = []
        offences = frozenset(Offence.parse(o) for o in self.offences)
        object.__setattr__(self, "offences", offences)
        if not offences:
            problems.append(FieldProblem("offences", "needs at least one offence"))
        if self.year is not None and not 1950 <= self.year <= 2200:
            problems.append(
                FieldProblem("year", "must be a year such as 2023", value=str(self.year))
            )
        if self.citizenship is not None and not self.reporting_country:
            problems.append(
                FieldProblem("reporting_country", "is needed to tell nationals from foreigners")
            )
        if self.unpaid_after_days < 0:
            problems.append(FieldProblem("unpaid_after_days", "must be 0 or more"))
        if problems:
            raise ValidationFailed(
                "The funnel specification is invalid: "
                + "; ".join(f"{p.field} {p.reason}" for p in problems)
                + ".",
                problems=problems,
            )

    @property
    def scope(self) -> PathScope:
        return PathScope(offences=self.offences, as_of=self.as_of, agency_id=self.agency_id)


@dataclass(frozen=True)
class StageCount:
    stage: VictimStage | SuspectStage
    count: int


@dataclass(frozen=True)
class DropOutCount:
    """Victims whose path ended at ``stage`` for ``reason``."""

    stage: VictimStage
    reason: DropOutReason
    count: int


@dataclass(frozen=True)
class MedianDays:
    median: float | None
    n: int


@dataclass(frozen=True)
class FunnelResult:
    """The funnel of one :class:`FunnelSpec`; ``to_json()`` gives the report's JSON."""

    spec: FunnelSpec
    victims: tuple[StageCount, ...]
    suspects: tuple[StageCount, ...]
    pending: tuple[StageCount, ...]
    drop_out: tuple[DropOutCount, ...]
    identification_to_verdict: MedianDays
    first_contact_to_verdict: MedianDays
    convictions_overturned: int
    compensation: tuple[CompensationTotal, ...]
    definitions: dict[str, str] = field(repr=False, default_factory=dict)

    def count(self, stage: VictimStage | SuspectStage) -> int:
        for row in (*self.victims, *self.suspects):
            if row.stage == stage:
                return row.count
        raise KeyError(stage)

    def to_json(self) -> dict[str, Any]:
        spec = self.spec
        return {
            "spec": {
                "year": spec.year,
                "as_of": spec.as_of.isoformat() if spec.as_of else None,
                "offences": sorted(o.code for o in spec.offences),
                "agency_id": spec.agency_id,
                "form": spec.form.code if spec.form else None,
                "sex": spec.sex.code if spec.sex else None,
                "citizenship": spec.citizenship.code if spec.citizenship else None,
                "reporting_country": spec.reporting_country,
            },
            "victims": [{"stage": r.stage.code, "count": r.count} for r in self.victims],
            "suspects": [{"stage": r.stage.code, "count": r.count} for r in self.suspects],
            "pending": [{"stage": r.stage.code, "count": r.count} for r in self.pending],
            "drop_out": [
                {"stage": d.stage.code, "reason": d.reason.code, "count": d.count}
                for d in self.drop_out
            ],
            "median_days": {
                "identification_to_verdict": vars(self.identification_to_verdict),
                "first_contact_to_verdict": vars(self.first_contact_to_verdict),
            },
            "convictions_overturned": self.convictions_overturned,
            "compensation": [
                {**vars(c), "ordered": str(c.ordered), "paid": str(c.paid)}
                for c in self.compensation
            ],
            "definitions": self.definitions,
        }


_ORDER = {stage: rank for rank, stage in enumerate(VictimStage)}
_S_ORDER = {stage: rank for rank, stage in enumerate(SuspectStage)}

# Messages (English in the JSON, the reader's language on the page).
DEFINITIONS: dict[str, str] = {
    "identified": msg(
        "Victims identified (in the cohort year, if one is given); each person once."
    ),
    "investigation": msg("Of those, victims named in a counted investigation or charge."),
    "prosecution": msg("Of those, victims named in a charge of a counted offence."),
    "conviction": msg("Of those, victims named in a charge on which a conviction was pronounced."),
    "suspected": msg(
        "Persons named as suspects in a counted investigation (first named in the "
        "cohort year, if one is given)."
    ),
    "prosecuted": msg("Of those, persons charged with a counted offence."),
    "convicted": msg(
        "Of those, persons convicted of a counted offence (first instance or appeal, "
        "whether or not later overturned; overturned convictions are counted apart)."
    ),
    "pending": msg("Victims whose case is still open at the furthest stage they reached."),
    "drop_out": msg(
        "Victims whose case ended at a stage before conviction, by the reason recorded."
    ),
}


def compute_funnel(data: JusticeDataset, spec: FunnelSpec) -> FunnelResult:
    """The attrition funnel of ``data`` under ``spec`` (see the module docstring)."""
    victims = [p for p in victim_paths(data, spec.scope) if _victim_selected(p, spec)]
    suspects = [p for p in suspect_paths(data, spec.scope) if _suspect_selected(p, spec, data)]
    return _result(data, spec, victims, suspects)


class Dimension(StrEnum):
    """What a funnel can be broken down by."""

    year = "year"
    form = "form"
    sex = "sex"
    citizenship = "citizenship"


@dataclass(frozen=True)
class FunnelBreakdown:
    """One funnel per group of ``by`` (cohort year, form, sex or citizenship group)."""

    by: Dimension
    groups: tuple[tuple[str, FunnelResult], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "by": self.by.value,
            "groups": [
                {"group": group, **result.to_json(), "spec": None, "definitions": None}
                for group, result in self.groups
            ],
            "definitions": DEFINITIONS,
        }


def attrition_by(data: JusticeDataset, spec: FunnelSpec, *, by: Dimension) -> FunnelBreakdown:
    """The funnel of ``spec`` for each group of ``by``; groups with nobody are left out.

    The groups of one breakdown add up to the funnel of ``spec`` at every stage.
    """
    if by is Dimension.citizenship and not spec.reporting_country:
        raise ValidationFailed(
            "A breakdown by citizenship needs the reporting country.",
            problems=[FieldProblem("reporting_country", "is needed to tell nationals apart")],
        )
    victims = [p for p in victim_paths(data, spec.scope) if _victim_selected(p, spec)]
    suspects = [p for p in suspect_paths(data, spec.scope) if _suspect_selected(p, spec, data)]
    country = spec.reporting_country
    keys: dict[Dimension, tuple[Callable[[VictimPath], str], Callable[[SuspectPath], str]]] = {
        Dimension.year: (
            lambda p: str(p.victim.identified_on.year),
            lambda p: str(p.first_contact_on.year),
        ),
        Dimension.form: (
            lambda p: glotip_form(p.victim.exploitation, p.victim.sex_exploitation).code,
            lambda p: suspect_form(p, data).code,
        ),
        Dimension.sex: (
            lambda p: reported_sex(p.victim.gender).code,
            lambda p: reported_sex(p.suspect.gender).code,
        ),
        Dimension.citizenship: (
            lambda p: citizenship_group(p.victim.citizenship, country).code,
            lambda p: citizenship_group(p.suspect.citizenship, country).code,
        ),
    }
    victim_key, suspect_key = keys[by]
    v_groups = [victim_key(p) for p in victims]
    s_groups = [suspect_key(p) for p in suspects]
    groups = []
    for group in _ordered(by, set(v_groups) | set(s_groups)):
        groups.append(
            (
                group,
                _result(
                    data,
                    spec,
                    [p for p, g in zip(victims, v_groups, strict=True) if g == group],
                    [p for p, g in zip(suspects, s_groups, strict=True) if g == group],
                ),
            )
        )
    return FunnelBreakdown(by=by, groups=tuple(groups))


def _ordered(by: Dimension, groups: set[str]) -> list[str]:
    order = {
        Dimension.form: [f.code for f in GlotipForm],
        Dimension.sex: [s.code for s in ReportedSex],
        Dimension.citizenship: [c.code for c in CitizenshipGroup],
    }.get(by)
    return sorted(groups) if order is None else [g for g in order if g in groups]


def _victim_selected(path: VictimPath, spec: FunnelSpec) -> bool:
    v = path.victim
    return (
        (spec.year is None or v.identified_on.year == spec.year)
        and (spec.agency_id is None or v.agency_id == spec.agency_id)
        and (spec.form is None or glotip_form(v.exploitation, v.sex_exploitation) == spec.form)
        and (spec.sex is None or reported_sex(v.gender) == spec.sex)
        and (
            spec.citizenship is None
            or citizenship_group(v.citizenship, spec.reporting_country) == spec.citizenship
        )
    )


def suspect_form(path: SuspectPath, data: JusticeDataset) -> GlotipForm:
    """A suspect's form of exploitation: that of the victims of their investigations
    (mixed when those victims' forms differ; not recorded when no victim is named)."""
    forms = set()
    for inv in path.investigations:
        for victim_id in inv.victim_ids:
            v = data.victim_by_id[victim_id]
            forms.add(glotip_form(v.exploitation, v.sex_exploitation))
    if not forms:
        return GlotipForm.unknown
    return forms.pop() if len(forms) == 1 else GlotipForm.mixed


def _suspect_selected(path: SuspectPath, spec: FunnelSpec, data: JusticeDataset) -> bool:
    s = path.suspect
    return (
        (spec.year is None or path.first_contact_on.year == spec.year)
        and (spec.form is None or suspect_form(path, data) == spec.form)
        and (spec.sex is None or reported_sex(s.gender) == spec.sex)
        and (
            spec.citizenship is None
            or citizenship_group(s.citizenship, spec.reporting_country) == spec.citizenship
        )
    )


def _result(
    data: JusticeDataset,
    spec: FunnelSpec,
    victims: list[VictimPath],
    suspects: list[SuspectPath],
) -> FunnelResult:
    v_rank = Counter(_ORDER[p.stage] for p in victims)
    s_rank = Counter(_S_ORDER[p.stage] for p in suspects)

    def at_least(ranks: Counter[int], rank: int) -> int:
        return sum(n for r, n in ranks.items() if r >= rank)

    pending = Counter(p.stage for p in victims if p.pending)
    drops = Counter((p.stage, p.reason) for p in victims if p.reason is not None)
    return FunnelResult(
        spec=spec,
        victims=tuple(StageCount(s, at_least(v_rank, i)) for i, s in enumerate(VictimStage)),
        suspects=tuple(StageCount(s, at_least(s_rank, i)) for i, s in enumerate(SuspectStage)),
        pending=tuple(StageCount(s, pending[s]) for s in VictimStage if s in pending),
        drop_out=tuple(
            DropOutCount(stage, reason, n)
            for (stage, reason), n in sorted(
                drops.items(), key=lambda kv: (_ORDER[kv[0][0]], -kv[1], kv[0][1].code)
            )
        ),
        identification_to_verdict=_median(
            (p.first_verdict_on - p.victim.identified_on).days
            for p in victims
            if p.first_verdict_on is not None
        ),
        first_contact_to_verdict=_median(
            (p.first_verdict_on - p.first_contact_on).days
            for p in suspects
            if p.first_verdict_on is not None
        ),
        convictions_overturned=sum(1 for p in suspects if p.overturned),
        compensation=compensation_totals(
            data,
            victim_ids={p.victim.victim_id for p in victims},
            as_of=spec.as_of,
            unpaid_after_days=spec.unpaid_after_days,
        ),
        definitions=dict(DEFINITIONS),
    )


def _median(days: Any) -> MedianDays:
    values = list(days)
    return MedianDays(float(statistics.median(values)) if values else None, len(values))
