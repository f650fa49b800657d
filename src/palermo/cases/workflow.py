"""The rules that cross Protect's concerns, in one place.

Consent is not checked once and forgotten, and a closed case does not keep sharing:

* withdrawing a sharing consent revokes the referrals that share field groups with the
  agency it named (``done`` ones too), unless another valid sharing consent still names
  that agency; withdrawing the referral consent revokes the case's open referrals, unless
  another valid referral consent remains;
* closing a case revokes its open referrals, except those to the agency it is closed as
  referred to (the work goes on there); closing it because the person withdrew consent
  withdraws every consent still valid, which ends what each allowed.

Each revocation is audited with its reason (``consent_withdrawn``, ``case_closed``). The
primitives these rules combine (``consent.recording``, ``referrals.answers``,
``support.lifecycle``) know nothing of one another.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.consent.enforcement import has_consent
from palermo.cases.consent.recording import load_consent, mark_withdrawn
from palermo.cases.consent.validity import valid_consent_clause
from palermo.cases.referrals.answers import referrals_of_case, revoke_on_behalf
from palermo.cases.referrals.states import GRANTING_STATES, OPEN_STATES
from palermo.cases.support.lifecycle import close_case_record
from palermo.errors import Conflict
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case, CaseStatusChange, Consent, Referral
from palermo.vocab import CaseClosureReason, ConsentPurpose


@audit.audited
def withdraw_consent(
    session: Session, *, consent_id: int, actor: Actor, note: str | None = None
) -> Consent:
    """The person takes their consent back; what it allowed ends with it.

    The record stays, with the date of withdrawal.
    """
    access.require_role(actor, access.CASE_WRITERS, doing=msg("record a withdrawal of consent"))
    consent = load_consent(session, consent_id=consent_id, actor=actor, doing="update")
    if consent.withdrawn_on is not None:
        raise Conflict(
            msg(
                "This consent was already withdrawn on {date}.",
                date=consent.withdrawn_on.isoformat(),
            ),
            hint=msg("Nothing to do; record a new consent if the person gives it again."),
        )
    _withdraw(session, consent, actor=actor, note=note)
    return consent


def _withdraw(session: Session, consent: Consent, *, actor: Actor, note: str | None) -> None:
    mark_withdrawn(session, consent, actor=actor, note=note)
    end_with_consent(session, consent=consent, actor=actor)


@audit.audited
def end_with_consent(session: Session, *, consent: Consent, actor: Actor) -> list[Referral]:
    """End what a consent just withdrawn allowed; returns the referrals revoked."""
    today = clock.today()
    case_id = consent.case_id
    if consent.purpose == ConsentPurpose.sharing and consent.shared_with_agency_id is not None:
        agency_id = consent.shared_with_agency_id
        if has_consent(
            session,
            case_id=case_id,
            purpose=ConsentPurpose.sharing,
            on=today,
            to_agency_id=agency_id,
        ):
            return []
        rows = [
            r
            for r in referrals_of_case(session, case_id, GRANTING_STATES)
            if r.to_agency_id == agency_id and r.shared_fields
        ]
    elif consent.purpose == ConsentPurpose.referral:
        if has_consent(session, case_id=case_id, purpose=ConsentPurpose.referral, on=today):
            return []
        rows = referrals_of_case(session, case_id, OPEN_STATES)
    else:
        return []
    revoke_on_behalf(session, rows, actor=actor, why="consent_withdrawn")
    return rows


@audit.audited
def withdraw_valid_consents(
    session: Session, *, case: Case, actor: Actor, note: str | None = None
) -> list[Consent]:
    """Withdraw every consent of ``case`` valid today, each ending what it allowed.

    The caller has loaded ``case`` for an update.
    """
    rows = session.scalars(
        select(Consent)
        .where(Consent.case_id == case.id, valid_consent_clause(clock.today()))
        .order_by(Consent.given_on, Consent.id)
    ).all()
    for consent in rows:
        _withdraw(session, consent, actor=actor, note=note)
    return list(rows)


@audit.audited
def end_on_close(
    session: Session, *, case_id: int, actor: Actor, referred_to_agency_id: int | None = None
) -> list[Referral]:
    """Revoke the open referrals of a case being closed; returns them."""
    rows = [
        r
        for r in referrals_of_case(session, case_id, OPEN_STATES)
        if referred_to_agency_id is None or r.to_agency_id != referred_to_agency_id
    ]
    revoke_on_behalf(session, rows, actor=actor, why="case_closed")
    return rows


@audit.audited
def close_case(
    session: Session,
    *,
    case_id: int,
    reason_code: str,
    note: str | None,
    actor: Actor,
    referred_to_agency_id: int | None = None,
) -> CaseStatusChange:
    """Close with a closure reason; naming an agency (or that reason) closes it as referred.

    Then the rules above: open referrals revoked, consents withdrawn when the person
    withdrew consent.
    """
    change, case, reason = close_case_record(
        session,
        case_id=case_id,
        reason_code=reason_code,
        note=note,
        actor=actor,
        referred_to_agency_id=referred_to_agency_id,
    )
    if reason == CaseClosureReason.consent_withdrawn:
        withdraw_valid_consents(session, case=case, actor=actor)
    end_on_close(session, case_id=case.id, actor=actor, referred_to_agency_id=referred_to_agency_id)
    return change
