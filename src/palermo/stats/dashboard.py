"""The national dashboard: victims identified, by year, sex, age band, form, citizenship
and recruitment method, per agency and national; flows; maps; the trend and its estimate.

Aggregates only: every figure is a count of a cell under the small-cell rule
(:mod:`palermo.stats.disclosure`); no page built from this shows a record. Reading the
dashboard is audited (one entry, entity ``national_statistics``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.stats.counting import Counted, PersonKeys, Unit, count, unit_of
from palermo.stats.disclosure import DEFAULT_K, rule_text
from palermo.stats.labels import OTHER_AGENCIES
from palermo.stats.linkage_keys import latest_person_keys
from palermo.stats.records import victim_records
from palermo.stats.sankey import DIRECT, UNKNOWN, Sankey, layout
from palermo.stats.scope import StatsScope, stats_scope
from palermo.stats.tables import StatTable, one_way, two_way
from palermo.stats.trends import Trend, yearly_trend
from palermo.stats.worldmap import Shape, world_map
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency
from palermo.vocab import AgeBand, get_list

YEARS_SHOWN = 5
MAX_YEARS = 30


@dataclass(frozen=True)
class WorldMap:
    key: str
    title: str
    shapes: tuple[Shape, ...]
    table: StatTable


@dataclass(frozen=True)
class Dashboard:
    scope: StatsScope
    years: tuple[int, int]
    unit: Unit
    k: int
    rule: str
    total: StatTable
    tables: tuple[StatTable, ...]
    by_agency: StatTable
    trend: Trend
    flows: Sankey
    maps: tuple[WorldMap, ...]
    agencies: dict[int, str]  # the agencies this reader may see named


def period(year_from: int | None, year_to: int | None) -> tuple[int, int]:
    """The years asked for; by default the last five up to this year."""
    last = year_to or clock.today().year
    first = year_from or last - YEARS_SHOWN + 1
    if first > last or last - first >= MAX_YEARS:
        raise ValidationFailed(
            msg(
                "The years {first}-{last} are not a range of 1 to 30 years.", first=first, last=last
            ),
            problems=[FieldProblem("year_from", msg("not a range of 1 to 30 years"))],
            hint=msg("Give a first year on or before the last."),
        )
    return first, last


def codes(list_name: str) -> list[str]:
    return [m.code for m in get_list(list_name) if not m.deprecated]


def _agency_rows(records: pl.DataFrame, scope: StatsScope) -> pl.DataFrame:
    """Agency ids the reader may not see named become one "other agencies" group."""
    if scope.named is None:
        return records.with_columns(pl.col("agency_id").cast(pl.String))
    named = [str(a) for a in scope.named]
    return records.with_columns(
        pl.when(pl.col("agency_id").cast(pl.String).is_in(named))
        .then(pl.col("agency_id").cast(pl.String))
        .otherwise(pl.lit(OTHER_AGENCIES))
        .alias("agency_id")
    )


def _flow_paths(counted: Counted) -> dict[tuple[str, str, str], int]:
    paths: dict[tuple[str, str, str], int] = defaultdict(int)
    for origin, transit, destination, n in counted.frame.iter_rows():
        paths[(origin or UNKNOWN, transit or DIRECT, destination or UNKNOWN)] += n
    return dict(paths)


def _map(
    records: pl.DataFrame, column: str, title: str, keys: PersonKeys | None, k: int
) -> WorldMap:
    counted = count(records, by=[column], person_keys=keys)
    table = one_way(counted, key=f"map-{column}", title=title, dimension="country", k=k)
    counts = {r.code: r.total.count for r in table.rows if r.code}
    hidden = {r.code: r.total.hidden for r in table.rows if r.code}
    return WorldMap(f"map-{column}", title, world_map(counts, hidden), table)


def national_dashboard(
    session: Session,
    *,
    actor: Actor,
    year_from: int | None = None,
    year_to: int | None = None,
    person_keys: PersonKeys | None = None,
    k: int = DEFAULT_K,
) -> Dashboard:
    """The dashboard of ``actor``'s scope for the years asked for.

    ``person_keys`` defaults to the latest linkage run's (none yet: record counts).
    """
    scope = stats_scope(actor)
    years = period(year_from, year_to)
    keys = person_keys if person_keys is not None else latest_person_keys(session)
    records = victim_records(session, agencies=scope.agencies, years=years)
    unit = unit_of(keys)
    bands = [b.code for b in AgeBand]
    one = [
        ("gender", msg("By sex"), "gender", codes("gender")),
        ("age_band", msg("By age band (age when trafficked)"), "age_band", bands),
        (
            "forms",
            msg("By form of exploitation"),
            "type_of_exploitation",
            codes("type_of_exploitation"),
        ),
        ("citizenship", msg("By citizenship"), "country", None),
        (
            "recruitment",
            msg("By recruitment method"),
            "method_of_recruitment",
            codes("method_of_recruitment"),
        ),
    ]
    tables = tuple(
        one_way(
            count(records, by=[column], person_keys=keys),
            key=f"by-{column}",
            title=title,
            dimension=dimension,
            order=order,
            k=k,
        )
        for column, title, dimension, order in one
    )
    total = _by_year(records, years, keys, k)
    per_agency = _agency_rows(records, scope)
    agency_counted = count(
        per_agency.with_columns(pl.col("year").cast(pl.String)),
        by=["agency_id", "year"],
        person_keys=keys,
        within=["agency_id"],
    )
    by_agency = two_way(
        agency_counted,
        key="by-agency",
        title=msg("Per agency and year"),
        dimension="agency",
        column_dimension="year",
        column_order=[str(y) for y in range(years[0], years[1] + 1)],
        column_totals={str(y): n for y, n in _year_counts(records, keys).items()},
        k=k,
    )
    flow_counted = count(records, by=["origin", "transit", "destination"], person_keys=keys)
    flows = layout(_flow_paths(flow_counted), k=k)
    maps = (
        _map(records, "origin", msg("Countries of origin"), keys, k),
        _map(records, "destination", msg("Countries of exploitation"), keys, k),
    )
    trend = yearly_trend(records, years=years, person_keys=keys, national=scope.national)
    agencies = {
        a.id: a.name
        for a in session.scalars(select(Agency).order_by(Agency.name))
        if scope.names(a.id)
    }
    audit.record(
        session,
        actor=actor,
        action="read",
        entity="national_statistics",
        entity_id=None,
        fields=["dashboard", f"years:{years[0]}-{years[1]}"],
    )
    return Dashboard(
        scope, years, unit, k, rule_text(k), total, tables, by_agency, trend, flows, maps, agencies
    )


def _year_counts(records: pl.DataFrame, keys: PersonKeys | None) -> dict[int, int]:
    counted = count(records, by=["year"], person_keys=keys)
    return dict(counted.frame.iter_rows())


def _by_year(
    records: pl.DataFrame, years: tuple[int, int], keys: PersonKeys | None, k: int
) -> StatTable:
    counted = count(
        records.with_columns(pl.col("year").cast(pl.String)), by=["year"], person_keys=keys
    )
    return one_way(
        counted,
        key="by-year",
        title=msg("By year identified"),
        dimension="year",
        order=[str(y) for y in range(years[0], years[1] + 1)],
        k=k,
    )
