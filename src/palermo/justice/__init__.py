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
  (:mod:`.articles`);
* :func:`public_trial_view`, :func:`hearings_due`, :func:`overdue_compensation`: what a
  trial monitor may see, and the work queues (:mod:`.monitoring`).

The definitions of every count (who is counted, once or more, in which year) are in
the docstrings of :mod:`.paths`, :mod:`.funnel` and :mod:`.glotip`.
"""

from __future__ import annotations

from palermo.justice.articles import LegalArticle, LegalArticles, load_legal_articles
from palermo.justice.caselaw import CaseLawSummary, PersonalIdentifiers, case_law_summary
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
from palermo.justice.glotip_export import glotip_json, write_glotip_xlsx
from palermo.justice.monitoring import (
    PublicTrialView,
    hearings_due,
    overdue_compensation,
    public_trial_view,
)
from palermo.justice.records import Cooperation, Investigation, SuspectRef, VictimRef
from palermo.justice.remedies import (
    Compensation,
    NonPunishmentCase,
    Payment,
    VictimParticipation,
)
from palermo.justice.sherloc import (
    SherlocClassification,
    confirm_classification,
    suggest_classification,
)
from palermo.justice.trial import Appeal, Charge, Hearing, Money, Proceeding, Sentence

__all__ = [
    "Appeal",
    "CaseLawSummary",
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
    "LegalArticle",
    "LegalArticles",
    "Money",
    "NonPunishmentCase",
    "Payment",
    "PersonalIdentifiers",
    "Proceeding",
    "PublicTrialView",
    "Sentence",
    "SherlocClassification",
    "SuspectRef",
    "VictimParticipation",
    "VictimRef",
    "attrition_by",
    "case_law_summary",
    "compensation_totals",
    "compute_funnel",
    "confirm_classification",
    "glotip_json",
    "glotip_tables",
    "hearings_due",
    "load_legal_articles",
    "overdue_compensation",
    "public_trial_view",
    "suggest_classification",
    "write_glotip_xlsx",
]
