"""Where the SDG / GLOTIP report gets its justice tables from the store.

The justice pillar (:mod:`palermo.justice.services.reporting`) computes UNODC's GLOTIP
tables of persons investigated, prosecuted and convicted from the store's justice records
(investigations, proceedings and verdicts). An installation that records no investigation
answers None, and the report says the justice tables are not included.
``palermo report sdg`` and :func:`palermo.stats.sdg_report.sdg_report` take it from here.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from palermo.justice.glotip import GlotipResult
from palermo.justice.services.reporting import glotip
from palermo.stats.scope import national_actor
from palermo.store.models import JusticeInvestigation


def justice_tables(
    session: Session, *, country: str, year: int, locale: str = "en"
) -> GlotipResult | None:
    """The GLOTIP justice tables of ``year`` from the store, or None while it has none."""
    if not session.scalar(select(exists().where(JusticeInvestigation.id.is_not(None)))):
        return None
    return glotip(
        session,
        actor=national_actor("report-sdg"),
        year=year,
        locale=locale,
        country=country,
    )
