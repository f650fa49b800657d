"""Deleting a case and everything recorded on it, unless another agency holds work on it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.errors import Conflict
from palermo.i18n import Msg, joined, msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import (
    Agency,
    Case,
    CaseStatusChange,
    Consent,
    ConsentOverride,
    NeedsAssessment,
    NrmDecision,
    RecoveryPeriod,
    Referral,
    ScreeningAssessment,
    ServiceDelivery,
    SupportPlanItem,
    TracingMatch,
    TracingRequest,
)


def _delete_blockers(session: Session, case: Case) -> Msg | None:
    """What of another agency hangs on the case, in words; None when nothing does."""
    referred_to = session.scalars(
        select(Agency.name)
        .join(Referral, Referral.to_agency_id == Agency.id)
        .where(Referral.case_id == case.id)
        .order_by(Referral.id)
    ).all()
    providers = session.scalars(
        select(Agency.name)
        .join(ServiceDelivery, ServiceDelivery.provider_agency_id == Agency.id)
        .where(
            ServiceDelivery.case_id == case.id, ServiceDelivery.provider_agency_id != case.agency_id
        )
        .order_by(ServiceDelivery.id)
    ).all()
    parts = []
    if referred_to:
        parts.append(msg("{count} referral(s) to other agencies", count=len(referred_to)))
    if providers:
        parts.append(msg("{count} service record(s) by other agencies", count=len(providers)))
    if not parts:
        return None
    agencies = ", ".join(dict.fromkeys([*referred_to, *providers]))
    records = joined(parts, sep=msg(" and "))
    return msg("{records} ({agencies})", records=records, agencies=agencies)


# What a case takes with it besides its own collections (codes, events, perpetrators,
# comments), by kind: counted, deleted, audited as "<kind>:<count>". Rows go before the
# rows they point at. Tracing matches about the victim or about the case's requests (on
# other requests of the agency) go too: a proposal about a deleted record means nothing.
def _dependents(case: Case) -> list[tuple[str, Any, ColumnElement[bool]]]:
    requests = select(TracingRequest.id).where(TracingRequest.case_id == case.id)
    about_case = or_(
        TracingMatch.request_id.in_(requests),
        TracingMatch.candidate_request_id.in_(requests),
        TracingMatch.candidate_person_id == case.victim_id,
    )
    of_case: list[tuple[str, Any]] = [
        ("tracing_requests", TracingRequest),
        ("service_deliveries", ServiceDelivery),
        ("support_plan_items", SupportPlanItem),
        ("needs_assessments", NeedsAssessment),
        ("recovery_periods", RecoveryPeriod),
        ("nrm_decisions", NrmDecision),
        ("screening_assessments", ScreeningAssessment),
        ("consent_overrides", ConsentOverride),
        ("consents", Consent),
        ("status_changes", CaseStatusChange),
    ]
    return [("tracing_matches", TracingMatch, about_case)] + [
        (plural, model, model.case_id == case.id) for plural, model in of_case
    ]


@audit.audited
def delete_case(session: Session, *, case_id: int, actor: Actor) -> None:
    """Delete a case and everything recorded on it, in one transaction.

    Refused while another agency holds records about it (referrals, services it
    recorded): deleting would erase that agency's work. Each kind of row removed gets
    one audit entry naming the kind and how many ("consents:3"), never values.
    """
    access.require_role(actor, access.CASE_DELETERS, doing=msg("delete cases"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="delete")
    blockers = _delete_blockers(session, case)
    if blockers is not None:
        raise Conflict(
            msg(
                "Case {reference} cannot be deleted: it has {blockers}. Those records belong "
                "to the agencies that received the case.",
                reference=case.reference,
                blockers=blockers,
            ),
            hint=msg(
                "Close the case instead; or, if it must go, ask those agencies to remove "
                "their records first."
            ),
        )
    removed: list[tuple[str, int]] = []
    for plural, model, where in _dependents(case):
        ids = session.scalars(select(model.id).where(where)).all()
        if ids:
            session.execute(
                delete(model).where(model.id.in_(ids)),
                execution_options={"synchronize_session": False},
            )
            removed.append((plural, len(ids)))
    victim = case.victim
    perpetrator_people = [p.person for p in case.perpetrators]
    removed += [
        (plural, len(rows))
        for plural, rows in (
            ("codes", case.codes),
            ("events", case.events),
            ("perpetrators", case.perpetrators),
            ("comments", case.comments),
        )
        if rows
    ]
    session.delete(case)
    session.flush()
    people = [victim, *perpetrator_people]
    index_entries = sum(len(p.index_entries) for p in people)
    for person in people:
        session.delete(person)
    session.flush()
    removed.append(("persons", len(people)))
    if index_entries:
        removed.append(("person_index_entries", index_entries))
    # The case's and the persons' own entries come from the model layer; the rows removed
    # in bulk above are counted here, one entry per kind on the case's trail: the kind and
    # how many, never a value.
    for plural, count in removed:
        audit.record(
            session, actor=actor, action="delete", entity="case", entity_id=case_id,
            fields=[f"{plural}:{count}"],
        )  # fmt: skip
