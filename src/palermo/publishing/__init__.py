"""Know: statistics that cannot re-identify anyone (differential privacy on OpenDP).

Input is person-level data in the CTDC column layout (:mod:`.layout`), one row per
de-duplicated person: :func:`ctdc_rows` builds it from HTCDS-shaped records and a person
key. From it:

* :func:`release_tables` / :func:`publish_tables`: noisy cross-tables of one registration
  year with a 95% margin beside each cell and small noisy counts suppressed;
* :func:`synthesize` / :func:`publish_synthetic`: synthetic CTDC rows by MST, fitted with
  Private-PGM; :func:`utility_report` measures how much structure they keep;
* :class:`FileLedger`: the privacy budget per dataset and year (default epsilon 2), which
  refuses an over-budget release with :class:`BudgetExceeded`;
* :func:`read_population` and :func:`victims_per_100k`: SDG indicator 16.2.2.

Every release is pure epsilon-DP with the person as the unit (see :mod:`.mechanisms`).
This package imports neither the database nor the web layer: use it from a notebook.
"""

from __future__ import annotations

from palermo.publishing.convert import ctdc_rows
from palermo.publishing.differencing import (
    differencing_attack,
    exact_suppressed_table,
    guessing_bound,
)
from palermo.publishing.layout import Layout, read_ctdc, validate_frame
from palermo.publishing.ledger import (
    DEFAULT_BUDGET,
    BudgetExceeded,
    Charge,
    FileLedger,
    PrivacyLedger,
)
from palermo.publishing.release import Published, publish_synthetic, publish_tables
from palermo.publishing.sdg import SDG_TABLES, Population, read_population, victims_per_100k
from palermo.publishing.synthetic import SyntheticResult, SyntheticSpec, synthesize
from palermo.publishing.tables import DEFAULT_TABLES, TablesResult, TablesSpec, release_tables
from palermo.publishing.utility import UtilityResult, UtilitySpec, utility_report

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_TABLES",
    "SDG_TABLES",
    "BudgetExceeded",
    "Charge",
    "FileLedger",
    "Layout",
    "Population",
    "PrivacyLedger",
    "Published",
    "SyntheticResult",
    "SyntheticSpec",
    "TablesResult",
    "TablesSpec",
    "UtilityResult",
    "UtilitySpec",
    "ctdc_rows",
    "differencing_attack",
    "exact_suppressed_table",
    "guessing_bound",
    "publish_synthetic",
    "publish_tables",
    "read_ctdc",
    "read_population",
    "release_tables",
    "synthesize",
    "utility_report",
    "validate_frame",
    "victims_per_100k",
]
