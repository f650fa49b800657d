"""Services given to the person, recorded by the agency that provided them.

A provider is either the case's own agency or the receiver of an accepted referral of the
case. The case's agency sees every service of its cases; a provider sees the services it
recorded itself. A service may be planned (``planned_on``) before it is delivered; a planned
service whose date has passed without delivery is overdue.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.referrals.answers import get_referral
from palermo.cases.referrals.grants import grants_for
from palermo.errors import Conflict, FieldProblem, PermissionDenied, ValidationFailed
from palermo.i18n import as_code, msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case, Referral, ServiceDelivery
from palermo.vocab import ReferralState, ServiceType

# A provider records services while it works on the referral, and may catch up once it is done.
RECORDING_STATES = frozenset({ReferralState.accepted, ReferralState.done})


@audit.audited
def record_service(
    session: Session,
    *,
    service_type: str,
    delivered_on: date | None,
    outcome: str | None,
    actor: Actor,
    referral_id: int | None = None,
    case_id: int | None = None,
    planned_on: date | None = None,
) -> ServiceDelivery:
    """Record a service delivered (or planned) for a case, by the actor's agency.

    Give ``referral_id`` when providing the service for another agency's referral (it must be
    accepted), or ``case_id`` for a case of the actor's own agency.
    """
    access.require_role(actor, access.CASE_WRITERS, doing=msg("record services"))
    service = _new_service(
        session,
        service_type=service_type,
        delivered_on=delivered_on,
        outcome=outcome,
        actor=actor,
        referral_id=referral_id,
        case_id=case_id,
        planned_on=planned_on,
    )
    session.add(service)
    session.flush()
    return service


@audit.audited
def record_services(
    session: Session, *, items: Sequence[tuple[int, str, date]], actor: Actor
) -> list[ServiceDelivery]:
    """Many services (referral id, service type, delivery date) delivered by the actor's
    agency under referrals it accepted, in one flush (bulk paths such as the demo's
    casework), each checked and audited as :func:`record_service` does it; one refused,
    none is recorded."""
    access.require_role(actor, access.CASE_WRITERS, doing=msg("record services"))
    made = [
        _new_service(
            session,
            service_type=service_type,
            delivered_on=delivered_on,
            outcome=None,
            actor=actor,
            referral_id=referral_id,
        )
        for referral_id, service_type, delivered_on in items
    ]
    session.add_all(made)
    session.flush()
    return made


def _new_service(
    session: Session,
    *,
    service_type: str,
    delivered_on: date | None,
    outcome: str | None,
    actor: Actor,
    referral_id: int | None = None,
    case_id: int | None = None,
    planned_on: date | None = None,
) -> ServiceDelivery:
    """The service row (not yet added), after its checks."""
    if (referral_id is None) == (case_id is None):
        raise ValidationFailed(msg("Give either a referral or a case, not both or neither."))
    kind = str(ServiceType.parse(service_type))
    problems = []
    if delivered_on is None and planned_on is None:
        problems.append(
            FieldProblem(field="delivered_on", reason=msg("give a delivery or plan date"))
        )
    if delivered_on is not None and delivered_on > clock.today():
        problems.append(FieldProblem(field="delivered_on", reason=msg("in the future")))
    if problems:
        raise ValidationFailed(msg("The service has problems."), problems=problems)
    if referral_id is not None:
        referral = get_referral(session, referral_id=referral_id, actor=actor)
        if referral.to_agency_id != actor.agency_id:
            raise PermissionDenied(
                msg("Only the agency that received the referral records its services."),
                hint=msg("Record services of your own cases from the case page."),
            )
        if referral.status not in RECORDING_STATES:
            raise Conflict(
                msg(
                    "Referral {id} is {status}; accept it before recording services.",
                    id=referral.id,
                    status=as_code(referral.status, of=ReferralState),
                ),
                hint=msg("Accept the referral first."),
            )
        target_case_id = referral.case_id
    else:
        assert case_id is not None  # checked above: a referral or a case
        target_case_id = access.load_case(session, case_id=case_id, actor=actor, doing="update").id
    return ServiceDelivery(
        case_id=target_case_id,
        referral_id=referral_id,
        provider_agency_id=actor.agency_id,
        service_type=kind,
        planned_on=planned_on,
        delivered_on=delivered_on,
        outcome=(outcome or "").strip() or None,
        recorded_by_id=actor.user_id,
        recorded_by=actor.username,
    )


@audit.audited
def deliver_service(
    session: Session, *, service_id: int, delivered_on: date, outcome: str | None, actor: Actor
) -> ServiceDelivery:
    """Mark a planned service as delivered; only its provider may.

    A service given under a referral is delivered only while the referral allows recording
    (accepted or done): not once the sender revoked it.
    """
    access.require_role(actor, access.CASE_WRITERS, doing=msg("record services"))
    service = session.get(ServiceDelivery, service_id)
    if service is None or service.provider_agency_id != actor.agency_id:
        access.deny_unseen(
            session, actor=actor, doing="update", case_id=service_id, entity="service"
        )
    if service.delivered_on is not None:
        raise Conflict(
            msg(
                "Service {service_id} was already delivered on {delivered_on}.",
                service_id=service_id,
                delivered_on=service.delivered_on,
            )
        )
    referral = session.get(Referral, service.referral_id) if service.referral_id else None
    if referral is not None and referral.status not in RECORDING_STATES:
        raise Conflict(
            msg(
                "Referral {id} is {status}; services are recorded under it only when it is "
                "accepted or done.",
                id=referral.id,
                status=as_code(referral.status, of=ReferralState),
            ),
            hint=msg("Ask the referring agency about the referral."),
        )
    if delivered_on > clock.today():
        raise ValidationFailed(
            msg("The delivery date is in the future."),
            problems=[FieldProblem(field="delivered_on", reason=msg("in the future"))],
        )
    audit.name_change(session, service, "deliver")
    service.delivered_on = delivered_on
    service.outcome = (outcome or "").strip() or service.outcome
    session.flush()
    return service


def _visible(actor: Actor) -> ColumnElement[bool]:
    """Services of the actor's cases, and services the actor's agency provided elsewhere."""
    return or_(access.readable_cases(actor), ServiceDelivery.provider_agency_id == actor.agency_id)


def case_services(session: Session, *, case_id: int, actor: Actor) -> list[ServiceDelivery]:
    """Services of one case: all of them for its agency, the provider's own for a provider."""
    access.require_role(actor, access.CASE_READERS, doing=msg("see services"))
    rows = session.scalars(
        select(ServiceDelivery)
        .join(Case, Case.id == ServiceDelivery.case_id)
        .where(ServiceDelivery.case_id == case_id, _visible(actor))
        .order_by(ServiceDelivery.delivered_on, ServiceDelivery.id)
    ).all()
    case = session.get(Case, case_id)
    if case is None or (
        case.agency_id != actor.agency_id
        and not rows
        and not grants_for(session, actor=actor, case_id=case_id)
    ):
        access.deny_unseen(session, actor=actor, doing="read", case_id=case_id)
    return list(rows)


def referral_services(session: Session, *, referral_id: int, actor: Actor) -> list[ServiceDelivery]:
    """Services recorded under one referral (both the sender and the receiver see them)."""
    referral = get_referral(session, referral_id=referral_id, actor=actor)
    return list(
        session.scalars(
            select(ServiceDelivery)
            .where(ServiceDelivery.referral_id == referral.id)
            .order_by(ServiceDelivery.delivered_on, ServiceDelivery.id)
        )
    )


def overdue_services(
    session: Session, *, actor: Actor, today: date | None = None
) -> list[ServiceDelivery]:
    """Planned services whose date has passed without delivery, for the actor's agency."""
    access.require_role(actor, access.CASE_READERS, doing=msg("see services"))
    today = today or clock.today()
    return list(
        session.scalars(
            select(ServiceDelivery)
            .join(Case, Case.id == ServiceDelivery.case_id)
            .where(
                _visible(actor),
                ServiceDelivery.planned_on.is_not(None),
                ServiceDelivery.planned_on < today,
                ServiceDelivery.delivered_on.is_(None),
            )
            .order_by(ServiceDelivery.planned_on, ServiceDelivery.id)
        )
    )


def service_label(code: str, locale: str = "en") -> str:
    try:
        return ServiceType.parse(code).label(locale)
    except ValidationFailed:  # an old code still shows, as itself
        return code
