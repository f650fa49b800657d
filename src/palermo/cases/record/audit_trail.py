"""A case's audit trail as a supervisor reviews it: named events, page views collapsed per
visit, filters by user, event and date, pages, and the same rows for a CSV export.

The log itself (``palermo.store.audit``) keeps one row per read and per change of every
record; a case's trail gathers the rows of the case, its person and every record that
belongs to it (consents, referrals, services, decisions...), and names each one as the
work calls it ("Consent recorded", "Referral accepted").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.cases.record.trail_words import VIEW_ACTIONS, event_label
from palermo.i18n import Msg, msg
from palermo.store.actor import Actor
from palermo.store.models import (
    AuditEntry,
    Case,
    Consent,
    ConsentOverride,
    NeedsAssessment,
    NrmDecision,
    RecoveryPeriod,
    Referral,
    ServiceDelivery,
    SupportPlanItem,
    TracingMatch,
    TracingRequest,
)

# Reads by one person less than this apart are one visit.
VISIT_GAP = timedelta(minutes=30)
MAX_ROWS = 20_000
PER_PAGE = 50

# The records that belong to a case, by the entity name their audit rows carry.
_PARTS: tuple[tuple[str, Any], ...] = (
    ("consent", Consent),
    ("consent_override", ConsentOverride),
    ("referral", Referral),
    ("service_delivery", ServiceDelivery),
    ("nrm_decision", NrmDecision),
    ("recovery_period", RecoveryPeriod),
    ("needs_assessment", NeedsAssessment),
    ("support_plan_item", SupportPlanItem),
    ("tracing_request", TracingRequest),
)


@dataclass(frozen=True)
class TrailEvent:
    """One line of the trail: an entry, or a visit (``count`` reads from ``at`` to ``until``)."""

    at: datetime
    until: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    label: Msg
    fields: tuple[str, ...]
    origin: str | None
    outcome: str
    count: int = 1

    @property
    def kind(self) -> str:
        """ "view", "refused" or "change": what the filter by event chooses from."""
        if self.outcome == "denied":
            return "refused"
        return "view" if self.action in VIEW_ACTIONS else "change"


@dataclass(frozen=True)
class TrailQuery:
    actor: str | None = None
    kind: str | None = None  # "view", "change", "refused"
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    per_page: int = PER_PAGE


@dataclass(frozen=True)
class TrailPage:
    events: list[TrailEvent]
    total: int
    page: int
    per_page: int
    actors: list[str]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _belongs_to(session: Session, case: Case) -> ColumnElement[bool]:
    clauses = [
        and_(AuditEntry.entity == "case", AuditEntry.entity_id == case.id),
        and_(AuditEntry.entity == "person", AuditEntry.entity_id == case.victim_id),
    ]
    for entity, model in _PARTS:
        ids = list(session.scalars(select(model.id).where(model.case_id == case.id)))
        if ids:
            clauses.append(and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids)))
    requests = select(TracingRequest.id).where(TracingRequest.case_id == case.id)
    matches = list(
        session.scalars(select(TracingMatch.id).where(TracingMatch.request_id.in_(requests)))
    )
    if matches:
        clauses.append(
            and_(AuditEntry.entity == "tracing_match", AuditEntry.entity_id.in_(matches))
        )
    return or_(*clauses)


def _event(entry: AuditEntry) -> TrailEvent:
    return TrailEvent(
        at=entry.at,
        until=entry.at,
        actor=entry.actor,
        action=entry.action,
        entity=entry.entity,
        entity_id=entry.entity_id,
        label=event_label(entry.entity, entry.action, entry.outcome),
        fields=tuple(entry.fields or ()),
        origin=entry.origin,
        outcome=entry.outcome,
    )


def collapse_visits(entries: Iterable[AuditEntry]) -> list[TrailEvent]:
    """Entries oldest first -> events newest first, each run of one person's page views of
    the case (reads less than ``VISIT_GAP`` apart, nothing else by them in between) as one
    visit."""
    events: list[TrailEvent] = []
    open_visit: dict[str, int] = {}  # actor -> index of their visit still open
    for entry in entries:
        event = _event(entry)
        if event.kind != "view":
            events.append(event)
            open_visit.pop(event.actor, None)
            continue
        i = open_visit.get(event.actor)
        if i is not None and event.at - events[i].until <= VISIT_GAP:
            visit = events[i]
            events[i] = replace(
                visit,
                until=event.at,
                count=visit.count + 1,
                fields=tuple(dict.fromkeys([*visit.fields, *event.fields])),
                label=msg("Case viewed"),
            )
            continue
        events.append(
            replace(event, label=msg("Case viewed") if event.action == "read" else event.label)
        )
        open_visit[event.actor] = len(events) - 1
    return events[::-1]


def _matches(event: TrailEvent, query: TrailQuery) -> bool:
    if query.actor and event.actor != query.actor:
        return False
    if query.kind and event.kind != query.kind:
        return False
    if query.date_from and event.until.date() < query.date_from:
        return False
    return not (query.date_to and event.at.date() > query.date_to)


def case_trail(session: Session, *, case_id: int, actor: Actor, query: TrailQuery) -> TrailPage:
    """One page of the case's trail, newest first (supervisors and administrators)."""
    # Another agency's case answers "not found" whatever the role; then the role.
    case = access.load_case(session, case_id=case_id, actor=actor)
    access.require_role(actor, access.AUDIT_READERS, doing=msg("see audit trails"))
    entries = session.scalars(
        select(AuditEntry).where(_belongs_to(session, case)).order_by(AuditEntry.id).limit(MAX_ROWS)
    ).all()
    events = collapse_visits(entries)
    actors = sorted({e.actor for e in events})
    chosen = [e for e in events if _matches(e, query)]
    start = (max(1, query.page) - 1) * query.per_page
    return TrailPage(
        events=chosen[start : start + query.per_page],
        total=len(chosen),
        page=max(1, query.page),
        per_page=query.per_page,
        actors=actors,
    )


def case_audit_trail(
    session: Session, *, case_id: int, actor: Actor, quiet: bool = False, limit: int = 10
) -> list[TrailEvent]:
    """The latest events of the case (for the case page); ``quiet`` gives roles that may not
    see trails an empty list instead of a refusal."""
    if quiet and actor.role not in access.AUDIT_READERS:
        return []
    page = case_trail(
        session, case_id=case_id, actor=actor, query=TrailQuery(page=1, per_page=limit)
    )
    return page.events
