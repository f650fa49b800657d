"""The attrition funnel and UNODC's GLOTIP tables, computed from the store.

Aggregates only: analysts may read them, as every justice and case worker may. The
national figures count every agency's records; an agency's funnel follows the victims it
identified and the suspects its investigations named (``FunnelSpec.agency_id``). The
definitions of every count are those of :mod:`palermo.justice.funnel` and
:mod:`palermo.justice.glotip`; each report is audited as a read of aggregates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.justice.dataset import JusticeDataset
from palermo.justice.funnel import (
    Dimension,
    FunnelBreakdown,
    FunnelResult,
    FunnelSpec,
    attrition_by,
    compute_funnel,
)
from palermo.justice.glotip import GlotipResult, GlotipSpec, glotip_tables
from palermo.justice.glotip_export import write_glotip_xlsx
from palermo.justice.services.loader import DatasetScope, load_dataset
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency


def reporting_country(session: Session, actor: Actor) -> str:
    """The actor's agency's country; for a system job, the country most agencies are in."""
    if actor.agency_id is not None:
        country = session.scalar(select(Agency.country).where(Agency.id == actor.agency_id))
        if country:
            return country
    counts = Counter(session.scalars(select(Agency.country)))
    if not counts:
        raise ValidationFailed(
            msg("There is no agency yet, so no reporting country."),
            problems=[FieldProblem("country", msg("no agency in the store"))],
            hint=msg("Give the reporting country (an ISO 3166-1 alpha-2 code)."),
        )
    return counts.most_common(1)[0][0]


def _year(year: int | None) -> int | None:
    if year is not None and not 1950 <= year <= 2200:
        raise ValidationFailed(
            msg("The year {year} is out of range.", year=year),
            problems=[FieldProblem("year", msg("must be a year such as 2024"), value=str(year))],
        )
    return year


@dataclass(frozen=True)
class AttritionReport:
    """The national funnel and, for an agency's user, the agency's own; with breakdowns
    of the national funnel by form of exploitation, sex and citizenship."""

    year: int | None
    as_of: date
    country: str
    national: FunnelResult
    agency: FunnelResult | None
    breakdowns: tuple[FunnelBreakdown, ...]


def attrition_json(result: FunnelResult) -> dict[str, Any]:
    """The funnel as the CLI and API give it: victims and suspects first, in funnel order."""
    data = result.to_json()
    return {"victims": data.pop("victims"), "suspects": data.pop("suspects"), **data}


def _dataset(session: Session, actor: Actor) -> JusticeDataset:
    return load_dataset(session, actor=actor, scope=DatasetScope.national)


def attrition(
    session: Session,
    *,
    actor: Actor,
    year: int | None = None,
    as_of: date | None = None,
    breakdowns: bool = True,
    unpaid_after_days: int = 180,
) -> AttritionReport:
    """The funnel of the victims identified in ``year`` (every year when None) and of the
    suspects first named that year, followed to ``as_of`` (today)."""
    as_of = as_of or clock.today()
    country = reporting_country(session, actor)
    data = _dataset(session, actor)
    spec = FunnelSpec(
        year=_year(year),
        as_of=as_of,
        reporting_country=country,
        unpaid_after_days=unpaid_after_days,
    )
    national = compute_funnel(data, spec)
    agency = None
    if actor.agency_id is not None:
        agency = compute_funnel(
            data,
            FunnelSpec(
                year=year,
                as_of=as_of,
                agency_id=str(actor.agency_id),
                reporting_country=country,
                unpaid_after_days=unpaid_after_days,
            ),
        )
    groups: tuple[FunnelBreakdown, ...] = ()
    if breakdowns:
        groups = tuple(
            attrition_by(data, spec, by=by)
            for by in (Dimension.form, Dimension.sex, Dimension.citizenship)
        )
    audit.record(
        session,
        actor=actor,
        action="report",
        entity="justice_report",
        entity_id=None,
        fields=["attrition"],
    )
    return AttritionReport(year, as_of, country, national, agency, groups)


def glotip(
    session: Session,
    *,
    actor: Actor,
    year: int | None = None,
    as_of: date | None = None,
    locale: str = "en",
    country: str | None = None,
) -> GlotipResult:
    """UNODC's questionnaire tables of the national records."""
    spec = GlotipSpec(
        reporting_country=country or reporting_country(session, actor),
        year=_year(year),
        as_of=as_of or clock.today(),
        locale=locale,
    )
    result = glotip_tables(_dataset(session, actor), spec)
    audit.record(
        session,
        actor=actor,
        action="report",
        entity="justice_report",
        entity_id=None,
        fields=["glotip"],
    )
    return result


def write_glotip(
    session: Session,
    *,
    actor: Actor,
    path: Path,
    year: int | None = None,
    as_of: date | None = None,
    locale: str = "en",
    country: str | None = None,
) -> tuple[Path, GlotipResult]:
    """The tables as an XLSX workbook at ``path`` (one sheet per table, with definitions)."""
    result = glotip(session, actor=actor, year=year, as_of=as_of, locale=locale, country=country)
    return write_glotip_xlsx(result, path), result
