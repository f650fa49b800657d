"""The tables of UNODC's questionnaire for the Global Report on Trafficking in Persons.

Persons investigated, prosecuted and convicted, by sex and age group and by
citizenship; victims detected by sex and age group, by form of exploitation (with sex
and with age group), and by citizenship. Each table carries its definition, in English
and French, because the definitions are what a national rapporteur checks.

**Which year a person counts in.** Each table counts the persons with the table's event
in ``year``: a person with such events in two years counts in both years' tables, and
in one year's table once. Without ``year``, every year of the records counts and a
person counts once; those all-years totals equal the funnel's
(:mod:`palermo.justice.funnel`) stages for the same offences and ``as_of``, since both
count the same paths (:mod:`palermo.justice.paths`). With a year, the victims detected
equal the funnel's identified victims of that cohort; persons prosecuted or convicted
in a year differ from the cohort funnel by design (the funnel follows the persons first
named that year to whatever came later). Classifications are those of
:mod:`palermo.justice.categories`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from palermo.errors import FieldProblem, ValidationFailed
from palermo.justice.categories import age_group, citizenship_row, glotip_form, reported_sex
from palermo.justice.dataset import JusticeDataset
from palermo.justice.paths import PathScope, SuspectPath, suspect_paths, victim_paths
from palermo.vocab import get_list
from palermo.vocab.enums import VocabEnum
from palermo.vocab.justice import (
    TRAFFICKING_OFFENCES,
    CitizenshipGroup,
    GlotipAgeGroup,
    GlotipForm,
    Offence,
    ReportedSex,
)

Text = dict[str, str]  # locale -> text

_EVENTS: dict[str, tuple[Text, Text]] = {
    "investigated": (
        {"en": "Persons investigated", "fr": "Personnes ayant fait l'objet d'une enquête"},
        {
            "en": "Distinct persons named as suspects in at least one investigation of a "
            "counted offence (or one that led to a counted charge) opened in the year.",
            "fr": "Personnes distinctes désignées comme suspects dans au moins une enquête "
            "ouverte dans l'année pour une infraction retenue (ou ayant conduit à une "
            "accusation retenue).",
        },
    ),
    "prosecuted": (
        {"en": "Persons prosecuted", "fr": "Personnes poursuivies"},
        {
            "en": "Distinct persons charged in the year (date of the charge) with at least "
            "one counted offence.",
            "fr": "Personnes distinctes mises en accusation dans l'année (date de "
            "l'accusation) pour au moins une infraction retenue.",
        },
    ),
    "convicted": (
        {"en": "Persons convicted", "fr": "Personnes condamnées"},
        {
            "en": "Distinct persons convicted in the year of at least one counted offence, "
            "at first instance or on appeal against an acquittal, whether or not the "
            "conviction was later overturned.",
            "fr": "Personnes distinctes condamnées dans l'année pour au moins une infraction "
            "retenue, en première instance ou en appel d'un acquittement, que la "
            "condamnation ait ou non été infirmée ensuite.",
        },
    ),
    "victims": (
        {"en": "Victims detected", "fr": "Victimes détectées"},
        {
            "en": "Distinct victims identified in the year (date of identification), "
            "whether or not their case reached the justice system.",
            "fr": "Victimes distinctes identifiées dans l'année (date d'identification), "
            "que leur affaire ait ou non atteint la justice.",
        },
    ),
}
_PERSON_AGE = {
    "en": "Age: completed years on the day first named as a suspect.",
    "fr": "Âge : années révolues le jour de la première désignation comme suspect.",
}
_VICTIM_AGE = {
    "en": "Age: completed years on the day of identification.",
    "fr": "Âge : années révolues le jour de l'identification.",
}
_RULES = {
    "en": "Sex from the recorded gender; children are under 18; nationals hold the "
    "reporting country's citizenship, others count under their first recorded one. "
    "Without a year, every year counts and each person once.",
    "fr": "Sexe d'après le genre enregistré ; enfants : moins de 18 ans ; les nationaux "
    "ont la nationalité du pays déclarant, les autres comptent sous la première "
    "nationalité enregistrée. Sans année, toutes les années comptent, chaque personne "
    "une fois.",
}


@dataclass(frozen=True)
class GlotipSpec:
    """Tables for ``reporting_country`` (ISO alpha-2), ``year`` (None: every year),
    records up to ``as_of``, counting charges and investigations of ``offences``."""

    reporting_country: str
    year: int | None = None
    as_of: date | None = None
    offences: frozenset[Offence] = TRAFFICKING_OFFENCES
    locale: str = "en"

    def __post_init__(self) -> None:
        problems = []
        try:
            get_list("country").parse(self.reporting_country)
        except ValidationFailed:
            problems.append(
                FieldProblem(
                    "reporting_country",
                    "is not an ISO 3166-1 alpha-2 code",
                    value=str(self.reporting_country),
                )
            )
        object.__setattr__(self, "offences", frozenset(Offence.parse(o) for o in self.offences))
        if not self.offences:
            problems.append(FieldProblem("offences", "needs at least one offence"))
        if problems:
            raise ValidationFailed(
                "The GLOTIP specification is invalid: "
                + "; ".join(f"{p.field} {p.reason}" for p in problems)
                + ".",
                problems=problems,
            )


@dataclass(frozen=True)
class GlotipRow:
    code: str
    label: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class GlotipTable:
    """One table: ``rows`` by ``columns``; totals are derived, never stored."""

    key: str
    title: str
    definition: str
    row_title: str
    columns: tuple[str, ...]
    column_labels: tuple[str, ...]
    rows: tuple[GlotipRow, ...]

    @property
    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(col) for col in zip(*(r.counts for r in self.rows), strict=True))

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "definition": self.definition,
            "row_title": self.row_title,
            "columns": [
                {"code": c, "label": lab}
                for c, lab in zip(self.columns, self.column_labels, strict=True)
            ],
            "rows": [
                {
                    "code": r.code,
                    "label": r.label,
                    "counts": dict(zip(self.columns, r.counts, strict=True)),
                    "total": r.total,
                }
                for r in self.rows
            ],
            "column_totals": dict(zip(self.columns, self.column_totals, strict=True)),
            "total": self.total,
        }


@dataclass(frozen=True)
class GlotipResult:
    spec: GlotipSpec
    tables: tuple[GlotipTable, ...] = field(default=())

    def table(self, key: str) -> GlotipTable:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def to_json(self) -> dict[str, Any]:
        spec = self.spec
        return {
            "spec": {
                "reporting_country": spec.reporting_country,
                "year": spec.year,
                "as_of": spec.as_of.isoformat() if spec.as_of else None,
                "offences": sorted(o.code for o in spec.offences),
                "locale": spec.locale,
            },
            "tables": [t.to_json() for t in self.tables],
        }


@dataclass(frozen=True)
class _Person:
    sex: ReportedSex
    age: GlotipAgeGroup
    citizenship: str
    form: GlotipForm | None = None


def glotip_tables(data: JusticeDataset, spec: GlotipSpec) -> GlotipResult:
    """Every questionnaire table of ``data`` under ``spec`` (see the module docstring)."""
    scope = PathScope(offences=spec.offences, as_of=spec.as_of)
    year = spec.year
    country = spec.reporting_country

    def in_year(days: Iterable[date]) -> bool:
        return any(year is None or d.year == year for d in days)

    suspects = suspect_paths(data, scope)
    events: dict[str, Callable[[SuspectPath], Iterable[date]]] = {
        "investigated": lambda p: (i.opened_on for i in p.investigations),
        "prosecuted": lambda p: p.prosecuted_on,
        "convicted": lambda p: p.convicted_on,
    }
    tables: list[GlotipTable] = []
    for event, dates in events.items():
        people = [
            _Person(
                reported_sex(p.suspect.gender),
                age_group(p.suspect.age),
                citizenship_row(p.suspect.citizenship, country),
            )
            for p in suspects
            if in_year(dates(p))
        ]
        tables += _person_tables(event, people, spec, _PERSON_AGE)
    victims = [
        _Person(
            reported_sex(p.victim.gender),
            age_group(p.victim.age),
            citizenship_row(p.victim.citizenship, country),
            glotip_form(p.victim.exploitation, p.victim.sex_exploitation),
        )
        for p in victim_paths(data, scope)
        if in_year([p.victim.identified_on])
    ]
    tables += _person_tables("victims", victims, spec, _VICTIM_AGE)
    loc = spec.locale
    title, definition = _EVENTS["victims"]
    text = f"{_tr(definition, loc)} {_tr(_VICTIM_AGE, loc)}"
    forms = list(GlotipForm)
    form_label = {"en": "Form of exploitation", "fr": "Forme d'exploitation"}
    for key, columns, pick in (
        ("victims_form_sex", list(ReportedSex), lambda v: v.sex),
        ("victims_form_age", list(GlotipAgeGroup), lambda v: v.age),
    ):
        counts = Counter((v.form, pick(v)) for v in victims)
        tables.append(
            _table(key, title, text, form_label, spec, forms, columns, counts, suffix=key[-3:])
        )
    return GlotipResult(spec=spec, tables=tuple(tables))


def _person_tables(
    event: str, people: list[_Person], spec: GlotipSpec, age_note: Text
) -> list[GlotipTable]:
    loc = spec.locale
    title, definition = _EVENTS[event]
    text = f"{_tr(definition, loc)} {_tr(age_note, loc)} {_tr(_RULES, loc)}"
    by_sex_age = Counter((p.sex, p.age) for p in people)
    by_citizenship = Counter((p.citizenship, p.sex) for p in people)
    rows = _citizenship_rows(by_citizenship, spec.reporting_country)
    return [
        _table(
            f"{event}_sex_age",
            title,
            text,
            {"en": "Sex", "fr": "Sexe"},
            spec,
            list(ReportedSex),
            list(GlotipAgeGroup),
            by_sex_age,
            suffix="sex_age",
        ),
        _table(
            f"{event}_citizenship",
            title,
            text,
            {"en": "Citizenship", "fr": "Nationalité"},
            spec,
            rows,
            list(ReportedSex),
            by_citizenship,
            suffix="citizenship",
        ),
    ]


def _citizenship_rows(counts: Counter[tuple[Any, Any]], country: str) -> list[str]:
    """Nationals first, then other citizenships by number of persons, unknown last."""
    totals: Counter[str] = Counter()
    for (row, _), n in counts.items():
        totals[row] += n
    unknown = CitizenshipGroup.unknown.code
    foreign = sorted(
        (r for r in totals if r not in (country, unknown)), key=lambda r: (-totals[r], r)
    )
    return [country, *foreign, *([unknown] if unknown in totals else [])]


_SUFFIX = {
    "sex_age": {"en": "by sex and age group", "fr": "par sexe et groupe d'âge"},
    "citizenship": {"en": "by citizenship and sex", "fr": "par nationalité et sexe"},
    "sex": {"en": "by form of exploitation and sex", "fr": "par forme d'exploitation et sexe"},
    "age": {
        "en": "by form of exploitation and age group",
        "fr": "par forme d'exploitation et groupe d'âge",
    },
}


def _tr(text: Text, locale: str) -> str:
    return text.get(locale.replace("-", "_").split("_")[0], text["en"])


def _label(code: Any, spec: GlotipSpec) -> str:
    if isinstance(code, VocabEnum):
        return code.label(spec.locale)
    if code == CitizenshipGroup.unknown.code:
        return CitizenshipGroup.unknown.label(spec.locale)
    return get_list("country").parse(code).label(spec.locale)


def _table(
    key: str,
    title: Text,
    text: str,
    row_title: Text,
    spec: GlotipSpec,
    rows: Sequence[Any],
    columns: Sequence[Any],
    counts: Counter[Any],
    *,
    suffix: str,
) -> GlotipTable:
    loc = spec.locale
    name = f"{_tr(title, loc)}, {_tr(_SUFFIX[suffix], loc)}"
    if spec.year is not None:
        name += f", {spec.year}"
    return GlotipTable(
        key=key,
        title=name,
        definition=text,
        row_title=_tr(row_title, loc),
        columns=tuple(str(c) for c in columns),
        column_labels=tuple(_label(c, spec) for c in columns),
        rows=tuple(
            GlotipRow(str(r), _label(r, spec), tuple(counts[(r, c)] for c in columns)) for r in rows
        ),
    )
