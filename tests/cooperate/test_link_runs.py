"""Linkage runs on the store: who starts them, what they keep, what they tell whom."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest
from sqlalchemy import func, select

from palermo.cooperate.known_to import also_known_to
from palermo.cooperate.link_runs import (
    link_run_report,
    read_link_run,
    run_link_job,
    start_link_run,
)
from palermo.errors import Conflict, PermissionDenied, ValidationFailed
from palermo.linkage.records import score_clusters
from palermo.store import Store
from palermo.store.models import AuditEntry, Case, LinkageRun, LinkedRecord
from palermo.store.models.sealing import open_selected
from tests.cooperate.conftest import People, agreement, link_store
from tests.factories import as_fixture, make_agency_user

SECRETS = ("Ioana", "Petrescu", "1994-06-21", "RO4471902")


@pytest.mark.slow
def test_a_run_keeps_only_person_keys_and_its_figures(
    store: Store, linked: tuple[People, int]
) -> None:
    people, run_id = linked
    with store.session() as s:
        run = read_link_run(s, run_id=run_id, actor=people.coordinator)
        cases = s.scalar(select(func.count()).select_from(Case))
        assert run.state == "done" and run.records == cases and run.steps_done == run.steps_total
        # One key per case and threshold; the threshold's persons match the run's count.
        thresholds = [t for t, _ in run.persons_by_threshold]
        assert 0.5 in thresholds and run.threshold in thresholds
        links = pl.DataFrame(
            s.execute(
                select(LinkedRecord.case_id, LinkedRecord.threshold, LinkedRecord.person_key)
            ).all(),
            schema=["case_id", "threshold", "key"],
            orient="row",
        )
        assert links.height == cases * len(thresholds)
        at_run = links.filter(pl.col("threshold") == run.threshold)
        assert at_run["key"].n_unique() == run.persons
        # The woman's three cases are one person.
        mine = at_run.filter(pl.col("case_id").is_in(list(people.cases.values())))
        assert mine["key"].n_unique() == 1
        # The store's records link as well as the simulator's files do.
        truth = pl.DataFrame(
            [
                (case_id, open_selected(Case.external_id, sealed, row=case_id))
                for case_id, sealed in s.execute(
                    select(Case.id, Case.external_id).where(Case.external_id.is_not(None))
                )
            ],
            schema=["record_id", "sim"],
            orient="row",
        )
        report = link_run_report(s, run_id=run_id, actor=people.coordinator)
        actions = s.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "linkage_run")
        ).all()
        trail = " ".join(repr(e.__dict__) for e in s.scalars(select(AuditEntry)).all())
    assert "Record linkage report" in report and "vegaEmbed" in report
    assert not any(secret in report for secret in SECRETS)
    assert {"create", "start", "read_for_linkage", "finish", "write_links", "read"} <= set(actions)
    assert not any(secret in trail for secret in SECRETS)
    from palermo.simulate import WorldSpec, iter_world

    persons = pl.concat(
        [c.truth for c in iter_world(WorldSpec(victims=250, agencies=3, seed=3))]
    ).select(pl.col("record_id").alias("sim"), "person_id")
    truth = truth.join(persons, on="sim").select(pl.col("record_id").cast(pl.String), "person_id")
    clusters = at_run.select(
        pl.col("case_id").cast(pl.String).alias("record_id"), pl.col("key").alias("cluster_id")
    )
    assert score_clusters(clusters, truth).f1 > 0.95


@pytest.mark.slow
def test_a_new_run_replaces_the_link_table(store: Store, linked: tuple[People, int]) -> None:
    people, first = linked
    second = link_store(store, people.coordinator, threshold=0.95)
    with store.session() as s:
        runs = set(s.scalars(select(LinkedRecord.run_id).distinct()))
        assert runs == {second.id}
        assert read_link_run(s, run_id=first, actor=people.coordinator).state == "done"
    # Agencies learn nothing from a run without agreements: no hint anywhere.
    with store.session() as s:
        for name, actor in (("shelter", people.shelter), ("police", people.police)):
            assert also_known_to(s, case_id=people.cases[name], actor=actor) == []
    agreement(store, people.shelter_sup, people.police, ["linkage"], ["identity"])
    with store.session() as s:
        shown = also_known_to(s, case_id=people.cases["shelter"], actor=people.shelter)
        assert [(k.agency_name, k.groups) for k in shown] == [("Police Central", ("identity",))]


def test_only_the_national_coordinator_starts_runs_one_at_a_time(
    store: Store, people: People
) -> None:
    for actor in (people.shelter_sup, people.shelter):
        with store.session() as s, pytest.raises(PermissionDenied):
            start_link_run(s, actor=actor)
    with store.session() as s:
        first = start_link_run(s, actor=people.coordinator)
    with store.session() as s, pytest.raises(Conflict):
        start_link_run(s, actor=people.coordinator)
    # The process running the first one died: its heartbeat stops, and it is set aside.
    with store.session() as s, as_fixture(s):
        row = s.get(LinkageRun, first.id)
        assert row is not None
        row.heartbeat_at = row.started_at - timedelta(hours=1)
    with store.session() as s:
        second = start_link_run(s, actor=people.coordinator)
        assert read_link_run(s, run_id=first.id, actor=people.coordinator).state == "failed"
    assert second.id != first.id


def test_a_failed_run_says_why_and_keeps_the_old_links(store: Store) -> None:
    coordinator = make_agency_user(
        store, agency="National Office", role="national_coordinator", username="coord"
    )
    with store.session() as s:
        run = start_link_run(s, actor=coordinator)
    with pytest.raises(ValidationFailed, match="at least two agencies"):
        run_link_job(store, run_id=run.id, actor=coordinator)
    with store.session() as s:
        failed = read_link_run(s, run_id=run.id, actor=coordinator)
        assert failed.state == "failed" and "at least two agencies" in (failed.error or "")
        assert s.scalar(select(func.count()).select_from(LinkedRecord)) == 0
