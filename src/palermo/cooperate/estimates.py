"""Estimates from the store: capture histories from a linkage run's link table.

The lists are agencies (named) or kinds of agency; a person is seen on a list when one
of their cases is that agency's. ``year`` keeps the cases identified in that year (the
lists of a year are the agencies that identified the person that year). Strata (``by``:
sex, citizenship) are the value most of the person's cases give. Nothing is decrypted:
the link table, the cases' agencies and dates, and the victims' gender are enough.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.cooperate.link_runs import LINKERS
from palermo.cooperate.link_table import latest_done_run
from palermo.errors import NotFound, ValidationFailed
from palermo.i18n import msg
from palermo.linkage.records.capture import ESTIMATION_THRESHOLD, SensitivityRow, capture_at
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, Case, CaseCode, LinkageRun, LinkedRecord, Person
from palermo.vocab import LinkRunState

ESTIMATE_READERS = LINKERS | {"admin"}


@dataclass(frozen=True)
class StoreCapture:
    data: Any  # CaptureData, or LongTable with strata
    sensitivity: list[SensitivityRow]
    title: str
    run_id: int
    threshold: float


def _run(session: Session, run_id: int | None) -> LinkageRun:
    run = latest_done_run(session) if run_id is None else session.get(LinkageRun, run_id)
    if run is None or run.state != LinkRunState.done:
        raise NotFound(
            msg("No finished linkage run {id}.", id=run_id)
            if run_id is not None
            else msg("The store has no finished linkage run."),
            hint=msg("Link the store's records first: palermo link run --user NAME."),
        )
    return run


def _records(session: Session, run: LinkageRun, year: int | None, by: list[str]) -> pl.DataFrame:
    stmt = (
        select(Case.id, Agency.name, Agency.type, Person.gender)
        .join(Agency, Agency.id == Case.agency_id)
        .join(Person, Person.id == Case.victim_id)
        .where(
            Case.id.in_(
                select(LinkedRecord.case_id).where(
                    LinkedRecord.run_id == run.id, LinkedRecord.threshold == run.threshold
                )
            )
        )
    )
    if year is not None:
        stmt = stmt.where(extract("year", Case.identified_on) == year)
    rows = session.execute(stmt).all()
    frame = pl.DataFrame(
        {
            "record_id": [str(r[0]) for r in rows],
            "agency_id": [r[1] for r in rows],
            "agency_type": [r[2] for r in rows],
            "prs_Gender": [r[3] for r in rows],
        },
        schema=dict.fromkeys(("record_id", "agency_id", "agency_type", "prs_Gender"), pl.String),
    )
    if "citizenship" in by:
        codes = session.execute(
            select(CaseCode.case_id, CaseCode.code)
            .where(CaseCode.field == "citizenship")
            .order_by(CaseCode.id)
        ).all()
        first: dict[str, str] = {}
        for case_id, code in codes:
            first.setdefault(str(case_id), code)
        frame = frame.with_columns(
            pl.col("record_id").replace_strict(first, default=None).alias("prs_Citizenship")
        )
    return frame


def capture_from_store(
    session: Session,
    *,
    actor: Actor,
    spec: Any,
    run_id: int | None = None,
    year: int | None = None,
    lists: str = "agency",
    by: list[str] | tuple[str, ...] = (),
    threshold: float | None = None,
) -> StoreCapture:
    """Capture data from the latest run (or ``run_id``) and the threshold sensitivity."""
    access.require_role(actor, ESTIMATE_READERS, doing=msg("estimate from linked records"))
    run = _run(session, run_id)
    kept = [float(t) for t, _ in (run.details or {}).get("persons_by_threshold", [])]
    chosen = ESTIMATION_THRESHOLD if threshold is None else threshold
    if chosen not in kept:
        raise ValidationFailed(
            msg(
                "Run {id} kept person keys at the thresholds {kept}, not at {chosen}.",
                id=run.id,
                kept=", ".join(str(t) for t in kept),
                chosen=chosen,
            ),
            hint=msg("Choose one of them with --link-threshold."),
        )
    records = _records(session, run, year, list(by))
    if records.is_empty():
        raise ValidationFailed(
            msg("No linked cases were identified in {year}.", year=year),
            hint=msg("Choose another year, or leave --year out."),
        )
    links = pl.DataFrame(
        session.execute(
            select(LinkedRecord.case_id, LinkedRecord.threshold, LinkedRecord.person_key).where(
                LinkedRecord.run_id == run.id
            )
        ).all(),
        schema={"case_id": pl.Int64, "threshold": pl.Float64, "cluster_id": pl.String},
        orient="row",
    ).with_columns(pl.col("case_id").cast(pl.String).alias("record_id"))
    wanted = records.select("record_id")

    def clusters_at(t: float) -> pl.DataFrame:
        at = links.filter(pl.col("threshold") == t).select("record_id", "cluster_id")
        return at.join(wanted, on="record_id")

    data, rows = capture_at(
        clusters_at,
        records,
        lists=lists,
        by=list(by),
        spec=spec,
        threshold=chosen,
        thresholds=kept,
    )
    audit.record(
        session,
        actor=actor,
        action="estimate",
        entity="linkage_run",
        entity_id=run.id,
        fields=["person_key", "agency_id", *(["identified_on"] if year else []), *by],
    )
    label = f"linkage run {run.id}" + (f", {year}" if year is not None else "")
    return StoreCapture(data, rows, label, run.id, chosen)
