"""Records reached by their own id (consent, plan item, tracing request, match) hide from
another agency exactly like a missing record: same message, no number of the case."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from palermo.cases.family_tracing.matching import list_matches, propose_matches, verify_match
from palermo.cases.support.plan import PlanItemUpdate, update_plan_item
from palermo.cases.workflow import withdraw_consent
from palermo.errors import NotFound
from palermo.store import Store
from palermo.store.models import AuditEntry
from tests.web.test_isolation_sweep import build_world

MISSING = 999_999


def _message(call) -> str:  # noqa: ANN001
    with pytest.raises(NotFound) as caught:
        call()
    return f"{caught.value.message} {caught.value.hint}"


@pytest.mark.parametrize(
    ("name", "act"),
    [
        ("consent_id", lambda s, i, b: withdraw_consent(s, consent_id=i, actor=b)),
        (
            "item_id",
            lambda s, i, b: update_plan_item(
                s, item_id=i, data=PlanItemUpdate(objectives="x"), actor=b
            ),
        ),
        ("request_id", lambda s, i, b: propose_matches(s, request_id=i, actor=b)),
        ("request_id", lambda s, i, b: list_matches(s, request_id=i, actor=b)),
        (
            "match_id",
            lambda s, i, b: verify_match(s, match_id=i, actor=b, decision="confirmed"),
        ),
    ],
)
def test_another_agency_record_answers_like_a_missing_one(store: Store, name, act) -> None:  # noqa: ANN001
    world = build_world(store)
    record_id = world.ids[name]
    with store.session() as s:
        seen = _message(lambda: act(s, record_id, world.b))
    with store.session() as s:
        unseen = _message(lambda: act(s, MISSING, world.b))
    assert seen.replace(str(record_id), "N") == unseen.replace(str(MISSING), "N")
    assert "case" not in seen.lower()
    with store.session() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2)).all()
    # Both attempts audited as denied; the real one on A's case, so A's trail shows it.
    assert [e.outcome for e in last] == ["denied", "denied"]
    assert (last[1].entity, last[1].entity_id) == ("case", world.ids["case_id"])
