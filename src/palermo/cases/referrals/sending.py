"""Referring a case to another agency, after checking the consents it needs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.consent.enforcement import require_consent
from palermo.cases.referrals.field_groups import check_groups, fields_of
from palermo.cases.referrals.grants import sharing_override_action
from palermo.cases.referrals.states import DEFAULT_ANSWER_DAYS
from palermo.clock.working_days import add_working_days
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, ImportStaging, Referral
from palermo.vocab import ConsentPurpose, ReferralState, ServiceType

# Agencies that only hold an atomic import in progress (cases.exchange.staging).
_STAGING = select(ImportStaging.staging_agency_id).where(
    ImportStaging.staging_agency_id.is_not(None)
)


def agencies_to_refer_to(session: Session, *, actor: Actor) -> list[Agency]:
    """Every agency except the actor's own and import staging ones, by country then name."""
    return list(
        session.scalars(
            select(Agency)
            .where(Agency.id != actor.agency_id, Agency.id.not_in(_STAGING))
            .order_by(Agency.country, Agency.name)
        )
    )


def _check_service(service: str | None) -> str | None:
    if service in (None, ""):
        return None
    return str(ServiceType.parse(service))


@audit.audited
def refer(
    session: Session,
    *,
    case_id: int,
    to_agency_id: int,
    service: str | None,
    shared_fields: list[str],
    note: str | None,
    respond_by: date | None,
    actor: Actor,
    override_reason: str | None = None,
) -> Referral:
    """Refer a case of the actor's agency to another agency, after checking consent.

    The case needs consent for the referral, and consent to share with that agency when any
    personal field group is shared; without it ConsentMissing is raised and nothing changes
    (unless a supervisor gives ``override_reason``, which the consent service records).
    """
    access.require_role(actor, access.CASE_WRITERS, doing=msg("refer cases"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="refer")
    service_type = _check_service(service)
    groups = check_groups(shared_fields)
    target = session.get(Agency, to_agency_id)
    staging = target is not None and session.scalar(
        select(ImportStaging.id).where(ImportStaging.staging_agency_id == target.id)
    )
    if target is None or target.id == actor.agency_id or staging:
        raise ValidationFailed(
            msg("Choose another agency to refer to."),
            problems=[FieldProblem(field="to_agency_id", reason=msg("unknown or own agency"))],
            hint=msg("A referral goes to an agency other than your own."),
        )
    if respond_by is not None and respond_by < clock.today():
        raise ValidationFailed(
            msg("The answer date is in the past."),
            problems=[FieldProblem(field="respond_by", reason=msg("in the past"))],
        )
    require_consent(
        session,
        case_id=case.id,
        purpose=ConsentPurpose.referral,
        actor=actor,
        action="refer",
        override_reason=override_reason,
    )
    if groups:
        require_consent(
            session,
            case_id=case.id,
            purpose=ConsentPurpose.sharing,
            actor=actor,
            to_agency_id=target.id,
            action=sharing_override_action(target.id),
            override_reason=override_reason,
        )
    referral = Referral(
        case_id=case.id,
        from_agency_id=case.agency_id,
        to_agency_id=target.id,
        service_type=service_type,
        status=ReferralState.in_progress,
        shared_fields=groups,
        note=(note or "").strip() or None,
        respond_by=respond_by or add_working_days(clock.today(), DEFAULT_ANSWER_DAYS),
        created_by_id=actor.user_id,
        created_by=actor.username,
    )
    session.add(referral)
    session.flush()
    if groups:
        # Which fields crossed to which record: names only, on the case's own trail.
        audit.record(
            session,
            actor=actor,
            action="share",
            entity="case",
            entity_id=case.id,
            fields=fields_of(groups),
        )
    return referral
