from datetime import date, timedelta

import pytest
from sqlalchemy import select

from palermo import cases
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.cases.support.plan import (
    PlanItemCreate,
    PlanItemUpdate,
    add_plan_item,
    assess_needs,
    remove_plan_item,
    support_plan,
    update_plan_item,
)
from palermo.errors import NotFound, ValidationFailed
from palermo.store import Store, audit
from palermo.store.models import AuditEntry, SupportPlanItem
from palermo.vocab import ServiceType, get_list
from tests.factories import make_agency_user


def _open(store: Store, actor) -> int:
    with store.session() as s:
        person = PersonData(given_name="Mira")
        return cases.open_case(s, data=CaseCreate(person=person), actor=actor).id


def test_service_types_are_htcds_plus_palermo_extensions() -> None:
    htcds = {m.value for m in get_list("support_plan_type")}
    assert htcds <= {t.value for t in ServiceType}
    extensions = {t.value for t in ServiceType if t.extension}
    assert extensions == {
        "shelter",
        "food",
        "family_tracing",
        "psychological_support",
        "health_care",
        "employment_help",
        "legal_advice",
        "interpretation",
        "return_and_reintegration",
    }
    assert not any(ServiceType(code).extension for code in htcds)
    assert ServiceType.shelter.label("fr") == "Hébergement"


def test_needs_assessment(store: Store) -> None:
    worker = make_agency_user(store)
    case_id = _open(store, worker)
    with store.session() as s:
        row = assess_needs(
            s, case_id=case_id, needs=["shelter", "Health", "shelter"], notes="Urgent", actor=worker
        )
        assert row.needs == ["shelter", "Health"]
        with pytest.raises(ValidationFailed) as refused:
            assess_needs(s, case_id=case_id, needs=["spa"], notes=None, actor=worker)
        assert refused.value.problems[0].value == "spa"
        with pytest.raises(ValidationFailed, match="empty"):
            assess_needs(s, case_id=case_id, needs=[], notes=" ", actor=worker)


def test_support_plan_crud(store: Store) -> None:
    worker = make_agency_user(store)
    other = make_agency_user(store, agency="Elsewhere", username="elsewhere")
    case_id = _open(store, worker)
    soon = date.today() + timedelta(days=30)
    with store.session() as s:
        item = add_plan_item(
            s,
            case_id=case_id,
            data=PlanItemCreate(service_type="shelter", objectives="Safe bed", planned_end=soon),
            actor=worker,
        )
        item_id = item.id
    with store.session() as s, pytest.raises(ValidationFailed, match="future"):
        update_plan_item(s, item_id=item_id, data=PlanItemUpdate(actual_end=soon), actor=worker)
    with store.session() as s:
        update_plan_item(
            s,
            item_id=item_id,
            data=PlanItemUpdate(action_plan="Room 4", actual_end=date.today()),
            actor=worker,
        )
    with store.session() as s, pytest.raises(NotFound):
        update_plan_item(s, item_id=item_id, data=PlanItemUpdate(), actor=other)
    with store.session() as s:
        (got,) = support_plan(s, case_id=case_id)
        assert (got.service_type, got.objectives, got.action_plan) == (
            "shelter",
            "Safe bed",
            "Room 4",
        )
        assert got.planned_end == soon and got.actual_end == date.today()
        remove_plan_item(s, item_id=item_id, actor=worker)
    with store.session() as s:
        assert s.scalars(select(SupportPlanItem)).all() == []
        actions = s.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "support_plan_item")
        ).all()
        assert actions == ["create", "update", "delete"]
        assert audit.verify_chain(s).intact
