"""JSON bodies in and out of the Protect API that the pillar has no schema for.

Request bodies (``...In``) of the consent, closure, needs and NRM endpoints, and the
answer shapes of NRM decisions, recovery periods and deadlines.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from palermo.cases.nrm.decisions import describe
from palermo.cases.nrm.recovery import extensions_of
from palermo.vocab import CaseClosureReason

# ------------------------------------------------------------ consent, closure, needs


class WithdrawIn(BaseModel):
    note: str | None = Field(default=None, max_length=2000)


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason_code: CaseClosureReason
    note: str | None = Field(default=None, max_length=4000)
    referred_to_agency_id: int | None = None


class ReopenIn(BaseModel):
    reason: str = Field(min_length=1, max_length=4000)


class NeedsIn(BaseModel):
    needs: list[str]
    notes: str | None = Field(default=None, max_length=4000)
    assessed_on: date | None = None


# ------------------------------------------------------------------------------ NRM


class ReconsiderationIn(BaseModel):
    decision_id: int
    requested_by: str
    requested_on: date
    reasons: str


class RecoveryIn(BaseModel):
    """Start a period (starts_on, optional ends_on) or extend it (extended_to and reason)."""

    starts_on: date | None = None
    ends_on: date | None = None
    extended_to: date | None = None
    reason: str | None = None


def decision_out(d: Any) -> dict[str, Any]:
    return {
        "id": d.id,
        "stage": d.stage,
        "result": d.result,
        "decision_maker": d.decision_maker,
        "decision_org": d.decision_org,
        "decided_on": d.decided_on,
        "reasons": d.reasons,
        "reconsiders_id": d.reconsiders_id,
        "recorded_by": d.recorded_by,
        "summary": describe(d),
    }


def period_out(p: Any) -> dict[str, Any]:
    return {
        "id": p.id,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "extended_to": p.extended_to,
        "extensions": extensions_of(p),
    }


def deadline_out(d: Any) -> dict[str, Any]:
    return {
        "step": str(d.step),
        "starts_on": d.starts_on,
        "due_on": d.due_on,
        "done_on": d.done_on,
        "state": d.state,
        "late": d.late,
        "rule": {
            "days": d.rule.days,
            "working_days": d.rule.working_days,
            "source": d.rule.source,
        },
    }


def history_out(history: Any, due: Any) -> dict[str, Any]:
    """A case's NRM history and deadlines, as ``GET /api/cases/{id}/nrm`` answers them."""
    return {
        "decisions": [decision_out(d) for d in history.decisions],
        "recovery_periods": [period_out(p) for p in history.periods],
        "pending_reconsiderations": [d.id for d in history.pending_reconsiderations],
        "deadlines": [deadline_out(d) for d in due],
    }
