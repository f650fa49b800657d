"""An anonymised case-law summary of a decided case, in the structure SHERLOC uses.

SHERLOC shows victims and defendants by initials; this summary goes further and shows
**no names at all**, nor birth dates, documents, exact ages or Palermo's internal
references: defendants and victims are numbered, and described by sex, nationality and
age group only. The facts are a free-text summary written by a person; Palermo refuses
the summary when that text (or any other free text: case reference, courts,
commentary) contains a name, birth date or document number of a person in the case,
which the caller passes in :class:`PersonalIdentifiers` from the decrypted records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from anyascii import anyascii

from palermo.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from palermo.justice.categories import age_group, reported_sex
from palermo.justice.dataset import JusticeDataset
from palermo.justice.sherloc import SherlocClassification
from palermo.justice.trial import Charge, Sentence
from palermo.vocab.justice import ProceedingStage, SherlocKeywordGroup

_MONTHS = (
    "january february march april may june july august september october november december",
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
)


@dataclass(frozen=True)
class PersonalIdentifiers:
    """What must never appear in a summary: the case's people's names (full names or
    their parts of three letters or more), birth dates (in the usual written forms) and
    document numbers (ignoring spaces and dashes)."""

    names: tuple[str, ...] = ()
    birth_dates: tuple[date, ...] = ()
    documents: tuple[str, ...] = ()


def _fold(text: str) -> str:
    return anyascii(text).casefold()


def _date_forms(day: date) -> list[str]:
    forms = [
        day.isoformat(),
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.month:02d}/{day.day:02d}/{day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        f"{day.day:02d}-{day.month:02d}-{day.year}",
    ]
    for months in _MONTHS:
        month = months.split()[day.month - 1]
        forms += [f"{day.day} {month} {day.year}", f"{month} {day.day}, {day.year}"]
    return forms


def find_identifiers(text: str, people: PersonalIdentifiers) -> str | None:
    """What kind of identifier ``text`` contains ("a name", ...), or None. Never the value."""
    folded = _fold(text)
    for name in people.names:
        parts = [_fold(name), *(p for p in re.split(r"[\s\-']+", _fold(name)) if len(p) >= 3)]
        if any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", folded) for p in parts if p):
            return "a name of a person in the case"
    if any(form in folded for day in people.birth_dates for form in _date_forms(day)):
        return "a birth date of a person in the case"
    compact = re.sub(r"[\s\-]", "", folded)
    for document in people.documents:
        doc = re.sub(r"[\s\-]", "", _fold(document))
        if len(doc) >= 4 and doc in compact:
            return "a document number of a person in the case"
    return None


@dataclass(frozen=True)
class CaseLawSummary:
    """The summary; :meth:`to_json` gives it in SHERLOC's order, labelled in ``locale``."""

    country: str
    case_reference: str
    content: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"country": self.country, "case_reference": self.case_reference, **self.content}


def _sentence(sentence: Sentence | None, locale: str) -> dict[str, Any] | None:
    if sentence is None:
        return None
    return {
        "date": sentence.on.isoformat(),
        "kinds": [{"code": k.code, "label": k.label(locale)} for k in sentence.kinds],
        "custody_months": sentence.custody_months,
        "suspended_months": sentence.suspended_months,
        "fine": None
        if sentence.fine is None
        else {"amount": str(sentence.fine.amount), "currency": sentence.fine.currency},
        "confiscated": None
        if sentence.confiscated is None
        else {
            "amount": str(sentence.confiscated.amount),
            "currency": sentence.confiscated.currency,
        },
    }


def _charge(charge: Charge, defendant: int, victims: dict[str, int], locale: str) -> dict[str, Any]:
    return {
        "defendant": defendant,
        "victims": sorted(victims[v] for v in charge.victim_ids if v in victims),
        "offence": {"code": charge.offence.code, "label": charge.offence.label(locale)},
        "article": charge.article,
        "verdict": None
        if charge.verdict is None
        else {"code": charge.verdict.code, "label": charge.verdict.label(locale)},
        "verdict_date": charge.verdict_on.isoformat() if charge.verdict_on else None,
        "sentence": _sentence(charge.sentence, locale),
    }


def case_law_summary(
    data: JusticeDataset,
    *,
    investigation_id: str,
    country: str,
    case_reference: str,
    facts_summary: str,
    classification: SherlocClassification,
    identifiers: PersonalIdentifiers | None = None,
    commentary: str | None = None,
    locale: str = "en",
) -> CaseLawSummary:
    """The anonymised summary of the decided proceedings of ``investigation_id``."""
    inv = data.investigation_by_id.get(investigation_id)
    if inv is None:
        raise NotFound(f"No investigation {investigation_id!r} in these records.")
    procs = [
        p
        for p in data.proceedings_of_investigation.get(investigation_id, ())
        if any(c.verdict is not None for c in p.charges)
    ]
    if not procs:
        raise Conflict(
            f"Investigation {investigation_id!r} has no decision yet to summarise.",
            hint="A case-law summary is written once a court has decided at least one charge.",
        )
    if not facts_summary or not facts_summary.strip():
        raise ValidationFailed(
            "The summary of facts is required; a person writes it.",
            problems=[FieldProblem("facts_summary", "is required")],
        )
    people = identifiers or PersonalIdentifiers()
    free_text = {
        "case_reference": case_reference,
        "facts_summary": facts_summary,
        "commentary": commentary or "",
    }
    free_text.update({f"court of proceedings {i + 1}": p.court for i, p in enumerate(procs)})
    free_text.update(
        {f"appeal court {i + 1}": a.court or "" for i, p in enumerate(procs) for a in p.appeals}
    )
    problems = [
        FieldProblem(field, f"contains {kind}; remove it (summaries name nobody)")
        for field, text in free_text.items()
        if (kind := find_identifiers(text, people))
    ]
    if problems:
        raise ValidationFailed(
            "The summary would identify a person: "
            + "; ".join(f"{p.field} {p.reason}" for p in problems)
            + ".",
            problems=problems,
            hint="Describe people by their role (the first defendant, a victim) instead.",
        )
    victims = {v: i for i, v in enumerate(inv.victim_ids, start=1)}
    decisions, charges, defendants = [], [], []
    for number, proc in enumerate(procs, start=1):
        suspect = data.suspect_by_id[proc.defendant_id]
        defendants.append(_party(number, suspect.gender, suspect.citizenship, suspect.age, locale))
        charges += [_charge(c, number, victims, locale) for c in proc.charges]
        decided = [c.verdict_on for c in proc.charges if c.verdict_on]
        decisions.append(
            {
                "level": ProceedingStage.first_instance.code,
                "court": proc.court,
                "date": max(decided).isoformat(),
                "defendant": number,
                "outcome": sorted({c.verdict.code for c in proc.charges if c.verdict}),
            }
        )
        decisions += [
            {
                "level": ProceedingStage.appeal.code,
                "court": a.court,
                "date": a.decided_on.isoformat(),
                "defendant": number,
                "outcome": [a.outcome.code],
            }
            for a in proc.appeals
            if a.decided_on and a.outcome
        ]
    victim_rows = [
        _party(
            n,
            data.victim_by_id[v].gender,
            data.victim_by_id[v].citizenship,
            data.victim_by_id[v].age,
            locale,
        )
        for v, n in victims.items()
    ]
    keywords = {
        g.code: {
            "label": g.label(locale),
            "keywords": [
                {"code": k.code, "label": k.label(locale)}
                for k in classification.keywords
                if k.group == g
            ],
        }
        for g in SherlocKeywordGroup
        if classification.codes(g)
    }
    content = {
        "type_of_proceedings": sorted({p.kind.code for p in procs}),
        "proceedings": sorted(decisions, key=lambda d: (d["date"], d["defendant"])),
        "defendants": defendants,
        "victims": victim_rows,
        "charges": charges,
        "keywords": keywords,
        "classification": "confirmed" if classification.confirmed_by else "suggested",
        "inclusion": {
            "meets_palermo_definition": classification.meets_definition,
            "missing": [g.code for g in classification.missing],
        },
        "facts_summary": facts_summary.strip(),
        "commentary": commentary.strip() if commentary else None,
    }
    return CaseLawSummary(country=country, case_reference=case_reference.strip(), content=content)


def _party(
    number: int, gender: str | None, citizenship: tuple[str, ...], age: int | None, locale: str
) -> dict[str, Any]:
    sex, group = reported_sex(gender), age_group(age)
    return {
        "number": number,
        "sex": {"code": sex.code, "label": sex.label(locale)},
        "nationality": list(citizenship),
        "age_group": {"code": group.code, "label": group.label(locale)},
    }
