"""Where the SDG / GLOTIP report gets its justice tables from the store.

The justice pillar's analytic core (:mod:`palermo.justice`) computes the GLOTIP tables of
persons investigated, prosecuted and convicted from a :class:`palermo.justice.JusticeDataset`;
its store part (investigations, proceedings and verdicts as rows) is being built now. Until
it lands this answers None, and the report says the justice tables are not included.

To connect it: build the ``JusticeDataset`` of the store's justice records here and return
``glotip_tables(dataset, GlotipSpec(reporting_country=country, year=year, locale=locale))``.
``palermo report sdg`` and :func:`palermo.stats.sdg_report.sdg_report` take it from here.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from palermo.justice.glotip import GlotipResult


def justice_tables(
    session: Session, *, country: str, year: int, locale: str = "en"
) -> GlotipResult | None:
    """The GLOTIP justice tables of ``year`` from the store, or None while it has none."""
    del session, country, year, locale  # read once the justice store part exists
    return None
