"""Causes and risk factors: vulnerabilities, recruitment methods and forms of exploitation,
cross-tabulated by sex and by age band.

Vulnerabilities are what screeners heard (the latest screening of each case: which
situations the recruiter or exploiter took advantage of); recruitment methods and forms
are the case's HTCDS codes. A person with two codes counts in two rows; a column total
counts each person once. Every cell is under the small-cell rule of
:mod:`palermo.stats.disclosure` (threshold ``k`` with complementary suppression).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from palermo.i18n import msg
from palermo.screening.instruments import fact_vocabulary
from palermo.stats.counting import PersonKeys, Unit, count, unit_of
from palermo.stats.dashboard import codes, period
from palermo.stats.disclosure import DEFAULT_K, rule_text, shown
from palermo.stats.linkage_keys import latest_person_keys
from palermo.stats.records import victim_records
from palermo.stats.scope import StatsScope, stats_scope
from palermo.stats.tables import StatTable, two_way
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.vocab import AgeBand

ROWS = (
    ("vulnerabilities", "vulnerability", msg("Vulnerabilities taken advantage of")),
    ("recruitment", "method_of_recruitment", msg("Recruitment methods")),
    ("forms", "type_of_exploitation", msg("Forms of exploitation")),
)
COLUMNS = (
    ("gender", "gender", msg("by sex")),
    ("age_band", "age_band", msg("by age band")),
)


@dataclass(frozen=True)
class CausesReport:
    scope: StatsScope
    years: tuple[int, int]
    unit: Unit
    k: int
    rule: str
    tables: tuple[StatTable, ...]
    # Records whose latest screening named vulnerabilities (the rule applies here too).
    screened: str


def _orders() -> dict[str, list[str]]:
    return {
        "vulnerabilities": list(fact_vocabulary().by_name()["vulnerabilities"].codes),
        "recruitment": codes("method_of_recruitment"),
        "forms": codes("type_of_exploitation"),
        "gender": codes("gender"),
        "age_band": [b.code for b in AgeBand],
    }


def risk_factors(
    session: Session,
    *,
    actor: Actor,
    year_from: int | None = None,
    year_to: int | None = None,
    person_keys: PersonKeys | None = None,
    k: int = DEFAULT_K,
) -> CausesReport:
    """The six cross-tables of the actor's scope for the years asked for."""
    scope = stats_scope(actor)
    years = period(year_from, year_to)
    keys = person_keys if person_keys is not None else latest_person_keys(session)
    records = victim_records(session, agencies=scope.agencies, years=years, vulnerabilities=True)
    orders = _orders()
    tables = []
    for row, row_dim, row_title in ROWS:
        per_row = dict(count(records, by=[row], person_keys=keys).frame.iter_rows())
        for column, column_dim, column_title in COLUMNS:
            per_column = dict(count(records, by=[column], person_keys=keys).frame.iter_rows())
            counted = count(records, by=[row, column], person_keys=keys)
            tables.append(
                two_way(
                    counted,
                    key=f"{row}-by-{column}",
                    title=msg("{rows}, {columns}", rows=row_title, columns=column_title),
                    dimension=row_dim,
                    column_dimension=column_dim,
                    row_order=orders[row],
                    column_order=orders[column],
                    row_totals=per_row,
                    column_totals=per_column,
                    k=k,
                )
            )
    heard = int(records.filter(records["vulnerabilities"].list.len() > 0).height)
    screened = shown(heard, 0 < heard < k, k)
    audit.record(
        session,
        actor=actor,
        action="read",
        entity="national_statistics",
        entity_id=None,
        fields=["risk_factors", f"years:{years[0]}-{years[1]}"],
    )
    return CausesReport(scope, years, unit_of(keys), k, rule_text(k), tuple(tables), screened)
