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
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.consent.enforcement import has_consent, has_override
from palermo.cases.referrals.shared_view import Grant, SharedCaseView, build_shared_view
from palermo.cases.referrals.states import GRANTING_STATES
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case, Referral
from palermo.vocab import ConsentPurpose


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
    on = on or clock.today()
    return has_consent(
        session,
        case_id=referral.case_id,
        purpose=ConsentPurpose.sharing,
        on=on,
        to_agency_id=referral.to_agency_id,
    ) or has_override(
        session,
        case_id=referral.case_id,
        purpose=ConsentPurpose.sharing,
        action=sharing_override_action(referral.to_agency_id),
    )


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

    A sharing agreement will be a second source appended here; callers do not change.
    """
    if actor.agency_id is None:
        return []
    return _referral_grants(session, agency_id=actor.agency_id, case_id=case_id)


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
