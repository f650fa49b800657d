"""The receiving agency's own case for a referral it accepted: opened from what was shared,
or an existing case of its own linked to the referral.

A shelter that takes a person in needs its own file (notes, plan, services, tasks). It
starts from what the referral shares, and only that: what the sender did not share stays
with the sender. The link is the receiver's: the sender never learns the receiver's case.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.cases.record.age import age_at_identification
from palermo.cases.record.casefile import open_case
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.cases.referrals.answers import get_referral
from palermo.cases.referrals.grants import read_shared_case
from palermo.errors import Conflict, PermissionDenied
from palermo.i18n import as_code, msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case, Referral, ReferralCaseLink
from palermo.vocab import ReferralState

LINKABLE_STATES = frozenset({ReferralState.accepted, ReferralState.done})


def linked_case_id(session: Session, *, referral_id: int, actor: Actor) -> int | None:
    """The actor's agency's case linked to the referral, if any (its own cases only)."""
    return session.scalar(
        select(ReferralCaseLink.case_id)
        .join(Case, Case.id == ReferralCaseLink.case_id)
        .where(ReferralCaseLink.referral_id == referral_id, access.readable_cases(actor))
    )


def _receivable(session: Session, referral_id: int, actor: Actor) -> Referral:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("open cases"))
    referral = get_referral(session, referral_id=referral_id, actor=actor)
    if referral.to_agency_id != actor.agency_id:
        raise PermissionDenied(
            msg(
                "Only the receiving agency may open its own case for referral {id}.", id=referral.id
            )
        )
    if referral.status not in LINKABLE_STATES:
        raise Conflict(
            msg(
                "Referral {id} is {status}; accept it before opening a case for it.",
                id=referral.id,
                status=as_code(referral.status, of=ReferralState),
            ),
            hint=msg("Accept the referral first."),
        )
    if linked_case_id(session, referral_id=referral.id, actor=actor) is not None:
        raise Conflict(
            msg("Referral {id} already has a case of your agency.", id=referral.id),
            hint=msg("Open that case from the referral's page."),
        )
    return referral


@audit.audited
def open_case_from_referral(session: Session, *, referral_id: int, actor: Actor) -> Case:
    """A new case of the actor's agency, filled with what the referral shares."""
    referral = _receivable(session, referral_id, actor)
    view = read_shared_case(session, case_id=referral.case_id, actor=actor)
    sender = session.get(Case, referral.case_id)
    person = PersonData(
        given_name=view.given_name,
        middle_name=view.middle_name,
        family_name=view.family_name,
        aliases=list(view.aliases),
        birth_date=view.birth_date,
        identity_number=view.identity_number,
        email=view.email,
        phone=view.phone,
        address=view.address,
        gender=view.gender,
        primary_language=view.primary_language,
    )
    data = CaseCreate(
        person=person,
        citizenship=list(view.citizenship),
        exploitation_types=list(view.exploitation_types),
        sexual_exploitation_types=list(view.sexual_exploitation_types),
        forced_labour_industry=view.forced_labour_industry,
        means_of_control=list(view.means_of_control),
    )
    case = open_case(session, data=data, actor=actor)
    if view.shares("profile") and sender is not None:
        case.age_at_identification = age_at_identification(sender)
    if view.shares("guardian"):
        case.guardian_name = view.guardian_name
        case.guardian_contact = view.guardian_contact
    session.add(
        ReferralCaseLink(referral_id=referral.id, case_id=case.id, linked_by=actor.username)
    )
    session.flush()
    return case


@audit.audited
def link_case_to_referral(
    session: Session, *, referral_id: int, case_id: int, actor: Actor
) -> ReferralCaseLink:
    """Link an existing case of the actor's agency to a referral it received."""
    referral = _receivable(session, referral_id, actor)
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    link = ReferralCaseLink(referral_id=referral.id, case_id=case.id, linked_by=actor.username)
    session.add(link)
    session.flush()
    return link
