"""The UNODC GLOTIP / SDG 16.2.2 report from the store: victims detected per 100,000
population by sex, age band and form of exploitation, as XLSX and HTML.

Counts come from the cases of every agency (persons when a linkage run exists, records
otherwise, and the report says which), for the persons first identified in the year.
Two ways to count:

* **exact** (default, for the national questionnaire): exact counts under the small-cell
  rule of :mod:`palermo.stats.disclosure`; a hidden count gives no rate;
* **differentially private** (``epsilon``): the same tables released through
  :func:`palermo.publishing.release_tables` and charged to the store's privacy ledger,
  each rate with its margin (for a report that will be published).

Population denominators are the user's WPP-layout CSV
(:func:`palermo.publishing.read_population`). The GLOTIP justice tables (persons
investigated, prosecuted, convicted) join through ``justice``: see
:mod:`palermo.stats.justice_source`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from palermo.i18n import msg
from palermo.justice.glotip import GlotipResult
from palermo.publishing import SDG_TABLES, Population, TablesSpec, release_tables
from palermo.publishing.sdg import rates_from_counts
from palermo.stats.counting import PersonKeys, Unit, count
from palermo.stats.dashboard import codes
from palermo.stats.disclosure import DEFAULT_K, protect, rule_text
from palermo.stats.linkage_keys import latest_person_keys
from palermo.stats.privacy_ledger import StoreLedger
from palermo.stats.publication import DATASET, ctdc_from_store
from palermo.stats.records import victim_records
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.vocab import AgeBand

_SEXES = ("Feminine", "Masculine")


@dataclass(frozen=True)
class SdgReport:
    country: str
    year: int
    unit: Unit
    method: str
    rule: str | None  # the small-cell rule (exact counts only)
    epsilon: float | None
    rates: pl.DataFrame  # see palermo.publishing.sdg.rates_from_counts
    population_total: float
    justice: GlotipResult | None


def _grid(dims: tuple[str, ...]) -> pl.DataFrame:
    values = {"gender": list(_SEXES), "ageBroad": [b.code for b in AgeBand]}
    values["form"] = codes("type_of_exploitation")
    frame = pl.DataFrame({dims[0]: values[dims[0]]})
    for dim in dims[1:]:
        frame = frame.join(pl.DataFrame({dim: values[dim]}), how="cross")
    return frame


def _exact_tables(
    records: pl.DataFrame, year: int, keys: PersonKeys | None, k: int
) -> dict[tuple[str, ...], pl.DataFrame]:
    """Exact counts of the SDG tables, every cell present, small ones hidden (null)."""
    names = {"gender": "gender", "ageBroad": "age_band", "form": "forms"}
    total = count(records, by=[], person_keys=keys).total
    out: dict[tuple[str, ...], pl.DataFrame] = {
        ("yearOfRegistration",): pl.DataFrame(
            {
                "yearOfRegistration": [str(year)],
                "count": [None if 0 < total < k else total],
                "margin": [0.0],
            },
            schema={"yearOfRegistration": pl.String, "count": pl.Int64, "margin": pl.Float64},
        )
    }
    for dims in SDG_TABLES[1:]:
        counted = count(records, by=[names[d] for d in dims], person_keys=keys).frame
        counted = counted.rename({names[d]: d for d in dims})
        grid = _grid(dims).join(counted, on=list(dims), how="left").fill_null(0)
        grid = grid.sort(list(dims))
        values = grid["count"].to_numpy()
        # gender x age band (x form): protect each sex's age column per form slice.
        matrix = (
            values.reshape(-1, len(AgeBand))
            if len(dims) == 2
            else values.reshape(len(_SEXES), len(AgeBand), -1)
            .transpose(0, 2, 1)
            .reshape(-1, len(AgeBand))
        )
        hidden = protect(matrix, k=k).hidden
        if len(dims) == 3:
            hidden = hidden.reshape(len(_SEXES), -1, len(AgeBand)).transpose(0, 2, 1).ravel()
        grid = grid.with_columns(
            pl.when(pl.Series(np.ravel(hidden)))
            .then(None)
            .otherwise(pl.col("count"))
            .alias("count"),
            pl.lit(0.0).alias("margin"),
        )
        out[dims] = grid
    return out


def sdg_report(
    store: Store,
    *,
    actor: Actor,
    year: int,
    population: Population,
    epsilon: float | None = None,
    k: int = DEFAULT_K,
    person_keys: PersonKeys | None = None,
    justice: GlotipResult | None = None,
) -> SdgReport:
    """The SDG 16.2.2 rates of ``year`` for ``population.country`` (every agency's cases)."""
    with store.session() as session:
        keys = person_keys if person_keys is not None else latest_person_keys(session)
        frame, unit = ctdc_from_store(session, actor=actor, years=(year, year), person_keys=keys)
        records = _first_year_records(session, year, keys) if epsilon is None else None
    if epsilon is None:
        assert records is not None
        tables = _exact_tables(records, year, keys, k)
        method = msg("Exact counts, small counts hidden.")
        rule: str | None = rule_text(k)
    else:
        spec = TablesSpec(year=year, epsilon=epsilon, years=(year, year), tables=SDG_TABLES)
        ledger = StoreLedger(store, actor=actor)
        ledger.check(dataset=DATASET, years=[year], epsilon=epsilon)
        release = release_tables(frame, spec)
        ledger.charge(dataset=DATASET, years=[year], epsilon=epsilon, release="sdg 16.2.2 report")
        tables = {t.dimensions: t.frame for t in release.tables}
        method = msg(
            "Differentially private counts (epsilon {epsilon}), each with its 95% margin.",
            epsilon=epsilon,
        )
        rule = None
    rates = rates_from_counts(tables, year=year, population=population)
    return SdgReport(
        population.country,
        year,
        unit,
        method,
        rule,
        epsilon,
        rates,
        float(population.frame["total"].sum()),
        justice,
    )


def _first_year_records(session: Session, year: int, keys: PersonKeys | None) -> pl.DataFrame:
    """Records of the persons first identified in ``year`` (all their records)."""
    records = victim_records(session)
    if keys is None:
        return records.filter(pl.col("year") == year)
    mapping = dict(keys.keys)
    first: dict[str, int] = {}
    for case_id, y in records.select("case_id", "year").iter_rows():
        person = mapping.get(case_id, f"case:{case_id}")
        first[person] = min(y, first.get(person, y))
    wanted = [c for c in records["case_id"].to_list() if first[mapping.get(c, f"case:{c}")] == year]
    return records.filter(pl.col("case_id").is_in(wanted))
