"""Referring a case to another agency, after checking the consents it needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.consent.enforcement import ConsentsInForce, require_consent
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


@dataclass(frozen=True)
class ReferralRequest:
    """One referral of a bulk call (:func:`refer_all`): what :func:`refer` takes."""

    case_id: int
    to_agency_id: int
    service: str | None
    shared_fields: list[str]
    note: str | None = None
    respond_by: date | None = None


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
    referral = _new_referral(
        session,
        ReferralRequest(case_id, to_agency_id, service, shared_fields, note, respond_by),
        actor=actor,
        override_reason=override_reason,
    )
    session.add(referral)
    session.flush()
    _record_shared(session, referral, actor)
    return referral


@audit.audited
def refer_all(
    session: Session, *, items: Sequence[ReferralRequest], actor: Actor
) -> list[Referral]:
    """Many referrals of the actor's agency's cases in one flush (bulk paths such as the
    demo's casework), each checked and audited as :func:`refer` does it, without
    overrides: one refused (a consent missing), none is sent."""
    access.require_role(actor, access.CASE_WRITERS, doing=msg("refer cases"))
    in_force = ConsentsInForce(session, case_ids={item.case_id for item in items}, on=clock.today())
    made = [
        _new_referral(session, item, actor=actor, override_reason=None, in_force=in_force)
        for item in items
    ]
    session.add_all(made)
    session.flush()
    for referral in made:
        _record_shared(session, referral, actor)
    return made


def _record_shared(session: Session, referral: Referral, actor: Actor) -> None:
    if referral.shared_fields:
        # Which fields crossed to which record: names only, on the case's own trail.
        audit.record(
            session,
            actor=actor,
            action="share",
            entity="case",
            entity_id=referral.case_id,
            fields=fields_of(referral.shared_fields),
        )


def _new_referral(
    session: Session,
    item: ReferralRequest,
    *,
    actor: Actor,
    override_reason: str | None,
    in_force: ConsentsInForce | None = None,
) -> Referral:
    """The referral row (not yet added), after its checks and those of its consents
    (``in_force``: the consents already read for a bulk call; what they do not allow
    goes through require_consent, which refuses it)."""
    case = access.load_case(session, case_id=item.case_id, actor=actor, doing="refer")
    service_type = _check_service(item.service)
    groups = check_groups(item.shared_fields)
    target = session.get(Agency, item.to_agency_id)
    staging = target is not None and session.scalar(
        select(ImportStaging.id).where(ImportStaging.staging_agency_id == target.id)
    )
    if target is None or target.id == actor.agency_id or staging:
        raise ValidationFailed(
            msg("Choose another agency to refer to."),
            problems=[FieldProblem(field="to_agency_id", reason=msg("unknown or own agency"))],
            hint=msg("A referral goes to an agency other than your own."),
        )
    respond_by = item.respond_by
    if respond_by is not None and respond_by < clock.today():
        raise ValidationFailed(
            msg("The answer date is in the past."),
            problems=[FieldProblem(field="respond_by", reason=msg("in the past"))],
        )
    if in_force is None or not in_force.allows(case, ConsentPurpose.referral):
        require_consent(
            session,
            case_id=case.id,
            purpose=ConsentPurpose.referral,
            actor=actor,
            action="refer",
            override_reason=override_reason,
        )
    if groups and (
        in_force is None or not in_force.allows(case, ConsentPurpose.sharing, target.id)
    ):
        require_consent(
            session,
            case_id=case.id,
            purpose=ConsentPurpose.sharing,
            actor=actor,
            to_agency_id=target.id,
            action=sharing_override_action(target.id),
            override_reason=override_reason,
        )
    return Referral(
        case_id=case.id,
        from_agency_id=case.agency_id,
        to_agency_id=target.id,
        service_type=service_type,
        status=ReferralState.in_progress,
        shared_fields=groups,
        note=(item.note or "").strip() or None,
        respond_by=respond_by or add_working_days(clock.today(), DEFAULT_ANSWER_DAYS),
        created_by_id=actor.user_id,
        created_by=actor.username,
    )
