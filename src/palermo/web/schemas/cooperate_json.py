"""JSON bodies in and out of the Cooperate API: linkage runs, agreements, "also known to"."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from palermo.cooperate.agreements import AgreementView
from palermo.cooperate.known_to import KnownTo
from palermo.cooperate.link_runs import RunView


class RunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(default=0.9, gt=0, lt=1)


class RunOut(BaseModel):
    id: int
    state: str
    threshold: float
    started_by: str
    started_at: datetime
    finished_at: datetime | None
    progress: str | None
    percent: int
    records: int | None
    persons: int | None
    agencies: int | None
    pairs: int | None
    comparisons: int | None
    error: str | None
    seconds: dict[str, float]
    persons_by_threshold: list[tuple[float, int]]
    report: str | None = Field(description="Where to download the report, once done.")

    @classmethod
    def of(cls, run: RunView) -> RunOut:
        values: dict[str, Any] = {
            name: getattr(run, name)
            for name in cls.model_fields
            if name not in ("percent", "report", "persons_by_threshold")
        }
        done = run.state == "done"
        return cls(
            **values,
            percent=run.percent,
            persons_by_threshold=list(run.persons_by_threshold),
            report=f"/linkage/runs/{run.id}/report" if done else None,
        )


class PartyOut(BaseModel):
    agency_id: int
    name: str


class AgreementOut(BaseModel):
    id: int
    title: str
    parties: list[PartyOut]
    purposes: list[str]
    field_groups: list[str]
    legal_basis: str
    starts_on: date
    ends_on: date | None
    signed_by: str
    signed_on: date | None
    ended_on: date | None
    in_force: bool

    @classmethod
    def of(cls, a: AgreementView) -> AgreementOut:
        return cls(
            id=a.id,
            title=a.title,
            parties=[PartyOut(agency_id=i, name=n) for i, n in a.parties],
            purposes=[str(p) for p in a.purposes],
            field_groups=[str(g) for g in a.field_groups],
            legal_basis=a.legal_basis,
            starts_on=a.starts_on,
            ends_on=a.ends_on,
            signed_by=a.signed_by,
            signed_on=a.signed_on,
            ended_on=a.ended_on,
            in_force=a.in_force,
        )


class EndIn(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


class KnownToOut(BaseModel):
    """Another agency that knows the person, and the field groups its agreements share."""

    agency_id: int
    agency_name: str
    groups: list[str]

    @classmethod
    def of(cls, k: KnownTo) -> KnownToOut:
        return cls(agency_id=k.agency_id, agency_name=k.agency_name, groups=list(k.groups))
