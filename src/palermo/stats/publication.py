"""Safe publication from the store: the CTDC layout built from the cases, then the
differentially private releases of :mod:`palermo.publishing`, charged to the store's ledger.

The privacy unit is the person: cases are brought together by the latest linkage run's
person key (:func:`palermo.stats.linkage_keys.latest_person_keys`). Without a run each
case is taken as a person of its own, which *understates* the protection for a person
known to several agencies (their cases can add up to several units): the release's
manifest says which unit it used, and publishing without a run is a choice the
publisher makes knowingly (``allow_records``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.errors import Conflict, ValidationFailed
from palermo.i18n import msg
from palermo.publishing import (
    Layout,
    Population,
    PrivacyLedger,
    Published,
    SyntheticResult,
    SyntheticSpec,
    TablesSpec,
    ctdc_rows,
    publish_synthetic,
    publish_tables,
)
from palermo.stats.counting import PersonKeys, Unit, unit_of
from palermo.stats.linkage_keys import latest_person_keys
from palermo.stats.privacy_ledger import StoreLedger
from palermo.stats.records import victim_records
from palermo.stats.scope import PUBLISHERS
from palermo.store import Store, audit
from palermo.store.actor import Actor

DATASET = "palermo"  # ledger account of releases from this installation's store
_KEY = "person_key"


def _htcds(records: pl.DataFrame, keys: PersonKeys | None) -> pl.DataFrame:
    """The records as the HTCDS fields :func:`palermo.publishing.ctdc_rows` reads."""
    mapping = dict(keys.keys) if keys is not None else {}
    return records.select(
        pl.col("case_id")
        .map_elements(lambda c: mapping.get(c) or f"case:{c}", return_dtype=pl.String)
        .alias(_KEY),
        pl.col("year").alias("plm_IdentificationYear"),
        pl.col("gender").alias("prs_Gender"),
        pl.col("age").alias("vic_AgeWhenTrafficked"),
        pl.col("citizenships").alias("prs_Citizenship"),
        pl.col("destination").alias("hte_Country__Exploitation"),
        pl.col("relationship").alias("vic_RelationshipToTrafficker"),
        pl.col("industry").alias("vic_ForcedLabourIndustry"),
        pl.col("forms").alias("vic_TypeOfExploitation"),
        pl.col("control").alias("vic_MethodsOfControl"),
        pl.col("sex_forms").alias("vic_TypeOfSexExploitation"),
        pl.col("recruitment").alias("vic_MethodOfRecruitment"),
    )


def ctdc_from_store(
    session: Session,
    *,
    actor: Actor,
    years: tuple[int, int],
    person_keys: PersonKeys | None = None,
) -> tuple[pl.DataFrame, Unit]:
    """One CTDC row per person first identified in ``years`` (all agencies), and the unit.

    Every case is read (so a person's first year is known even when it falls before
    ``years``); only persons whose first year is in ``years`` are returned.
    """
    access.require_role(actor, PUBLISHERS, doing=msg("publish national statistics"))
    keys = person_keys if person_keys is not None else latest_person_keys(session)
    records = victim_records(session)
    audit.record(
        session,
        actor=actor,
        action="read",
        entity="national_statistics",
        entity_id=None,
        fields=["ctdc_rows", f"years:{years[0]}-{years[1]}"],
    )
    unit = unit_of(keys)
    if records.height == 0:
        return pl.DataFrame(schema=dict.fromkeys(Layout(years).names, pl.String)), unit
    span = (min(int(records["year"].min()), years[0]), max(int(records["year"].max()), years[1]))  # type: ignore[arg-type]
    rows = ctdc_rows(_htcds(records, keys), person_key=_KEY, layout=Layout(span))
    first, last = years
    kept = rows.filter(pl.col("yearOfRegistration").cast(pl.Int64).is_between(first, last))
    return kept.select(Layout(years).names), unit


def _refuse_records(unit: Unit, allow_records: bool) -> None:
    if not unit.deduplicated and not allow_records:
        raise Conflict(
            msg(
                "No linkage run yet: a person known to several agencies would count as "
                "several persons, and the privacy guarantee would be weaker for them."
            ),
            hint=msg(
                "Run linkage first, or publish knowingly with --allow-records (the manifest "
                "then says the unit is a case record)."
            ),
        )


def _about(unit: Unit) -> dict[str, str]:
    return {"source": "Palermo store", "unit": unit.code, "unit_label": str(unit.label)}


def publish_tables_from_store(
    store: Store,
    *,
    actor: Actor,
    spec: TablesSpec,
    out: Path,
    dataset: str = DATASET,
    default_budget: float | None = None,
    population: Population | None = None,
    allow_records: bool = False,
    person_keys: PersonKeys | None = None,
    ledger: PrivacyLedger | None = None,
) -> Published:
    """DP tables of ``spec.year`` from the store, charged to the store's ledger (or to
    ``ledger``)."""
    if spec.years != (spec.year, spec.year):
        raise ValidationFailed(msg("A release from the store covers its own year only."))
    with store.session() as session:
        frame, unit = ctdc_from_store(
            session, actor=actor, years=spec.years, person_keys=person_keys
        )
    _refuse_records(unit, allow_records)
    ledger = ledger or _ledger(store, actor, default_budget)
    return publish_tables(
        frame,
        spec,
        ledger=ledger,
        dataset=dataset,
        out=out,
        population=population,
        about=_about(unit),
    )


def publish_synthetic_from_store(
    store: Store,
    *,
    actor: Actor,
    spec: SyntheticSpec,
    out: Path,
    dataset: str = DATASET,
    default_budget: float | None = None,
    allow_records: bool = False,
    person_keys: PersonKeys | None = None,
    ledger: PrivacyLedger | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[Published, SyntheticResult, pl.DataFrame]:
    """DP synthetic CTDC rows of ``spec.years`` from the store (and the real rows, for the
    publisher's own utility report, which is never published)."""
    with store.session() as session:
        frame, unit = ctdc_from_store(
            session, actor=actor, years=spec.years, person_keys=person_keys
        )
    _refuse_records(unit, allow_records)
    ledger = ledger or _ledger(store, actor, default_budget)
    published, result = publish_synthetic(
        frame,
        spec,
        ledger=ledger,
        dataset=dataset,
        out=out,
        progress=progress,
        about=_about(unit),
    )
    return published, result, frame


def _ledger(store: Store, actor: Actor, default_budget: float | None) -> StoreLedger:
    if default_budget is None:
        return StoreLedger(store, actor=actor)
    return StoreLedger(store, actor=actor, default_budget=default_budget)
