"""The link table: what a finished run keeps (case -> person key), and reading it back.

A run keeps, for every case, its person key at the run's threshold and at each threshold
of the sensitivity analysis (:data:`SENSITIVITY_THRESHOLDS`), so that estimates can be
redone at another threshold without linking again. The run's row gets its counts, the
trained model and the report; links of every earlier run are deleted in the same
transaction, so the store holds one link table, and a failed save leaves the old one.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.linkage.records.histories import SENSITIVITY_THRESHOLDS
from palermo.store import Store, audit
from palermo.store.actor import Actor
from palermo.store.models import LinkageRun, LinkedRecord
from palermo.vocab import LinkRunState

_BATCH = 20_000


def thresholds_kept(threshold: float, floor: float) -> list[float]:
    """The run's threshold and the sensitivity thresholds above the pairs kept."""
    return sorted({threshold, *(t for t in SENSITIVITY_THRESHOLDS if t >= floor)})


def save_run_results(store: Store, *, run_id: int, actor: Actor, result: Any) -> None:
    """Write the link table and the run's figures (``result``: a ``LinkResult``)."""
    from palermo.linkage.records import render_report

    spec = result.spec
    persons_by_threshold = []
    with store.session() as session, audit.acting_as(session, actor):
        session.execute(delete(LinkedRecord).where(LinkedRecord.run_id != run_id))
        for t in thresholds_kept(spec.threshold, spec.pairs_floor):
            keys = result.clusters if t == spec.threshold else result.at_threshold(t)
            persons_by_threshold.append([t, keys["cluster_id"].n_unique()])
            rows = keys.select(
                pl.lit(run_id).alias("run_id"),
                pl.col("record_id").cast(pl.Int64).alias("case_id"),
                pl.lit(t).alias("threshold"),
                pl.col("cluster_id").alias("person_key"),
            ).to_dicts()
            for start in range(0, len(rows), _BATCH):
                session.execute(insert(LinkedRecord), rows[start : start + _BATCH])
        row = session.get(LinkageRun, run_id)
        assert row is not None
        row.state = LinkRunState.done.value
        row.finished_at = clock.utcnow_naive()
        row.records, row.persons = result.records, result.persons
        row.agencies, row.pairs = len(result.agencies), result.pairs.height
        row.comparisons = result.blocking[-1].cumulative if result.blocking else 0
        row.details = {
            "seconds": {k: round(v, 2) for k, v in result.seconds.items()},
            "blocking": [b.__dict__ for b in result.blocking],
            "persons_by_threshold": persons_by_threshold,
        }
        row.model = result.model_json
        row.report_html = render_report(result)
        row.progress = None
        row.steps_done = row.steps_total
        audit.name_change(session, row, "finish")
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="write_links",
            entity="linkage_run",
            entity_id=run_id,
            fields=["case_id", "person_key"],
        )


def latest_done_run(session: Session) -> LinkageRun | None:
    """The newest finished run: the one whose link table is in the store."""
    return session.scalars(
        select(LinkageRun)
        .where(LinkageRun.state == LinkRunState.done.value)
        .order_by(LinkageRun.id.desc())
        .limit(1)
    ).first()


def person_key_of(session: Session, *, run: LinkageRun, case_id: int) -> str | None:
    return session.scalar(
        select(LinkedRecord.person_key).where(
            LinkedRecord.run_id == run.id,
            LinkedRecord.threshold == run.threshold,
            LinkedRecord.case_id == case_id,
        )
    )


def cases_of_person(session: Session, *, run: LinkageRun, person_key: str) -> list[int]:
    return list(
        session.scalars(
            select(LinkedRecord.case_id).where(
                LinkedRecord.run_id == run.id,
                LinkedRecord.threshold == run.threshold,
                LinkedRecord.person_key == person_key,
            )
        )
    )
