"""Prosecute: follow investigations and trials from identification to verdict, and show
where cases are lost.

This layer is plain Python (no database, no web): frozen records
(:mod:`.records`, :mod:`.trial`, :mod:`.remedies`) gathered in a checked
:class:`JusticeDataset`, and pure computations over it, each a ``...Spec`` in and a
frozen ``...Result`` out:

* :func:`compute_funnel` / :func:`attrition_by`: the attrition funnel of victims and of
  suspects, drop-out reasons, times to verdict, compensation (:mod:`.funnel`);
* :func:`glotip_tables`, :func:`write_glotip_xlsx`: UNODC's questionnaire tables with
  their definitions (:mod:`.glotip`, :mod:`.glotip_export`);
* :func:`suggest_classification`, :func:`case_law_summary`: SHERLOC-style keywords and
  an anonymised case-law summary (:mod:`.sherloc`, :mod:`.caselaw`);
* :func:`load_legal_articles`: the legal article of each offence, per country
  (:mod:`.articles`).

The definitions of every count (who is counted, once or more, in which year) are in
the docstrings of :mod:`.paths`, :mod:`.funnel` and :mod:`.glotip`.
"""

from __future__ import annotations

from palermo.justice.compensation import CompensationTotal, compensation_totals
from palermo.justice.dataset import JusticeDataset
from palermo.justice.funnel import (
    Dimension,
    FunnelBreakdown,
    FunnelResult,
    FunnelSpec,
    attrition_by,
    compute_funnel,
)
from palermo.justice.glotip import GlotipResult, GlotipSpec, GlotipTable, glotip_tables
from palermo.justice.records import Cooperation, Investigation, SuspectRef, VictimRef
from palermo.justice.remedies import (
    Compensation,
    NonPunishmentCase,
    Payment,
    VictimParticipation,
)
from palermo.justice.trial import Appeal, Charge, Hearing, Money, Proceeding, Sentence

__all__ = [
    "Appeal",
    "Charge",
    "Compensation",
    "CompensationTotal",
    "Cooperation",
    "Dimension",
    "FunnelBreakdown",
    "FunnelResult",
    "FunnelSpec",
    "GlotipResult",
    "GlotipSpec",
    "GlotipTable",
    "Hearing",
    "Investigation",
    "JusticeDataset",
    "Money",
    "NonPunishmentCase",
    "Payment",
    "Proceeding",
    "Sentence",
    "SuspectRef",
    "VictimParticipation",
    "VictimRef",
    "attrition_by",
    "compensation_totals",
    "compute_funnel",
    "glotip_tables",
]
