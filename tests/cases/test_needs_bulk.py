"""Needs assessments in bulk: the same rows and audit entries as one call per case."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from palermo import cases
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.cases.support.plan import assess_needs, assess_needs_all
from palermo.errors import ValidationFailed
from palermo.store import Store
from palermo.store.audit import verify_chain
from palermo.store.models import AuditEntry, NeedsAssessment
from tests.factories import make_agency_user

NEEDS = [(["shelter", "health"], date(2025, 3, 4)), (["legal"], date(2025, 3, 5))]


def _open(store: Store, actor) -> list[int]:  # noqa: ANN001
    with store.session() as s:
        return [
            cases.open_case(
                s, data=CaseCreate(person=PersonData(given_name=f"P{n}")), actor=actor
            ).id
            for n in range(len(NEEDS))
        ]


def _rows(store: Store, case_ids: list[int]) -> list[tuple[object, ...]]:
    with store.session() as s:
        rows = s.scalars(select(NeedsAssessment).where(NeedsAssessment.case_id.in_(case_ids))).all()
        entries = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "needs_assessment",
                AuditEntry.entity_id.in_([r.id for r in rows]),
            )
        ).all()
        return sorted(
            [(case_ids.index(r.case_id), r.needs, r.assessed_on) for r in rows]
            + [(e.action, tuple(e.fields)) for e in entries],
            key=repr,
        )


def test_bulk_equals_one_by_one(store: Store) -> None:
    alone, bulk = make_agency_user(store), make_agency_user(store, agency="NGO South")
    one_ids, bulk_ids = _open(store, alone), _open(store, bulk)
    with store.session() as s:
        for case_id, (needs, on) in zip(one_ids, NEEDS, strict=True):
            assess_needs(s, case_id=case_id, needs=needs, notes=None, actor=alone, assessed_on=on)
        assess_needs_all(
            s,
            items=[
                (case_id, needs, on) for case_id, (needs, on) in zip(bulk_ids, NEEDS, strict=True)
            ],
            actor=bulk,
        )
    assert _rows(store, bulk_ids) == _rows(store, one_ids)
    assert len(_rows(store, bulk_ids)) == 4
    with store.session() as s:
        assert verify_chain(s).intact


def test_one_refused_none_recorded(store: Store) -> None:
    actor = make_agency_user(store)
    first, second = _open(store, actor)
    with store.session() as s, pytest.raises(ValidationFailed):
        assess_needs_all(
            s,
            items=[(first, ["shelter"], None), (second, ["shelter"], date(2999, 1, 1))],
            actor=actor,
        )
    with store.session() as s:
        assert s.scalars(select(NeedsAssessment)).all() == []
