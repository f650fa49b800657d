"""Grants: why another agency may see part of a case, and reading what a grant shares.

Agencies are isolated: ``access.readable_cases`` keeps full case reads inside the case's own
agency. The one controlled crossing is a *grant*: today a referral, later a sharing agreement
between agencies. A grant names field groups; the receiving agency reads the case only
through ``read_shared_case``, which builds a ``SharedCaseView`` holding those groups and
nothing else. It never hands an ORM ``Case`` across the boundary.

Which referral states grant access: ``in_progress``, ``accepted`` and ``done``. The provider
keeps read access to what was shared after the work is done, for its own records, until the
sender revokes the referral; a ``rejected`` or ``revoked`` referral grants nothing.

Consent is checked when the grant is used, not only when the referral was made: a referral's
field groups reach the receiving agency only while a valid sharing consent names that agency
on the day of the read (``may_share``). Without it the grant shares no group: the receiver
sees the case reference it already knows, nothing of the person.

A sharing agreement is the second source. An agreement in force between the case's agency
and the reader's, with the purpose *case transfer*, grants its field groups of a case only
while that case's consent to share names the reader's agency (as for a referral, checked at
each read). Without that consent it grants nothing at all, not even the case reference: an
agreement covers many cases, and the reader must not learn which exist.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, aliased

from palermo import clock
from palermo.cases import access
from palermo.cases.consent.enforcement import has_consent, has_override
from palermo.cases.referrals.shared_view import Grant, SharedCaseView, build_shared_view
from palermo.cases.referrals.states import GRANTING_STATES
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import AgreementParty, Case, Referral, SharingAgreement
from palermo.vocab import AgreementPurpose, ConsentPurpose

#: Agreement purposes that let a party read another party's cases (within the consent).
READING_PURPOSES = frozenset({AgreementPurpose.case_transfer})


def sharing_override_action(agency_id: int) -> str:
    """The action of a supervisor's override of the sharing consent for a referral to one agency.

    The override names the agency so that the grant can rest on it later (``may_share``).
    """
    return f"refer to agency {agency_id}"


def may_share(session: Session, referral: Referral, *, on: date | None = None) -> bool:
    """Whether the referral's field groups may reach its receiver on ``on`` (today).

    Yes while a valid sharing consent names the receiving agency (a guardian's, for a
    child: ``consent.has_consent`` decides), or when a supervisor overrode that consent to
    refer the case to that agency.
    """
    return consent_names_agency(
        session, case_id=referral.case_id, agency_id=referral.to_agency_id, on=on
    )


def consent_names_agency(
    session: Session, *, case_id: int, agency_id: int, on: date | None = None
) -> bool:
    """Whether the case's data may go to ``agency_id`` on ``on`` (today): a valid sharing
    consent naming that agency (a guardian's, for a child), or a supervisor's override of
    that consent for that agency."""
    on = on or clock.today()
    return has_consent(
        session,
        case_id=case_id,
        purpose=ConsentPurpose.sharing,
        on=on,
        to_agency_id=agency_id,
    ) or has_override(
        session,
        case_id=case_id,
        purpose=ConsentPurpose.sharing,
        action=sharing_override_action(agency_id),
    )


def in_force(on: date) -> ColumnElement[bool]:
    """SQL condition: the agreement is in force on ``on`` (started, not past its end, not
    ended early)."""
    return and_(
        SharingAgreement.starts_on <= on,
        or_(SharingAgreement.ends_on.is_(None), SharingAgreement.ends_on >= on),
        or_(SharingAgreement.ended_on.is_(None), SharingAgreement.ended_on > on),
    )


def agreements_between(
    session: Session,
    *,
    agency_id: int,
    other_agency_id: int,
    purposes: frozenset[str],
    on: date | None = None,
) -> list[SharingAgreement]:
    """Agreements in force on ``on`` (today) to which both agencies are party, for one of
    ``purposes``, oldest first."""
    mine, theirs = aliased(AgreementParty), aliased(AgreementParty)
    rows = session.scalars(
        select(SharingAgreement)
        .join(mine, mine.agreement_id == SharingAgreement.id)
        .join(theirs, theirs.agreement_id == SharingAgreement.id)
        .where(
            mine.agency_id == agency_id,
            theirs.agency_id == other_agency_id,
            in_force(on or clock.today()),
        )
        .order_by(SharingAgreement.id)
    )
    # Purposes are a JSON list: filtered here, the same on SQLite and PostgreSQL.
    return [a for a in rows if purposes & set(a.purposes)]


def _referral_grants(session: Session, *, agency_id: int, case_id: int) -> list[Grant]:
    rows = session.scalars(
        select(Referral)
        .where(
            Referral.case_id == case_id,
            Referral.to_agency_id == agency_id,
            Referral.status.in_([str(s) for s in GRANTING_STATES]),
        )
        .order_by(Referral.id)
    )
    today = clock.today()
    grants = []
    for r in rows:
        groups = frozenset(r.shared_fields or [])
        if groups and not may_share(session, r, on=today):
            groups = frozenset()  # the consent lapsed: the referral shares nothing now
        grants.append(
            Grant(
                source="referral",
                source_id=r.id,
                case_id=r.case_id,
                from_agency_id=r.from_agency_id,
                to_agency_id=r.to_agency_id,
                groups=groups,
            )
        )
    return grants


def grants_for(session: Session, *, actor: Actor, case_id: int) -> list[Grant]:
    """Every grant that lets the actor's agency see part of ``case_id``.

    Referrals first, then sharing agreements; callers do not care which.
    """
    if actor.agency_id is None:
        return []
    return [
        *_referral_grants(session, agency_id=actor.agency_id, case_id=case_id),
        *_agreement_grants(session, agency_id=actor.agency_id, case_id=case_id),
    ]


def _agreement_grants(session: Session, *, agency_id: int, case_id: int) -> list[Grant]:
    case = session.get(Case, case_id)
    if case is None or case.agency_id == agency_id:
        return []
    agreements = agreements_between(
        session, agency_id=case.agency_id, other_agency_id=agency_id, purposes=READING_PURPOSES
    )
    if not agreements or not consent_names_agency(session, case_id=case_id, agency_id=agency_id):
        return []
    return [
        Grant(
            source="agreement",
            source_id=a.id,
            case_id=case_id,
            from_agency_id=case.agency_id,
            to_agency_id=agency_id,
            groups=frozenset(a.field_groups or []),
        )
        for a in agreements
    ]


def read_shared_case(session: Session, *, case_id: int, actor: Actor) -> SharedCaseView:
    """The part of another agency's case that the actor's agency was granted; audited.

    Without a grant: NotFound, audited as a denied read (the case's existence stays hidden).
    """
    access.require_role(actor, access.CASE_READERS, doing=msg("read shared cases"))
    grants = tuple(grants_for(session, actor=actor, case_id=case_id))
    case = session.get(Case, case_id) if grants else None
    if case is None:
        access.deny_unseen(session, actor=actor, doing="read_shared", case_id=case_id)
    groups = frozenset(g for grant in grants for g in grant.groups)
    view = build_shared_view(session, case=case, groups=groups, grants=grants)
    audit.record(
        session,
        actor=actor,
        action="read_shared",
        entity="case",
        entity_id=case_id,
        fields=view.fields_read,
    )
    return view
