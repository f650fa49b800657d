"""Batched imports: each batch is committed as it goes; an atomic import is staged out of
sight and swapped in whole, or discarded whole."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from palermo import cases
from palermo.cases.exchange import ImportInterrupted, import_in_batches
from palermo.cases.exchange.staging import is_staging
from palermo.cases.record.schemas import CaseQuery
from palermo.cases.referrals.sending import agencies_to_refer_to
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.models import Agency, AuditEntry, Case, ImportStaging, Person
from tests.factories import make_agency_user

ROWS = [{"record_id": f"R{n}", "prs_FirstName": f"Name{n}"} for n in range(1, 8)]


def _visible(store: Store, actor: Actor) -> int:
    with store.session() as s:
        return cases.find_cases(s, query=CaseQuery(), actor=actor).total


def _count(store: Store, model: type) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


class Stop(Exception):
    """Raised from the progress callback: the import is cut off at that row."""


def test_batches_are_committed_as_they_go(store: Store) -> None:
    actor = make_agency_user(store)
    seen = []

    def on_batch(written: int) -> None:
        seen.append((written, _visible(store, actor)))  # another session, as the web app's

    report = import_in_batches(store, rows=ROWS, actor=actor, batch=3, on_batch=on_batch)
    assert report.imported == 7 == _visible(store, actor)
    # Each batch is visible to others as soon as it is written, before the import ends.
    assert seen == [(3, 3), (6, 6), (7, 7)]
    with store.session() as s:
        # A batch is opened with a few multi-row statements; each case is still audited.
        created = s.scalars(
            select(AuditEntry.entity_id).where(
                AuditEntry.entity == "case", AuditEntry.action == "create"
            )
        ).all()
        assert sorted(created) == sorted(report.case_ids)
        refs = {i: r for i, r in s.execute(select(Case.id, Case.reference))}
        assert refs == {i: f"PAL-{actor.agency_id:03d}-{i:07d}" for i in report.case_ids}


def test_interrupted_import_keeps_the_batches_committed(store: Store) -> None:
    actor = make_agency_user(store)
    written = []

    def on_row() -> None:
        written.append(1)
        if len(written) == 5:
            raise Stop

    with pytest.raises(ImportInterrupted) as caught:
        import_in_batches(store, rows=ROWS, actor=actor, batch=3, on_row=on_row)
    # Rows 2-4 (one batch) are kept; the batch holding the failure is rolled back.
    assert len(caught.value.case_ids) == 3 == _visible(store, actor)
    assert caught.value.next_row == 5
    assert "stopped at row 5" in caught.value.message


def test_atomic_import_is_staged_out_of_sight_then_swapped_in(store: Store) -> None:
    actor = make_agency_user(store)
    other = make_agency_user(store, agency="Police South")
    during = []

    def on_batch(_written: int) -> None:
        visible = _visible(store, actor)  # its own session, as the web app's would be
        with store.session() as s:
            staged = s.scalar(select(func.count(Case.id)).where(Case.agency_id != actor.agency_id))
            hidden = s.scalar(select(ImportStaging.staging_agency_id))
            assert hidden is not None
            during.append((visible, staged, is_staging(s, hidden)))
            targets = {a.id for a in agencies_to_refer_to(s, actor=other)}
            assert targets == {actor.agency_id}  # a staging agency is no referral target

    report = import_in_batches(
        store, rows=ROWS, actor=actor, atomic=True, batch=3, on_batch=on_batch
    )
    # Committed batches pile up in the staging agency; the agency sees none of them.
    assert during == [(0, 3, True), (0, 6, True), (0, 7, True)]
    assert report.imported == 7 == _visible(store, actor)
    with store.session() as s:
        job = s.scalars(select(ImportStaging)).one()
        assert (job.state, job.cases, job.staging_agency_id) == ("done", 7, None)
        assert s.scalar(select(func.count(Agency.id))) == 2  # the staging agency is gone
        refs = s.scalars(select(Case.reference).order_by(Case.id)).all()
        assert refs[0] == f"PAL-{actor.agency_id:03d}-{report.case_ids[0]:07d}"
        owners = set(s.scalars(select(Person.agency_id)))
        assert owners == {actor.agency_id}
        swap = s.scalars(select(AuditEntry).where(AuditEntry.action == "swap")).one()
        assert (swap.entity, swap.entity_id, swap.agency_id) == ("import", job.id, actor.agency_id)


def test_atomic_import_interrupted_leaves_nothing(store: Store) -> None:
    actor = make_agency_user(store)
    written = []

    def on_row() -> None:
        written.append(1)
        if len(written) == 5:
            raise Stop

    with pytest.raises(Stop):
        import_in_batches(store, rows=ROWS, actor=actor, atomic=True, batch=3, on_row=on_row)
    assert _visible(store, actor) == 0
    assert _count(store, Case) == 0 and _count(store, Person) == 0
    with store.session() as s:
        job = s.scalars(select(ImportStaging)).one()
        assert (job.state, job.cases) == ("discarded", 3)
        assert s.scalar(select(func.count(Agency.id))) == 1
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "import")).all()
        assert actions == ["create", "discard"]
