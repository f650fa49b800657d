"""The justice pillar's part of the isolation sweep (tests/web/test_isolation_sweep.py):
its records, their personal values, and a valid body for each of its routes.

The records are those of trial_world.py, in agencies of their own (an NGO, police forces,
a prosecutor's office, a court, a trial-monitoring NGO): agency B, C and A's analyst of
the sweep must get nothing of them, like any other agency's records.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from palermo import clock
from palermo.store import Store
from tests.justice.trial_world import SECRETS, build_trial_world

JUSTICE_SECRETS = list(SECRETS)
# The sweep's own case_id stays: the justice routes on a case get agency A's case.
JUSTICE_IDS = (
    "investigation_id",
    "suspect_id",
    "proceeding_id",
    "charge_id",
    "hearing_id",
    "appeal_id",
    "compensation_id",
    "participation_id",
    "link_id",
    "non_punishment_id",
)


def add_justice_world(store: Store) -> dict[str, int]:
    """Make the justice records; their ids by path parameter name."""
    world = build_trial_world(store)
    return {name: world.ids[name] for name in JUSTICE_IDS}


def justice_forms(ids: dict[str, int]) -> dict[str, dict[str, Any] | None]:
    """A form body each justice page route accepts (for the agency that may use it)."""
    today = clock.today().isoformat()
    return {
        "/justice/investigations/{investigation_id}/edit": {"reference": "Renamed"},
        "/justice/investigations/{investigation_id}/victims": {"link_id": str(ids["link_id"])},
        "/justice/investigations/{investigation_id}/suspects": {"family_name": "Newname"},
        "/justice/investigations/{investigation_id}/cooperation": {
            "kind": "mla_request_sent",
            "country": "RO",
            "sent_on": today,
        },
        "/justice/investigations/{investigation_id}/close": {
            "closed_on": today,
            "outcome": "charges_filed",
        },
        "/justice/investigations/{investigation_id}/proceedings": {
            "defendant_id": str(ids["suspect_id"]),
            "court": "Another court",
        },
        "/justice/investigations/{investigation_id}/classification": {"add": "acts:recruitment"},
        "/justice/investigations/{investigation_id}/case-law": {
            "case_reference": "R v X",
            "facts_summary": "The first defendant recruited a victim.",
        },
        "/justice/proceedings/{proceeding_id}/stage": {"stage": "appeal"},
        "/justice/proceedings/{proceeding_id}/charges": {"offence": "money_laundering"},
        "/justice/proceedings/{proceeding_id}/hearings": {"held_on": today},
        "/justice/proceedings/{proceeding_id}/appeals": {"lodged_on": today, "by": "defendant"},
        "/justice/proceedings/{proceeding_id}/compensation": {
            "link_id": str(ids["link_id"]),
            "amount": "10",
            "currency": "GBP",
            "payer": "defendant",
        },
        "/justice/proceedings/{proceeding_id}/participation": {"link_id": str(ids["link_id"])},
        "/justice/charges/{charge_id}/verdict": {"verdict": "acquitted"},
        "/justice/charges/{charge_id}/sentence": {"kinds": "fine", "fine_amount": "5"},
        "/justice/hearings/{hearing_id}": {"outcome": "held"},
        "/justice/appeals/{appeal_id}": {"outcome": "upheld"},
        "/justice/compensation/{compensation_id}/payments": {"amount": "1", "by": "defendant"},
        "/justice/participation/{participation_id}": {"testified": "on"},
        "/justice/cases/{case_id}/refer": {"to_agency_id": "1"},
        "/justice/cases/{case_id}/not-reported": {"reason": "fear_of_reprisal"},
        "/justice/non-punishment/{non_punishment_id}": {"outcome": "not_prosecuted"},
    }


def justice_json(ids: dict[str, int]) -> dict[str, Any]:
    """A JSON body each justice API route accepts."""
    today = clock.today().isoformat()
    later = (clock.today() + timedelta(days=1)).isoformat()
    return {
        "/api/justice/investigations/{investigation_id}": {"reference": "Renamed"},
        "/api/justice/investigations/{investigation_id}/victims": {"link_id": ids["link_id"]},
        "/api/justice/investigations/{investigation_id}/suspects": {
            "person": {"family_name": "Newname"}
        },
        "/api/justice/investigations/{investigation_id}/cooperation": {
            "kind": "mla_request_sent",
            "country": "RO",
            "sent_on": today,
        },
        "/api/justice/investigations/{investigation_id}/close": {
            "closed_on": today,
            "outcome": "charges_filed",
        },
        "/api/justice/investigations/{investigation_id}/proceedings": {
            "defendant_id": ids["suspect_id"],
            "court": "Another court",
        },
        "/api/justice/investigations/{investigation_id}/classification": {
            "add": [["acts", "recruitment"]]
        },
        "/api/justice/investigations/{investigation_id}/case-law": {
            "case_reference": "R v X",
            "facts_summary": "The first defendant recruited a victim.",
        },
        "/api/justice/proceedings/{proceeding_id}/stage": {"stage": "appeal"},
        "/api/justice/proceedings/{proceeding_id}/charges": {
            "offence": "money_laundering",
            "charged_on": today,
        },
        "/api/justice/proceedings/{proceeding_id}/hearings": {"held_on": later},
        "/api/justice/proceedings/{proceeding_id}/appeals": {
            "lodged_on": today,
            "by": "defendant",
        },
        "/api/justice/proceedings/{proceeding_id}/compensation": {
            "link_id": ids["link_id"],
            "ordered_on": today,
            "amount": "10",
            "currency": "GBP",
            "payer": "defendant",
        },
        "/api/justice/proceedings/{proceeding_id}/participation": {"link_id": ids["link_id"]},
        "/api/justice/charges/{charge_id}/verdict": {"verdict": "acquitted", "verdict_on": today},
        "/api/justice/charges/{charge_id}/sentence": {
            "sentenced_on": today,
            "kinds": ["fine"],
            "fine_amount": "5",
            "fine_currency": "GBP",
        },
        "/api/justice/hearings/{hearing_id}": {"outcome": "held"},
        "/api/justice/appeals/{appeal_id}": {"decided_on": today, "outcome": "upheld"},
        "/api/justice/compensation/{compensation_id}/payments": {
            "paid_on": today,
            "amount": "1",
            "by": "defendant",
        },
        "/api/justice/participation/{participation_id}": {"testified": True},
        "/api/justice/cases/{case_id}/refer": {"to_agency_id": 1},
        "/api/justice/cases/{case_id}/not-reported": {"reason": "fear_of_reprisal"},
        "/api/justice/non-punishment/{non_punishment_id}": {
            "outcome": "not_prosecuted",
            "decided_on": today,
        },
    }
